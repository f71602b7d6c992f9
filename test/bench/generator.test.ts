/**
 * The benchmark's mesh generator: deterministic in (N, seed), both forms declare the same documents, and both compile
 * without diagnostics at N=10. No timings here (issue 6: never put timings in unit tests).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { DEFAULT_SEED, generateMesh, meshDocuments, writeMesh } from "../../bench/gen/index.ts";
import { compile } from "../../compiler/pipeline.ts";
import { loadMeshTs } from "../../compiler/load/mesh-ts/index.ts";
import { loadYamlInputs } from "../../compiler/load/yaml/index.ts";
import { nodeFileSystem } from "../../compiler/load/fs.ts";

const key = (o: unknown) => {
  const d = o as { kind: string; metadata: { namespace?: string; name: string } };
  return `${d.kind}/${d.metadata.namespace ?? ""}/${d.metadata.name}`;
};
const sorted = (docs: readonly unknown[]) => [...docs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

const Determinism = suite("generator is deterministic in (N, seed)");

Determinism("the same N and seed give byte-identical mesh.ts and YAML", () => {
  const a = generateMesh(10, 7);
  const b = generateMesh(10, 7);
  assert.is(a.meshTs, b.meshTs);
  assert.equal([...a.yaml], [...b.yaml]);
});

Determinism("another seed gives another mesh of the same shape", () => {
  const a = generateMesh(10, 7);
  const b = generateMesh(10, 8);
  assert.is.not(a.meshTs, b.meshTs);
  assert.equal(a.model.namespaces, b.model.namespaces);
  const kinds = (m: typeof a) =>
    meshDocuments(m.model).map((d) => `${String(d.kind)}/${String((d.metadata as { namespace?: string }).namespace)}`);
  assert.equal(kinds(a), kinds(b));
});

Determinism("N=25 has three namespaces (a Sidecar each), 25 services, 3 versions and 2 policies each", () => {
  const docs = meshDocuments(generateMesh(25).model);
  const count = (kind: string) => docs.filter((d) => d.kind === kind).length;
  assert.equal(
    [
      "Namespace",
      "PeerAuthentication",
      "Service",
      "Deployment",
      "DestinationRule",
      "VirtualService",
      "AuthorizationPolicy",
      "Sidecar",
    ].map(count),
    [4, 3, 25, 75, 25, 25, 50, 3],
  );
});

const Scoping = suite("a Sidecar per namespace scopes proxies to what they call");

Scoping("each namespace imports itself, istio-system and exactly the services its services call", () => {
  const mesh = generateMesh(25);
  const { services } = mesh.model;
  const sidecars = meshDocuments(mesh.model).filter((d) => d.kind === "Sidecar");
  const called = (ns: string) =>
    services
      .filter((s) => s.namespace !== ns && s.callers.some((c) => services[c]!.namespace === ns))
      .map((s) => `${s.namespace}/${s.name}.${s.namespace}.svc.cluster.local`);
  assert.equal(
    sidecars.map((d) => [(d.metadata as { namespace: string }).namespace, d.spec]),
    mesh.model.namespaces.map((ns) => [ns, { egress: [{ hosts: ["./*", "istio-system/*", ...called(ns)] }] }]),
  );
});

Scoping("{ sidecars: false } gives the same mesh without them", () => {
  const scoped = meshDocuments(generateMesh(25).model);
  const open = meshDocuments(generateMesh(25, DEFAULT_SEED, { sidecars: false }).model);
  assert.equal(
    open,
    scoped.filter((d) => d.kind !== "Sidecar"),
  );
  assert.not.match(generateMesh(25, DEFAULT_SEED, { sidecars: false }).meshTs, "sidecar(");
});

const Forms = suite("both forms at N=10");

let dir = "";
Forms.before(() => {
  dir = mkdtempSync(path.join(tmpdir(), "meshc-bench-test-"));
});
Forms.after(() => rmSync(dir, { recursive: true, force: true }));

Forms("mesh.ts and YAML declare exactly the same documents", () => {
  const files = writeMesh(dir, generateMesh(10, DEFAULT_SEED));
  const fromTs = loadMeshTs(files.meshTs);
  const fromYaml = loadYamlInputs([files.yamlDir], nodeFileSystem);
  assert.equal(fromTs.diagnostics, []);
  assert.equal(fromYaml.diagnostics, []);
  assert.equal(
    sorted(fromTs.value.documents.map((d) => d.object)),
    sorted(fromYaml.value.documents.map((d) => d.object)),
  );
});

Forms("both compile without diagnostics", () => {
  const files = writeMesh(dir, generateMesh(10, DEFAULT_SEED));
  for (const input of [files.meshTs, files.yamlDir]) {
    const c = compile([input]);
    assert.equal(c.diagnostics, [], input);
    assert.is(c.ir?.services.length, 10, input);
  }
});

Determinism.run();
Scoping.run();
Forms.run();
