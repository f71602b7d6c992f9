/**
 * The rule shapes of Gateway API routes (HTTPRoute, GRPCRoute, TCPRoute, TLSRoute), following the Gateway API field
 * for field, with typed parents and backends: a backend is a declared service on a declared port
 * (`reviews.port("http")`), a parent a declared Gateway, one of its listeners, or a service (GAMMA mesh routing).
 * https://gateway-api.sigs.k8s.io/reference/spec/#httproute
 */
import type { Duration } from "./common.ts";
import type { KubeGateway, ListenerRef } from "./kube-gateway.ts";
import type { AnyService, ServicePort } from "./service.ts";

/**
 * Where a route attaches (→ `parentRefs[]`): a Gateway (every listener that admits it), one listener
 * (`gw.listener("http")` → `sectionName`), or a service for mesh traffic to it (`reviews` or `reviews.port("http")`
 * → `group: "", kind: Service`, with `port`).
 */
export type KubeParentRef = KubeGateway | ListenerRef | AnyService | ServicePort;

/** A backend with a weight (→ `backendRefs[]`). */
export interface KubeWeightedBackend {
  /** `backendRefs[].name`, `namespace` and `port`: a declared service on one of its ports (`reviews.port("http")`). */
  readonly backend: ServicePort;
  /** `backendRefs[].weight`: this backend's share, relative to the others'. @default 1 */
  readonly weight?: number;
}

/** A backend: a service port (`reviews.port("http")`, weight 1) or `{ backend, weight }`. */
export type KubeBackendRef = ServicePort | KubeWeightedBackend;

/** A header or query parameter match. */
export interface KubeValueMatch {
  /** `type`: compare exactly or as an RE2 regular expression. @default "Exact" */
  readonly type?: "Exact" | "RegularExpression";
  /** `name`: the header (case-insensitive) or query parameter (case-sensitive) name. */
  readonly name: string;
  /** `value`: the value, or the regular expression. */
  readonly value: string;
}

/** `HTTPRouteMatch`: every condition given must hold. */
export interface KubeHttpMatch {
  /** `matches[].path`: the request path. @default { type: "PathPrefix", value: "/" } */
  readonly path?: {
    /** `path.type`: exact, by whole path elements, or an RE2 regular expression. @default "PathPrefix" */
    readonly type?: "Exact" | "PathPrefix" | "RegularExpression";
    /** `path.value`. @default "/" */
    readonly value?: string;
  };
  /** `matches[].headers`: headers that must match. @default [] */
  readonly headers?: readonly KubeValueMatch[];
  /** `matches[].queryParams`: query parameters that must match. @default [] */
  readonly queryParams?: readonly KubeValueMatch[];
  /** `matches[].method`: the HTTP method. @default any */
  readonly method?: "GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "CONNECT" | "OPTIONS" | "TRACE" | "PATCH";
}

/** `HTTPHeaderFilter`: header changes. */
export interface KubeHeaderModifier {
  /** `set`: headers to set, replacing a value already there. @default [] */
  readonly set?: readonly {
    /** `set[].name`: the header name. */
    readonly name: string;
    /** `set[].value`: the value. */
    readonly value: string;
  }[];
  /** `add`: headers to append. @default [] */
  readonly add?: readonly {
    /** `add[].name`: the header name. */
    readonly name: string;
    /** `add[].value`: the value. */
    readonly value: string;
  }[];
  /** `remove`: header names to remove. @default [] */
  readonly remove?: readonly string[];
}

/** `HTTPPathModifier`: how a redirect or rewrite changes the path. */
export type KubePathModifier =
  | {
      /** `path.type`: replace the whole path. */
      readonly type: "ReplaceFullPath";
      /** `path.replaceFullPath`: the new path. */
      readonly replaceFullPath: string;
    }
  | {
      /** `path.type`: replace the prefix the rule's `PathPrefix` match matched. */
      readonly type: "ReplacePrefixMatch";
      /** `path.replacePrefixMatch`: the new prefix (`/` removes it). */
      readonly replacePrefixMatch: string;
    };

