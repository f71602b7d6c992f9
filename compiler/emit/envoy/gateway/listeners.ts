// A gateway proxy's listeners: istio pilot/pkg/networking/core/gateway.go `buildGatewayListeners`. One listener per
// listen port of the merged servers (compiler/ir/gateway-merge.ts), `0.0.0.0_<port>`, bound to the port
// (`bind_to_port` default true), traffic direction OUTBOUND, with the port's filter chains (./chains.ts) as
// listener.go `buildGatewayListener` assembles them: a chain's match is its SNI hosts as `server_names` (none when a
// host is `*`, `toFilterChainMatch`) and its ALPNs; a terminating chain carries the DownstreamTlsContext as
// transport socket; every chain gets `transport_socket_connect_timeout` 15s except the plain HTTP one meshc has always
// emitted without it; the TLS inspector runs when a chain matches on SNI or offers ALPN. HTTP chains hold an HTTP
// connection manager (`createGatewayHTTPFilterChainOpts`, `buildGatewayConnectionManager`: RDS, `use_remote_address:
// true`, `xff_num_trusted_hops` from the pod's ProxyConfig `gatewayTopology.numTrustedProxies`
// (compiler/ir/proxy-config.ts), XFCC SANITIZE_SET, stat prefix `outbound_0.0.0.0_<port>;` or the server's name), whose HTTP filters are the
// gateway's authorization filters (istiod applies AuthorizationPolicies selecting the gateway pod on its HCM,
// builder.go), then fault, cors, router. RequestAuthentications selecting the gateway pod add the jwt_authn filter
// (with `clear_route_cache`, for claim-based routing) before the RBAC filters, as on sidecars.
//
// Left out: `bind` addresses, HTTP/3 (QUIC) listeners, PROXY protocol, the network RBAC filters istiod puts before the
// tcp_proxy of TCP/TLS chains.
import { TrafficDirection } from "../gen/envoy/config/core/v3/base.ts";
import { Listener } from "../gen/envoy/config/listener/v3/listener.ts";
import {
  Filter,
  FilterChain,
  FilterChainMatch,
  ListenerFilter,
} from "../gen/envoy/config/listener/v3/listener_components.ts";
import { TlsInspector } from "../gen/envoy/extensions/filters/listener/tls_inspector/v3/tls_inspector.ts";
import {
  HttpConnectionManager,
  HttpConnectionManager_CodecType,
  HttpConnectionManager_ForwardClientCertDetails,
  HttpConnectionManager_PathWithEscapedSlashesAction,
  HttpConnectionManager_UpgradeConfig,
  type HttpFilter,
} from "../gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.ts";
import { inboundHttpFilters } from "../inbound/http.ts";
import type { JwtAuthentication } from "../gen/envoy/extensions/filters/http/jwt_authn/v3/config.ts";
import { adsConfigSource, boolValue, durationNs, ZERO_SECONDS } from "../proto.ts";
import type { GatewayChain } from "./chains.ts";
import { downstreamTlsSocket } from "./tls.ts";
import { socketAddress } from "../outbound/endpoints.ts";
import { packAny } from "../registry.ts";

export const WILDCARD = "0.0.0.0";

/** `http.<port>`: gateway.go `gatewayRDSRouteName` for plain HTTP servers (model/gateway.go). */
export const gatewayRdsName = (port: number): string => `http.${port}`;

/** buildGatewayConnectionManager + buildHTTPConnectionManager for a gateway HTTP server port. */
export function gatewayHcm(
  listenerName: string,
  rds: string,
  authz: readonly HttpFilter[],
  xffNumTrustedHops: number,
  jwt?: JwtAuthentication,
  statPrefix?: string,
): HttpConnectionManager {
  return HttpConnectionManager.create({
    codecType: HttpConnectionManager_CodecType.AUTO,
    statPrefix: statPrefix ?? `outbound_${listenerName};`,
    routeSpecifier: { oneofKind: "rds", rds: { configSource: adsConfigSource(), routeConfigName: rds } },
    httpFilters: inboundHttpFilters(authz, jwt),
    normalizePath: boolValue(true),
    pathWithEscapedSlashesAction: HttpConnectionManager_PathWithEscapedSlashesAction.KEEP_UNCHANGED,
    useRemoteAddress: boolValue(true),
    // buildGatewayConnectionManager: `XffNumTrustedHops: proxyConfig.GatewayTopology.NumTrustedProxies` (0 without).
    xffNumTrustedHops,
    forwardClientCertDetails: HttpConnectionManager_ForwardClientCertDetails.SANITIZE_SET,
    upgradeConfigs: [HttpConnectionManager_UpgradeConfig.create({ upgradeType: "websocket" })],
    streamIdleTimeout: ZERO_SECONDS,
    serverName: "istio-envoy",
  });
}

