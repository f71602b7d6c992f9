/**
 * What proxyless gRPC nodes are served (compiler/emit/envoy/grpc/), after istiod's gRPC generator
 * (pilot/pkg/networking/grpcgen/): shapes, names, unknown names, STRICT mTLS, and acceptance by grpc-js-xds's own
 * resource validators (the code that would NACK them; grpc-js-xds src/xds-resource-type/*.ts) and by Envoy's PGV rules.
 */
import { createRequire } from "node:module";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { Cluster } from "../../compiler/emit/envoy/gen/envoy/config/cluster/v3/cluster.ts";
import { ClusterLoadAssignment } from "../../compiler/emit/envoy/gen/envoy/config/endpoint/v3/endpoint.ts";
import { Listener } from "../../compiler/emit/envoy/gen/envoy/config/listener/v3/listener.ts";
import { RouteConfiguration } from "../../compiler/emit/envoy/gen/envoy/config/route/v3/route.ts";
import { HttpConnectionManager } from "../../compiler/emit/envoy/gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.ts";
import { proxylessResources, withPortDomains } from "../../compiler/emit/envoy/grpc/index.ts";
import { checkEnvoyResource } from "../../compiler/emit/envoy/index.ts";
import { TypeRegistry } from "../../compiler/emit/envoy/registry.ts";
import type { WorkloadNode } from "../../compiler/ir/ir.ts";
import { Snapshot, TYPE_URL, type XdsType } from "../../compiler/serve/index.ts";
import { echoIR, echoVariant } from "./_fixtures.ts";

const ir = echoIR();
const workload = (id: string): WorkloadNode => ir.workloads.find((w) => w.id === id)!;
const client = proxylessResources(ir, workload("grpc-echo/client"));
const v1 = proxylessResources(ir, workload("grpc-echo/echo-v1"));
const TARGET = "echo.grpc-echo.svc.cluster.local:7070";
const ROUTE = "outbound|7070||echo.grpc-echo.svc.cluster.local";
const SERVER = "grpc/server?xds.resource.listening_address=127.0.0.11:17070";
const json = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;

const Client = suite("proxyless client resources (grpcgen lds.go, rds.go, cds.go)");

Client(
  "the api_listener for an xds:/// target points RDS at outbound|port||host, with fault and router filters",
  () => {
    const l = client.listener(TARGET)!.resource;
    const hcm = HttpConnectionManager.fromBinary(l.apiListener!.apiListener!.value);
    assert.equal(json(HttpConnectionManager.toJson(hcm, { typeRegistry: TypeRegistry })), {
      statPrefix: TARGET,
      rds: { configSource: { ads: {}, resourceApiVersion: "V3" }, routeConfigName: ROUTE },
      httpFilters: [
        {
          name: "envoy.filters.http.fault",
          typedConfig: { "@type": "type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault" },
        },
        {
          name: "envoy.filters.http.router",
          typedConfig: { "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router" },
        },
      ],
    });
  },
);

Client("short and namespaced host names expand as tryFindFQDN does; unknown hosts and ports get nothing", () => {
  assert.equal(
    ["echo:7070", "echo.grpc-echo:7070", "echo.grpc-echo.svc:7070", "echo", "echo:9999", "nope:7070"].map(
      (n) => client.listener(n)?.resource.name,
    ),
    ["echo:7070", "echo.grpc-echo:7070", "echo.grpc-echo.svc:7070", "echo", undefined, undefined],
  );
});

Client("the route config is the sidecar's vhost for the port with :port domains, without the catch-all", () => {
  const rc = client.route(ROUTE)!;
  assert.equal(
    rc.virtualHosts.map((v) => ({ name: v.name, domains: v.domains, routes: v.routes.map((r) => r.name) })),
    [
      {
        name: TARGET,
        domains: withPortDomains(
          [
            "echo.grpc-echo.svc.cluster.local",
            "echo.grpc-echo.svc.cluster.local.",
            "echo",
            "echo.grpc-echo.svc",
            "echo.grpc-echo",
          ],
          7070,
        ),
        routes: ["canary-header", "split"],
      },
    ],
  );
  assert.equal(
    [
      client.route("outbound|9999||echo.grpc-echo.svc.cluster.local"),
      client.route("7070"),
      client.route("outbound|7070|v1|echo.grpc-echo.svc.cluster.local"),
    ],
    [undefined, undefined, undefined],
  );
});

