/**
 * An HTTPRoute and a GRPCRoute that attach to the same listener and host (or the same Service port) each merge into a
 * VirtualService with the same name (route_collections.go `mergeHTTPRoutes` runs per kind, naming it by the key), and
 * istiod keeps the HTTPRoute's: controller.go joins the kinds' VirtualServices with krt.JoinCollection, whose "key
 * conflicts are resolved by picking the item produced by the first collections" (HTTP before gRPC). Both engines and
 * the Envoy output follow; before, meshc kept both and the engines disagreed on their order.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { simulate } from "../../compiler/eval/index.ts";
import type { SimRequest } from "../../compiler/eval/types.ts";
import { compile } from "../../compiler/pipeline.ts";
import { memoryFileSystem } from "../../compiler/load/fs.ts";

const yaml = (grpcHost: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: default}
spec:
  gatewayClassName: istio
  listeners: [{name: http, port: 80, protocol: HTTP}]
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
apiVersion: apps/v1
kind: Deployment
metadata: {name: client, namespace: default}
spec: {template: {metadata: {labels: {app: client}}}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: default}
spec:
  parentRefs: [{name: gw}, {group: "", kind: Service, name: echo, port: 8080}]
  hostnames: [example.com]
  rules: [{matches: [{path: {type: PathPrefix, value: /web}}], backendRefs: [{name: echo, port: 8080}]}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: rpc, namespace: default}
spec:
  parentRefs: [{name: gw}, {group: "", kind: Service, name: echo, port: 8080}]
  hostnames: [${grpcHost}]
  rules: [{matches: [{method: {service: echo.Echo}}], backendRefs: [{name: nothere, port: 8080}]}]
`;

const call = (host: string, source: SimRequest["source"]): SimRequest => ({
  method: "POST",
  scheme: "grpc",
  host,
  port: source.kind === "ingress" ? 80 : 8080,
  path: "/echo.Echo/Echo",
  query: "",
  headers: {},
  source,
  plaintext: false,
});

/** [status, cluster] of the call, the same from both engines. */
function outcome(grpcHost: string, req: SimRequest): [number, string | null][] {
  const ir = compile(["mesh.yaml"], { fs: memoryFileSystem({ "mesh.yaml": yaml(grpcHost) }) }).ir!;
  const results = (["istio", "envoy"] as const).map((engine) => {
    const r = simulate(ir, req, { engine });
    assert.equal(r.diagnostics, []);
    return r.value!.outcomes.map((o) => [o.status, o.destination?.cluster ?? null] as [number, string | null]);
  });
  assert.equal(results[1], results[0]);
  return results[0]!;
}

const Join = suite("HTTPRoute and GRPCRoute on one listener and host (controller.go JoinCollection)");
const INGRESS = { kind: "ingress", namespace: "default", gateway: "gw" } as const;
const CLIENT = { kind: "workload", namespace: "default", name: "client" } as const;
const MISSING = "outbound|8080||nothere.default.svc.cluster.local";

Join("at the Gateway, the GRPCRoute's VirtualService for the HTTPRoute's host is dropped: no route (404)", () => {
  assert.equal(outcome("example.com", call("example.com", INGRESS)), [[404, null]]);
});

Join("a GRPCRoute on another host keeps its own VirtualService (its missing backend: 500)", () => {
  assert.equal(outcome("grpc.example.com", call("grpc.example.com", INGRESS)), [[500, MISSING]]);
});

Join("GAMMA: on the same Service port the HTTPRoute's VirtualService wins too (none of its rules matches: 404)", () => {
  // Both routes' mesh VirtualServices are keyed default/8080/echo.default.svc.cluster.local.
  assert.equal(outcome("example.com", call("echo.default", CLIENT)), [[404, null]]);
});

Join.run();
