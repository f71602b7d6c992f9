/**
 * The TypeScript test API, `import { loadMesh, simulate, expectThat } from "meshc/test"`, for users' own uvu (or any
 * runner's) tests. It runs the same pipeline, engine and scenario expectations as `meshc simulate` / `meshc test`;
 * failures throw, so any test runner reports them.
 *
 * @example
 * const mesh = loadMesh("examples/bookinfo/mesh.ts");
 * expectThat(mesh, "GET http://reviews.bookinfo:9080/r from bookinfo/productpage-v1 header end-user=jason", "reviews@v2");
 * simulate(mesh, "GET http://ratings.bookinfo:9080/r from bookinfo/productpage-v1").outcomes[0].status; // 403
 */
import { renderLines } from "../diagnostics/render.ts";
import type { SimRequest, SimulationResult } from "../eval/types.ts";
import { simulate as simulateRequest } from "../eval/index.ts";
import type { MeshIR } from "../ir/ir.ts";
import { compile, type Compilation } from "../pipeline.ts";
import { parseRequest, parseScenarios } from "../scenario/index.ts";
import { runScenario } from "../scenario/run.ts";

export type { SimRequest, SimulationResult, Outcome, DestinationRef, AuthzDecision, RouteRef } from "../eval/types.ts";

/** A compiled mesh, ready to simulate requests against. */
export interface Mesh {
  readonly ir: MeshIR;
  readonly compilation: Compilation;
}

/** Compiles a mesh.ts or Istio/Kubernetes YAML files and directories; throws with every error if it does not build. */
export function loadMesh(...inputs: string[]): Mesh {
  const compilation = compile(inputs);
  if (compilation.ir === undefined) {
    throw new Error(
      `meshc: ${inputs.join(", ")} does not build:\n${renderLines(compilation.diagnostics, compilation.sources)}`,
    );
  }
  return { ir: compilation.ir, compilation };
}

/** Simulates one request (docs/requests.md syntax, or a `SimRequest`) and returns the docs/results.md result; throws on a bad request. */
export function simulate(mesh: Mesh, request: string | SimRequest): SimulationResult {
  let parsed: SimRequest;
  if (typeof request === "string") {
    const r = parseRequest(request);
    if (r.value === undefined)
      throw new Error(`meshc: bad request:\n${renderLines(r.diagnostics, new Map([["--request", request]]))}`);
    parsed = r.value;
  } else parsed = request;
  const result = simulateRequest(mesh.ir, parsed);
  if (result.value === undefined)
    throw new Error(
      `meshc: cannot simulate '${typeof request === "string" ? request : JSON.stringify(request)}':\n${renderLines(result.diagnostics, new Map())}`,
    );
  return result.value;
}

/**
 * Asserts docs/scenarios.md expectations (the text after `expect`: `"reviews@v2"`, `"reviews@v1 90%, reviews@v2 10%"`,
 * `"deny by default"`, `"status 503"`, `"mtls"`, ...) about one request; throws with what was expected, what was
 * found and the simulation trace when any does not hold.
 */
export function expectThat(mesh: Mesh, request: string, ...expectations: string[]): SimulationResult {
  const text = [`scenario "expectThat"`, `  ${request}`, ...expectations.map((e) => `  expect ${e}`)].join("\n") + "\n";
  const parsed = parseScenarios(text, "expectThat");
  const scenario = parsed.value.scenarios[0];
  if (parsed.diagnostics.length > 0 || scenario === undefined) {
    throw new Error(
      `meshc: bad request or expectation:\n${renderLines(parsed.diagnostics, new Map([["expectThat", text]]))}`,
    );
  }
  const run = runScenario(mesh.ir, scenario);
  if (run.result === undefined)
    throw new Error(`meshc: cannot simulate '${request}':\n${renderLines(run.diagnostics, new Map())}`);
  if (!run.passed) {
    const failures = run.failures.map((f) => `  expected ${f.expected}, found ${f.found}`).join("\n");
    throw new Error(`meshc: ${request}\n${failures}\ntrace:\n${run.result.trace.map((t) => `  ${t}`).join("\n")}`);
  }
  return run.result;
}

/** The share of traffic per `service@subset` (or `service` when no subset), e.g. `{ "reviews.bookinfo.svc.cluster.local@v1": 0.9, ... }`. */
export function destinations(result: SimulationResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of result.outcomes) {
    if (o.destination === null) continue;
    const key =
      o.destination.subset === null ? o.destination.service : `${o.destination.service}@${o.destination.subset}`;
    out[key] = (out[key] ?? 0) + o.probability;
  }
  return out;
}
