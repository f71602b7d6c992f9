/**
 * The Gateway API analyses where they must stay silent (test/cases/gateway-api-analysis shows them firing): MESH2305
 * only for a listener that refuses every route naming it, and MESH2210 / MESH2204 never between Gateway API routes,
 * which istiod merges per host or lets a consumer's route override by design (GAMMA).
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { memoryFileSystem } from "../../compiler/load/fs.ts";
import { compile } from "../../compiler/pipeline.ts";

const REGISTRY = `apiVersion: v1
kind: Namespace
metadata: {name: client}
---
apiVersion: v1
kind: Service
metadata: {name: echo, namespace: default}
spec: {selector: {app: echo}, ports: [{name: http, port: 8080}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: echo, namespace: default}
spec: {template: {metadata: {labels: {app: echo}}}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: default}
spec:
  gatewayClassName: istio
  listeners:
  - {name: com, port: 80, protocol: HTTP, hostname: "*.example.com"}
  - {name: org, port: 8080, protocol: HTTP, hostname: "*.example.org"}
`;

function codes(yaml: string): number[] {
  const c = compile(["mesh.yaml"], { fs: memoryFileSystem({ "mesh.yaml": `${REGISTRY}---\n${yaml}` }) });
  return c.diagnostics.map((d) => d.code).sort();
}

const route = (name: string, ns: string, parent: string, host = "") => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: ${ns}}
spec:
  parentRefs: [${parent}]
  ${host === "" ? "" : `hostnames: [${host}]`}
  rules: [{backendRefs: [{name: echo, namespace: default, port: 8080}]}]
`;

const Silent = suite("Gateway API analyses stay silent on sound meshes");

Silent("a route for the whole Gateway that fits one listener of two: no MESH2305 for the other", () => {
  assert.equal(codes(route("shop", "default", "{name: gw}", "shop.example.com")), []);
});

Silent("a listener that accepts one of the routes naming it: no MESH2305", () => {
  const yaml = [
    route("shop", "default", "{name: gw, sectionName: org}", "shop.example.com"),
    route("docs", "default", "{name: gw, sectionName: org}", "docs.example.org"),
  ].join("---\n");
  assert.equal(
    codes(yaml).filter((c) => c === 2305),
    [],
  );
  assert.equal(codes(yaml), [2300]);
});

Silent("a consumer's mesh route beside the producer's (GAMMA): neither MESH2204 nor MESH2210", () => {
  const grant = `apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: client, namespace: default}
spec:
  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: client}]
  to: [{group: "", kind: Service}]
`;
  const parent = "{group: '', kind: Service, name: echo, namespace: default, port: 8080}";
  assert.equal(
    codes([route("producer", "default", parent), route("consumer", "client", parent), grant].join("---\n")),
    [],
  );
});

Silent.run();
