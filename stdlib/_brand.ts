/**
 * How DSL values are recognised: a `Symbol.for` brand whose value names the kind. `Symbol.for` is shared by every
 * copy of this module in the process, so a mesh.ts that loads its own copy of stdlib still produces values the
 * compiler recognises (`instanceof` would not; see cdk8s `src/api-object.ts`, `isApiObject`).
 */
/** A position in the code V8 ran: 1-based line and column (captured by `_site.ts`). */
export interface Site {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** The brand key carried by every DSL value. */
export const BRAND: unique symbol = Symbol.for("meshc.dsl") as never;

/** Every kind of value the DSL produces. */
export type DslKind =
  | "namespace"
  | "service"
  | "version"
  | "workload"
  | "externalService"
  | "destination"
  | "gateway"
  | "kubeGateway"
  | "gatewayClass"
  | "listener"
  | "kubeRoute"
  | "referenceGrant"
  | "virtualService"
  | "peerAuthentication"
  | "requestAuthentication"
  | "authorizationPolicy"
  | "sidecar"
  | "meshConfig"
  | "raw";

/** The part every DSL value shares: its brand and the call that made it. */
export interface DslValue<K extends DslKind = DslKind> {
  readonly [BRAND]: K;
  /** Where the value was declared (generated file position; the loader maps it back to mesh.ts). */
  readonly site: Site | undefined;
}

/** The kind of a DSL value, or undefined for anything else. */
export function dslKindOf(value: unknown): DslKind | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const kind = (value as { [BRAND]?: unknown })[BRAND];
  return typeof kind === "string" ? (kind as DslKind) : undefined;
}

/** A type guard for one kind, used by every `isX()` export. */
export function isKind<K extends DslKind>(kind: K) {
  return (value: unknown): value is DslValue<K> => dslKindOf(value) === kind;
}
