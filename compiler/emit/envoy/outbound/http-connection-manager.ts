// The HttpConnectionManager of a sidecar's outbound HTTP listener. istio
// pilot/pkg/networking/core/listener_builder.go `buildHTTPConnectionManager` with listener.go
// `buildSidecarOutboundHTTPListenerOpts` (RDS `<port>`, use_remote_address false, stat prefix `outbound_<listener>;`).
import { Filter as Listener_Filter } from "../gen/envoy/config/listener/v3/listener_components.ts";
import { Cors } from "../gen/envoy/extensions/filters/http/cors/v3/cors.ts";
import { HTTPFault } from "../gen/envoy/extensions/filters/http/fault/v3/fault.ts";
import { Router } from "../gen/envoy/extensions/filters/http/router/v3/router.ts";
import {
  HttpConnectionManager,
  HttpConnectionManager_CodecType,
  HttpConnectionManager_PathWithEscapedSlashesAction,
  HttpConnectionManager_UpgradeConfig,
  HttpFilter,
} from "../gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.ts";
import type { IMessageType } from "@protobuf-ts/runtime";
import { packAny } from "../registry.ts";
import { adsConfigSource, boolValue, ZERO_SECONDS } from "../proto.ts";

const httpFilter = <T extends object>(name: string, type: IMessageType<T>, message: T): HttpFilter =>
  HttpFilter.create({ name, configType: { oneofKind: "typedConfig", typedConfig: packAny(type, message) } });

/**
 * The outbound HTTP filter chain, in istiod's order (listener_builder.go): [istio.metadata_exchange / peer
 * metadata, grpc_stats, istio.alpn] fault, cors, [istio.stats], router. The bracketed filters are Istio's own
 * extensions (or not in meshc's generated bindings) and are left out; fault and cors are always present so that
 * per-route `typed_per_filter_config` applies.
 */
export function outboundHttpFilters(): HttpFilter[] {
  return [
    httpFilter("envoy.filters.http.fault", HTTPFault, HTTPFault.create()),
    httpFilter("envoy.filters.http.cors", Cors, Cors.create()),
    httpFilter("envoy.filters.http.router", Router, Router.create()),
  ];
}

/**
 * `outboundHcm("0.0.0.0_9080", "9080")` → HCM `{ stat_prefix: "outbound_0.0.0.0_9080;", rds: { route_config_name:
 * "9080", config_source: ads }, codec_type: AUTO, normalize_path: true, path_with_escaped_slashes_action:
 * KEEP_UNCHANGED, use_remote_address: false, upgrade_configs: [websocket], stream_idle_timeout: 0s, http_filters }`.
 * Tracing and the UUID request-id extension istiod adds are not emitted.
 */
export function outboundHcm(listenerName: string, rds: string): HttpConnectionManager {
  return HttpConnectionManager.create({
    codecType: HttpConnectionManager_CodecType.AUTO,
    statPrefix: `outbound_${listenerName};`,
    routeSpecifier: { oneofKind: "rds", rds: { configSource: adsConfigSource(), routeConfigName: rds } },
    httpFilters: outboundHttpFilters(),
    normalizePath: boolValue(true),
    pathWithEscapedSlashesAction: HttpConnectionManager_PathWithEscapedSlashesAction.KEEP_UNCHANGED,
    useRemoteAddress: boolValue(false),
    upgradeConfigs: [HttpConnectionManager_UpgradeConfig.create({ upgradeType: "websocket" })],
    streamIdleTimeout: ZERO_SECONDS,
  });
}

/** The HCM as a listener network filter. */
export function hcmFilter(listenerName: string, rds: string): Listener_Filter {
  return Listener_Filter.create({
    name: "envoy.filters.network.http_connection_manager",
    configType: {
      oneofKind: "typedConfig",
      typedConfig: packAny(HttpConnectionManager, outboundHcm(listenerName, rds)),
    },
  });
}
