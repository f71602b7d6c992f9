// A sidecar's outbound listeners: `virtualOutbound` (15001) and one per visible service port. istio
// pilot/pkg/networking/core/listener_builder.go (`buildVirtualOutboundListener`, `buildOutboundCatchAllNetworkFilterChains`,
// `blackholeFilterChain`) and listener.go (`buildSidecarOutboundListeners`, `buildSidecarOutboundListener`,
// `buildListenerFromEntry`).
//
// Where a port listener binds (`listenerPlans`): a TCP or sniffed port of a service with an address listens on that
// address, `<vip>_<port>` (a CIDR address: on 0.0.0.0 with the CIDR as its chains' `prefix_ranges`); a headless
// Service's TCP and sniffed ports get one listener per endpoint, `<IP>_<port>` (with
// PILOT_ENABLE_HEADLESS_FILTER_CHAIN_LISTENER: one `<IP>/32` chain per endpoint on 0.0.0.0); HTTP ports, and TCP ports of services
// without an address, share the wildcard `0.0.0.0_<port>`. Services without an address are ServiceEntry hosts without
// `addresses` and Kubernetes Services whose cluster IP the input does not write (the API server allocates one; meshc
// cannot name it, so they listen on the wildcard as istiod does for a Service without one). On the wildcard
// listener, a TCP port shared by several such services routes to the first by hostname (istiod drops the other
// match-all chains as duplicates); when HTTP and TCP services share it, it sniffs: the HTTP chain and the TCP
// services' chains (`entryOf`).
import { isIP } from "node:net";
import type { Protocol } from "../../../ir/ir.ts";
import { isHttpProtocol } from "../../../ir/protocol.ts";
import { isCidr } from "../../../ir/service-addresses.ts";
import type { CidrRange } from "../gen/envoy/config/core/v3/address.ts";
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
import { tcpRouteChains, type TcpChain } from "./tcp-routes.ts";

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

const chain = (filters: Filter[], match?: FilterChainMatch, metadata?: Metadata): FilterChain =>
  FilterChain.create({
    filters,
    filterChainMatch: match,
    transportSocketConnectTimeout: TRANSPORT_SOCKET_CONNECT_TIMEOUT,
    metadata,
  });

/** A service that claims a port listener, with the CIDR its chains match on when its address is one. */
interface Claim {
  readonly service: OutboundService;
  readonly cidr?: string;
}

/** One outbound port listener to build: its bind address, port and the services that claim it, in scope order. */
interface ListenerPlan {
  readonly address: string;
  readonly port: number;
  readonly claims: readonly Claim[];
  readonly services: readonly OutboundService[];
}

/** The listener's name (listener.go `getListenerName`: `<bind>_<port>`). */
const listenerName = (plan: ListenerPlan): string => `${plan.address}_${plan.port}`;

/**
 * The RDS name of a listener's HTTP chain (listener.go `buildSidecarOutboundHTTPListenerOpts`): `<hostname>:<port>`
 * for a sniffed listener bound to an address other than the wildcard, else the port's shared `<port>`.
 */
function rdsName(plan: ListenerPlan): string {
  return plan.address !== WILDCARD && kindOf(entryOf(plan)) === "auto"
    ? `${plan.services[0]!.hostname}:${plan.port}`
    : String(plan.port);
}

/** A prefix as `util.AddrStrToPrefix(...).Masked()` prints it (IPv4 masked; other text as written). */
function prefixKey(p: CidrRange): string {
  const len = p.prefixLen?.value ?? 0;
  const octets = p.addressPrefix.split(".").map(Number);
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255))
    return `${p.addressPrefix}/${len}`;
  const n = octets.reduce((a, o) => a * 256 + o, 0);
  const block = 2 ** (32 - Math.min(32, len));
  const masked = Math.floor(n / block) * block;
  return `${[24, 16, 8, 0].map((b) => Math.floor(masked / 2 ** b) % 256).join(".")}/${len}`;
}

/**
 * listener.go `filterChainOpts.conflictsWith`: same transport protocol, application protocols, server names (as a
 * set, `*` ignored) and destination prefixes (as a set of masked prefixes).
 */
function conflictsWith(a: FilterChainMatch | undefined, b: FilterChainMatch | undefined): boolean {
  const set = (xs: readonly string[]) => [...new Set(xs)].sort().join(",");
  if ((a?.transportProtocol ?? "") !== (b?.transportProtocol ?? "")) return false;
  if ((a?.applicationProtocols ?? []).join(",") !== (b?.applicationProtocols ?? []).join(",")) return false;
  const sni = (m: FilterChainMatch | undefined) => set((m?.serverNames ?? []).filter((x) => x !== "*"));
  if (sni(a) !== sni(b)) return false;
  const cidrs = (m: FilterChainMatch | undefined) => set((m?.prefixRanges ?? []).map(prefixKey));
  return cidrs(a) === cidrs(b);
}

