// A sidecar's outbound listeners: `virtualOutbound` (15001) and one per visible service port. istio
// pilot/pkg/networking/core/listener_builder.go (`buildVirtualOutboundListener`, `buildOutboundCatchAllNetworkFilterChains`,
// `blackholeFilterChain`) and listener.go (`buildSidecarOutboundListeners`, `buildListenerFromEntry`).
//
// The IR has no service VIPs, so port listeners bind the wildcard: `0.0.0.0_<port>`, as istiod does for services
// without an address; a headless Service's TCP and sniffed ports get one listener per endpoint, `<IP>_<port>`
// (`listenerPlans`). A TCP port shared by several services cannot be told apart without VIPs: meshc routes it to
// the first service by hostname. When HTTP and TCP services share a port, HTTP wins.
import { isIP } from "node:net";
import { isHttpProtocol } from "../../../ir/protocol.ts";
import { TrafficDirection, type Metadata } from "../gen/envoy/config/core/v3/base.ts";
import { Listener } from "../gen/envoy/config/listener/v3/listener.ts";
import {
  Filter,
  FilterChain,
  FilterChainMatch,
  ListenerFilter,
} from "../gen/envoy/config/listener/v3/listener_components.ts";
import { HttpInspector } from "../gen/envoy/extensions/filters/listener/http_inspector/v3/http_inspector.ts";
import { TlsInspector } from "../gen/envoy/extensions/filters/listener/tls_inspector/v3/tls_inspector.ts";
import { TcpProxy } from "../gen/envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy.ts";
import { packAny } from "../registry.ts";
import { boolValue, byString, durationNs, u32, ZERO_SECONDS } from "../proto.ts";
import type { OutboundScope, OutboundService } from "./scope.ts";
import { socketAddress } from "./endpoints.ts";
import { hcmFilter } from "./http-connection-manager.ts";
import { clusterName } from "./route-action.ts";
import { BLACKHOLE_CLUSTER, PASSTHROUGH_CLUSTER } from "./route-configuration.ts";
import { tcpRouteChains } from "./tcp-routes.ts";

const WILDCARD = "0.0.0.0";
const PROXY_LISTEN_PORT = 15001;
/** listener.go `defaultGatewayTransportSocketConnectTimeout`, set on every outbound port filter chain. */
const TRANSPORT_SOCKET_CONNECT_TIMEOUT = durationNs(15e9);

/** A tcp_proxy network filter to `cluster` (stat prefix = cluster name). */
export function tcpProxyFilter(cluster: string): Filter {
  const proxy = TcpProxy.create({ statPrefix: cluster, clusterSpecifier: { oneofKind: "cluster", cluster } });
  return Filter.create({
    name: "envoy.filters.network.tcp_proxy",
    configType: { oneofKind: "typedConfig", typedConfig: packAny(TcpProxy, proxy) },
  });
}

/**
 * listener_builder.go `buildVirtualOutboundListener`: 0.0.0.0:15001, `use_original_dst`, a blackhole chain for
 * traffic addressed to 15001 itself, and the catch-all chain to PassthroughCluster (ALLOW_ANY) or BlackHoleCluster.
 */
export function virtualOutboundListener(policy: "ALLOW_ANY" | "REGISTRY_ONLY"): Listener {
  const egress = policy === "ALLOW_ANY" ? PASSTHROUGH_CLUSTER : BLACKHOLE_CLUSTER;
  return Listener.create({
    name: "virtualOutbound",
    address: socketAddress(WILDCARD, PROXY_LISTEN_PORT),
    useOriginalDst: boolValue(true),
    trafficDirection: TrafficDirection.OUTBOUND,
    filterChains: [
      FilterChain.create({
        name: "virtualOutbound-blackhole",
        filterChainMatch: FilterChainMatch.create({ destinationPort: u32(PROXY_LISTEN_PORT) }),
        filters: [tcpProxyFilter(BLACKHOLE_CLUSTER)],
      }),
      FilterChain.create({ name: "virtualOutbound-catchall-tcp", filters: [tcpProxyFilter(egress)] }),
    ],
  });
}

type PortKind = "http" | "auto" | "tcp";

function portKind(services: readonly OutboundService[], port: number): PortKind {
  const protocols = services.flatMap((s) => s.ports.filter((p) => p.port === port).map((p) => p.protocol));
  if (protocols.some(isHttpProtocol)) return "http";
  if (protocols.includes("UNKNOWN")) return "auto";
  return "tcp";
}

const chain = (filters: Filter[], match?: FilterChainMatch, metadata?: Metadata): FilterChain =>
  FilterChain.create({
    filters,
    filterChainMatch: match,
    transportSocketConnectTimeout: TRANSPORT_SOCKET_CONNECT_TIMEOUT,
    metadata,
  });

