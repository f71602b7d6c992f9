// What a proxyless gRPC client (an `xds:///host:port` channel) is served, as istiod's gRPC generator builds it
// (istio pilot/pkg/networking/grpcgen/lds.go `buildOutboundListeners`, rds.go `buildHTTPRoute`, cds.go
// `edsCluster` / `applyLoadBalancing`). The routes, clusters and endpoints are the workload's sidecar emission
// (`buildOutbound`, the same that `meshc build` writes), reshaped where gRPC differs from Envoy.
import type { Cluster } from "../gen/envoy/config/cluster/v3/cluster.ts";
import {
  Cluster as ClusterType,
  Cluster_DiscoveryType,
  Cluster_LbPolicy,
} from "../gen/envoy/config/cluster/v3/cluster.ts";
import { ApiVersion, ConfigSource } from "../gen/envoy/config/core/v3/config_source.ts";
import { Listener } from "../gen/envoy/config/listener/v3/listener.ts";
import { ApiListener } from "../gen/envoy/config/listener/v3/api_listener.ts";
import { RouteConfiguration } from "../gen/envoy/config/route/v3/route.ts";
import type { VirtualHost } from "../gen/envoy/config/route/v3/route_components.ts";
import { HTTPFault } from "../gen/envoy/extensions/filters/http/fault/v3/fault.ts";
import { Router } from "../gen/envoy/extensions/filters/http/router/v3/router.ts";
import {
  HttpConnectionManager,
  HttpFilter,
} from "../gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.ts";
import type { OutboundConfig } from "../outbound/index.ts";
import type { OutboundService } from "../outbound/scope.ts";
import { packAny } from "../registry.ts";
import { clusterKey, expandHost, parseClusterKey, splitHostPort } from "./names.ts";

/** `{ ads: {}, resource_api_version: V3 }`: gRPC accepts only `ads` or `self` config sources (gRFC A27). */
const ads = (): ConfigSource =>
  ConfigSource.create({ configSourceSpecifier: { oneofKind: "ads", ads: {} }, resourceApiVersion: ApiVersion.V3 });

/** istiod `xdsfilters.Fault` and `xdsfilters.Router` (grpcgen `supportedFilters`); the router must be last. */
function clientFilters(): HttpFilter[] {
  return [
    HttpFilter.create({
      name: "envoy.filters.http.fault",
      configType: { oneofKind: "typedConfig", typedConfig: packAny(HTTPFault, HTTPFault.create()) },
    }),
    HttpFilter.create({
      name: "envoy.filters.http.router",
      configType: { oneofKind: "typedConfig", typedConfig: packAny(Router, Router.create()) },
    }),
  ];
}

/**
 * The api_listener for a requested `host:port` (the `xds:///` target). The host may be short (`echo`, `echo.ns`),
 * expanded as lds.go `tryFindFQDN` does. Unlike istiod, a name without a port is answered when the service has
 * exactly one port (istiod would only answer `host:<port>` names, which such a channel never asks for).
 * `clientListener(services, "grpc-echo", "echo:7070")` → `{ name: "echo:7070", api_listener: HCM{ rds:
 * "outbound|7070||echo.grpc-echo.svc.cluster.local", http_filters: [fault, router] } }`; unknown host or port → undefined.
 */
export function clientListener(
  services: readonly OutboundService[],
  namespace: string,
  name: string,
): Listener | undefined {
  const hp = splitHostPort(name);
  const host = hp?.host ?? name;
  const fqdn = expandHost(host, namespace);
  const svc = services.find((s) => s.hostname === fqdn) ?? services.find((s) => s.hostname === host);
  if (svc === undefined) return undefined;
  const port =
    hp === undefined
      ? svc.ports.length === 1
        ? svc.ports[0]!.port
        : undefined
      : svc.ports.find((p) => p.port === hp.port)?.port;
  if (port === undefined) return undefined;
  const hcm = HttpConnectionManager.create({
    statPrefix: name,
    routeSpecifier: { oneofKind: "rds", rds: { configSource: ads(), routeConfigName: clusterKey(svc.hostname, port) } },
    httpFilters: clientFilters(),
  });
  return Listener.create({
    name,
    apiListener: ApiListener.create({ apiListener: packAny(HttpConnectionManager, hcm) }),
  });
}

/** istiod's catch-all virtual hosts (httproute.go `buildCatchAllVirtualHost`), which grpcgen's route configs lack. */
const CATCH_ALL = new Set(["allow_any", "block_all"]);

/**
 * httproute.go `appendDomainPort`: proxyless gRPC matches the `:authority` with its port (istiod does not set
 * `ignore_port_in_host_matching` for gRPC nodes, `SidecarIgnorePort`), so every domain also gets a `:port` form.
 */
export function withPortDomains(domains: readonly string[], port: number): string[] {
  return [...domains, ...domains.map((d) => `${d.includes(":") ? `[${d}]` : d}:${port}`)];
}

/**
 * rds.go `buildHTTPRoute`: RouteConfiguration `outbound|<port>||<host>` = the virtual hosts of the sidecar's route
 * config for that port (`BuildSidecarOutboundVirtualHosts`), with `:port` domains, and nothing else (no catch-all, no
 * `validate_clusters`). Undefined when the name is not such a key or the workload has no route config for the port.
 */
export function clientRouteConfiguration(outbound: OutboundConfig, name: string): RouteConfiguration | undefined {
  const key = parseClusterKey(name);
  if (key === undefined || key.subset !== "") return undefined;
  const sidecar = outbound.routes.find((r) => r.name === String(key.port));
  if (sidecar === undefined) return undefined;
  const virtualHosts: VirtualHost[] = RouteConfiguration.clone(sidecar)
    .virtualHosts.filter((v) => !CATCH_ALL.has(v.name))
    .map((v) => ({ ...v, domains: withPortDomains(v.domains, key.port) }));
  return RouteConfiguration.create({ name, virtualHosts });
}

/**
 * cds.go `edsCluster` + `applyLoadBalancing`: an EDS cluster over ADS, `service_name` = its name; ring hash carried
 * over from the sidecar cluster (`ApplyRingHashLoadBalancer`), any other policy is round robin (istiod logs "cannot
 * apply LbPolicy"). TLS is left out: gRPC uses it only with xDS credentials, which meshc does not configure.
 * Undefined for clusters the sidecar does not have or that are not EDS (gRPC resolves endpoints only through EDS).
 */
export function clientCluster(outbound: OutboundConfig, name: string): Cluster | undefined {
  const sidecar = outbound.clusters.find((c) => c.name === name);
  if (sidecar === undefined || sidecar.edsClusterConfig === undefined) return undefined;
  const ringHash = sidecar.lbPolicy === Cluster_LbPolicy.RING_HASH;
  return ClusterType.create({
    name,
    clusterDiscoveryType: { oneofKind: "type", type: Cluster_DiscoveryType.EDS },
    edsClusterConfig: { serviceName: name, edsConfig: ads() },
    lbPolicy: ringHash ? Cluster_LbPolicy.RING_HASH : Cluster_LbPolicy.ROUND_ROBIN,
    lbConfig:
      ringHash && sidecar.lbConfig.oneofKind === "ringHashLbConfig"
        ? ClusterType.clone(sidecar).lbConfig
        : { oneofKind: undefined },
  });
}
