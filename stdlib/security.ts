/**
 * Security policies: mTLS (→ PeerAuthentication), JWT (→ RequestAuthentication) and authorization
 * (→ AuthorizationPolicy). A policy applies mesh-wide when declared without namespace or selector (it lowers into
 * the root namespace), namespace-wide with only a namespace, and to workloads with a selector or targetRefs.
 * https://istio.io/latest/docs/reference/config/security/
 */
import { BRAND, isKind, type DslValue } from "./_brand.ts";
import { captureSite, declare } from "./_site.ts";
import type { Duration } from "./common.ts";
import type { NamespaceRef } from "./namespace.ts";
import type { AnyService } from "./service.ts";
import type { PrincipalRef, SelectorRef } from "./workload.ts";

/** `PeerAuthentication.MutualTLS.Mode`. */
export type MtlsMode = "UNSET" | "DISABLE" | "PERMISSIVE" | "STRICT";

/**
 * A policy target (`targetRefs`): a service (→ `{ group: "", kind: Service, name }`) or Istio's
 * `{ kind, name, group?, namespace? }` (e.g. a Kubernetes Gateway API `Gateway`).
 */
export type TargetRef =
  | AnyService
  | { readonly kind: string; readonly name: string; readonly group?: string; readonly namespace?: string };

/** Where a policy applies; see the file comment. */
export interface PolicyScope {
  /** The policy's namespace. @default the selector's namespace, else the mesh root namespace */
  readonly namespace?: NamespaceRef;
  /** The workloads it applies to. @default every workload in the namespace */
  readonly selector?: SelectorRef;
}

/** Options of {@link peerAuthentication}. */
export interface PeerAuthenticationProps extends PolicyScope {
  /** @default "default" for mesh and namespace scope, else the selector's name */
  readonly name?: string;
  readonly mtls?: { readonly mode: MtlsMode };
  /** Per-port modes, keyed by the workload (target) port number; requires a selector. */
  readonly portLevelMtls?: Readonly<Record<number, { readonly mode: MtlsMode }>>;
}

/** A declared PeerAuthentication. */
export interface PeerAuthentication extends DslValue<"peerAuthentication"> {
  readonly props: PeerAuthenticationProps;
}

/**
 * Declare mTLS requirements (→ PeerAuthentication).
 * @example `peerAuthentication({ mtls: { mode: "STRICT" } })` → PeerAuthentication istio-system/default (mesh-wide)
 */
export function peerAuthentication(props: PeerAuthenticationProps): PeerAuthentication {
  return declare({ [BRAND]: "peerAuthentication", site: captureSite(), props });
}

/** `JWTRule`. */
export interface JwtRule {
  readonly issuer: string;
  readonly audiences?: readonly string[];
  readonly jwksUri?: string;
  readonly jwks?: string;
  readonly fromHeaders?: readonly { readonly name: string; readonly prefix?: string }[];
  readonly fromParams?: readonly string[];
  readonly fromCookies?: readonly string[];
  readonly outputPayloadToHeader?: string;
  readonly forwardOriginalToken?: boolean;
  readonly outputClaimToHeaders?: readonly { readonly header: string; readonly claim: string }[];
  readonly timeout?: Duration;
}

/** Options of {@link requestAuthentication}. */
export interface RequestAuthenticationProps extends PolicyScope {
  readonly targetRefs?: readonly TargetRef[];
  readonly jwtRules: readonly JwtRule[];
}

/** A declared RequestAuthentication. */
export interface RequestAuthentication<N extends string = string> extends DslValue<"requestAuthentication"> {
  readonly name: N;
  readonly props: RequestAuthenticationProps;
}

/**
 * Declare JWT validation (→ RequestAuthentication).
 * @example `requestAuthentication("jwt", { selector: productpage, jwtRules: [{ issuer: "https://auth.example.com", jwksUri: "..." }] })`
 */
export function requestAuthentication<const N extends string>(
  name: N,
  props: RequestAuthenticationProps,
): RequestAuthentication<N> {
  return declare({ [BRAND]: "requestAuthentication", site: captureSite(), name, props });
}