/** One outbound port listener to build: its bind address, port and the services that share it, in scope order. */
interface ListenerPlan {
  readonly address: string;
  readonly port: number;
  readonly services: readonly OutboundService[];
}

/** The listener's name (listener.go `getListenerName`: `<bind>_<port>`). */
const listenerName = (plan: ListenerPlan): string => `${plan.address}_${plan.port}`;

/**
 * The RDS name of a listener's HTTP chain (listener.go `buildSidecarOutboundHTTPListenerOpts`): `<hostname>:<port>`
 * for a sniffed listener bound to an address other than the wildcard, else the port's shared `<port>`.
 */
function rdsName(plan: ListenerPlan): string {
  return plan.address !== WILDCARD && portKind(plan.services, plan.port) === "auto"
    ? `${plan.services[0]!.hostname}:${plan.port}`
    : String(plan.port);
}

/** listener.go `buildListenerFromEntry` for one planned listener. */
function portListener(scope: OutboundScope, plan: ListenerPlan): Listener {
  const { port, services } = plan;
  const name = listenerName(plan);
  const kind = portKind(services, port);
  const l = Listener.create({
    name,
    address: socketAddress(plan.address, port),
    trafficDirection: TrafficDirection.OUTBOUND,
    continueOnListenerFiltersTimeout: true,
    bindToPort: boolValue(false),
    listenerFiltersTimeout: ZERO_SECONDS,
  });
  const tcpTarget = services.find((s) => s.ports.some((p) => p.port === port && p.protocol !== "UDP"));
  const tcpCluster = tcpTarget === undefined ? PASSTHROUGH_CLUSTER : clusterName(port, undefined, tcpTarget.hostname);
  // VirtualService tcp routes (tcp-routes.ts): chains in istiod's order, the last one without a match.
  const tcpChains = () =>
    tcpRouteChains(scope, port, tcpTarget, tcpCluster).map((c) => chain(c.filters, c.match, c.metadata));
  if (kind === "http") {
    l.filterChains = [chain([hcmFilter(name, rdsName(plan))])];
  } else if (kind === "tcp" && services.some((s) => isTlsPort(s, port))) {
    tlsListener(scope, l, plan);
  } else if (kind === "tcp") {
    l.filterChains = tcpChains();
  } else {
    // Protocol sniffing: HTTP when the http_inspector sees HTTP/1.1 or h2c, else the TCP chain as the default.
    l.listenerFilters = [
      ListenerFilter.create({
        name: "envoy.filters.listener.http_inspector",
        configType: { oneofKind: "typedConfig", typedConfig: packAny(HttpInspector, HttpInspector.create()) },
      }),
    ];
    const tcp = tcpChains();
    l.filterChains = [
      chain([hcmFilter(name, rdsName(plan))], FilterChainMatch.create({ applicationProtocols: ["http/1.1", "h2c"] })),
      ...tcp.slice(0, -1),
    ];
    l.defaultFilterChain = tcp.at(-1);
  }
  return l;
}

const isTlsPort = (s: OutboundService, port: number): boolean =>
  s.ports.some((p) => p.port === port && (p.protocol === "TLS" || p.protocol === "HTTPS"));

/** listener.go `filterChainOpts.conflictsWith` as far as these chains go: the same server names and prefix ranges. */
const matchKey = (m: FilterChainMatch | undefined): string =>
  JSON.stringify([
    [...new Set(m?.serverNames ?? [])].sort(byString),
    (m?.prefixRanges ?? []).map((r) => `${r.addressPrefix}/${r.prefixLen?.value ?? ""}`).sort(byString),
  ]);

/**
 * The listener of a port with TLS or HTTPS services: every service's chains in order (tcp-routes.ts: its tls routes'
 * SNI chains or its own chain; a TCP service's tcp route chains), merged as `mergeTCPFilterChains` does (a chain
 * whose match an earlier one has is dropped); a `tls_inspector` when a chain matches server names
 * (`buildListenerFromEntry` `needTLSInspector`); without a chain that matches everything, the default chain
 * `PassthroughFilterChain` with the catch-all network filters (`buildOutboundCatchAllNetworkFiltersOnly`:
 * PassthroughCluster, or BlackHoleCluster under REGISTRY_ONLY).
 */
