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

export interface GatewaySpec {
  readonly listeners: readonly Listener[];
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

export interface RouteFilter {
  readonly type: string;
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

export interface RouteMatch {
  readonly path?: { readonly type?: string; readonly value?: string };
  readonly headers?: readonly Named[];
  readonly queryParams?: readonly Named[];
}

export interface RouteRule {
  readonly matches?: readonly RouteMatch[];
  readonly filters?: readonly RouteFilter[];
  readonly backendRefs?: readonly BackendRef[];
  readonly timeouts?: { readonly request?: string; readonly backendRequest?: string };
}

export interface RouteSpec {
  readonly rules?: readonly RouteRule[];
}

/** A schema-valid document, its spec as `T`, and the span of any of its fields. */
export interface Checked<T> {
  readonly kind: string;
  readonly spec: T;
  readonly at: (path: FieldPath) => Span;
}

export function checked<T>(doc: InputDocument): Checked<T> {
  return {
    kind: String(doc.object["kind"]),
    spec: (doc.object["spec"] ?? {}) as T,
    at: (path) => spanAt(doc.spans, path, doc.span),
  };
}
