// The virtual hosts of a sidecar's outbound RouteConfiguration for one port, and their domains.
// istio pilot/pkg/networking/core/httproute.go `BuildSidecarOutboundVirtualHosts`, `generateVirtualHostDomains`;
// route.go `BuildSidecarVirtualHostWrapper`, `separateVSHostsAndServices`.
import { hostMatches } from "../../../ir/hosts.ts";
import { isHttpProtocol } from "../../../ir/protocol.ts";
import { serviceVirtualHostDomains } from "../../../ir/vhost-domains.ts";
import { gatewayRouteBuildsFor, usesGatewaySemantics } from "../../../ir/route-semantics.ts";
import type { VirtualServiceNode } from "../../../ir/ir.ts";
import { type Route, VirtualHost } from "../gen/envoy/config/route/v3/route_components.ts";
import { byString } from "../proto.ts";
import type { OutboundScope, OutboundService } from "./scope.ts";
import { hashPolicies } from "./hash-policy.ts";
import { clusterName } from "./route-action.ts";
import { defaultRoute, virtualServiceRoutes } from "./routes.ts";

/** The domains of a registry service's virtual host (compiler/ir/vhost-domains.ts). */
function serviceDomains(svc: OutboundService, proxyNamespace: string): string[] {
  return serviceVirtualHostDomains(
    {
      hostname: svc.hostname,
      aliases: svc.aliases.map((a) => a.hostname),
      headless: svc.registry === "Kubernetes" && svc.resolution === "NONE",
      addresses: svc.registry === "Kubernetes" ? svc.addresses : svc.addresses.slice(-1),
    },
    proxyNamespace,
  );
}

/** How specifically a VS host claims a service: exact beats wildcards, longer wildcards beat shorter. */
function specificity(vs: VirtualServiceNode, host: string): number {
  let best = -1;
  for (const h of vs.hosts)
    if (hostMatches(h, host)) best = Math.max(best, h === host ? Number.MAX_SAFE_INTEGER : h.length);
  return best;
}

/**
 * The VirtualService whose routes a sidecar's virtual host for a registry service carries, or undefined for the
 * default route. istiod (route.go `BuildSidecarVirtualHostWrapper`, `buildSidecarVirtualHostsForVirtualService`,
 * `separateVSHostsAndServices`; model/sidecar.go `computeWildcardHostVirtualServiceIndex`): every VS listing the
 * service's exact host claims it, a wildcard VS only when it is the most specific match and no VS lists the exact
 * host; a VS that yields no routes for this proxy ("no routes matched", e.g. every match excluded by
 * `sourceLabels`) builds no virtual host and claims nothing; of the rest, the first in order keeps the virtual host
 * name (httproute.go duplicate names dropped, first wins). A service no VS claims gets the default route.
 * In istiod's precedence order (creation time, name, namespace: compiler/ir/creation-order.ts). Same rule as
 * `eval/istio/virtual-service.ts`.
 */
function chosenVirtualService(
  scope: OutboundScope,
  hostname: string,
  hasRoutes: (vs: VirtualServiceNode) => boolean,
): VirtualServiceNode | undefined {
  const exact = scope.virtualServices.filter((vs) => vs.hosts.some((h) => h === hostname));
  if (exact.length > 0) return exact.find(hasRoutes);
  let best: { vs: VirtualServiceNode; rank: number } | undefined;
  for (const vs of scope.virtualServices) {
    const rank = specificity(vs, hostname);
    if (rank >= 0 && (best === undefined || rank > best.rank)) best = { vs, rank };
  }
  // separateVSHostsAndServices: a Gateway API route's wildcard hosts never claim a registry service, though it may
  // be the most specific wildcard (computeWildcardHostVirtualServiceIndex counts every VirtualService).
  return best !== undefined && !usesGatewaySemantics(best.vs) && hasRoutes(best.vs) ? best.vs : undefined;
}

const servesHttp = (s: OutboundService, port: number): boolean =>
  s.ports.some((p) => p.port === port && (isHttpProtocol(p.protocol) || p.protocol === "UNKNOWN"));

const vhost = (name: string, domains: string[], routes: VirtualHost["routes"]): VirtualHost =>
  VirtualHost.create({ name, domains, routes, includeRequestAttemptCount: true });