/** `HTTPRequestMirrorFilter`. */
export interface KubeMirror {
  /** `requestMirror.backendRef`: the service copies are sent to. */
  readonly backendRef: ServicePort;
  /** `requestMirror.percent`: the share of requests mirrored. @default 100 */
  readonly percent?: number;
  /**
   * `requestMirror.fraction`: the share of requests mirrored as a fraction (instead of `percent`).
   * @default unset (every request, unless `percent` says otherwise)
   */
  readonly fraction?: {
    /** `fraction.numerator`. */
    readonly numerator: number;
    /** `fraction.denominator`. @default 100 */
    readonly denominator?: number;
  };
}

/** `HTTPCORSFilter`. */
export interface KubeCors {
  /** `cors.allowOrigins`: origins allowed (`*` wildcards). @default [] */
  readonly allowOrigins?: readonly string[];
  /** `cors.allowCredentials`: allow credentials. @default false */
  readonly allowCredentials?: boolean;
  /** `cors.allowMethods`: methods allowed. @default [] */
  readonly allowMethods?: readonly string[];
  /** `cors.allowHeaders`: request headers allowed. @default [] */
  readonly allowHeaders?: readonly string[];
  /** `cors.exposeHeaders`: response headers exposed. @default [] */
  readonly exposeHeaders?: readonly string[];
  /** `cors.maxAge`: seconds a preflight answer may be cached. @default 5 */
  readonly maxAge?: number;
}

/** `RequestHeaderModifier` filter: change the request. */
export interface KubeRequestHeaderFilter {
  /** `filters[].type`. */
  readonly type: "RequestHeaderModifier";
  /** `filters[].requestHeaderModifier`: changes to the request. */
  readonly requestHeaderModifier: KubeHeaderModifier;
}

/** `ResponseHeaderModifier` filter: change the response. */
export interface KubeResponseHeaderFilter {
  /** `filters[].type`. */
  readonly type: "ResponseHeaderModifier";
  /** `filters[].responseHeaderModifier`: changes to the response. */
  readonly responseHeaderModifier: KubeHeaderModifier;
}

/** `RequestRedirect` filter: answer with a redirect. */
export interface KubeRedirectFilter {
  /** `filters[].type`. */
  readonly type: "RequestRedirect";
  /** `filters[].requestRedirect`: answer with a redirect instead of forwarding. */
  readonly requestRedirect: {
    /** `requestRedirect.scheme`. @default the request's */
    readonly scheme?: "http" | "https";
    /** `requestRedirect.hostname`. @default the request's */
    readonly hostname?: string;
    /** `requestRedirect.path`. @default the request's path */
    readonly path?: KubePathModifier;
    /** `requestRedirect.port`. @default the request's port, or the scheme's default when `scheme` is given */
    readonly port?: number;
    /** `requestRedirect.statusCode`. @default 302 */
    readonly statusCode?: 301 | 302 | 303 | 307 | 308;
  };
}

/** `URLRewrite` filter: rewrite the host or path. */
export interface KubeRewriteFilter {
  /** `filters[].type`. */
  readonly type: "URLRewrite";
  /** `filters[].urlRewrite`: change the host name or path before forwarding. */
  readonly urlRewrite: {
    /** `urlRewrite.hostname`: the new Host. @default unchanged */
    readonly hostname?: string;
    /** `urlRewrite.path`: the new path. @default unchanged */
    readonly path?: KubePathModifier;
  };
}

/** `RequestMirror` filter: copy requests to another service. */
export interface KubeMirrorFilter {
  /** `filters[].type`. */
  readonly type: "RequestMirror";
  /** `filters[].requestMirror`: send a copy of each request to another service. */
  readonly requestMirror: KubeMirror;
}

