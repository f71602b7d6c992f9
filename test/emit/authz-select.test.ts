/**
 * compiler/emit/envoy/authz/select.ts: `policiesForWorkload` looks policies up in a per-IR index by scope; it must
 * list exactly what a scan of every AuthorizationPolicy lists (istio pilot/pkg/model/authorization.go
 * `ListAuthorizationPolicies`: root namespace first, then the workload's namespace, each in IR order).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { DEFAULT_SEED, generateMesh, writeMesh } from "../../bench/gen/index.ts";
import { policiesForWorkload } from "../../compiler/emit/envoy/authz/select.ts";
import { resourcesOf, type AuthorizationPolicyNode, type MeshIR, type WorkloadNode } from "../../compiler/ir/ir.ts";
import { compile } from "../../compiler/pipeline.ts";

/** The definition: every policy whose scope covers the workload, root namespace first, each group in IR order. */
function scanAll(ir: MeshIR, workload: WorkloadNode): AuthorizationPolicyNode[] {
  const all = resourcesOf(ir, "authorizationPolicy").filter((p) => {
    const s = p.scope;
    return (
      s.kind === "mesh" ||
      (s.kind === "namespace" && s.namespace === workload.namespace) ||
      (s.kind === "workloads" && s.workloads.includes(workload.id))
    );
  });
  const root = ir.meshConfig.rootNamespace;
  return [...all.filter((p) => p.meta.namespace === root), ...all.filter((p) => p.meta.namespace !== root)];
}

const names = (ps: readonly AuthorizationPolicyNode[]) => ps.map((p) => `${p.meta.namespace}/${p.meta.name}`);

function irOf(inputs: string[]): MeshIR {
  const c = compile(inputs);
  if (c.ir === undefined) throw new Error(`${inputs.join(", ")} did not compile`);
  return c.ir;
}

const doc = (kind: string, name: string, namespace: string, spec: object, apiVersion = "security.istio.io/v1") =>
  JSON.stringify({ apiVersion, kind, metadata: { name, namespace }, spec });

/** Two namespaces, mesh-wide, namespace-wide, selector and targetRef policies, declared out of order. */
const SCOPES_YAML = [
  JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: "istio-system" } }),
  ...["a", "b"].flatMap((ns) => [
    JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } }),
    doc(
      "Deployment",
      "web",
      ns,
      {
        selector: { matchLabels: { app: "web" } },
        template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "web" }] } },
      },
      "apps/v1",
    ),
    doc(
      "Deployment",
      "db",
      ns,
      {
        selector: { matchLabels: { app: "db" } },
        template: { metadata: { labels: { app: "db" } }, spec: { containers: [{ name: "db", image: "db" }] } },
      },
      "apps/v1",
    ),
  ]),
  doc("AuthorizationPolicy", "z-web-only", "a", {
    selector: { matchLabels: { app: "web" } },
    action: "DENY",
    rules: [{}],
  }),
  doc("AuthorizationPolicy", "ns-wide", "a", { rules: [{}] }),
  doc("AuthorizationPolicy", "mesh-wide", "istio-system", { action: "AUDIT", rules: [{}] }),
  doc("AuthorizationPolicy", "all-web", "istio-system", { selector: { matchLabels: { app: "web" } }, rules: [{}] }),
  doc("AuthorizationPolicy", "b-db", "b", { selector: { matchLabels: { app: "db" } }, rules: [{}] }),
  doc("AuthorizationPolicy", "gw", "b", {
    targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "gw" }],
    rules: [{}],
  }),
].join("\n---\n");

const Select = suite("policiesForWorkload (indexed) lists what a scan of every policy lists");

Select("root-namespace, namespace-wide, selector and targetRef policies over two namespaces", () => {
  const dir = mkdtempSync(join(tmpdir(), "meshc-select-"));
  writeFileSync(join(dir, "mesh.yaml"), SCOPES_YAML);
  const ir = irOf([join(dir, "mesh.yaml")]);
  const got = Object.fromEntries(
    ir.workloads.map((w) => [`${w.namespace}/${w.name}`, names(policiesForWorkload(ir, w))]),
  );
  assert.equal(got, {
    "a/db": ["istio-system/mesh-wide", "a/ns-wide"],
    "a/web": ["istio-system/all-web", "istio-system/mesh-wide", "a/ns-wide", "a/z-web-only"],
    "b/db": ["istio-system/mesh-wide", "b/b-db"],
    "b/web": ["istio-system/all-web", "istio-system/mesh-wide"],
  });
  for (const w of ir.workloads)
    assert.equal(names(policiesForWorkload(ir, w)), names(scanAll(ir, w)), `${w.namespace}/${w.name}`);
});

Select("every workload of the examples and of a generated benchmark mesh", () => {
  const bench = writeMesh(mkdtempSync(join(tmpdir(), "meshc-select-bench-")), generateMesh(10, DEFAULT_SEED));
  const meshes = [
    ["examples/bookinfo/mesh.ts"],
    ["examples/bookinfo-yaml"],
    ["examples/canary/mesh.ts"],
    ["examples/grpc-echo/mesh.ts"],
    [bench.yamlDir],
  ];
  for (const inputs of meshes) {
    const ir = irOf(inputs);
    const mismatched = ir.workloads
      .filter((w) => names(policiesForWorkload(ir, w)).join() !== names(scanAll(ir, w)).join())
      .map((w) => w.id);
    assert.equal(mismatched, [], inputs.join());
  }
});

Select.run();
