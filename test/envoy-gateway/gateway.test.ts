/**
 * Router configuration for gateway proxies (compiler/emit/envoy/gateway), after istio
 * pilot/pkg/networking/core/gateway.go `buildGatewayListeners` / `buildGatewayHTTPRouteConfig`: listeners per
 * translated server port, RDS `http.<port>`, virtual hosts per intersecting host (collapsed when their routes are the
 * same), VirtualService `gateways` and `sourceLabels` match conditions evaluated against the gateway, RBAC on the
 * gateway's HCM only for policies selecting the gateway pod; and the gateway pod's output file holding router, not
 * sidecar, configuration.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { buildGateway, gatewayProxies } from "../../compiler/emit/envoy/gateway/index.ts";
import { HttpConnectionManager } from "../../compiler/emit/envoy/gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.ts";
import type { Listener } from "../../compiler/emit/envoy/gen/envoy/config/listener/v3/listener.ts";
import type { RouteConfiguration } from "../../compiler/emit/envoy/gen/envoy/config/route/v3/route.ts";
import { Any } from "../../compiler/emit/envoy/gen/google/protobuf/any.ts";
import { Struct } from "../../compiler/emit/envoy/gen/google/protobuf/struct.ts";
import { emitEnvoy } from "../../compiler/emit/envoy/index.ts";
import { configDumpToJson } from "../../compiler/emit/envoy/registry.ts";
import { simulate } from "../../compiler/eval/index.ts";
import { memoryFileSystem } from "../../compiler/load/fs.ts";
import { compile } from "../../compiler/pipeline.ts";
import { request } from "../eval/_support.ts";
import { INGRESS_POD } from "../support/ingress-pod.ts";
import { gatewayListenPort } from "../../compiler/ir/gateway-selection.ts";

const hcmOf = (l: Listener) => {
  const f = l.filterChains[0]!.filters[0]!;
  return f.configType.oneofKind === "typedConfig"
    ? Any.unpack(f.configType.typedConfig, HttpConnectionManager)
    : undefined;
};
const vhosts = (r: RouteConfiguration) =>
  r.virtualHosts.map((v) => ({
    name: v.name,
    domains: v.domains,
    routes: v.routes.map((x) => ({
      name: x.name,
      meshc: x.metadata === undefined ? undefined : Struct.toJson(x.metadata.filterMetadata["meshc"]!),
    })),
  }));

const bookinfo = compile(["examples/bookinfo/mesh.ts"]).ir!;

const defaults = suite("bookinfo: Istio's default ingress gateway runs bookinfo-gateway");

defaults("one proxy, istio-system/istio-ingressgateway, with the default identity and the selector's labels", () => {
  const proxies = gatewayProxies(bookinfo).map((p) => ({
    id: p.workload.id,
    sa: p.workload.serviceAccount,
    labels: p.workload.labels,
    synthetic: p.synthetic,
    gateways: p.gateways.map((g) => g.meta.name),
    port80: gatewayListenPort(bookinfo, p.gateways[0]!, 80),
  }));
  assert.equal(proxies, [
    {
      id: "istio-system/istio-ingressgateway",
      sa: "istio-ingressgateway-service-account",
      labels: { istio: "ingressgateway" },
      synthetic: true,
      gateways: ["bookinfo-gateway"],
      port80: 8080,
    },
  ]);
});

defaults(
  "listener 0.0.0.0_8080 → HCM (use_remote_address, no RBAC) → RDS http.8080 with one vhost '*:80' of the VS's five match blocks",
  () => {
    const c = buildGateway(bookinfo, gatewayProxies(bookinfo)[0]!);
    const hcm = hcmOf(c.listeners[0]!)!;
    assert.equal(
      {
        listeners: c.listeners.map((l) => l.name),
        rds: hcm.routeSpecifier.oneofKind === "rds" ? hcm.routeSpecifier.rds.routeConfigName : undefined,
        remote: hcm.useRemoteAddress?.value,
        filters: hcm.httpFilters.map((f) => f.name),
        routes: c.routes.map((r) => ({ name: r.name, vhosts: vhosts(r) })),
      },
      {
        listeners: ["0.0.0.0_8080"],
        rds: "http.8080",
        remote: true,
        filters: ["envoy.filters.http.fault", "envoy.filters.http.cors", "envoy.filters.http.router"],
        routes: [
          {
            name: "http.8080",
            vhosts: [
              {
                name: "*:80",
                domains: ["*"],
                routes: [0, 1, 2, 3, 4].map((m) => ({ name: "", meshc: { http: 0, match: m } })),
              },
            ],
          },
        ],
      },
    );
  },
);

defaults("clusters: every service's, BlackHoleCluster, and no PassthroughCluster (sidecars only)", () => {
  const names = buildGateway(bookinfo, gatewayProxies(bookinfo)[0]!).clusters.map((c) => c.name);
  assert.equal(
    [
      names.includes("BlackHoleCluster"),
      names.includes("PassthroughCluster"),
      names.includes("outbound|9080||productpage.bookinfo.svc.cluster.local"),
    ],
    [true, false, true],
  );
});

defaults("emitEnvoy writes the gateway beside the sidecars, in (namespace, name) order", () => {
  assert.equal(
    emitEnvoy(bookinfo).value.map((c) => c.workload.id),
    [
      "bookinfo/details-v1",
      "bookinfo/productpage-v1",
      "bookinfo/ratings-v1",
      "bookinfo/reviews-v1",
      "bookinfo/reviews-v2",
      "bookinfo/reviews-v3",
      "istio-system/istio-ingressgateway",
    ],
  );
});

const MESH = `---
apiVersion: v1
kind: Namespace
metadata: {name: default, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Namespace
metadata: {name: istio-system}
${INGRESS_POD}---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  selector: {app: web}
  ports: [{name: http, port: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec: {template: {metadata: {labels: {app: web}}, spec: {serviceAccountName: web}}}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: default}
spec:
  selector: {istio: ingressgateway}
  servers:
  - {port: {number: 80, name: http, protocol: HTTP}, hosts: ["a.example.com", "*.b.example.com"]}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: empty, namespace: default}
spec:
  selector: {istio: ingressgateway}
  servers:
  - {port: {number: 9000, name: http-empty, protocol: HTTP}, hosts: ["*"]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: a, namespace: default}
spec:
  hosts: [a.example.com]
  gateways: [gw]
  http:
  - {name: mesh-only, match: [{gateways: [mesh], uri: {prefix: /m}}], route: [{destination: {host: web}}]}
  - {name: from-gateway, match: [{sourceLabels: {istio: ingressgateway}, uri: {prefix: /s}}], route: [{destination: {host: web}}]}
  - {name: rest, route: [{destination: {host: web}}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: b, namespace: default}
spec:
  hosts: [x.b.example.com, y.b.example.com, z.c.example.com]
  gateways: [default/gw]
  http:
  - {route: [{destination: {host: web}}]}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: no-admin, namespace: istio-system}
spec:
  action: DENY
  selector: {matchLabels: {istio: ingressgateway}}
  rules: [{to: [{operation: {paths: [/admin]}}]}]
`;
const mesh = compile(["mesh.yaml"], { fs: memoryFileSystem({ "mesh.yaml": MESH }) });

const declared = suite("a declared gateway pod behind a Service (80 → 8081), two Gateways, a policy selecting it");

declared("the mesh compiles cleanly", () => {
  assert.equal(
    mesh.diagnostics.filter((d) => d.severity === "error").map((d) => d.message),
    [],
  );
});

declared(
  "listeners on the Service's target port (8081) and the untranslated 9000; RBAC on the HCM for the selecting policy",
  () => {
    const c = buildGateway(mesh.ir!, gatewayProxies(mesh.ir!)[0]!);
    assert.equal(
      c.listeners.map((l) => ({ name: l.name, filters: hcmOf(l)!.httpFilters.map((f) => f.name) })),
      ["0.0.0.0_8081", "0.0.0.0_9000"].map((name) => ({
        name,
        filters: [
          "envoy.filters.http.rbac",
          "envoy.filters.http.fault",
          "envoy.filters.http.cors",
          "envoy.filters.http.router",
        ],
      })),
    );
  },
);

declared(
  "vhosts per intersecting host: the mesh-only match dropped, sourceLabels kept; x/y.b collapse; z.c not on the server; 9000 is a blackhole",
  () => {
    const c = buildGateway(mesh.ir!, gatewayProxies(mesh.ir!)[0]!);
    assert.equal(
      c.routes.map((r) => ({ name: r.name, vhosts: vhosts(r) })),
      [
        {
          name: "http.8081",
          vhosts: [
            {
              name: "a.example.com:80",
              domains: ["a.example.com"],
              routes: [
                { name: "from-gateway", meshc: { http: 1, match: 0, name: "from-gateway" } },
                { name: "rest", meshc: { http: 2, name: "rest" } },
              ],
            },
            {
              name: "x.b.example.com:80",
              domains: ["x.b.example.com", "y.b.example.com"],
              routes: [{ name: "", meshc: { http: 0 } }],
            },
          ],
        },
        { name: "http.9000", vhosts: [{ name: "blackhole:9000", domains: ["*"], routes: [] }] },
      ],
    );
  },
);

declared("the gateway pod's output is router configuration (no virtualInbound)", () => {
  const gw = emitEnvoy(mesh.ir!).value.find((c) => c.workload.id === "istio-system/ingress")!;
  const json = configDumpToJson(gw.dump);
  assert.equal([json.includes("virtualInbound"), json.includes("http.8081")], [false, true]);
});

declared("Envoy engine: the gateway's RBAC denies /admin before routing; /s routes by sourceLabels", () => {
  const admin = simulate(mesh.ir!, request("http://a.example.com/admin", "ingress default/gw"), {
    engine: "envoy",
  }).value!;
  const s = simulate(mesh.ir!, request("http://a.example.com/s", "ingress default/gw"), { engine: "envoy" }).value!;
  assert.equal(
    [admin.outcomes.map((o) => [o.status, o.authz]), s.route],
    [
      [[403, { decision: "DENY", policy: "istio-system/no-admin", rule: 0 }]],
      { resource: "VirtualService default/a", index: 1, name: "from-gateway" },
    ],
  );
});

defaults.run();
declared.run();