const protocolOn = (c: Claim, port: number): Protocol => c.service.ports.find((p) => p.port === port)!.protocol;

/** protocol.Instance `IsTCP` (TCP, HTTPS, TLS, Mongo, Redis, MySQL). */
const isTcpProtocol = (p: Protocol): boolean => ["TCP", "HTTPS", "TLS", "MONGO", "REDIS", "MYSQL"].includes(p);

/**
 * listener.go `isConflictWithWellKnownPort`: Mongo and MySQL share a listener with no other protocol (`existing`
 * "UNKNOWN" stands for the wildcard entry's `protocol.Unsupported`).
 */
const wellKnownClash = (incoming: Protocol, existing: Protocol): boolean =>
  (["MONGO", "MYSQL"].includes(incoming) || ["MONGO", "MYSQL"].includes(existing)) && incoming !== existing;

/** What a listener entry holds once its claims are merged: an HTTP chain or not, and whose TCP chains. */
interface Entry {
  readonly http: boolean;
  readonly tcp: readonly Claim[];
}

/**
 * The entry the claims of a listener make, in claim order, as listener.go `buildSidecarOutboundListener` builds it
 * (`listenerMap[listenerMapKey]`): the first claim creates it: an HTTP port an HTTP chain, and on the wildcard the
 * entry's protocol becomes `protocol.Unsupported` ("if we have a tcp fallthrough filter chain, this is no longer an
 * HTTP listener"); a TCP port its TCP chains; a sniffed port both. Then, by conflict type: HTTP over a TCP entry
 * (HTTPOverTCP) adds the HTTP chain and the entry is sniffed; HTTP over anything else exits early; TCP over any entry
 * (TCPOverHTTP, TCPOverTCP, TCPOverAuto) adds its chains; a sniffed port over a TCP entry (AutoOverTCP) adds both
 * and the entry is sniffed, over a sniffed entry exits early, over an HTTP entry (AutoOverHTTP, only off the wildcard)
 * replaces it. A claim that `isConflictWithWellKnownPort` refuses (Mongo or MySQL with another protocol) adds nothing.
 */
function entryOf(plan: ListenerPlan): Entry {
  const wildcard = plan.address === WILDCARD;
  let entry: { http: boolean; tcp: Claim[]; protocol: Protocol } | undefined;
  for (const c of plan.claims) {
    const p = protocolOn(c, plan.port);
    if (p === "UDP") continue;
    if (entry === undefined) {
      if (isHttpProtocol(p)) entry = { http: true, tcp: [], protocol: wildcard ? "UNKNOWN" : p };
      else entry = { http: p === "UNKNOWN", tcp: [c], protocol: p };
      continue;
    }
    const existing = entry.protocol;
    if (isHttpProtocol(p)) {
      if (!isTcpProtocol(existing) || wellKnownClash(p, existing)) continue;
      entry = { http: true, tcp: entry.tcp, protocol: "UNKNOWN" };
    } else if (p === "UNKNOWN") {
      if (isHttpProtocol(existing)) entry = { http: true, tcp: [c], protocol: "UNKNOWN" };
      else if (isTcpProtocol(existing) && !wellKnownClash(p, existing))
        entry = { http: true, tcp: [...entry.tcp, c], protocol: "UNKNOWN" };
    } else if (!wellKnownClash(p, existing)) {
      entry = { http: entry.http, tcp: [...entry.tcp, c], protocol: isHttpProtocol(existing) ? "UNKNOWN" : existing };
    }
  }
  return entry ?? { http: false, tcp: [] };
}

/** The listener's kind: HTTP (a connection manager only), sniffed (HTTP and TCP chains), TCP. */
function kindOf(entry: Entry): PortKind {
  if (!entry.http) return "tcp";
  return entry.tcp.length > 0 ? "auto" : "http";
}

/**
 * The TCP chains of a listener: the chains (tcp-routes.ts) of each claim whose TCP chains the entry holds, in claim
 * order, merged as listener.go `mergeTCPFilterChains` does (a chain whose match conflicts with one already there is
 * dropped), so the first service keeps the catch-all and a CIDR service adds chains for its range.
 */
