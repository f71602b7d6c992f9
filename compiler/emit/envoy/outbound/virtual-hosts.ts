// The virtual hosts of a sidecar's outbound RouteConfiguration for one port, and their domains.
// istio pilot/pkg/networking/core/httproute.go `BuildSidecarOutboundVirtualHosts`, `generateVirtualHostDomains`;
// route.go `BuildSidecarVirtualHostWrapper`, `separateVSHostsAndServices`.
import { hostMatches, hostsOverlap } from "../../../ir/hosts.ts";
import { isHttpProtocol } from "../../../ir/protocol.ts";
import { serviceVirtualHostDomains } from "../../../ir/vhost-domains.ts";
import { gatewayRouteBuildsFor, usesGatewaySemantics } from "../../../ir/route-semantics.ts";
import type { VirtualServiceNode } from "../../../ir/ir.ts";
import { VirtualHost } from "../gen/envoy/config/route/v3/route_components.ts";
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
 * model/sidecar.go `computeWildcardHostVirtualServiceIndex` (`MostSpecificHostMatch`): the VirtualService a service's
 * hostname is indexed to, over every VirtualService the proxy holds, whatever its routes: the first listing the exact
 * host, else the first holding the most specific wildcard that matches it.
 */
function indexedVirtualService(scope: OutboundScope, hostname: string): VirtualServiceNode | undefined {
  const exact = scope.virtualServices.find((vs) => vs.hosts.some((h) => h === hostname));
  if (exact !== undefined) return exact;
  let best: { vs: VirtualServiceNode; rank: number } | undefined;
  for (const vs of scope.virtualServices) {
    const rank = specificity(vs, hostname);
    if (rank >= 0 && (best === undefined || rank > best.rank)) best = { vs, rank };
  }
  return best?.vs;
}

/**
 * The services having the listener port (httproute.go `servicesByName`), by hostname, and the VirtualService each
 * hostname is indexed to (`indexedVirtualService`, looked up once per hostname).
 */
interface Registry {
  readonly services: readonly OutboundService[];
  readonly byHost: ReadonlyMap<string, OutboundService>;
  readonly indexed: (hostname: string) => VirtualServiceNode | undefined;
}

function registryOf(scope: OutboundScope, port: number): Registry {
  const services = scope.services.filter((s) => s.ports.some((p) => p.port === port));
  const index = new Map<string, VirtualServiceNode | undefined>();
  const indexed = (hostname: string) => {
    if (!index.has(hostname)) index.set(hostname, indexedVirtualService(scope, hostname));
    return index.get(hostname);
  };
  return { services, byHost: new Map(services.map((s) => [s.hostname as string, s])), indexed };
}

/**
 * route.go `separateVSHostsAndServices` against the registry of the listener port (httproute.go `servicesByName`: the
 * services having that port, whatever its protocol): the services a VirtualService names (an exact host of the
 * registry; through a wildcard host only where the VS is the one the service is indexed to, and never for a Gateway
 * API route), and its hosts that name none, which become virtual hosts of their own (domains: the host alone).
 */
function separateHostsAndServices(
  scope: OutboundScope,
  vs: VirtualServiceNode,
  registry: Registry,
): { readonly hosts: string[]; readonly services: OutboundService[] } {
  const hosts: string[] = [];
  const services = new Set<OutboundService>();
  for (const h of vs.hosts) {
    if (!h.startsWith("*")) {
      const svc = registry.byHost.get(h);
      if (svc === undefined) hosts.push(h);
      else services.add(svc);
      continue;
    }
    if (usesGatewaySemantics(vs)) {
      hosts.push(h);
      continue;
    }
    const matching = registry.services.filter((s) => hostsOverlap(s.hostname, h));
    if (matching.length === 0) hosts.push(h);
    for (const s of matching) if (registry.indexed(s.hostname) === vs) services.add(s);
  }
  return { hosts, services: [...services] };
}

const servesHttp = (s: OutboundService, port: number): boolean =>
  s.ports.some((p) => p.port === port && (isHttpProtocol(p.protocol) || p.protocol === "UNKNOWN"));

const vhost = (name: string, domains: string[], routes: VirtualHost["routes"]): VirtualHost =>
  VirtualHost.create({ name, domains, routes, includeRequestAttemptCount: true });

/**
 * The virtual hosts of RouteConfiguration `<port>` (without the catch-all), sorted by name, duplicates dropped.
 * httproute.go `BuildSidecarOutboundVirtualHosts` with route.go `BuildSidecarVirtualHostWrapper`: the registry is the
 * services having the port; off port 80 only VirtualServices overlapping one of them count (`selectVirtualServices`).
 * Each VirtualService with routes for this proxy (`BuildHTTPRoutesForVirtualService`: else "no routes matched")
 * builds a virtual host per host outside the registry and per HTTP (or sniffed) service it names on the port; one
 * naming no such service builds its hosts only on port 80 ("a much bigger surgery", the `serviceByPort[80] = nil`
 * hack). Every service no such VirtualService names gets the default route; an alias none of its own.
 */
export function outboundVirtualHosts(scope: OutboundScope, port: number): VirtualHost[] {
  const registry = registryOf(scope, port);
  const selected =
    port === 80
      ? scope.virtualServices
      : scope.virtualServices.filter((vs) =>
          vs.hosts.some((h) => registry.services.some((s) => hostsOverlap(s.hostname, h))),
        );
  const hosts: VirtualHost[] = [];
  const named = new Set<OutboundService>();
  for (const vs of selected) {
    // route.go `BuildHTTPRoutesForVirtualService`: "no routes matched" → no virtual host.
    const routes = virtualServiceRoutes(scope, vs, port);
    if (routes.length === 0) continue;
    const separated = separateHostsAndServices(scope, vs, registry);
    // route.go buildSidecarVirtualHostsForVirtualService: a Gateway API route builds nothing unless the proxy or one of
    // the services it names is in its namespace (ir/route-semantics.ts `gatewayRouteBuildsFor`).
    if (
      !gatewayRouteBuildsFor(
        vs,
        separated.services.map((s) => s.namespace),
        scope.workload.namespace,
      )
    )
      continue;
    const httpServices = separated.services.filter((s) => servesHttp(s, port));
    if (httpServices.length === 0 && port !== 80) continue;
    for (const h of separated.hosts) hosts.push(vhost(`${h}:${port}`, [h], routes));
    for (const svc of httpServices) {
      named.add(svc);
      hosts.push(vhost(`${svc.hostname}:${port}`, serviceDomains(svc, scope.workload.namespace), routes));
    }
  }
  for (const svc of registry.services) {
    // route.go `BuildSidecarVirtualHostWrapper`: an alias builds no virtual host of its own (its concrete service's
    // carries its names), unless a VirtualService names its host.
    if (named.has(svc) || svc.alias !== undefined || !servesHttp(svc, port)) continue;
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
