// The HTTP side of an inbound chain: HttpConnectionManager with istiod's inbound filter order and the inline route
// config `inbound|<port>||` (istio pilot/pkg/networking/core/listener_builder.go `buildInboundHTTPFilters`,
// httproute.go `buildSidecarInboundHTTPRouteConfig`, route/retry `ConvertInboundPolicy`).
import type { IMessageType } from "@protobuf-ts/runtime";
import { RouteConfiguration } from "../gen/envoy/config/route/v3/route.ts";
import {
  Decorator,
  RetryPolicy,
  Route,
  RouteAction,
  RouteAction_MaxStreamDuration,
  RouteMatch,
  VirtualHost,
} from "../gen/envoy/config/route/v3/route_components.ts";
import { Filter } from "../gen/envoy/config/listener/v3/listener_components.ts";
import { Cors } from "../gen/envoy/extensions/filters/http/cors/v3/cors.ts";
import { HTTPFault } from "../gen/envoy/extensions/filters/http/fault/v3/fault.ts";
import { JwtAuthentication } from "../gen/envoy/extensions/filters/http/jwt_authn/v3/config.ts";
import { Router } from "../gen/envoy/extensions/filters/http/router/v3/router.ts";
import {
  HttpConnectionManager,
  HttpConnectionManager_ForwardClientCertDetails,
  HttpConnectionManager_PathWithEscapedSlashesAction,
  HttpConnectionManager_SetCurrentClientCertDetails,
  HttpConnectionManager_UpgradeConfig,
  HttpFilter,
} from "../gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.ts";
import { Duration } from "../gen/google/protobuf/duration.ts";
import { packAny } from "../registry.ts";
import { HTTP_EXT_AUTHZ } from "../authz/index.ts";

const ZERO = (): Duration => Duration.create({ seconds: "0" });
const httpFilter = <T extends object>(name: string, type: IMessageType<T>, message: T): HttpFilter =>
  HttpFilter.create({ name, configType: { oneofKind: "typedConfig", typedConfig: packAny(type, message) } });

/**
 * The inbound route config of a port: one vhost `inbound|http|<port>` for `*`, one route `default` to the inbound
 * cluster, no timeout, and the inbound default retry (`reset-before-request`, 2 attempts) except on gRPC ports.
 * `routeName` is the route config name (`inbound|9080||`); passthrough chains use `InboundPassthroughCluster`.
 */
export function inboundRouteConfig(
  routeName: string,
  vhostName: string,
  cluster: string,
  options: { grpc: boolean; operation: string },
): RouteConfiguration {
  const route = Route.create({
    name: "default",
    match: RouteMatch.create({ pathSpecifier: { oneofKind: "prefix", prefix: "/" } }),
    action: {
      oneofKind: "route",
      route: RouteAction.create({
        clusterSpecifier: { oneofKind: "cluster", cluster },
        timeout: ZERO(),
        maxStreamDuration: RouteAction_MaxStreamDuration.create({
          maxStreamDuration: ZERO(),
          grpcTimeoutHeaderMax: ZERO(),
        }),
        retryPolicy: options.grpc
          ? undefined
          : RetryPolicy.create({ retryOn: "reset-before-request", numRetries: { value: 2 } }),
      }),
    },
    decorator: options.operation === "" ? undefined : Decorator.create({ operation: options.operation }),
  });
  return RouteConfiguration.create({
    name: routeName,
    virtualHosts: [VirtualHost.create({ name: vhostName, domains: ["*"], routes: [route] })],
    validateClusters: { value: false },
  });
}

/**
 * The inbound HTTP filters in istiod's order: CUSTOM (RBAC shadow + ext_authz), jwt_authn, AUDIT/DENY/ALLOW RBAC,
 * fault, cors, router. Istio's own telemetry and metadata-exchange filters (`istio.metadata_exchange`,
 * `istio.stats`) are not emitted: their configs are Istio protos outside Envoy's API.
 */
export function inboundHttpFilters(authz: readonly HttpFilter[], jwt: JwtAuthentication | undefined): HttpFilter[] {
  const lastCustom = authz.map((f) => f.name).lastIndexOf(HTTP_EXT_AUTHZ);
  const custom = authz.slice(0, lastCustom + 1);
  const rest = authz.slice(lastCustom + 1);
  return [
    ...custom,
    ...(jwt === undefined ? [] : [httpFilter("envoy.filters.http.jwt_authn", JwtAuthentication, jwt)]),
    ...rest,
    httpFilter("envoy.filters.http.fault", HTTPFault, HTTPFault.create()),
    httpFilter("envoy.filters.http.cors", Cors, Cors.create()),
    httpFilter("envoy.filters.http.router", Router, Router.create()),
  ];
}

/** The `envoy.filters.network.http_connection_manager` of an inbound chain (`buildHTTPConnectionManager`, inbound). */
export function inboundHcm(
  statPrefix: string,
  routeConfig: RouteConfiguration,
  httpFilters: HttpFilter[],
  mtls: boolean,
): Filter {
  const hcm = HttpConnectionManager.create({
    statPrefix,
    routeSpecifier: { oneofKind: "routeConfig", routeConfig },
    httpFilters,
    useRemoteAddress: { value: false },
    forwardClientCertDetails: mtls
      ? HttpConnectionManager_ForwardClientCertDetails.APPEND_FORWARD
      : HttpConnectionManager_ForwardClientCertDetails.SANITIZE,
    setCurrentClientCertDetails: mtls
      ? HttpConnectionManager_SetCurrentClientCertDetails.create({ subject: { value: true }, dns: true, uri: true })
      : undefined,
    upgradeConfigs: [HttpConnectionManager_UpgradeConfig.create({ upgradeType: "websocket" })],
    streamIdleTimeout: ZERO(),
    normalizePath: { value: true },
    pathWithEscapedSlashesAction: HttpConnectionManager_PathWithEscapedSlashesAction.KEEP_UNCHANGED,
    serverName: "istio-envoy",
  });
  return Filter.create({
    name: "envoy.filters.network.http_connection_manager",
    configType: { oneofKind: "typedConfig", typedConfig: packAny(HttpConnectionManager, hcm) },
  });
}