/** The virtual hosts of RouteConfiguration `<port>` (without the catch-all), sorted by name, duplicates dropped. */
export function outboundVirtualHosts(scope: OutboundScope, port: number): VirtualHost[] {
  const onPort = scope.services.filter((s) => servesHttp(s, port));
  // route.go `BuildHTTPRoutesForVirtualService`, once per VS and port.
  const built = new Map<VirtualServiceNode, Route[]>();
  const routesOf = (vs: VirtualServiceNode): Route[] => {
    let routes = built.get(vs);
    if (routes === undefined) built.set(vs, (routes = virtualServiceRoutes(scope, vs, port)));
    return routes;
  };
  // route.go buildSidecarVirtualHostsForVirtualService: a Gateway API route builds nothing unless the proxy or one of
  // the services its hosts name on this port is in its namespace (ir/route-semantics.ts `gatewayRouteBuildsFor`).
  const builds = (vs: VirtualServiceNode) =>
    gatewayRouteBuildsFor(
      vs,
      onPort.filter((s) => vs.hosts.includes(s.hostname)).map((s) => s.namespace),
      scope.workload.namespace,
    );
  const hasRoutes = (vs: VirtualServiceNode) => builds(vs) && routesOf(vs).length > 0;
  const claimed = new Map<VirtualServiceNode, OutboundService[]>();
  const unclaimed: OutboundService[] = [];
  for (const svc of onPort) {
    const vs = chosenVirtualService(scope, svc.hostname, hasRoutes);
    // route.go `BuildSidecarVirtualHostWrapper`: an alias builds no virtual host of its own (its concrete service's
    // carries its names), unless a VirtualService claims its host.
    if (vs === undefined && svc.alias !== undefined) continue;
    if (vs === undefined) unclaimed.push(svc);
    else claimed.set(vs, [...(claimed.get(vs) ?? []), svc]);
  }
  const hosts: VirtualHost[] = [];
  for (const vs of scope.virtualServices) {
    const services = claimed.get(vs) ?? [];
    // route.go "VS for unknown hosts only on port 80": a VS matching no HTTP service port gets routes on 80 only.
    const anyServicePort = scope.services.some(
      (s) =>
        s.ports.some((p) => isHttpProtocol(p.protocol) || p.protocol === "UNKNOWN") &&
        vs.hosts.some((h) => hostMatches(h, s.hostname)),
    );
    if (services.length === 0 && (anyServicePort || port !== 80)) continue;
    if (!builds(vs)) continue;
    // separateVSHostsAndServices: a Gateway API route's wildcard hosts and the hosts outside the registry on this
    // port are its own virtual hosts.
    const rawHosts = usesGatewaySemantics(vs)
      ? vs.hosts.filter((h) => h.startsWith("*") || !onPort.some((s) => s.hostname === h))
      : vs.hosts.filter((h) => !scope.services.some((s) => hostMatches(h, s.hostname)));
    const routes = routesOf(vs);
    if (routes.length === 0) continue; // route.go: "no routes matched" → no virtual host (its services were left to the default route)
    for (const svc of services)
      hosts.push(vhost(`${svc.hostname}:${port}`, serviceDomains(svc, scope.workload.namespace), routes));
    for (const h of rawHosts) hosts.push(vhost(`${h}:${port}`, [h], routes));
  }
  for (const svc of unclaimed) {
    const cluster = clusterName(port, undefined, svc.hostname);
    const route = defaultRoute(
      cluster,
      svc.hostname,
      port,
      hashPolicies(scope, { host: svc.hostname, port }, undefined),
    );
    hosts.push(vhost(`${svc.hostname}:${port}`, serviceDomains(svc, scope.workload.namespace), [route]));
  }
  // httproute.go H:416-451: duplicate vhost names and domains are dropped (first wins); then util.SortVirtualHosts.
  const names = new Set<string>();
  const domains = new Set<string>();
  const out: VirtualHost[] = [];
  for (const h of hosts) {
    if (names.has(h.name)) continue;
    names.add(h.name);
    h.domains = h.domains.filter((d) => !domains.has(d) && domains.add(d) !== undefined);
    if (h.domains.length > 0) out.push(h);
  }
  return out.sort((a, b) => byString(a.name, b.name));
}
