/**
 * examples/bookinfo-gateway-api makes the decisions examples/bookinfo makes: for every request of bookinfo's scenarios
 * (the Gateway API file holds the same requests, in the same order), both meshes, on both engines, give outcomes with
 * the same probabilities, statuses, mTLS and authorization decisions, answered by the same workloads. Destinations are
 * compared as the workloads behind them (a subset of reviews there, a Service per version here), since that is what
 * the two APIs name differently.
 */
import { readFileSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { simulate } from "../../compiler/eval/index.ts";
import type { Outcome } from "../../compiler/eval/types.ts";
import { resourcesOf, type MeshIR } from "../../compiler/ir/ir.ts";
import { compile } from "../../compiler/pipeline.ts";
import { parseScenarios } from "../../compiler/scenario/index.ts";

function load(input: string): MeshIR {
  const c = compile([input]);
  assert.ok(c.ir, input);
  return c.ir;
}

function requests(file: string) {
  const parsed = parseScenarios(readFileSync(file, "utf8"), file);
  assert.equal(parsed.diagnostics, []);
  return parsed.value.scenarios;
}

/** The workloads a destination reaches: the service's, narrowed to the subset's labels. */
function workloadsOf(ir: MeshIR, destination: Outcome["destination"]): string {
  if (destination === null) return "none";
  const svc = ir.services.find((s) => s.fqdn === destination.service);
  const subset = resourcesOf(ir, "destinationRule")
    .filter((dr) => dr.host === destination.service)
    .flatMap((dr) => dr.spec.subsets ?? [])
    .find((s) => s.name === destination.subset);
  const labels = Object.entries(subset?.labels ?? {});
  const ids = (svc?.workloads ?? []).filter((id) => {
    const w = ir.workloads.find((x) => x.id === id);
    return w !== undefined && labels.every(([k, v]) => w.labels[k] === v);
  });
  return ids.join(",") || `unresolved ${destination.service}`;
}

function decisions(ir: MeshIR, request: Parameters<typeof simulate>[1], engine: "istio" | "envoy") {
  const result = simulate(ir, request, { engine });
  assert.equal(result.diagnostics, []);
  return (result.value?.outcomes ?? []).map((o) => ({
    probability: o.probability,
    status: o.status,
    workloads: workloadsOf(ir, o.destination),
    mtls: o.mtls,
    authz: o.authz && { decision: o.authz.decision, policy: o.authz.policy },
  }));
}

const Same = suite("examples/bookinfo-gateway-api decides as examples/bookinfo");
const subsets = load("examples/bookinfo/mesh.ts");
const gatewayApi = load("examples/bookinfo-gateway-api/mesh.ts");
const ours = requests("examples/bookinfo-gateway-api/bookinfo.scenarios");
const theirs = requests("examples/bookinfo/bookinfo.scenarios");

Same("the scenario files hold the same requests", () => {
  const text = (s: (typeof ours)[number]) => JSON.stringify({ ...s.request, span: undefined });
  assert.equal(ours.map(text), theirs.map(text));
  assert.ok(ours.length >= 30, String(ours.length));
});

for (const engine of ["istio", "envoy"] as const)
  Same(`every request gets the same outcomes (${engine} engine)`, () => {
    const differ = theirs
      .map((scenario, i) => ({
        scenario: scenario.name,
        bookinfo: decisions(subsets, scenario.request, engine),
        gatewayApi: decisions(gatewayApi, ours[i]!.request, engine),
      }))
      .filter((d) => JSON.stringify(d.bookinfo) !== JSON.stringify(d.gatewayApi));
    assert.equal(differ, []);
  });

Same("the canary is the reviews workloads v1 and v2, 90/10, on the Gateway API mesh", () => {
  const canary = decisions(gatewayApi, theirs[1]!.request, "istio");
  assert.equal(
    canary.map((o) => [o.workloads, o.probability]),
    [
      ["bookinfo/reviews-v1", 0.9],
      ["bookinfo/reviews-v2", 0.1],
    ],
  );
});

Same.run();