function tlsListener(scope: OutboundScope, l: Listener, plan: ListenerPlan): void {
  const { port } = plan;
  const seen = new Set<string>();
  const chains: FilterChain[] = [];
  for (const svc of plan.services) {
    if (!svc.ports.some((p) => p.port === port && p.protocol !== "UDP")) continue;
    for (const c of tcpRouteChains(scope, port, svc, clusterName(port, undefined, svc.hostname))) {
      const key = matchKey(c.match);
      if (seen.has(key)) continue;
      seen.add(key);
      chains.push(chain(c.filters, c.match, c.metadata));
    }
  }
  l.filterChains = chains;
  if (chains.some((c) => (c.filterChainMatch?.serverNames.length ?? 0) > 0))
    l.listenerFilters = [
      ListenerFilter.create({
        name: "envoy.filters.listener.tls_inspector",
        configType: { oneofKind: "typedConfig", typedConfig: packAny(TlsInspector, TlsInspector.create()) },
      }),
    ];
  if (!chains.some((c) => c.filterChainMatch === undefined))
    l.defaultFilterChain = FilterChain.create({
      name: "PassthroughFilterChain",
      filterChainMatch: FilterChainMatch.create(),
      filters: [tcpProxyFilter(scope.outboundTrafficPolicy === "ALLOW_ANY" ? PASSTHROUGH_CLUSTER : BLACKHOLE_CLUSTER)],
    });
}

/** A headless Kubernetes Service (istiod: no address, resolution Passthrough). */
const isHeadless = (s: OutboundService): boolean => s.registry === "Kubernetes" && s.resolution === "NONE";

/**
 * Where each service port's listener binds, as listener.go `buildSidecarOutboundListeners` decides for the catch-all
 * egress listener: a headless Service's TCP or sniffed port (`service.Resolution == model.Passthrough && saddress ==
 * constants.UnspecifiedIP && (IsTCP() || IsUnsupported())`, the default without PILOT_ENABLE_HEADLESS_FILTER_CHAIN_LISTENER)
 * gets one listener per endpoint address (`listenerOpts.bind.binds = []string{instance.Address}`), skipping
 * addresses that are not IPs and the proxy's own first address; a Kubernetes Service without endpoints gets none.
 * Every other port shares the wildcard listener (meshc knows no service VIPs). Entries keyed by (bind, port): an
 * endpoint's listener belongs to the first service that claims it (another headless Service's catch-all TCP chain
 * for the same address would be a duplicate match, which `mergeTCPFilterChains` drops); the wildcard listener
 * gathers every service of the port, HTTP joining TCP as sniffing.
 */
function listenerPlans(scope: OutboundScope): ListenerPlan[] {
  const own = scope.workload.addresses[0];
  const plans = new Map<string, { address: string; port: number; services: OutboundService[] }>();
  const claim = (address: string, port: number, svc: OutboundService) => {
    const key = `${address}_${port}`;
    const plan = plans.get(key);
    if (plan === undefined) plans.set(key, { address, port, services: [svc] });
    else if (address === WILDCARD && !plan.services.includes(svc)) plan.services.push(svc);
  };
  for (const svc of scope.services) {
    for (const p of svc.ports) {
      if (p.protocol === "UDP") continue;
      const perEndpoint = isHeadless(svc) && !isHttpProtocol(p.protocol);
      if (!perEndpoint) {
        claim(WILDCARD, p.port, svc);
        continue;
      }
      for (const e of svc.endpoints(p, undefined)) {
        if (isIP(e.address) === 0 || e.address === own) continue;
        claim(e.address, p.port, svc);
      }
    }
  }
  return [...plans.values()];
}

/** `virtualOutbound` plus the port listeners: `0.0.0.0_<port>`, and `<endpoint IP>_<port>` for headless Services. */
export function outboundListeners(scope: OutboundScope): Listener[] {
  const plans = listenerPlans(scope).sort((a, b) => a.port - b.port || byString(a.address, b.address));
  return [virtualOutboundListener(scope.outboundTrafficPolicy), ...plans.map((p) => portListener(scope, p))];
}

/**
 * The RouteConfigurations the listeners' HTTP chains ask for over RDS: `<port>` for the wildcard listener of an HTTP
 * or sniffed port, `<hostname>:<port>` for a sniffed headless Service's per-endpoint listeners.
 */
export function httpRouteNames(
  scope: OutboundScope,
): ({ kind: "port"; port: number } | { kind: "service"; service: OutboundService; port: number })[] {
  const seen = new Set<string>();
  const out: ({ kind: "port"; port: number } | { kind: "service"; service: OutboundService; port: number })[] = [];
  for (const plan of listenerPlans(scope)) {
    if (portKind(plan.services, plan.port) === "tcp") continue;
    const name = rdsName(plan);
    if (seen.has(name)) continue;
    seen.add(name);
    out.push(
      plan.address === WILDCARD
        ? { kind: "port", port: plan.port }
        : { kind: "service", service: plan.services[0]!, port: plan.port },
    );
  }
  return out;
}