/** `Source`: who sent the request. Every field given must match; `notX` fields exclude. */
export interface AuthorizationSource {
  readonly principals?: readonly PrincipalRef[];
  readonly notPrincipals?: readonly PrincipalRef[];
  readonly requestPrincipals?: readonly string[];
  readonly notRequestPrincipals?: readonly string[];
  readonly namespaces?: readonly NamespaceRef[];
  readonly notNamespaces?: readonly NamespaceRef[];
  readonly ipBlocks?: readonly string[];
  readonly notIpBlocks?: readonly string[];
  readonly remoteIpBlocks?: readonly string[];
  readonly notRemoteIpBlocks?: readonly string[];
  readonly serviceAccounts?: readonly string[];
  readonly notServiceAccounts?: readonly string[];
  /** Trust domains of the peer certificate (`cluster.local`, `partner*`); mTLS only. */
  readonly trustDomains?: readonly string[];
  readonly notTrustDomains?: readonly string[];
}

/** `Operation`: what the request does. Ports may be numbers; they lower to Istio's strings. */
export interface AuthorizationOperation {
  readonly hosts?: readonly string[];
  readonly notHosts?: readonly string[];
  readonly ports?: readonly (number | string)[];
  readonly notPorts?: readonly (number | string)[];
  readonly methods?: readonly string[];
  readonly notMethods?: readonly string[];
  readonly paths?: readonly string[];
  readonly notPaths?: readonly string[];
}

/** `Condition`: `request.headers[x]`, `source.ip`, `request.auth.claims[iss]`, ... */
export interface AuthorizationCondition {
  readonly key: string;
  readonly values?: readonly string[];
  readonly notValues?: readonly string[];
}

/** `Rule`: from AND to AND when; within `from`/`to`, any entry may match. */
export interface AuthorizationRule {
  readonly from?: readonly { readonly source: AuthorizationSource }[];
  readonly to?: readonly { readonly operation: AuthorizationOperation }[];
  readonly when?: readonly AuthorizationCondition[];
}

/** `action` with its provider: CUSTOM needs one, the others take none. */
export type AuthorizationAction =
  | { readonly action?: "ALLOW" | "DENY" | "AUDIT"; readonly provider?: never }
  | { readonly action: "CUSTOM"; readonly provider: { readonly name: string } };

/** Options of {@link authorizationPolicy}. */
export type AuthorizationPolicyProps = PolicyScope &
  AuthorizationAction & {
    readonly targetRefs?: readonly TargetRef[];
    /** @default none: a policy without rules matches nothing (so an ALLOW one allows nothing); `[{}]` matches all */
    readonly rules?: readonly AuthorizationRule[];
    /** Evaluate and log, never enforce (annotation `istio.io/dry-run: "true"`). @default false */
    readonly dryRun?: boolean;
  };

/** A declared AuthorizationPolicy. */
export interface AuthorizationPolicy<N extends string = string> extends DslValue<"authorizationPolicy"> {
  readonly name: N;
  readonly props: AuthorizationPolicyProps;
}

/**
 * Declare an authorization policy (→ AuthorizationPolicy).
 * @example
 * authorizationPolicy("ratings-viewer", { selector: ratings, action: "ALLOW",
 *   rules: [{ from: [{ source: { principals: [reviews] } }], to: [{ operation: { methods: ["GET"] } }] }] })
 * → spec.rules[0].from[0].source.principals: ["cluster.local/ns/bookinfo/sa/bookinfo-reviews"]
 */
export function authorizationPolicy<const N extends string>(
  name: N,
  props: AuthorizationPolicyProps,
): AuthorizationPolicy<N> {
  return declare({ [BRAND]: "authorizationPolicy", site: captureSite(), name, props });
}

/** True for a value made by {@link peerAuthentication}. */
export const isPeerAuthentication = isKind("peerAuthentication") as (v: unknown) => v is PeerAuthentication;
/** True for a value made by {@link requestAuthentication}. */
export const isRequestAuthentication = isKind("requestAuthentication") as (v: unknown) => v is RequestAuthentication;
/** True for a value made by {@link authorizationPolicy}. */
export const isAuthorizationPolicy = isKind("authorizationPolicy") as (v: unknown) => v is AuthorizationPolicy;
