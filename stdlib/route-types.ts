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
  | {
      /** `destination.host`: a service's host name (short names resolve in the route's namespace). */
      readonly host: string;
      /** `destination.subset`: a DestinationRule subset. @default unset (every endpoint of the host) */
      readonly subset?: string;
      /** `destination.port`. @default unset (the host's only port) */
      readonly port?: {
        /** `destination.port.number`. */
        readonly number: number;
      };
    };

/** A gateway a route is bound to: a declared gateway, `"mesh"` (the sidecars), or `"<namespace>/<name>"`. */
export type GatewayRef = Gateway | "mesh" | (string & {});

/** `HTTPMatchRequest`: every condition given must hold. */
export interface HttpMatch {
  /** `match[].name`, joined to the route's name in access logs. @default unset */
  readonly name?: string;
  /** `match[].uri`: the path (with the query string for exact and prefix), case-sensitive. @default any */
  readonly uri?: StringMatch;
  /** `match[].scheme`: the URI scheme (`http`, `https`). @default any */
  readonly scheme?: StringMatch;
  /** `match[].method`: the HTTP method. @default any */
  readonly method?: StringMatch;
  /** `match[].authority`: the `:authority` (Host) header. @default any */
  readonly authority?: StringMatch;
  /** `match[].headers`: headers by lower-case name that must match. @default {} */
  readonly headers?: Readonly<Record<string, StringMatch>>;
  /** `match[].withoutHeaders`: headers that must not match (or be absent). @default {} */
  readonly withoutHeaders?: Readonly<Record<string, StringMatch>>;
  /** `match[].queryParams`: query parameters that must match (exact or regex). @default {} */
  readonly queryParams?: Readonly<Record<string, StringMatch>>;
  /** `match[].port`: the port the host is addressed on. @default any */
  readonly port?: number;
  /** `match[].sourceLabels`: only requests from workloads with these labels. @default any workload */
  readonly sourceLabels?: Labels;
  /** `match[].sourceNamespace`: only requests from workloads in this namespace. @default any namespace */
  readonly sourceNamespace?: NamespaceRef;
  /** `match[].gateways`: only on these gateways. @default the VirtualService's `gateways` */
  readonly gateways?: readonly GatewayRef[];
  /** `match[].ignoreUriCase`: match `uri` case-insensitively. @default false */
  readonly ignoreUriCase?: boolean;
  /** `match[].statPrefix`: the stat prefix of the Envoy route this match becomes. @default unset */
  readonly statPrefix?: string;
}

/** `Headers`: request/response header manipulation. */
export interface HeaderOperations {
  /** `set`: headers to set, replacing a value already there. @default {} */
  readonly set?: Readonly<Record<string, string>>;
  /** `add`: headers to append. @default {} */
  readonly add?: Readonly<Record<string, string>>;
  /** `remove`: header names to remove. @default [] */
  readonly remove?: readonly string[];
}
/** `Headers`: what to change on the request and on the response. */
export interface Headers {
  /** `headers.request`: changes to the request before it is forwarded. @default none */
  readonly request?: HeaderOperations;
  /** `headers.response`: changes to the response before it is returned. @default none */
  readonly response?: HeaderOperations;
}

/** `HTTPRouteDestination`: a destination and its weight (weights of a route's destinations sum to 100). */
export interface HttpRouteDestination {
  /** `route[].destination`: the service (subset, port) requests are forwarded to. */
  readonly destination: DestinationInput;
  /** `route[].weight`: the percentage of requests this destination gets. @default 100 when it is the only one */
  readonly weight?: number;
  /** `route[].headers`: header changes for requests to this destination. @default none */
  readonly headers?: Headers;
}