Client("clusters are plain EDS over ADS; endpoints are the sidecar's, one locality with a weight", () => {
  const name = "outbound|7070|v2|echo.grpc-echo.svc.cluster.local";
  assert.equal(json(Cluster.toJson(client.cluster(name)!)), {
    name,
    type: "EDS",
    edsClusterConfig: { edsConfig: { ads: {}, resourceApiVersion: "V3" }, serviceName: name },
  });
  const cla = client.endpoints(name)!;
  assert.equal(
    cla.endpoints.map((g) => ({
      weight: g.loadBalancingWeight?.value,
      hasLocality: g.locality !== undefined,
      addresses: g.lbEndpoints.map((e) =>
        e.hostIdentifier.oneofKind === "endpoint" &&
        e.hostIdentifier.endpoint.address?.address.oneofKind === "socketAddress"
          ? `${e.hostIdentifier.endpoint.address.address.socketAddress.address}:${e.hostIdentifier.endpoint.address.address.socketAddress.portSpecifier.oneofKind === "portValue" ? e.hostIdentifier.endpoint.address.address.socketAddress.portSpecifier.portValue : ""}`
          : "",
      ),
    })),
    [{ weight: 1, hasLocality: true, addresses: ["127.0.0.12:17070"] }],
  );
});

Client.run();

const Server = suite("proxyless server listener (grpcgen buildInboundListeners)");

Server("plaintext chain: RBAC DENY, RBAC ALLOW, router; the route is non_forwarding_action", () => {
  const l = v1.listener(SERVER)!;
  assert.equal(l.warnings, []);
  const chain = l.resource.filterChains[0]!;
  const hcm = HttpConnectionManager.fromBinary(
    chain.filters[0]!.configType.oneofKind === "typedConfig"
      ? chain.filters[0]!.configType.typedConfig.value
      : new Uint8Array(),
  );
  assert.equal(
    {
      address:
        l.resource.address?.address.oneofKind === "socketAddress"
          ? l.resource.address.address.socketAddress.address
          : "",
      chains: l.resource.filterChains.map((c) => c.name),
      filters: hcm.httpFilters.map((f) => f.name),
      action:
        hcm.routeSpecifier.oneofKind === "routeConfig"
          ? hcm.routeSpecifier.routeConfig.virtualHosts[0]!.routes[0]!.action.oneofKind
          : "",
    },
    {
      address: "127.0.0.11",
      chains: ["inbound-plaintext"],
      filters: ["envoy.filters.http.rbac.DENY", "envoy.filters.http.rbac", "envoy.filters.http.router"],
      action: "nonForwardingAction",
    },
  );
});

Server("a port the workload does not serve gets nothing; an address it does not have is served with a warning", () => {
  assert.equal(v1.listener("grpc/server?xds.resource.listening_address=127.0.0.11:1234"), undefined);
  assert.equal(v1.listener("grpc/server?xds.resource.listening_address=127.0.0.99:17070")?.warnings, [
    "grpc/server?xds.resource.listening_address=127.0.0.99:17070: 127.0.0.99 is not a known address of grpc-echo/echo-v1.",
  ]);
});

Server("STRICT mTLS fails closed: no filter chain, and a warning", () => {
  const strict = echoVariant('mtls: { mode: "DISABLE" }', 'mtls: { mode: "STRICT" }');
  const l = proxylessResources(strict, strict.workloads.find((w) => w.id === "grpc-echo/echo-v1")!).listener(SERVER)!;
  assert.equal(
    { chains: l.resource.filterChains.length, warnings: l.warnings },
    {
      chains: 0,
      warnings: [
        `${SERVER}: port 17070 is STRICT mTLS, which meshc does not configure for proxyless gRPC; every connection is refused.`,
      ],
    },
  );
});

Server.run();

const Accept = suite("grpc-js-xds's validators and Envoy's PGV rules accept everything served to proxyless nodes");

