// A gateway proxy's listeners: istio pilot/pkg/networking/core/gateway.go `buildGatewayListeners`. One listener per
// (translated) server port, `0.0.0.0_<port>`, bound to the port (`bind_to_port` default true), traffic direction
// OUTBOUND; for HTTP servers one filter chain with an HTTP connection manager (`createGatewayHTTPFilterChainOpts`,
// `buildGatewayConnectionManager`: RDS `http.<port>`, `use_remote_address: true`, XFCC SANITIZE_SET, stat prefix
// `outbound_0.0.0.0_<port>;`), whose HTTP filters are the gateway's authorization filters (istiod applies
// AuthorizationPolicies selecting the gateway pod on its HCM, builder.go), then fault, cors, router.
//
// Left out: HTTPS servers with TLS termination (SNI filter chains with a DownstreamTlsContext whose certificate comes
// from `credentialName` over SDS, RDS `https.<port>.<portName>.<gateway>.<ns>`), TLS PASSTHROUGH / AUTO_PASSTHROUGH,
// TCP and TLS servers (tcp_proxy chains), HTTP/3. RequestAuthentications selecting the gateway pod add the jwt_authn
// filter (with `clear_route_cache`, for claim-based routing) before the RBAC filters, as on sidecars.
import { TrafficDirection } from "../gen/envoy/config/core/v3/base.ts";
import { Listener } from "../gen/envoy/config/listener/v3/listener.ts";
import { Filter, FilterChain } from "../gen/envoy/config/listener/v3/listener_components.ts";
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
import { adsConfigSource, boolValue, ZERO_SECONDS } from "../proto.ts";
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
  jwt?: JwtAuthentication,
): HttpConnectionManager {
  return HttpConnectionManager.create({
    codecType: HttpConnectionManager_CodecType.AUTO,
    statPrefix: `outbound_${listenerName};`,
    routeSpecifier: { oneofKind: "rds", rds: { configSource: adsConfigSource(), routeConfigName: rds } },
    httpFilters: inboundHttpFilters(authz, jwt),
    normalizePath: boolValue(true),
    pathWithEscapedSlashesAction: HttpConnectionManager_PathWithEscapedSlashesAction.KEEP_UNCHANGED,
    useRemoteAddress: boolValue(true),
    forwardClientCertDetails: HttpConnectionManager_ForwardClientCertDetails.SANITIZE_SET,
    upgradeConfigs: [HttpConnectionManager_UpgradeConfig.create({ upgradeType: "websocket" })],
    streamIdleTimeout: ZERO_SECONDS,
    serverName: "istio-envoy",
  });
}

/** Listener `0.0.0.0_<port>` with one HTTP filter chain using RDS `http.<port>`. */
export function gatewayHttpListener(port: number, authz: readonly HttpFilter[], jwt?: JwtAuthentication): Listener {
  const name = `${WILDCARD}_${port}`;
  const hcm = Filter.create({
    name: "envoy.filters.network.http_connection_manager",
    configType: {
      oneofKind: "typedConfig",
      typedConfig: packAny(HttpConnectionManager, gatewayHcm(name, gatewayRdsName(port), authz, jwt)),
    },
  });
  return Listener.create({
    name,
    address: socketAddress(WILDCARD, port),
    trafficDirection: TrafficDirection.OUTBOUND,
    filterChains: [FilterChain.create({ filters: [hcm] })],
  });
}
