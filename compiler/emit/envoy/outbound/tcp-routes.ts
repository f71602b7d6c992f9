// VirtualService `tcp` routes → the filter chains of a sidecar's outbound TCP listener (istio
// pilot/pkg/networking/core/tcp.go `buildSidecarOutboundTCPFilterChainOpts`, `matchTCP`, `getConfigsForHost`,
// networkfilter.go `buildOutboundNetworkFilters`).
//
// Every VirtualService of the scope whose hosts match the port's service is read in order (for TCP istiod does not
// keep one VirtualService per host as it does for HTTP). Per `tcp` rule: a rule without matches, or a match block
// that holds for this proxy (gateways, sourceLabels, port, sourceNamespace are known when the config is built) and
// names no `destinationSubnets`, becomes the terminal chain (no filter_chain_match) and ends the search; match
// blocks that hold but name destination subnets become one chain matched on those `prefix_ranges`. Without a
// terminal chain, the service's own cluster is the last one. A service whose address is a CIDR gets it as the
// `prefix_ranges` of its chains (listeners.ts, istiod's `destinationCIDR`). Left out: the Mongo/Redis/MySQL proxy
// filters istiod adds for those protocols when enabled, idle timeouts and access logs.
//
// TLS and HTTPS ports take VirtualService `tls` routes instead (tls.go `buildSidecarOutboundTLSFilterChainOpts`,
// `matchTLS`, `hashRuntimeTLSMatchPredicates`; tcp rules do not apply there): per tls rule and match block that
// holds for this proxy (gateways, sourceLabels, port, sourceNamespace), a chain on the block's `sniHosts` as
// `server_names` (sorted; a `*` host leaves none, `toFilterChainMatch`) and its `destinationSubnets` (else the
// service's CIDR) as `prefix_ranges`, unless a block with the same SNI hosts and subnets came first. Without any,
// the service's own chain, on `server_names: [hostname]` when the listener does not tell the service apart by
// address: its address is a CIDR, or it has none (a ServiceEntry host without `addresses`: istiod binds it to the
// wildcard, where SNI tells services apart). A Kubernetes Service counts as addressed even when the input does not
// write its cluster IP: the API server allocates one and istiod binds the service's listener to it.
import { hostMatches } from "../../../ir/hosts.ts";
import type { Protocol, VirtualServiceNode } from "../../../ir/ir.ts";
import type { L4MatchAttributes, RouteDestination, TLSMatchAttributes } from "../../../ir/istio-api.ts";
import { byString } from "../proto.ts";
import { cidr, GenError } from "../authz/generators.ts";
import type { Metadata } from "../gen/envoy/config/core/v3/base.ts";
import type { CidrRange } from "../gen/envoy/config/core/v3/address.ts";
import { Filter, FilterChainMatch } from "../gen/envoy/config/listener/v3/listener_components.ts";
import {
  TcpProxy,
  TcpProxy_WeightedCluster,
  TcpProxy_WeightedCluster_ClusterWeight,
} from "../gen/envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy.ts";
import { packAny } from "../registry.ts";
import { metadata } from "../proto.ts";
import type { OutboundScope, OutboundService } from "./scope.ts";
import { destinationCluster } from "./route-action.ts";

/** One outbound TCP filter chain before listeners.ts gives it the listener-wide settings. */
export interface TcpChain {
  readonly filters: Filter[];
  readonly match?: FilterChainMatch;
  readonly metadata?: Metadata;
}

const tcpProxy = (proxy: TcpProxy): Filter =>
  Filter.create({
    name: "envoy.filters.network.tcp_proxy",
    configType: { oneofKind: "typedConfig", typedConfig: packAny(TcpProxy, proxy) },
  });

/** `buildOutboundNetworkFiltersWithSingleDestination`: tcp_proxy to `cluster`, stat prefix = cluster name. */
export const singleClusterProxy = (cluster: string): Filter =>
  tcpProxy(TcpProxy.create({ statPrefix: cluster, clusterSpecifier: { oneofKind: "cluster", cluster } }));

/**
 * `buildOutboundNetworkFilters`: one destination → its cluster (weight ignored); several → `weighted_clusters`
 * with stat prefix `<vs name>.<vs namespace>`, destinations of weight 0 left out.
 * `[{destination: {host: mongo, subset: v1}, weight: 80}, {…v2, weight: 20}]` on port 27017 →
 * `tcp_proxy { weighted_clusters: [outbound|27017|v1|mongo…: 80, outbound|27017|v2|mongo…: 20] }`.
 */
