// A sidecar's outbound listeners: `virtualOutbound` (15001) and one per visible service port. istio
// pilot/pkg/networking/core/listener_builder.go (`buildVirtualOutboundListener`, `buildOutboundCatchAllNetworkFilterChains`,
// `blackholeFilterChain`) and listener.go (`buildSidecarOutboundListeners`, `buildListenerFromEntry`).
//
// The IR has no service VIPs, so every port listener binds the wildcard: `0.0.0.0_<port>`, as istiod does for
// services without an address. A TCP port shared by several services cannot be told apart without VIPs: meshc
// routes it to the first service by hostname. When HTTP and TCP services share a port, HTTP wins.
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
import { TcpProxy } from "../gen/envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy.ts";
import { packAny } from "../registry.ts";
import { boolValue, durationNs, u32, ZERO_SECONDS } from "../proto.ts";
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

/** listener.go `buildListenerFromEntry` for one port. */
function portListener(scope: OutboundScope, port: number): Listener {
  const name = `${WILDCARD}_${port}`;
  const kind = portKind(scope.services, port);
  const l = Listener.create({
    name,
    address: socketAddress(WILDCARD, port),
    trafficDirection: TrafficDirection.OUTBOUND,
    continueOnListenerFiltersTimeout: true,
    bindToPort: boolValue(false),
    listenerFiltersTimeout: ZERO_SECONDS,
  });
  const tcpTarget = scope.services.find((s) => s.ports.some((p) => p.port === port && p.protocol !== "UDP"));
  const tcpCluster = tcpTarget === undefined ? PASSTHROUGH_CLUSTER : clusterName(port, undefined, tcpTarget.hostname);
  // VirtualService tcp routes (tcp-routes.ts): chains in istiod's order, the last one without a match.
  const tcpChains = () =>
    tcpRouteChains(scope, port, tcpTarget, tcpCluster).map((c) => chain(c.filters, c.match, c.metadata));
  if (kind === "http") {
    l.filterChains = [chain([hcmFilter(name, String(port))])];
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
      chain([hcmFilter(name, String(port))], FilterChainMatch.create({ applicationProtocols: ["http/1.1", "h2c"] })),
      ...tcp.slice(0, -1),
    ];
    l.defaultFilterChain = tcp.at(-1);
  }
  return l;
}

/** `virtualOutbound` plus `0.0.0.0_<port>` for every port of every visible service (UDP excluded). */
export function outboundListeners(scope: OutboundScope): Listener[] {
  const ports = [
    ...new Set(scope.services.flatMap((s) => s.ports.filter((p) => p.protocol !== "UDP").map((p) => p.port))),
  ].sort((a, b) => a - b);
  return [virtualOutboundListener(scope.outboundTrafficPolicy), ...ports.map((p) => portListener(scope, p))];
}

/** The ports whose listener uses RDS (HTTP and sniffed ports): one RouteConfiguration each. */
export function httpRoutePorts(scope: OutboundScope): number[] {
  const ports = [...new Set(scope.services.flatMap((s) => s.ports.map((p) => p.port)))].sort((a, b) => a - b);
  return ports.filter((p) => portKind(scope.services, p) !== "tcp");
}