/** `CORS` filter. */
export interface KubeCorsFilter {
  /** `filters[].type`. */
  readonly type: "CORS";
  /** `filters[].cors`: answer CORS preflights and add CORS headers. */
  readonly cors: KubeCors;
}

/** `HTTPRouteFilter`: one filter, `type` naming the field that configures it. */
export type KubeHttpFilter =
  | KubeRequestHeaderFilter
  | KubeResponseHeaderFilter
  | KubeRedirectFilter
  | KubeRewriteFilter
  | KubeMirrorFilter
  | KubeCorsFilter;

/** `HTTPRouteTimeouts`. */
export interface KubeTimeouts {
  /** `timeouts.request`: the whole request, retries included. @default none (Istio's 0s: no timeout) */
  readonly request?: Duration;
  /** `timeouts.backendRequest`: one attempt to a backend. @default `request` */
  readonly backendRequest?: Duration;
}

/** `HTTPRouteRetry`. */
export interface KubeRetry {
  /** `retry.codes`: HTTP statuses that are retried. @default [] (connection failures only) */
  readonly codes?: readonly number[];
  /** `retry.attempts`: the most retries. @default Istio's (2) */
  readonly attempts?: number;
  /** `retry.backoff`: the base interval between retries. @default Envoy's (25ms) */
  readonly backoff?: Duration;
}

/** `HTTPRouteRule`: matches, filters and the backends requests go to. */
export interface KubeHttpRule {
  /** `rules[].name`: the rule's name (in route names and status). @default unset */
  readonly name?: string;
  /** `rules[].matches`: the rule applies when any match holds. @default [{ path: { type: "PathPrefix", value: "/" } }] */
  readonly matches?: readonly KubeHttpMatch[];
  /** `rules[].filters`: changes, redirects, mirrors. @default [] */
  readonly filters?: readonly KubeHttpFilter[];
  /** `rules[].backendRefs`: where requests go, split by weight. @default [] (500, unless a redirect answers) */
  readonly backendRefs?: readonly KubeBackendRef[];
  /** `rules[].timeouts`. @default none */
  readonly timeouts?: KubeTimeouts;
  /** `rules[].retry`. @default Istio's retry policy */
  readonly retry?: KubeRetry;
}

/** `GRPCRouteMatch`: every condition given must hold. */
export interface KubeGrpcMatch {
  /** `matches[].method`: the gRPC service and method. @default any */
  readonly method?: {
    /** `method.type`. @default "Exact" */
    readonly type?: "Exact" | "RegularExpression";
    /** `method.service`: the fully qualified service (`helloworld.Greeter`). @default any */
    readonly service?: string;
    /** `method.method`: the method (`SayHello`). @default any */
    readonly method?: string;
  };
  /** `matches[].headers`: metadata that must match. @default [] */
  readonly headers?: readonly KubeValueMatch[];
}

/** `GRPCRouteFilter`: header changes and mirrors. */
export type KubeGrpcFilter = KubeRequestHeaderFilter | KubeResponseHeaderFilter | KubeMirrorFilter;

/** `GRPCRouteRule`. */
export interface KubeGrpcRule {
  /** `rules[].name`: the rule's name. @default unset */
  readonly name?: string;
  /** `rules[].matches`: the rule applies when any match holds. @default [] (every call) */
  readonly matches?: readonly KubeGrpcMatch[];
  /** `rules[].filters`. @default [] */
  readonly filters?: readonly KubeGrpcFilter[];
  /** `rules[].backendRefs`: where calls go, split by weight. @default [] (calls fail) */
  readonly backendRefs?: readonly KubeBackendRef[];
}

/** `TCPRouteRule` / `TLSRouteRule`: the backends connections go to. */
export interface KubeL4Rule {
  /** `rules[].name`: the rule's name. @default unset */
  readonly name?: string;
  /** `rules[].backendRefs`: where connections go, split by weight. */
  readonly backendRefs: readonly KubeBackendRef[];
}
