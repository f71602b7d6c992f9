/**
 * `importMesh` on small inputs: what becomes a typed call, what is kept in raw() and how that is reported
 * (MESH1301 with the field's position, MESH1302 when the typed form does not type-check, MESH1305 when no typed call
 * exists, MESH1304 for nothing to import; `strict` makes them errors).
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { importMesh } from "../../compiler/import/index.ts";
import { lineAndColumn } from "../../compiler/diagnostics/span.ts";
import { loadYamlText } from "../../compiler/load/yaml/index.ts";

const Import = suite("importMesh");

const SERVICE = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {serviceAccountName: web, containers: [{name: web, image: web}]}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: shop}
`;

function run(yaml: string, strict = false) {
  const docs = loadYamlText("in.yaml", yaml);
  assert.equal(docs.diagnostics, []);
  const result = importMesh(docs.value, { inputs: ["in.yaml"], strict });
  const where = (start: number | undefined) => {
    const { line, column } = lineAndColumn(yaml, start ?? 0);
    return `${line}:${column}`;
  };
  return {
    text: result.value.text,
    diagnostics: result.diagnostics.map((d) => `${where(d.span?.start)} ${d.severity} MESH${d.code}: ${d.message}`),
  };
}

Import("a Service with its one Deployment is one service() call; a route to it uses its typed port", () => {
  const r = run(`${SERVICE}---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: web, namespace: shop}
spec:
  hosts: [web]
  http: [{timeout: 2s, route: [{destination: {host: web, port: {number: 80}}}]}]
`);
  assert.equal(r.diagnostics, []);
  assert.ok(r.text.includes('const web = service("web", {'), r.text);
  assert.ok(r.text.includes('ports: [{ name: "http", port: 80, targetPort: 8080 }]'), r.text);
  assert.ok(
    r.text.includes('routes(web, { http: [{ timeout: "2s", route: [{ destination: web.port("http") }] }] });'),
    r.text,
  );
});

Import(
  "labels on a VirtualService keep it in raw(), reported at the field (MESH1301); strict makes it an error",
  () => {
    const yaml = `${SERVICE}---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: web
  namespace: shop
  labels: {team: a}
spec:
  hosts: [web]
  http: [{route: [{destination: {host: web}}]}]
`;
    const r = run(yaml);
    assert.equal(r.diagnostics, [
      "26:11 warning MESH1301: VirtualService 'shop/web' is imported verbatim in raw(): the typed DSL cannot express its field 'metadata.labels'.",
    ]);
    assert.ok(r.text.includes('raw({\n  apiVersion: "networking.istio.io/v1",\n  kind: "VirtualService",'), r.text);
    assert.ok(r.text.includes("// raw() keeps verbatim what the typed DSL cannot express"), r.text);
    assert.equal(
      run(yaml, true).diagnostics.map((d) => d.split(" ").slice(0, 3).join(" ")),
      ["26:11 error MESH1301:"],
    );
  },
);

Import("a field the DSL's types lack is caught by type-checking the result (MESH1302)", () => {
  const r = run(`${SERVICE}---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web, namespace: shop}
spec:
  hosts: [web]
  http: [{route: [{destination: {host: web}}], notAnIstioField: 1}]
`);
  assert.equal(r.diagnostics.length, 1, r.diagnostics.join("\n"));
  assert.match(
    r.diagnostics[0]!,
    /^\d+:1 warning MESH1302: VirtualService 'shop\/web' is imported verbatim in raw\(\): its typed form does not type-check \(.*notAnIstioField/,
  );
  assert.ok(r.text.includes("notAnIstioField: 1"), "kept, not lost");
});

Import("a Pod has no typed call (MESH1305); nothing to import is an error (MESH1304)", () => {
  const r = run(`apiVersion: v1
kind: Pod
metadata: {name: debug, namespace: shop, labels: {app: debug}}
spec: {containers: [{name: debug, image: busybox}]}
`);
  assert.equal(r.diagnostics, [
    "1:1 warning MESH1305: Pod 'shop/debug' is imported verbatim in raw(): no typed call reproduces it.",
  ]);
  const empty = importMesh([], { inputs: [] });
  assert.equal(
    empty.diagnostics.map((d) => d.code),
    [1304],
  );
});

Import.run();
