/** Helpers for the evaluator tests: a mesh from YAML text, requests built by hand, the result without its trace. */
import * as assert from "uvu/assert";
import { simulate } from "../../compiler/eval/index.ts";
import type { SimRequest, SimulationResult } from "../../compiler/eval/types.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import { lowerDocuments } from "../../compiler/ir/lower.ts";
import { loadYamlText } from "../../compiler/load/yaml/index.ts";

/** A mesh from multi-document YAML (no validation: the engine must cope with what lowering produces). */
export function meshFromYaml(text: string): MeshIR {
  const docs = loadYamlText("mesh.yaml", text);
  assert.equal(
    docs.diagnostics.filter((d) => d.severity === "error"),
    [],
  );
  return lowerDocuments(docs.value).value;
}

/** A GET from `from` (`ns/workload`, `outside`, or `ingress ns/gw`), with overrides. */
export function request(url: string, from: string, extra: Partial<SimRequest> = {}): SimRequest {
  const m = /^http:\/\/([^/:]+)(?::(\d+))?([^?]*)(?:\?(.*))?$/.exec(url);
  if (!m) throw new Error(`bad test URL ${url}`);
  const source: SimRequest["source"] =
    from === "outside"
      ? { kind: "outside" }
      : from.startsWith("ingress ")
        ? { kind: "ingress", namespace: from.slice(8).split("/")[0]!, gateway: from.slice(8).split("/")[1]! }
        : { kind: "workload", namespace: from.split("/")[0]!, name: from.split("/")[1]! };
  return {
    method: "GET",
    scheme: "http",
    host: m[1]!,
    port: m[2] === undefined ? undefined : Number(m[2]),
    path: m[3] || "/",
    query: m[4] ?? "",
    headers: {},
    source,
    plaintext: false,
    ...extra,
  };
}

/** Simulates and asserts there were no diagnostics. */
export function run(ir: MeshIR, req: SimRequest): SimulationResult {
  const r = simulate(ir, req);
  assert.equal(r.diagnostics, []);
  if (r.value === undefined) throw new Error("no result");
  return r.value;
}

/** The decision without the trace: route, timeout, retries and every outcome. */
export function decision(r: SimulationResult): Omit<SimulationResult, "trace" | "request"> {
  const { trace: _t, request: _r, ...rest } = r;
  return rest;
}

/** Both engines' decision, without diagnostics (they must agree on every field but the trace). */
export function bothEngines(ir: MeshIR, req: SimRequest): Omit<SimulationResult, "trace" | "request"> {
  const istio = simulate(ir, req);
  const envoy = simulate(ir, req, { engine: "envoy" });
  assert.equal(istio.diagnostics, []);
  assert.equal(envoy.diagnostics, []);
  assert.equal(decision(envoy.value!), decision(istio.value!));
  return decision(istio.value!);
}

/** A namespace with injection, a Service and one Deployment per version. */
export function service(
  name: string,
  ns: string,
  ports: readonly number[],
  versions: readonly string[] = ["v1"],
  sa = name,
): string {
  const portsYaml = ports.map((p) => `  - {name: http-${p}, port: ${p}}`).join("\n");
  const deployments = versions
    .map(
      (v) => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}-${v}, namespace: ${ns}}
spec:
  template:
    metadata: {labels: {app: ${name}, version: ${v}}}
    spec: {serviceAccountName: ${sa}}`,
    )
    .join("\n");
  return `---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {app: ${name}}
  ports:
${portsYaml}
${deployments}
`;
}

export const NS = (ns: string, labels = "istio-injection: enabled"): string => `---
apiVersion: v1
kind: Namespace
metadata: {name: ${ns}, labels: {${labels}}}
`;
