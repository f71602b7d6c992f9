/**
 * Runs scenarios against a mesh: each scenario's request is simulated and its expectations checked. Pure; the CLI
 * (`meshc test`) and the TypeScript test API (`meshc/test`) both use it, so they report the same verdicts.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { simulate, type SimulateOptions } from "../eval/index.ts";
import type { SimulationResult } from "../eval/types.ts";
import { resourcesOf, type MeshIR } from "../ir/ir.ts";
import type { Scenario, ScenarioFile } from "./ast.ts";
import { checkExpectations, type ExpectationFailure } from "./expect.ts";
import { serviceResolver, type ServiceResolver } from "./resolve.ts";

export interface ScenarioRun {
  readonly scenario: Scenario;
  /** undefined when the request could not be evaluated (see `diagnostics`). */
  readonly result: SimulationResult | undefined;
  /** Errors evaluating the request (unknown source, unknown host, ambiguous port). */
  readonly diagnostics: readonly Diagnostic[];
  readonly failures: readonly ExpectationFailure[];
  readonly passed: boolean;
}

/** Every host an expectation may name: registry services and ServiceEntry hosts. */
export function meshHosts(ir: MeshIR): string[] {
  return [...ir.services.map((s) => s.fqdn), ...resourcesOf(ir, "serviceEntry").flatMap((se) => se.hosts)];
}

/** The resolver for service names written in expectations about a request from `source`. */
export function resolverFor(ir: MeshIR, scenario: Scenario): ServiceResolver {
  const source = scenario.request.source;
  return serviceResolver(meshHosts(ir), source.kind === "outside" ? undefined : source.namespace);
}

export function runScenario(ir: MeshIR, scenario: Scenario, options: SimulateOptions = {}): ScenarioRun {
  const simulated = simulate(ir, scenario.request, options);
  const result = simulated.value;
  const failures =
    result === undefined ? [] : checkExpectations(result, scenario.expectations, resolverFor(ir, scenario));
  const errors = simulated.diagnostics.filter((d) => d.severity === "error");
  return {
    scenario,
    result,
    diagnostics: simulated.diagnostics,
    failures,
    passed: result !== undefined && errors.length === 0 && failures.length === 0,
  };
}

/** Runs every scenario of a file; pass `options.coverage` to collect what they exercised. */
export function runScenarioFile(ir: MeshIR, file: ScenarioFile, options: SimulateOptions = {}): ScenarioRun[] {
  return file.scenarios.map((s) => runScenario(ir, s, options));
}