/** `HTTPRedirect`. */
export interface HttpRedirect {
  /** `redirect.uri`: the path of the redirect URL. @default the request's path */
  readonly uri?: string;
  /** `redirect.authority`: the host of the redirect URL. @default the request's authority */
  readonly authority?: string;
  /** `redirect.port`: the port of the redirect URL. @default the request's port */
  readonly port?: number;
  /** `redirect.derivePort`: take the port from the scheme's default or from the request. @default unset */
  readonly derivePort?: "FROM_PROTOCOL_DEFAULT" | "FROM_REQUEST_PORT";
  /** `redirect.scheme`: the scheme of the redirect URL. @default the request's scheme */
  readonly scheme?: string;
  /** `redirect.redirectCode`: the HTTP status of the redirect. @default 301 */
  readonly redirectCode?: number;
}

/** `HTTPDirectResponse`. */
export interface HttpDirectResponse {
  /** `directResponse.status`: the HTTP status returned. */
  readonly status: number;
  /** `directResponse.body`: the response body. @default empty */
  readonly body?:
    | {
        /** `directResponse.body.string`: the body as text. */
        readonly string: string;
      }
    | {
        /** `directResponse.body.bytes`: the body, base64-encoded. */
        readonly bytes: string;
      };
}

/**
 * `Delegate`: hand matching requests to another VirtualService (a declared one, or by name). A declared one is any
 * `VirtualService` value (virtual-service.ts; named here by its shape so that the two files do not import each other).
 */
export type Delegate =
  | (DslValue<"virtualService"> & {
      /** `delegate.name`: the declared VirtualService's name. */
      readonly name: string;
      /** `delegate.namespace`: its namespace. */
      readonly namespace: string;
    })
  | {
      /** `delegate.name`: the delegate VirtualService's name. */
      readonly name: string;
      /** `delegate.namespace`: its namespace. @default the delegating VirtualService's namespace */
      readonly namespace?: NamespaceRef;
    };

/** `HTTPRewrite`: `uri` (prefix rewrite) or `uriRegexRewrite`, and/or `authority`. */
export interface HttpRewrite {
  /** `rewrite.uri`: replaces the part of the path the match's `uri` matched (prefix) or the whole path. @default unset */
  readonly uri?: string;
  /** `rewrite.authority`: replaces the `:authority` (Host) header. @default unset */
  readonly authority?: string;
  /** `rewrite.uriRegexRewrite`: rewrites the path with an RE2 regex and a substitution. @default unset */
  readonly uriRegexRewrite?: {
    /** `uriRegexRewrite.match`: the RE2 regex. */
    readonly match: string;
    /** `uriRegexRewrite.rewrite`: the substitution; `\1` is the first capture group. */
    readonly rewrite: string;
  };
}

/** `HTTPRetry`. */
export interface HttpRetry {
  /**
   * `retries.attempts`: retries per request. Without `retries` istiod retries twice; with `retries` and no attempts,
   * not at all. @default 0
   */
  readonly attempts?: number;
  /** `retries.perTryTimeout`: the timeout of each attempt. @default the route's timeout */
  readonly perTryTimeout?: Duration;
  /**
   * `retries.retryOn`: Envoy retry conditions, comma-separated: `5xx,connect-failure,refused-stream`.
   * @default "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes"
   */
  readonly retryOn?: string;
  /** `retries.retryRemoteLocalities`: retry in other localities. @default false */
  readonly retryRemoteLocalities?: boolean;
  /** `retries.retryIgnorePreviousHosts`: retry on hosts not tried yet. @default true */
  readonly retryIgnorePreviousHosts?: boolean;
  /** `retries.backoff`: the base interval between retries. @default Envoy's 25ms */
  readonly backoff?: Duration;
}

