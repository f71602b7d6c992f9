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

/** A Gateway API ingress and mesh route over `web` (two versions, a Service each) in `shop`. */
const GATEWAY_API = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{name: http, port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: web-v2, namespace: shop}
spec: {selector: {app: web, version: v2}, ports: [{name: http, port: 80}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web-v1, namespace: shop}
spec: {template: {metadata: {labels: {app: web, version: v1}}, spec: {serviceAccountName: web}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web-v2, namespace: shop}
spec: {template: {metadata: {labels: {app: web, version: v2}}, spec: {serviceAccountName: web}}}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: shop}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: shop}
spec:
  gatewayClassName: istio
  listeners: [{name: http, port: 80, protocol: HTTP}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: shop}
spec:
  parentRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: edge, sectionName: http}]
  rules:
  - matches: [{path: {type: PathPrefix, value: /v2}}]
    backendRefs: [{group: "", kind: Service, name: web-v2, namespace: shop, port: 80}]
  - backendRefs: [{name: web, port: 80, weight: 3}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web-mesh, namespace: shop}
spec:
  parentRefs: [{group: "", kind: Service, name: web, port: 80}]
  rules: [{backendRefs: [{name: web-v2, port: 80}]}]
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: from-front, namespace: shop}
spec:
  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: front}]
  to: [{group: "", kind: Service, name: web}]
`;

Import("Gateway API kinds become gateway(), httpRoute() and referenceGrant() with typed parents and backends", () => {
  const r = run(GATEWAY_API);
  assert.equal(r.diagnostics, []);
  for (const idiom of [
    "const edge = gateway(",
    'selector: web.version("v2")',
    'parentRefs: [edge.listener("http")]',
    'backendRefs: [webV2.port("http")]',
    '{ backend: web.port("http"), weight: 3 }',
    'parentRefs: [web.port("http")]',
    'referenceGrant("from-front", { from: [{ kind: "HTTPRoute", namespace: "front" }], to: [web] });',
  ])
    assert.ok(r.text.includes(idiom), `${idiom}\n${r.text}`);
});

Import("a route to a Service no service() declares is kept in raw(), naming the backend (MESH1301)", () => {
  const r = run(`${GATEWAY_API}---
apiVersion: gateway.networking.k8s.io/v1
kind: TCPRoute
metadata: {name: db, namespace: shop}
spec:
  parentRefs: [{name: edge}]
  rules: [{backendRefs: [{name: db, port: 5432}]}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: pool, namespace: shop}
spec:
  parentRefs: [{name: edge}]
  rules: [{backendRefs: [{group: inference.networking.k8s.io, kind: InferencePool, name: pool}]}]
`);
  assert.equal(
    r.diagnostics.map((d) => d.replace(/^\d+:\d+ /, "")),
    [
      "warning MESH1301: HTTPRoute 'shop/pool' is imported verbatim in raw(): the typed DSL cannot express its field 'spec.rules.0.backendRefs.0.group'.",
      "warning MESH1301: TCPRoute 'shop/db' is imported verbatim in raw(): the typed DSL cannot express its field 'spec.rules.0.backendRefs.0.name'.",
    ],
  );
  assert.ok(r.text.includes('kind: "TCPRoute"') && r.text.includes('kind: "InferencePool"'), r.text);
});

Import("GatewayClasses become gatewayClass(), the built-in class's controller left to its default", () => {
  const r = run(`${GATEWAY_API}---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: istio}
spec: {controllerName: istio.io/gateway-controller, description: The default Istio GatewayClass}
---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: internal, labels: {team: net}}
spec: {controllerName: istio.io/gateway-controller}
---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: other}
spec: {controllerName: example.com/other-controller}
`);
  assert.equal(r.diagnostics, []);
  for (const idiom of [
    'gatewayClass("istio", { description: "The default Istio GatewayClass" });',
    'gatewayClass("internal", { controllerName: "istio.io/gateway-controller", labels: { team: "net" } });',
    'gatewayClass("other", { controllerName: "example.com/other-controller" });',
  ])
    assert.ok(r.text.includes(idiom), `${idiom}\n${r.text}`);
  assert.not.ok(r.text.includes("raw("), r.text);
});

Import.run();
