/**
 * The route shapes of a VirtualService (`http`, `tls`, `tcp`), following Istio field for field, with typed
 * destinations and durations. A route forwards (`route`), redirects, responds directly or delegates: exactly one,
 * which the types enforce. https://istio.io/latest/docs/reference/config/networking/virtual-service/
 */
import type { Duration, Labels, Percentage, StringMatch } from "./common.ts";
import type { ExternalService } from "./external.ts";
import type { Gateway } from "./gateway.ts";
import type { NamespaceRef } from "./namespace.ts";
import type { AnyService, Destination } from "./service.ts";
import type { DslValue } from "./_brand.ts";

/**
 * Where traffic goes: `reviews.subset("v2")`, `reviews.port("http")`, `destination(...)`, a whole service, an
 * external service, a host string, or Istio's `{ host, subset?, port? }`.
 */
export type DestinationInput =
  | Destination
  | AnyService
  | ExternalService
  | string
  | { readonly host: string; readonly subset?: string; readonly port?: { readonly number: number } };

/** A gateway a route is bound to: a declared gateway, `"mesh"` (the sidecars), or `"<namespace>/<name>"`. */
export type GatewayRef = Gateway | "mesh" | (string & {});

/** `HTTPMatchRequest`: every condition given must hold. */
export interface HttpMatch {
  readonly name?: string;
  readonly uri?: StringMatch;
  readonly scheme?: StringMatch;
  readonly method?: StringMatch;
  readonly authority?: StringMatch;
  readonly headers?: Readonly<Record<string, StringMatch>>;
  readonly withoutHeaders?: Readonly<Record<string, StringMatch>>;
  readonly queryParams?: Readonly<Record<string, StringMatch>>;
  readonly port?: number;
  readonly sourceLabels?: Labels;
  readonly sourceNamespace?: NamespaceRef;
  readonly gateways?: readonly GatewayRef[];
  readonly ignoreUriCase?: boolean;
  readonly statPrefix?: string;
}

/** `Headers`: request/response header manipulation. */
export interface HeaderOperations {
  readonly set?: Readonly<Record<string, string>>;
  readonly add?: Readonly<Record<string, string>>;
  readonly remove?: readonly string[];
}
export interface Headers {
  readonly request?: HeaderOperations;
  readonly response?: HeaderOperations;
}

/** `HTTPRouteDestination`: a destination and its weight (weights of a route's destinations sum to 100). */
export interface HttpRouteDestination {
  readonly destination: DestinationInput;
  readonly weight?: number;
  readonly headers?: Headers;
}

/** `HTTPRedirect`. */
export interface HttpRedirect {
  readonly uri?: string;
  readonly authority?: string;
  readonly port?: number;
  readonly derivePort?: "FROM_PROTOCOL_DEFAULT" | "FROM_REQUEST_PORT";
  readonly scheme?: string;
  /** @default 301 */
  readonly redirectCode?: number;
}

/** `HTTPDirectResponse`. */
export interface HttpDirectResponse {
  readonly status: number;
  readonly body?: { readonly string: string } | { readonly bytes: string };
}

/**
 * `Delegate`: hand matching requests to another VirtualService (a declared one, or by name). A declared one is any
 * `VirtualService` value (virtual-service.ts; named here by its shape so that the two files do not import each other).
 */
export type Delegate =
  | (DslValue<"virtualService"> & { readonly name: string; readonly namespace: string })
  | { readonly name: string; readonly namespace?: NamespaceRef };

/** `HTTPRewrite`: `uri` (prefix rewrite) or `uriRegexRewrite`, and/or `authority`. */
export interface HttpRewrite {
  readonly uri?: string;
  readonly authority?: string;
  readonly uriRegexRewrite?: { readonly match: string; readonly rewrite: string };
}

/** `HTTPRetry`. */
export interface HttpRetry {
  readonly attempts?: number;
  readonly perTryTimeout?: Duration;
  /** Envoy retry conditions, comma-separated: `5xx,connect-failure,refused-stream`. */
  readonly retryOn?: string;
  readonly retryRemoteLocalities?: boolean;
  readonly retryIgnorePreviousHosts?: boolean;
  readonly backoff?: Duration;
}