/** `HTTPFaultInjection.Abort`: one of an HTTP status, a gRPC status or an HTTP/2 error. */
export type FaultAbort = (
  | {
      /** `fault.abort.httpStatus`: the HTTP status returned. */
      readonly httpStatus: number;
      readonly grpcStatus?: never;
      readonly http2Error?: never;
    }
  | {
      /** `fault.abort.grpcStatus`: the gRPC status returned (`UNAVAILABLE`, ...). */
      readonly grpcStatus: string;
      readonly httpStatus?: never;
      readonly http2Error?: never;
    }
  | {
      /** `fault.abort.http2Error`: the HTTP/2 error returned. */
      readonly http2Error: string;
      readonly httpStatus?: never;
      readonly grpcStatus?: never;
    }
) & {
  /** `fault.abort.percentage`: the share of requests aborted. @default 100 */
  readonly percentage?: Percentage;
};

/** `HTTPFaultInjection`. @example `{ delay: { fixedDelay: "7s", percentage: 100 } }` */
export interface HttpFault {
  /** `fault.delay`: delay requests before forwarding them. @default none */
  readonly delay?: {
    /** `fault.delay.fixedDelay`: how long. */
    readonly fixedDelay: Duration;
    /** `fault.delay.percentage`: the share of requests delayed. @default 100 */
    readonly percentage?: Percentage;
  };
  /** `fault.abort`: answer requests with an error instead of forwarding them. @default none */
  readonly abort?: FaultAbort;
}

/** `HTTPMirrorPolicy`. */
export interface HttpMirror {
  /** `mirrors[].destination`: where copies of the requests go (their responses are dropped). */
  readonly destination: DestinationInput;
  /** `mirrors[].percentage`: the share of requests mirrored. @default 100 */
  readonly percentage?: Percentage;
}

/** `CorsPolicy`. */
export interface CorsPolicy {
  /** `corsPolicy.allowOrigins`: origins allowed to make CORS requests. @default [] (none) */
  readonly allowOrigins?: readonly StringMatch[];
  /** `corsPolicy.allowMethods`: `Access-Control-Allow-Methods`. @default [] */
  readonly allowMethods?: readonly string[];
  /** `corsPolicy.allowHeaders`: `Access-Control-Allow-Headers`. @default [] */
  readonly allowHeaders?: readonly string[];
  /** `corsPolicy.exposeHeaders`: `Access-Control-Expose-Headers`. @default [] */
  readonly exposeHeaders?: readonly string[];
  /** `corsPolicy.maxAge`: `Access-Control-Max-Age`, how long a preflight may be cached. @default unset */
  readonly maxAge?: Duration;
  /** `corsPolicy.allowCredentials`: `Access-Control-Allow-Credentials`. @default false */
  readonly allowCredentials?: boolean;
  /** `corsPolicy.unmatchedPreflights`: what to do with preflights from other origins. @default "FORWARD" */
  readonly unmatchedPreflights?: "UNSPECIFIED" | "FORWARD" | "IGNORE";
}

/** The fields every HTTP route may have, whatever its action. */
export interface HttpRouteCommon {
  /** `http[].name`: the route's name, in access logs and in meshc's traces. @default unset */
  readonly name?: string;
  /** `http[].match`: conditions; the route applies when any one matches. @default match everything */
  readonly match?: readonly HttpMatch[];
  /** `http[].rewrite`: rewrite the path or authority before forwarding. @default none */
  readonly rewrite?: HttpRewrite;
  /** `http[].timeout`: the request timeout. @default none (Envoy's 0s: no timeout) */
  readonly timeout?: Duration;
  /** `http[].retries`: the retry policy. @default 2 retries on connection failures and retriable statuses */
  readonly retries?: HttpRetry;
  /** `http[].fault`: delays and aborts to inject. @default none */
  readonly fault?: HttpFault;
  /** `http[].mirror`: mirror requests to this destination. @default none */
  readonly mirror?: DestinationInput;
  /** `http[].mirrorPercentage`: the share of requests `mirror` copies. @default 100 */
  readonly mirrorPercentage?: Percentage;
  /** `http[].mirrors`: several mirror destinations, each with its percentage. @default [] */
  readonly mirrors?: readonly HttpMirror[];
  /** `http[].corsPolicy`: the CORS policy. @default none */
  readonly corsPolicy?: CorsPolicy;
  /** `http[].headers`: header changes for every destination. @default none */
  readonly headers?: Headers;
}

