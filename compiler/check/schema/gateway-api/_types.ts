/**
 * Typed views of Gateway API documents that passed their CRD schema (validate-schemas.ts): the CEL rules run only on
 * those, as the API server evaluates `x-kubernetes-validations` on structurally valid objects. Optional fields are
 * those the CRDs let users omit; where the CRD defaults a field, the rules apply the default themselves (the API
 * server defaults before CEL runs).
 */
import type { InputDocument } from "../../../load/document.ts";
import { spanAt, type FieldPath, type Span } from "../../../diagnostics/span.ts";

export interface ListenerTls {
  readonly mode?: "Terminate" | "Passthrough";
  readonly certificateRefs?: readonly unknown[];
  readonly options?: Readonly<Record<string, string>>;
}

export interface Listener {
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
  readonly hostname?: string;
  readonly tls?: ListenerTls;
}

/** `GatewaySpecAddress`: `type` defaults to IPAddress; `value` may be omitted (gateway-api v1.1.0 and later). */
export interface GatewayAddress {
  readonly type?: string;
  readonly value?: string;
}

export interface GatewaySpec {
  readonly listeners: readonly Listener[];
  readonly addresses?: readonly GatewayAddress[];
  /**
   * `GatewayTLSConfig` (v1.4.0, experimental). The schema leaves `frontend` open (scripts/gen-schemas
   * gateway-api-patches.ts), so its fields are read as `unknown` and checked where a rule reads them.
   */
  readonly tls?: { readonly frontend?: unknown };
}

export interface Named {
  readonly name: string;
}

export interface HeaderFilter {
  readonly set?: readonly Named[];
  readonly add?: readonly Named[];
  readonly remove?: readonly string[];
}

export interface PathModifier {
  readonly type: "ReplaceFullPath" | "ReplacePrefixMatch";
}

/** gateway-api `Fraction`: `denominator` defaults to 100. */
export interface Fraction {
  readonly numerator: number;
  readonly denominator?: number;
}

/** `HTTPRequestMirrorFilter` (`percent` and `fraction`: v1.2.0, GEP-3171). */
export interface RequestMirror {
  readonly percent?: number;
  readonly fraction?: Fraction;
}

export interface RouteFilter {
  readonly type: string;
  readonly requestMirror?: RequestMirror;
  /** `HTTPExternalAuthFilter` (v1.4.0, experimental): open in the schema, so read as `unknown`. */
  readonly externalAuth?: unknown;
  readonly requestHeaderModifier?: HeaderFilter;
  readonly responseHeaderModifier?: HeaderFilter;
  readonly requestRedirect?: { readonly path?: PathModifier };
  readonly urlRewrite?: { readonly path?: PathModifier };
  readonly [field: string]: unknown;
}

export interface BackendRef {
  readonly name: string;
  readonly group?: string;
  readonly kind?: string;
  readonly port?: number;
  readonly filters?: readonly RouteFilter[];
}

/** `GRPCMethodMatch`: `type` defaults to Exact. */
export interface GrpcMethodMatch {
  readonly type?: "Exact" | "RegularExpression";
  readonly service?: string;
  readonly method?: string;
}

export interface RouteMatch {
  readonly path?: { readonly type?: string; readonly value?: string };
  /** GRPCRoute only. */
  readonly method?: GrpcMethodMatch;
  readonly headers?: readonly Named[];
  readonly queryParams?: readonly Named[];
}

/** `SessionPersistence` (v1.1.0, experimental): `cookieConfig.lifetimeType` defaults to Session. */
export interface SessionPersistence {
  readonly absoluteTimeout?: string;
  readonly idleTimeout?: string;
  readonly type?: "Cookie" | "Header";
  readonly cookieConfig?: { readonly lifetimeType?: "Permanent" | "Session" };
}

export interface RouteRule {
  /** `SectionName` (v1.2.0, GEP-995, experimental). */
  readonly name?: string;
  readonly matches?: readonly RouteMatch[];
  readonly sessionPersistence?: SessionPersistence;
  readonly filters?: readonly RouteFilter[];
  readonly backendRefs?: readonly BackendRef[];
  readonly timeouts?: { readonly request?: string; readonly backendRequest?: string };
}

export interface RouteSpec {
  readonly hostnames?: readonly string[];
  readonly rules?: readonly RouteRule[];
}

/** A schema-valid document, its spec as `T`, and the span of any of its fields. */
export interface Checked<T> {
  readonly kind: string;
  /** The served `apiVersion` (`gateway.networking.k8s.io/v1`): some rules differ between versions of a kind. */
  readonly apiVersion: string;
  readonly spec: T;
  readonly at: (path: FieldPath) => Span;
}

export function checked<T>(doc: InputDocument): Checked<T> {
  return {
    kind: String(doc.object["kind"]),
    apiVersion: String(doc.object["apiVersion"]),
    spec: (doc.object["spec"] ?? {}) as T,
    at: (path) => spanAt(doc.spans, path, doc.span),
  };
}