/** `HTTPFaultInjection.Abort`: one of an HTTP status, a gRPC status or an HTTP/2 error. */
export type FaultAbort = (
  | { readonly httpStatus: number; readonly grpcStatus?: never; readonly http2Error?: never }
  | { readonly grpcStatus: string; readonly httpStatus?: never; readonly http2Error?: never }
  | { readonly http2Error: string; readonly httpStatus?: never; readonly grpcStatus?: never }
) & { readonly percentage?: Percentage };

/** `HTTPFaultInjection`. @example `{ delay: { fixedDelay: "7s", percentage: 100 } }` */
export interface HttpFault {
  readonly delay?: { readonly fixedDelay: Duration; readonly percentage?: Percentage };
  readonly abort?: FaultAbort;
}

/** `HTTPMirrorPolicy`. */
export interface HttpMirror {
  readonly destination: DestinationInput;
  readonly percentage?: Percentage;
}

/** `CorsPolicy`. */
export interface CorsPolicy {
  readonly allowOrigins?: readonly StringMatch[];
  readonly allowMethods?: readonly string[];
  readonly allowHeaders?: readonly string[];
  readonly exposeHeaders?: readonly string[];
  readonly maxAge?: Duration;
  readonly allowCredentials?: boolean;
  readonly unmatchedPreflights?: "UNSPECIFIED" | "FORWARD" | "IGNORE";
}

/** The fields every HTTP route may have, whatever its action. */
export interface HttpRouteCommon {
  readonly name?: string;
  /** Conditions; the route applies when any one matches. @default match everything */
  readonly match?: readonly HttpMatch[];
  readonly rewrite?: HttpRewrite;
  readonly timeout?: Duration;
  readonly retries?: HttpRetry;
  readonly fault?: HttpFault;
  readonly mirror?: DestinationInput;
  readonly mirrorPercentage?: Percentage;
  readonly mirrors?: readonly HttpMirror[];
  readonly corsPolicy?: CorsPolicy;
  readonly headers?: Headers;
}

/** What an HTTP route does: forward, redirect, respond directly, or delegate. Exactly one. */
export type HttpRouteAction =
  | {
      readonly route: readonly HttpRouteDestination[];
      readonly redirect?: never;
      readonly directResponse?: never;
      readonly delegate?: never;
    }
  | {
      readonly redirect: HttpRedirect;
      readonly route?: never;
      readonly directResponse?: never;
      readonly delegate?: never;
    }
  | {
      readonly directResponse: HttpDirectResponse;
      readonly route?: never;
      readonly redirect?: never;
      readonly delegate?: never;
    }
  | { readonly delegate: Delegate; readonly route?: never; readonly redirect?: never; readonly directResponse?: never };

/** `HTTPRoute`. Routes are tried in order; the first match wins. */
export type HttpRoute = HttpRouteCommon & HttpRouteAction;

/** `RouteDestination` of TLS and TCP routes. */
export interface RouteDestination {
  readonly destination: DestinationInput;
  readonly weight?: number;
}

/** `TLSMatchAttributes`. */
export interface TlsMatch {
  readonly sniHosts: readonly string[];
  readonly destinationSubnets?: readonly string[];
  readonly port?: number;
  readonly sourceLabels?: Labels;
  readonly gateways?: readonly GatewayRef[];
  readonly sourceNamespace?: NamespaceRef;
}

/** `TLSRoute`: routes TLS by SNI without terminating it. */
export interface TlsRoute {
  readonly match: readonly TlsMatch[];
  readonly route: readonly RouteDestination[];
}

/** `L4MatchAttributes`. */
export interface TcpMatch {
  readonly destinationSubnets?: readonly string[];
  readonly port?: number;
  readonly sourceLabels?: Labels;
  readonly gateways?: readonly GatewayRef[];
  readonly sourceNamespace?: NamespaceRef;
}

/** `TCPRoute`. */
export interface TcpRoute {
  readonly match?: readonly TcpMatch[];
  readonly route: readonly RouteDestination[];
}
