/**
 * Which mesh (GAMMA) HTTPRoutes a client's sidecar uses, in both engines and the Envoy output: a route in the
 * service's namespace (producer) applies to every client; a route in another namespace (consumer) only to clients in
 * that namespace, and before the producer's (istio route.go `buildSidecarVirtualHostsForVirtualService`: "Gateway
 * allows only routes from the namespace of the proxy, or namespace of the destination"; virtualservice.go
 * `SelectVirtualServices` / push_context.go `VirtualServicesForGateway`: the proxy namespace's Gateway API routes
 * first). Here the consumer route in `shop` is the oldest and `elsewhere`'s the newest, so creation time alone would
 * not give these answers.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { simulate } from "../../compiler/eval/index.ts";
import type { SimRequest } from "../../compiler/eval/types.ts";
import { compile } from "../../compiler/pipeline.ts";
import { memoryFileSystem } from "../../compiler/load/fs.ts";
import { emitEnvoy } from "../../compiler/emit/envoy/index.ts";
import { configDumpToJson } from "../../compiler/emit/envoy/registry.ts";
import { extractVirtualHosts, xdsOfConfigDump, type Json } from "../support/istio-sim/xdstest.ts";

const service = (name: string, ns: string) => `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {app: ${name}}
  ports: [{name: http, port: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: c, image: i}]}
`;

const route = (ns: string, backend: string, time: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: to-${backend}, namespace: ${ns}, creationTimestamp: "${time}"}
spec:
  parentRefs: [{group: "", kind: Service, name: known, namespace: default}]
  rules: [{backendRefs: [{name: ${backend}, namespace: default, port: 80}]}]
`;

const grants = `apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: all, namespace: default}
spec:
  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: shop}, {group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: elsewhere}]
  to: [{group: "", kind: Service}]
`;

const YAML = [
  service("known", "default"),
  service("v-producer", "default"),
  service("v-shop", "default"),
  service("v-elsewhere", "default"),
  service("client", "default"),
  service("client", "shop"),
  service("client", "elsewhere"),
  service("client", "third"),
  grants,
  route("shop", "v-shop", "2019-01-01T00:00:00Z"),
  route("default", "v-producer", "2020-01-01T00:00:00Z"),
  route("elsewhere", "v-elsewhere", "2021-01-01T00:00:00Z"),
].join("---\n");

const c = compile(["mesh.yaml"], { fs: memoryFileSystem({ "mesh.yaml": YAML }) });
const ir = c.ir!;

const from = (namespace: string): SimRequest => ({
  method: "GET",
  scheme: "http",
  host: "known.default.svc.cluster.local",
  port: undefined,
  path: "/",
  query: "",
  headers: {},
  source: { kind: "workload", namespace, name: "client" },
  plaintext: false,
});

/** The cluster each engine routes the client's request to (they must agree). */
function cluster(namespace: string): string | null {
  const results = (["istio", "envoy"] as const).map((engine) => {
    const r = simulate(ir, from(namespace), { engine });
    assert.equal(r.diagnostics, []);
    return r.value!.outcomes.map((o) => o.destination?.cluster ?? null);
  });
  assert.equal(results[1], results[0]);
  assert.equal(results[0]!.length, 1);
  return results[0]![0]!;
}

/** The clusters of the `known` virtual host in the client's RouteConfiguration "80" (the Envoy output). */
function emittedClusters(namespace: string): readonly string[] | undefined {
  const w = emitEnvoy(ir).value.find((x) => x.workload.namespace === namespace && x.workload.name.startsWith("client"));
  const xds = xdsOfConfigDump(JSON.parse(configDumpToJson(w!.dump)) as Json);
  return extractVirtualHosts(xds.routes.find((r) => r["name"] === "80")).get("known.default.svc.cluster.local");
}

const Scope = suite("GAMMA routes: producer and consumer namespaces (route.go, SelectVirtualServices)");

Scope("compiles without errors", () => {
  assert.equal(
    c.diagnostics.filter((d) => d.severity === "error"),
    [],
  );
});

Scope("a client in the service's namespace gets the producer route", () => {
  assert.is(cluster("default"), "outbound|80||v-producer.default.svc.cluster.local");
  assert.equal(emittedClusters("default"), ["outbound|80||v-producer.default.svc.cluster.local"]);
});

Scope("a client in a consumer route's namespace gets its own route, before the producer's", () => {
  assert.is(cluster("shop"), "outbound|80||v-shop.default.svc.cluster.local");
  assert.is(cluster("elsewhere"), "outbound|80||v-elsewhere.default.svc.cluster.local");
  assert.equal(emittedClusters("elsewhere"), ["outbound|80||v-elsewhere.default.svc.cluster.local"]);
});

Scope("a client in a third namespace ignores the consumer routes (even the older one) and gets the producer's", () => {
  assert.is(cluster("third"), "outbound|80||v-producer.default.svc.cluster.local");
  assert.equal(emittedClusters("third"), ["outbound|80||v-producer.default.svc.cluster.local"]);
});

Scope("the trace says why a consumer route of another namespace is left out", () => {
  const r = simulate(ir, from("third"));
  assert.ok(
    r.value!.trace.some((t) => t.includes("neither the client's nor the destination service's")),
    r.value!.trace.join("\n"),
  );
});

/** The MESH2301 (ResolvedRefs BackendNotFound) details of a mesh with one Hostname backendRef from `ns`. */
function hostnameBackendErrors(ns: string, hostname: string): string[] {
  const yaml = [
    service("known", "default"),
    service("client", ns),
    `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: ${ns}}
spec:
  parentRefs: [{group: "", kind: Service, name: known, namespace: default}]
  rules: [{backendRefs: [{group: networking.istio.io, kind: Hostname, name: ${hostname}, port: 80}]}]
`,
  ].join("---\n");
  const r = compile(["mesh.yaml"], { fs: memoryFileSystem({ "mesh.yaml": yaml }) });
  return r.diagnostics.filter((d) => d.code === 2301).map((d) => d.message);
}

Scope("a Hostname backendRef resolves to a registry service of the route's namespace only (LookupHostname)", () => {
  assert.equal(hostnameBackendErrors("default", "known.default.svc.cluster.local"), []);
  assert.equal(hostnameBackendErrors("shop", "client.shop.svc.cluster.local"), []);
  const other = hostnameBackendErrors("shop", "known.default.svc.cluster.local");
  assert.is(other.length, 1);
  assert.ok(other[0]!.includes("backend(known.default.svc.cluster.local) not found"), other[0]);
});

Scope.run();