Accept("listeners, route configs, clusters and endpoints decode without a validation error", () => {
  const require = createRequire(import.meta.url);
  const base = "@grpc/grpc-js-xds/build/src";
  // grpc-js-xds gates its RBAC filter on this variable when the module loads (src/environment.ts); set it only for that.
  const saved = process.env["GRPC_XDS_EXPERIMENTAL_RBAC"];
  process.env["GRPC_XDS_EXPERIMENTAL_RBAC"] = "true";
  const rbacOn = (require(`${base}/environment`) as { EXPERIMENTAL_RBAC: boolean }).EXPERIMENTAL_RBAC;
  if (saved === undefined) delete process.env["GRPC_XDS_EXPERIMENTAL_RBAC"];
  else process.env["GRPC_XDS_EXPERIMENTAL_RBAC"] = saved;
  assert.is(rbacOn, true, "grpc-js-xds was loaded before GRPC_XDS_EXPERIMENTAL_RBAC was set");
  (require("@grpc/grpc-js-xds") as { register(): void }).register();
  type ResourceType = { get(): { decode(ctx: unknown, any: unknown): { name: string; error?: string } } };
  /** grpc-js-xds's internal resource type `name` of `src/xds-resource-type/<file>.ts` (not part of its typed API). */
  const resourceType = (file: string, name: string) =>
    (require(`${base}/xds-resource-type/${file}`) as Record<string, ResourceType>)[name]!;
  const types: Record<XdsType, ResourceType> = {
    listener: resourceType("listener-resource-type", "ListenerResourceType"),
    route: resourceType("route-config-resource-type", "RouteConfigurationResourceType"),
    cluster: resourceType("cluster-resource-type", "ClusterResourceType"),
    endpoint: resourceType("endpoint-resource-type", "EndpointResourceType"),
  };
  const ctx = {
    server: { serverUri: "127.0.0.1:1", channelCreds: [], serverFeatures: ["xds_v3"] },
    bootstrap: { certificateProviders: {} },
  };
  const snap = new Snapshot(ir);
  const clusters = ["v1", "v2", "v3"].map((v) => `outbound|7070|${v}|echo.grpc-echo.svc.cluster.local`);
  const asks: [string, XdsType, string[]][] = [
    ["grpc-echo/client", "listener", [TARGET]],
    ["grpc-echo/client", "route", [ROUTE]],
    ["grpc-echo/client", "cluster", clusters],
    ["grpc-echo/client", "endpoint", clusters],
    ...["v1", "v2", "v3"].map((v, i): [string, XdsType, string[]] => [
      `grpc-echo/echo-${v}`,
      "listener",
      [`grpc/server?xds.resource.listening_address=127.0.0.1${i + 1}:17070`],
    ]),
  ];
  const results = asks.flatMap(([id, type, names]) =>
    snap.answer(workload(id), type, { kind: "names", names }).resources.map((r) => {
      const decoded = types[type].get().decode(ctx, { type_url: TYPE_URL[type], value: Buffer.from(r.any.value) });
      return { name: decoded.name, error: decoded.error ?? null };
    }),
  );
  assert.equal(
    results,
    asks.flatMap(([, , names]) => names.map((name) => ({ name, error: null }))),
  );
});

Accept("Envoy's protoc-gen-validate rules hold for them too", () => {
  const w = workload("grpc-echo/client");
  const violations = [
    ...checkEnvoyResource(Listener, client.listener(TARGET)!.resource, "client listener", w),
    ...checkEnvoyResource(Listener, v1.listener(SERVER)!.resource, "server listener", w),
    ...checkEnvoyResource(RouteConfiguration, client.route(ROUTE)!, "route", w),
    ...checkEnvoyResource(Cluster, client.cluster("outbound|7070|v1|echo.grpc-echo.svc.cluster.local")!, "cluster", w),
    ...checkEnvoyResource(
      ClusterLoadAssignment,
      client.endpoints("outbound|7070|v1|echo.grpc-echo.svc.cluster.local")!,
      "endpoints",
      w,
    ),
  ];
  assert.equal(
    violations.map((d) => d.message),
    [],
  );
});

Accept.run();