function mergedTcpChains(scope: OutboundScope, plan: ListenerPlan, entry: Entry): TcpChain[] {
  const { port } = plan;
  if (entry.tcp.length === 0) return [{ filters: [tcpProxyFilter(PASSTHROUGH_CLUSTER)] }];
  const merged: TcpChain[] = [];
  for (const c of entry.tcp) {
    const cluster = clusterName(port, undefined, c.service.hostname);
    for (const next of tcpRouteChains(scope, port, c.service, cluster, c.cidr === undefined ? [] : [c.cidr]))
      if (!merged.some((m) => conflictsWith(m.match, next.match))) merged.push(next);
  }
  return merged;
}

const tlsInspector = (): ListenerFilter =>
  ListenerFilter.create({
    name: "envoy.filters.listener.tls_inspector",
    configType: { oneofKind: "typedConfig", typedConfig: packAny(TlsInspector, TlsInspector.create()) },
  });

/** listener.go `buildListenerFromEntry` for one planned listener. */
function portListener(scope: OutboundScope, plan: ListenerPlan): Listener {
  const { port } = plan;
  const name = listenerName(plan);
  const entry = entryOf(plan);
  const kind = kindOf(entry);
  const l = Listener.create({
    name,
    address: socketAddress(plan.address, port),
    trafficDirection: TrafficDirection.OUTBOUND,
    continueOnListenerFiltersTimeout: true,
    bindToPort: boolValue(false),
    listenerFiltersTimeout: ZERO_SECONDS,
  });
  // VirtualService tcp routes (tcp-routes.ts): chains in istiod's order, a catch-all last when one is left.
  const tcp = mergedTcpChains(scope, plan, entry).map((c) => chain(c.filters, c.match, c.metadata));
  // No catch-all chain left (every chain matches a CIDR): `buildListenerFromEntry` adds `PassthroughFilterChain`
  // with the catch-all network filters (`buildOutboundCatchAllNetworkFiltersOnly`).
  const matchAll = tcp.find((c) => c.filterChainMatch === undefined);
  const passthrough = FilterChain.create({
    name: "PassthroughFilterChain",
    filterChainMatch: FilterChainMatch.create(),
    filters: [tcpProxyFilter(scope.outboundTrafficPolicy === "ALLOW_ANY" ? PASSTHROUGH_CLUSTER : BLACKHOLE_CLUSTER)],
  });
  const needsTlsInspector = tcp.some((c) => (c.filterChainMatch?.serverNames.length ?? 0) > 0);
  if (kind === "http") {
    l.filterChains = [chain([hcmFilter(name, rdsName(plan))])];
  } else if (kind === "tcp") {
    // A TLS or HTTPS port's chains match SNI (tcp-routes.ts `tlsRouteChains`): `buildListenerFromEntry` adds the
    // tls_inspector when a chain matches server names (`needTLSInspector`).
    l.filterChains = tcp;
    if (needsTlsInspector) l.listenerFilters = [tlsInspector()];
    if (matchAll === undefined) l.defaultFilterChain = passthrough;
  } else {
    // Protocol sniffing: HTTP when the http_inspector sees HTTP/1.1 or h2c, else the TCP chain as the default (after
    // the tls_inspector when a TCP chain matches server names: `needTLSInspector`).
    l.listenerFilters = [
      ...(needsTlsInspector ? [tlsInspector()] : []),
      ListenerFilter.create({
        name: "envoy.filters.listener.http_inspector",
        configType: { oneofKind: "typedConfig", typedConfig: packAny(HttpInspector, HttpInspector.create()) },
      }),
    ];
    const http = chain(
      [hcmFilter(name, rdsName(plan))],
      FilterChainMatch.create({ applicationProtocols: ["http/1.1", "h2c"] }),
    );
    l.filterChains = [http, ...tcp.filter((c) => c !== matchAll)];
    l.defaultFilterChain = matchAll ?? passthrough;
  }
  return l;
}

/** An endpoint address as a single-address CIDR (`/32`, `/128` for IPv6). */
const hostPrefix = (address: string): string => `${address}/${isIP(address) === 6 ? 128 : 32}`;

/** A headless Kubernetes Service (istiod: no address, resolution Passthrough). */
const isHeadless = (s: OutboundService): boolean => s.registry === "Kubernetes" && s.resolution === "NONE";

/**
 * The addresses istiod binds a service's TCP or sniffed port to (listener.go `buildSidecarOutboundListener`:
 * `GetAddressForProxy`): a Kubernetes Service's cluster IP of the proxy's family (`ClusterVIPs`; the first IPv4 one
 * for an IPv4 proxy), each address of a ServiceEntry host (one istiod service per address); none: the wildcard.
 */
function bindAddresses(svc: OutboundService, proxyV6: boolean): readonly string[] {
  if (svc.registry === "External") return svc.addresses;
  const family = svc.addresses.filter((a) => (isIP(a) === 6) === proxyV6);
  return (family.length > 0 ? family : svc.addresses).slice(0, 1);
}