export function routeProxy(
  scope: OutboundScope,
  vs: VirtualServiceNode,
  routes: readonly RouteDestination[],
  port: number,
): Filter {
  const ns = vs.meta.namespace;
  if (routes.length === 1)
    return singleClusterProxy(destinationCluster(scope, routes[0]!.destination, ns, port).cluster);
  const clusters = routes
    .filter((r) => (r.weight ?? 0) > 0)
    .map((r) =>
      TcpProxy_WeightedCluster_ClusterWeight.create({
        name: destinationCluster(scope, r.destination, ns, port).cluster,
        weight: r.weight!,
      }),
    );
  const weightedClusters = TcpProxy_WeightedCluster.create({ clusters });
  return tcpProxy(
    TcpProxy.create({
      statPrefix: `${vs.meta.name}.${ns}`,
      clusterSpecifier: { oneofKind: "weightedClusters", weightedClusters },
    }),
  );
}

/** `matchTCP`: the static predicates, for this proxy (a sidecar: its gateway is `mesh`) and listener port. */
function matchTcp(m: L4MatchAttributes, scope: OutboundScope, port: number): boolean {
  const gatewayOk = (m.gateways ?? []).length === 0 || m.gateways!.includes("mesh");
  const labelsOk = Object.entries(m.sourceLabels ?? {}).every(([k, v]) => scope.workload.labels[k] === v);
  const portOk = m.port === undefined || m.port === 0 || m.port === port;
  const nsOk =
    m.sourceNamespace === undefined || m.sourceNamespace === "" || m.sourceNamespace === scope.workload.namespace;
  return gatewayOk && labelsOk && portOk && nsOk;
}

/**
 * The metadata of a filter chain built from a VirtualService `tcp` or `tls` rule: `filter_metadata.istio.config`,
 * istiod's `util.BuildConfigInfoMetadata` (the VirtualService's config path), and `filter_metadata.meshc: { tcp | tls:
 * <rule index> }`. istiod writes only the `istio.config` part, and only on a sidecar's chains (tcp.go, tls.go; a
 * gateway's `filterChainOpts` carry none, gateway.go); the `meshc` part, and both parts on a gateway's chains
 * (../gateway/chains.ts), are meshc's own, read back by the Envoy engine (compiler/eval/envoy/engine/tcp-proxy.ts
 * `chainRoute`) to name the rule that forwarded a connection. `ruleMetadata(vs default/mongo, 1)` →
 * `{ istio: { config: "/apis/networking.istio.io/v1/namespaces/default/virtual-service/mongo" }, meshc: { tcp: 1 } }`.
 */
export const ruleMetadata = (vs: VirtualServiceNode, index: number, section: "tcp" | "tls" = "tcp"): Metadata =>
  metadata({
    istio: { config: `/apis/networking.istio.io/v1/namespaces/${vs.meta.namespace}/virtual-service/${vs.meta.name}` },
    meshc: { [section]: index },
  });

/** `matchTLS`: the static predicates of a tls match block, for this sidecar (gateway `mesh`) and listener port. */
function matchTls(m: TLSMatchAttributes, scope: OutboundScope, port: number): boolean {
  return matchTcp(m, scope, port);
}

/** The service has an address istiod binds its listener to: none for a ServiceEntry host without `addresses`. */
const hasAddress = (service: OutboundService): boolean =>
  service.registry !== "External" || service.addresses.length > 0;

/** `toFilterChainMatch`: SNI hosts sorted (none when one is `*`), destination subnets as prefix ranges. */
function tlsMatch(sniHosts: readonly string[], subnets: readonly string[]): FilterChainMatch | undefined {
  const serverNames = sniHosts.includes("*") ? [] : [...sniHosts].sort(byString);
  if (serverNames.length === 0 && subnets.length === 0) return undefined;
  return FilterChainMatch.create({ serverNames, prefixRanges: prefixRanges(subnets) });
}

