/**
 * A simulation case through meshc's public pipeline: the case's config plus a proxy pod with the case's IP, labels and
 * namespace (and the case's istiod feature flags, as meshc.config.json `istiod.env` gives them) → `compile` →
 * `emitEnvoy` → that pod's ConfigDump as proto3 JSON → its xDS resources. A sidecar proxy is
 * a Pod that gets a sidecar; a router proxy is a Pod that does not (`sidecar.istio.io/inject: "false"`, as Istio's
 * gateway deployments) and runs the Gateways that select it. The Go tests feed a fake istiod that applies no
 * validation beyond the CRD schemas; where meshc's analysis rejects the input, the IR comes from the same loader and
 * lowering without the checks (as istiod accepts it) and `rejectedBy` lists the diagnostic codes.
 */
import yaml from "js-yaml";
import { compile } from "../../../compiler/pipeline.ts";
import { memoryFileSystem } from "../../../compiler/load/fs.ts";
import { loadYamlText } from "../../../compiler/load/yaml/index.ts";
import { lowerDocuments } from "../../../compiler/ir/lower.ts";
import { istiodFeatures } from "../../../compiler/ir/istiod-features.ts";
import type { MeshIR } from "../../../compiler/ir/ir.ts";
import { emitEnvoy } from "../../../compiler/emit/envoy/index.ts";
import { configDumpToJson } from "../../../compiler/emit/envoy/registry.ts";
import type { SimCase, SimProxy } from "./cases.ts";
import { xdsOfConfigDump, type Json, type ProxyXds } from "./xdstest.ts";

/** The pod standing for the simulated proxy (Go: `model.Proxy` with ID `app.test`). */
export const PROXY_POD = "app";

function proxyPod(p: SimProxy): string {
  const labels = p.type === "router" ? { ...p.labels, "sidecar.istio.io/inject": "false" } : p.labels;
  return yaml.dump({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: PROXY_POD, namespace: p.namespace, labels },
    spec: { containers: [{ name: "app", image: "app" }] },
    status: { podIP: p.ip, podIPs: [{ ip: p.ip }] },
  });
}

export interface BuiltCase {
  readonly ir: MeshIR;
  readonly xds: ProxyXds;
  /** Error codes of meshc's checks that istiod would not apply (the IR was built without them). */
  readonly rejectedBy: readonly string[];
}

const EMPTY: ProxyXds = { listeners: [], routes: [], clusters: [], endpoints: [] };

/** Builds the case's proxy configuration; throws when the input does not even load (a harness or loader bug). */
export function buildCase(c: SimCase): BuiltCase {
  const files = { "config.yaml": c.config, "proxy.yaml": proxyPod(c.proxy) };
  // The case's istiod feature flags, read as meshc.config.json `istiod.env` is (a flag meshc does not model fails).
  const flags = istiodFeatures(Object.entries(c.flags).map(([name, value]) => ({ name, value })));
  if (flags.diagnostics.length > 0) throw new Error(flags.diagnostics.map((d) => d.message).join("; "));
  const istiod = flags.value;
  const compiled = compile(Object.keys(files), { fs: memoryFileSystem(files), istiod });
  let ir = compiled.ir;
  const rejectedBy = [
    ...new Set(compiled.diagnostics.filter((d) => d.severity === "error").map((d) => `MESH${d.code}`)),
  ];
  if (ir === undefined) {
    const docs = Object.entries(files).flatMap(([name, text]) => loadYamlText(name, text).value);
    ir = lowerDocuments(docs, { istiod }).value;
  }
  const emitted = emitEnvoy(ir);
  const own = emitted.value.find((w) => w.workload.namespace === c.proxy.namespace && w.workload.name === PROXY_POD);
  const xds = own === undefined ? EMPTY : xdsOfConfigDump(JSON.parse(configDumpToJson(own.dump)) as Json);
  return { ir, xds, rejectedBy };
}