/**
 * Where each service port's listener binds, as listener.go `buildSidecarOutboundListeners` decides for the catch-all
 * egress listener: an ExternalName alias gets none (`if listenerOpts.service.Resolution == model.Alias`); a headless
 * Service's TCP or sniffed port (`service.Resolution == model.Passthrough && saddress == constants.UnspecifiedIP &&
 * (IsTCP() || IsUnsupported())`) gets one listener per endpoint address (`listenerOpts.bind.binds =
 * []string{instance.Address}`), skipping addresses that are not IPs and the proxy's own first address, or, with
 * PILOT_ENABLE_HEADLESS_FILTER_CHAIN_LISTENER on (the IR's `istiod`), a `<ip>/32` chain per such address on the
 * port's wildcard listener; a Kubernetes Service without endpoints gets none. `buildSidecarOutboundListener`:
 * another TCP or sniffed port listens on the service's address when it is an IP, on the wildcard with the CIDR as a
 * chain match when it is one, on the wildcard without one; HTTP ports always on the wildcard. Entries keyed by
 * (bind, port) (`listenerKey`): an address's listener belongs to the first service that claims it (a later one's
 * catch-all chain would be a duplicate match, which `mergeTCPFilterChains` drops); the wildcard listener gathers
 * every service of the port, HTTP joining TCP as sniffing.
 */
function listenerPlans(scope: OutboundScope): ListenerPlan[] {
  const own = scope.workload.addresses[0];
  const proxyV6 = own !== undefined && isIP(own) === 6;
  const headlessChains = scope.ir.istiod.enableHeadlessFilterChainListener;
  const plans = new Map<string, { address: string; port: number; claims: Claim[]; services: OutboundService[] }>();
  const claim = (address: string, port: number, service: OutboundService, cidr?: string) => {
    const key = `${address}_${port}`;
    const c: Claim = cidr === undefined ? { service } : { service, cidr };
    const plan = plans.get(key);
    if (plan === undefined) plans.set(key, { address, port, claims: [c], services: [service] });
    else if (address === WILDCARD && !plan.claims.some((x) => x.service === service && x.cidr === cidr)) {
      plan.claims.push(c);
      if (!plan.services.includes(service)) plan.services.push(service);
    }
  };
  for (const svc of scope.services) {
    if (svc.alias !== undefined) continue;
    for (const p of svc.ports) {
      if (p.protocol === "UDP") continue;
      if (isHttpProtocol(p.protocol)) {
        claim(WILDCARD, p.port, svc);
        continue;
      }
      if (isHeadless(svc)) {
        for (const e of svc.endpoints(p, undefined)) {
          if (isIP(e.address) === 0 || e.address === own) continue;
          // PILOT_ENABLE_HEADLESS_FILTER_CHAIN_LISTENER (istio/istio#60642): the endpoint is a `<ip>/32` CIDR on the
          // port's wildcard listener, built as a CIDR service's chain is (`listenerOpts.cidr`), not a listener.
          if (headlessChains) claim(WILDCARD, p.port, svc, hostPrefix(e.address));
          else claim(e.address, p.port, svc);
        }
        continue;
      }
      const binds = bindAddresses(svc, proxyV6);
      if (binds.length === 0) claim(WILDCARD, p.port, svc);
      for (const a of binds) {
        if (isCidr(a)) claim(WILDCARD, p.port, svc, a);
        else claim(a, p.port, svc);
      }
    }
  }
  return [...plans.values()];
}

/** `virtualOutbound` plus the port listeners: `0.0.0.0_<port>`, `<vip>_<port>`, `<endpoint IP>_<port>`. */
export function outboundListeners(scope: OutboundScope): Listener[] {
  const plans = listenerPlans(scope).sort((a, b) => a.port - b.port || byString(a.address, b.address));
  return [virtualOutboundListener(scope.outboundTrafficPolicy), ...plans.map((p) => portListener(scope, p))];
}

/**
 * The RouteConfigurations the listeners' HTTP chains ask for over RDS: `<port>` for the wildcard listener of an HTTP
 * or sniffed port, `<hostname>:<port>` for a sniffed port's listener bound to an address (a VIP, a headless Service's
 * endpoint).
 */
export function httpRouteNames(
  scope: OutboundScope,
): ({ kind: "port"; port: number } | { kind: "service"; service: OutboundService; port: number })[] {
  const seen = new Set<string>();
  const out: ({ kind: "port"; port: number } | { kind: "service"; service: OutboundService; port: number })[] = [];
  for (const plan of listenerPlans(scope)) {
    if (kindOf(entryOf(plan)) === "tcp") continue;
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