/** `buildSidecarOutboundTLSFilterChainOpts` for one service's TLS or HTTPS port (see the head of this file). */
export function tlsRouteChains(
  scope: OutboundScope,
  port: number,
  service: OutboundService,
  defaultCluster: string,
  destinationCidrs: readonly string[],
): TcpChain[] {
  const out: TcpChain[] = [];
  const handled = new Set<string>();
  for (const vs of scope.virtualServices.filter((v) => v.hosts.some((h) => hostMatches(h, service.hostname)))) {
    for (const [index, rule] of (vs.spec.tls ?? []).entries()) {
      for (const m of rule.match ?? []) {
        if (!matchTls(m, scope, port)) continue;
        // "if a virtual service overrides it with its own destination subnet match give preference to the user
        // provided one"
        const subnets = (m.destinationSubnets ?? []).length > 0 ? m.destinationSubnets! : destinationCidrs;
        const key = `${m.sniHosts.join(",")}|${subnets.join(",")}`;
        if (handled.has(key)) continue;
        handled.add(key);
        const match = tlsMatch(m.sniHosts, subnets);
        out.push({
          filters: [routeProxy(scope, vs, rule.route ?? [], port)],
          ...(match === undefined ? {} : { match }),
          metadata: ruleMetadata(vs, index, "tls"),
        });
      }
    }
  }
  if (out.length > 0) return out;
  const sni = destinationCidrs.length > 0 || !hasAddress(service) ? [service.hostname] : [];
  const match = tlsMatch(sni, destinationCidrs);
  return [{ filters: [singleClusterProxy(defaultCluster)], ...(match === undefined ? {} : { match }) }];
}

function prefixRanges(subnets: readonly string[]): CidrRange[] {
  return subnets.map(cidr).filter((c): c is CidrRange => !(c instanceof GenError));
}

/**
 * The chains of the outbound listener for `port` whose TCP traffic belongs to `service`, in istiod's order; the last
 * one has no match unless the service's address is a CIDR (`destinationCidrs`, listeners.ts: the listener then binds
 * 0.0.0.0 and every chain of the service matches the CIDR, istiod's `destinationCIDRs`). Without a service (or for
 * TLS/HTTPS ports, or without tcp rules) it is the one chain to `defaultCluster`. A tcp rule whose destination subnets
 * are the service's CIDRs replaces the service's own chain ("Existing filter chain with same matching CIDR").
 */
export function tcpRouteChains(
  scope: OutboundScope,
  port: number,
  service: OutboundService | undefined,
  defaultCluster: string,
  destinationCidrs: readonly string[] = [],
): TcpChain[] {
  const own =
    destinationCidrs.length === 0
      ? undefined
      : FilterChainMatch.create({ prefixRanges: prefixRanges(destinationCidrs) });
  const fallback: TcpChain = {
    filters: [singleClusterProxy(defaultCluster)],
    ...(own === undefined ? {} : { match: own }),
  };
  const protocol: Protocol | undefined = service?.ports.find((p) => p.port === port)?.protocol;
  if (service === undefined) return [fallback];
  if (protocol === "TLS" || protocol === "HTTPS")
    return tlsRouteChains(scope, port, service, defaultCluster, destinationCidrs);
  const out: TcpChain[] = [];
  const sameAsOwn = (subnets: readonly string[]) =>
    destinationCidrs.length > 0 && [...subnets].sort().join(",") === [...destinationCidrs].sort().join(",");
  let defaultRouteAdded = false;
  for (const vs of scope.virtualServices.filter((v) => v.hosts.some((h) => hostMatches(h, service.hostname)))) {
    for (const [index, rule] of (vs.spec.tcp ?? []).entries()) {
      const filters = () => [routeProxy(scope, vs, rule.route ?? [], port)];
      const matches = (rule.match ?? []).filter((m) => matchTcp(m, scope, port));
      if ((rule.match ?? []).length === 0 || matches.some((m) => (m.destinationSubnets ?? []).length === 0)) {
        // A terminal chain: no destination-address match left (istiod breaks out of TcpLoop).
        out.push({
          filters: filters(),
          metadata: ruleMetadata(vs, index),
          ...(own === undefined ? {} : { match: own }),
        });
        return out;
      }
      const subnets = matches.flatMap((m) => m.destinationSubnets ?? []);
      if (subnets.length > 0) {
        out.push({ filters: filters(), match: FilterChainMatch.create({ prefixRanges: prefixRanges(subnets) }) });
        if (sameAsOwn(subnets)) defaultRouteAdded = true;
      }
    }
  }
  return defaultRouteAdded ? out : [...out, fallback];
}
