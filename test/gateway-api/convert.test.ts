/**
 * Gateway API resources lowered as istiod converts them (pilot/pkg/config/kube/gateway): status conditions become
 * diagnostics at the user's lines, and both engines route through the generated config.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { simulate } from "../../compiler/eval/index.ts";
import { lowerDocuments } from "../../compiler/ir/lower.ts";
import { loadYamlText } from "../../compiler/load/yaml/index.ts";
import { renderLines } from "../../compiler/diagnostics/render.ts";
import { request } from "../eval/_support.ts";

const MESH = `apiVersion: v1
kind: Service
metadata: {name: httpbin, namespace: default}
spec: {selector: {app: httpbin}, ports: [{name: http, port: 80}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: httpbin, namespace: default}
spec: {template: {metadata: {labels: {app: httpbin}}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: client, namespace: default}
spec: {template: {metadata: {labels: {app: client}}}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gateway, namespace: istio-system}
spec:
  gatewayClassName: istio
  addresses: [{type: NamedAddress, value: lb}, {type: Hostname, value: edge}]
  listeners:
  - {name: web, hostname: "*.example.com", port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}
  - {name: bad, port: 81, protocol: http}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: public, namespace: istio-system}
spec:
  gatewayClassName: istio
  listeners:
  - {name: web, hostname: "*.example.com", port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop, namespace: default}
spec:
  parentRefs: [{name: public, namespace: istio-system}]
  hostnames: [shop.example.com, shop.example.org]
  rules:
  - matches: [{path: {type: PathPrefix, value: /get}}]
    backendRefs: [{name: httpbin, port: 80}]
  - matches: [{path: {type: PathPrefix, value: /gone}}]
    backendRefs: [{name: nothere, port: 80}]
  - matches: [{path: {type: Exact, value: /zero}}]
    backendRefs: [{name: httpbin, port: 80, weight: 0}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: cross, namespace: default}
spec:
  parentRefs: [{name: public, namespace: istio-system}]
  hostnames: [api.example.com]
  rules:
  - backendRefs: [{name: api, namespace: backend, port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: elsewhere, namespace: default}
spec:
  parentRefs: [{name: public, namespace: istio-system}]
  hostnames: [shop.example.org]
  rules:
  - backendRefs: [{name: httpbin, port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: canary, namespace: default}
spec:
  parentRefs: [{group: "", kind: Service, name: httpbin}]
  rules:
  - matches: [{headers: [{name: x-canary, value: "yes"}]}]
    backendRefs: [{name: httpbin, port: 80}]
    filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: x-routed, value: canary}]}}]
`;

function compile() {
  const docs = loadYamlText("mesh.yaml", MESH);
  const lowered = lowerDocuments(docs.value);
  const lines = renderLines(lowered.diagnostics, new Map([["mesh.yaml", MESH]]));
  return { ir: lowered.value, diagnostics: lines === "" ? [] : lines.split("\n") };
}

const Convert = suite("Gateway API conversion (istiod conversion.go)");

Convert("status conditions that are False become diagnostics at the offending field", () => {
  assert.equal(compile().diagnostics, [
    "mesh.yaml(21,14): warning MESH2304: Gateway 'istio-system/gateway' is not fully accepted (UnsupportedAddress): only Hostname is supported, ignoring [lb].",
    "mesh.yaml(24,37): warning MESH2303: Listener 'bad' of Gateway 'istio-system/gateway' is not programmed (UnsupportedProtocol): protocol \"http\" is unsupported. hint: \"HTTP\" (uppercase) may be supported.",
    "mesh.yaml(55,19): warning MESH2302: HTTPRoute 'default/cross' refers to another namespace without a ReferenceGrant (RefNotPermitted): backendRef api/backend not accessible to a HTTPRoute in namespace \"default\" (missing a ReferenceGrant?).",
    "mesh.yaml(61,16): warning MESH2300: HTTPRoute 'default/elsewhere' is not accepted by parent 'istio-system/public' (NoMatchingListenerHostname): no hostnames matched parent hostname \"*.example.com\".",
    "mesh.yaml(44,19): warning MESH2301: HTTPRoute 'default/shop' has an unresolved reference (BackendNotFound): backend(nothere.default.svc.cluster.local) not found.",
  ]);
});

Convert("both engines route an ingress request through the generated Gateway and VirtualService", () => {
  const { ir } = compile();
  for (const engine of ["istio", "envoy"] as const) {
    const run = (url: string, from: string, headers: Record<string, string> = {}) =>
      simulate(ir, request(url, from, { headers }), { engine }).value!.outcomes;
    const get = run("http://shop.example.com:80/get", "ingress istio-system/public");
    assert.equal(
      get.map((o) => [o.status, o.destination?.service]),
      [[200, "httpbin.default.svc.cluster.local"]],
      engine,
    );
    // conversion.go: a rule whose backends all weigh 0 answers 500.
    assert.equal(
      run("http://shop.example.com:80/zero", "ingress istio-system/public").map((o) => o.status),
      [500],
      engine,
    );
    // GAMMA: the mesh route applies to the Service's consumers.
    const canary = run("http://httpbin.default:80/", "default/client", { "x-canary": "yes" });
    assert.equal(
      canary.map((o) => [o.status, o.destination?.service]),
      [[200, "httpbin.default.svc.cluster.local"]],
      engine,
    );
  }
});

Convert.run();
