/**
 * Resources declared with the Gateway API DSL are validated like YAML ones: against their CRD's OpenAPI schema
 * (MESH2010–2015) and the CRD's CEL rules (MESH2306–2321), located at the mesh.ts property that produced the field.
 * Each bad declaration has a fixed twin that compiles clean.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createMemoryHost } from "../../compiler/load/mesh-ts/index.ts";
import { memoryFileSystem } from "../../compiler/load/fs.ts";
import { compile } from "../../compiler/pipeline.ts";
import { where } from "./_support.ts";

const preamble = [
  `import { gateway, httpRoute, service } from "meshc";`,
  `const web = service("web", { namespace: "front", ports: [{ name: "http", port: 9080 }] });`,
  `const gw = gateway("gw", { namespace: "front", listeners: [{ name: "http", port: 80, protocol: "HTTP" }] });`,
];

function compileMesh(line: string) {
  const mesh = [...preamble, line].join("\n");
  const files = { "/mesh.ts": mesh };
  const c = compile(["/mesh.ts"], { fs: memoryFileSystem(files), host: createMemoryHost(files, "/") });
  const at = (needle: string) => `mesh.ts:${preamble.length + 1}:${line.indexOf(needle) + 1}`;
  const errors = c.diagnostics
    .filter((d) => d.severity === "error")
    .map((d) => [d.code, d.message, where(d.span, { "mesh.ts": mesh })]);
  return { c, at, errors };
}

const Crd = suite("Gateway API CRD validation of mesh.ts declarations");

Crd("a path match that is not a clean absolute path breaks the HTTPPathMatch CEL rules (MESH2319)", () => {
  const bad = `httpRoute("r", { namespace: "front", parentRefs: [gw], rules: [{ matches: [{ path: { type: "Exact", value: "/api//v1" } }], backendRefs: [web.port("http")] }] });`;
  const { c, at, errors } = compileMesh(bad);
  assert.equal(errors, [
    [
      2319,
      "Path match '/api//v1' is invalid: must not contain '//' when type one of ['Exact', 'PathPrefix'].",
      at(`value: "/api//v1"`),
    ],
  ]);
  assert.equal(c.ir, undefined);
  const fixed = compileMesh(bad.replace("/api//v1", "/api/v1"));
  assert.equal(fixed.errors, []);
  assert.ok(fixed.c.ir);
});

Crd("a weight beyond the CRD's maximum is a schema error at the weight (MESH2015)", () => {
  const bad = `httpRoute("r", { namespace: "front", parentRefs: [gw], rules: [{ backendRefs: [{ backend: web.port("http"), weight: 2000000 }] }] });`;
  const { at, errors } = compileMesh(bad);
  assert.equal(errors, [
    [2015, "Field 'spec.rules.0.backendRefs.0.weight' is invalid: must be <= 1000000.", at("weight")],
  ]);
  assert.equal(compileMesh(bad.replace("2000000", "1000000")).errors, []);
});

Crd("a backendRequest timeout longer than the request timeout breaks the HTTPRouteTimeouts rule (MESH2320)", () => {
  const bad = `httpRoute("r", { namespace: "front", parentRefs: [gw], rules: [{ timeouts: { request: "1s", backendRequest: "2s" }, backendRefs: [web.port("http")] }] });`;
  const { at, errors } = compileMesh(bad);
  assert.equal(errors, [
    [2320, "backendRequest timeout cannot be longer than request timeout (2s > 1s).", at("timeouts")],
  ]);
  assert.equal(compileMesh(bad.replace(`request: "1s"`, `request: "4s"`)).errors, []);
});

Crd("two listeners with one name break the Gateway's listener rule (MESH2316)", () => {
  const bad = `gateway("gw2", { namespace: "front", listeners: [{ name: "a", port: 81, protocol: "HTTP" }, { name: "a", port: 82, protocol: "HTTP" }] });`;
  const { at, errors } = compileMesh(bad);
  assert.equal(errors, [
    [2316, "Listener name must be unique within the Gateway: 'a' is repeated.", at(`name: "a", port: 82`)],
  ]);
  assert.equal(compileMesh(bad.replace(`name: "a", port: 82`, `name: "b", port: 82`)).errors, []);
});

Crd.run();