/** Listener `0.0.0.0_<port>` with one HTTP filter chain using RDS `http.<port>`. */
export function gatewayHttpListener(
  port: number,
  authz: readonly HttpFilter[],
  xffNumTrustedHops: number,
  jwt?: JwtAuthentication,
): Listener {
  const name = `${WILDCARD}_${port}`;
  const hcm = Filter.create({
    name: "envoy.filters.network.http_connection_manager",
    configType: {
      oneofKind: "typedConfig",
      typedConfig: packAny(
        HttpConnectionManager,
        gatewayHcm(name, gatewayRdsName(port), authz, xffNumTrustedHops, jwt),
      ),
    },
  });
  return Listener.create({
    name,
    address: socketAddress(WILDCARD, port),
    trafficDirection: TrafficDirection.OUTBOUND,
    filterChains: [FilterChain.create({ filters: [hcm] })],
  });
}

/** listener.go `defaultGatewayTransportSocketConnectTimeout`. */
const TRANSPORT_SOCKET_CONNECT_TIMEOUT = durationNs(15e9);

/** `filterChainOpts.toFilterChainMatch`: undefined when the chain matches everything. */
function chainMatch(chain: GatewayChain): FilterChainMatch | undefined {
  const wildcard = chain.sniHosts.includes("*");
  if ((chain.sniHosts.length === 0 || wildcard) && chain.applicationProtocols.length === 0) return undefined;
  return FilterChainMatch.create({
    serverNames: wildcard ? [] : [...chain.sniHosts].sort(),
    applicationProtocols: [...chain.applicationProtocols],
  });
}

/**
 * `buildGatewayListener` + `MutableGatewayListener.build`: listener `0.0.0.0_<port>` with the port's chains, or
 * undefined when there are none ("must have more than 0 chains": istiod omits the listener).
 */
export function gatewayListener(
  port: number,
  chains: readonly GatewayChain[],
  authz: readonly HttpFilter[],
  xffNumTrustedHops: number,
  jwt?: JwtAuthentication,
): Listener | undefined {
  if (chains.length === 0) return undefined;
  const name = `${WILDCARD}_${port}`;
  const plainHttp = chains.length === 1 && chains[0]!.rds !== undefined && chains[0]!.tls === undefined;
  if (plainHttp && chains[0]!.rds === gatewayRdsName(port))
    return gatewayHttpListener(port, authz, xffNumTrustedHops, jwt);
  const inspector = chains.some(
    (c) => c.sniHosts.length > 0 || (c.tls?.commonTlsContext?.alpnProtocols.length ?? 0) > 0,
  );
  const filterChains = chains.map((c) => {
    const filters =
      c.rds === undefined
        ? [...(c.filters ?? [])]
        : [
            Filter.create({
              name: "envoy.filters.network.http_connection_manager",
              configType: {
                oneofKind: "typedConfig",
                typedConfig: packAny(
                  HttpConnectionManager,
                  gatewayHcm(name, c.rds, authz, xffNumTrustedHops, jwt, c.statPrefix),
                ),
              },
            }),
          ];
    return FilterChain.create({
      filterChainMatch: chainMatch(c),
      transportSocket: c.tls === undefined ? undefined : downstreamTlsSocket(c.tls),
      transportSocketConnectTimeout: TRANSPORT_SOCKET_CONNECT_TIMEOUT,
      filters,
      metadata: c.metadata,
    });
  });
  const listenerFilters = inspector
    ? [
        ListenerFilter.create({
          name: "envoy.filters.listener.tls_inspector",
          configType: { oneofKind: "typedConfig", typedConfig: packAny(TlsInspector, TlsInspector.create()) },
        }),
      ]
    : [];
  return Listener.create({
    name,
    address: socketAddress(WILDCARD, port),
    trafficDirection: TrafficDirection.OUTBOUND,
    listenerFilters,
    filterChains,
  });
}
