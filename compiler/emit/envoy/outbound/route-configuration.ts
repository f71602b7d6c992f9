// A sidecar's outbound RouteConfiguration per HTTP port (RDS name `<port>`), istio
// pilot/pkg/networking/core/httproute.go `buildSidecarOutboundHTTPRouteConfig` and `buildCatchAllVirtualHost`.
import { RouteConfiguration } from "../gen/envoy/config/route/v3/route.ts";
import {
  DirectResponseAction,
  Route,
  RouteAction,
  VirtualHost,
} from "../gen/envoy/config/route/v3/route_components.ts";
import { u32 } from "../proto.ts";
import type { OutboundScope, OutboundService } from "./scope.ts";
import { setTimeout } from "./route-action.ts";
import { translateRouteMatch } from "./route-match.ts";
import { outboundVirtualHosts } from "./virtual-hosts.ts";

/** istiod's names for the passthrough and blackhole clusters (pilot/pkg/networking/util/util.go). */
export const PASSTHROUGH_CLUSTER = "PassthroughCluster";
export const BLACKHOLE_CLUSTER = "BlackHoleCluster";

/**
 * httproute.go `buildCatchAllVirtualHost`, domains `*`: ALLOW_ANY → vhost and route `allow_any` to
 * PassthroughCluster (timeout 0s); REGISTRY_ONLY → `block_all`, a direct 502.
 */
export function catchAllVirtualHost(policy: "ALLOW_ANY" | "REGISTRY_ONLY"): VirtualHost {
  if (policy === "ALLOW_ANY") {
    const action = RouteAction.create({ clusterSpecifier: { oneofKind: "cluster", cluster: PASSTHROUGH_CLUSTER } });
    setTimeout(action, undefined);
    const route = Route.create({
      name: "allow_any",
      match: translateRouteMatch(undefined),
      action: { oneofKind: "route", route: action },
    });
    return VirtualHost.create({ name: "allow_any", domains: ["*"], routes: [route], includeRequestAttemptCount: true });
  }
  const route = Route.create({
    name: "block_all",
    match: translateRouteMatch(undefined),
    action: { oneofKind: "directResponse", directResponse: DirectResponseAction.create({ status: 502 }) },
  });
  return VirtualHost.create({ name: "block_all", domains: ["*"], routes: [route], includeRequestAttemptCount: true });
}

/**
 * RouteConfiguration `<port>`: the sorted service virtual hosts, the catch-all last, `validate_clusters: false`,
 * `max_direct_response_body_size_bytes: 1048576`, `ignore_port_in_host_matching: true`.
 * `outboundRouteConfiguration(scope, 9080)` → `{ name: "9080", virtual_hosts: [details…:9080, …, block_all], … }`.
 */
export function outboundRouteConfiguration(scope: OutboundScope, port: number): RouteConfiguration {
  return RouteConfiguration.create({
    name: String(port),
    virtualHosts: [...outboundVirtualHosts(scope, port), catchAllVirtualHost(scope.outboundTrafficPolicy)],
    validateClusters: { value: false },
    maxDirectResponseBodySizeBytes: u32(1048576),
    ignorePortInHostMatching: true,
  });
}

/**
 * RouteConfiguration `<hostname>:<port>` of a sniffed listener bound to one address (a headless Service's endpoint):
 * httproute.go `buildSidecarOutboundHTTPRouteConfig` with `useSniffing` (no catch-all virtual host) and
 * `getVirtualHostsForSniffedServicePort`: the port's virtual hosts whose domains hold the hostname; a single one
 * answers every domain (`*`).
 */
export function sniffedRouteConfiguration(
  scope: OutboundScope,
  service: OutboundService,
  port: number,
): RouteConfiguration {
  const name = `${service.hostname}:${port}`;
  const hosts = outboundVirtualHosts(scope, port).filter((vh) =>
    vh.domains.some((d) => d === name || d === service.hostname),
  );
  if (hosts.length === 1) hosts[0]!.domains = ["*"];
  return RouteConfiguration.create({
    name,
    virtualHosts: hosts,
    validateClusters: { value: false },
    maxDirectResponseBodySizeBytes: u32(1048576),
    ignorePortInHostMatching: true,
  });
}