/** What an HTTP route does: forward, redirect, respond directly, or delegate. Exactly one. */
export type HttpRouteAction =
  | {
      /** `http[].route`: the destinations requests are forwarded to, weighted. */
      readonly route: readonly HttpRouteDestination[];
      readonly redirect?: never;
      readonly directResponse?: never;
      readonly delegate?: never;
    }
  | {
      /** `http[].redirect`: answer with a redirect. */
      readonly redirect: HttpRedirect;
      readonly route?: never;
      readonly directResponse?: never;
      readonly delegate?: never;
    }
  | {
      /** `http[].directResponse`: answer with this status and body. */
      readonly directResponse: HttpDirectResponse;
      readonly route?: never;
      readonly redirect?: never;
      readonly delegate?: never;
    }
  | {
      /** `http[].delegate`: hand matching requests to another VirtualService. */
      readonly delegate: Delegate;
      readonly route?: never;
      readonly redirect?: never;
      readonly directResponse?: never;
    };

/** `HTTPRoute`. Routes are tried in order; the first match wins. */
export type HttpRoute = HttpRouteCommon & HttpRouteAction;

/** `RouteDestination` of TLS and TCP routes. */
export interface RouteDestination {
  /** `route[].destination`: the service (subset, port) connections are forwarded to. */
  readonly destination: DestinationInput;
  /** `route[].weight`: the percentage of connections this destination gets. @default 100 when it is the only one */
  readonly weight?: number;
}

/** `TLSMatchAttributes`. */
export interface TlsMatch {
  /** `tls[].match[].sniHosts`: the SNI values to match (wildcards allowed). */
  readonly sniHosts: readonly string[];
  /** `tls[].match[].destinationSubnets`: destination IPs or CIDRs. @default any */
  readonly destinationSubnets?: readonly string[];
  /** `tls[].match[].port`: the port the host is addressed on. @default any */
  readonly port?: number;
  /** `tls[].match[].sourceLabels`: only connections from workloads with these labels. @default any workload */
  readonly sourceLabels?: Labels;
  /** `tls[].match[].gateways`: only on these gateways. @default the VirtualService's `gateways` */
  readonly gateways?: readonly GatewayRef[];
  /** `tls[].match[].sourceNamespace`: only connections from workloads in this namespace. @default any namespace */
  readonly sourceNamespace?: NamespaceRef;
}

/** `TLSRoute`: routes TLS by SNI without terminating it. */
export interface TlsRoute {
  /** `tls[].match`: conditions; the route applies when any one matches. */
  readonly match: readonly TlsMatch[];
  /** `tls[].route`: the destinations connections are forwarded to, weighted. */
  readonly route: readonly RouteDestination[];
}

/** `L4MatchAttributes`. */
export interface TcpMatch {
  /** `tcp[].match[].destinationSubnets`: destination IPs or CIDRs. @default any */
  readonly destinationSubnets?: readonly string[];
  /** `tcp[].match[].port`: the port the host is addressed on. @default any */
  readonly port?: number;
  /** `tcp[].match[].sourceLabels`: only connections from workloads with these labels. @default any workload */
  readonly sourceLabels?: Labels;
  /** `tcp[].match[].gateways`: only on these gateways. @default the VirtualService's `gateways` */
  readonly gateways?: readonly GatewayRef[];
  /** `tcp[].match[].sourceNamespace`: only connections from workloads in this namespace. @default any namespace */
  readonly sourceNamespace?: NamespaceRef;
}

/** `TCPRoute`. */
export interface TcpRoute {
  /** `tcp[].match`: conditions; the route applies when any one matches. @default match every connection */
  readonly match?: readonly TcpMatch[];
  /** `tcp[].route`: the destinations connections are forwarded to, weighted. */
  readonly route: readonly RouteDestination[];
}
