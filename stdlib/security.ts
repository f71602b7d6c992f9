/**
 * Security policies: mTLS (→ PeerAuthentication), JWT (→ RequestAuthentication) and authorization
 * (→ AuthorizationPolicy). A policy applies mesh-wide when declared without namespace or selector (it lowers into
 * the root namespace), namespace-wide with only a namespace, and to workloads with a selector or targetRefs.
 * https://istio.io/latest/docs/reference/config/security/
 */
import { BRAND, isKind, type DslValue } from "./_brand.ts";
import { captureSite, declare } from "./_site.ts";
import type { Duration, Suppressible } from "./common.ts";
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
  | {
      /** `targetRefs[].kind`: the target's kind (`Service`, `Gateway`, `ServiceEntry`). */
      readonly kind: string;
      /** `targetRefs[].name`: the target's name. */
      readonly name: string;
      /** `targetRefs[].group`: the target's API group. @default "" (the core group) */
      readonly group?: string;
      /** `targetRefs[].namespace`: the target's namespace. @default the policy's namespace */
      readonly namespace?: string;
    };

/** Where a policy applies; see the file comment. */
export interface PolicyScope {
  /** The policy's namespace (→ `metadata.namespace`). @default the selector's namespace, else the mesh root namespace */
  readonly namespace?: NamespaceRef;
  /** The workloads it applies to (→ `spec.selector.matchLabels`). @default every workload in the namespace */
  readonly selector?: SelectorRef;
}

/** Options of {@link peerAuthentication}. */
export interface PeerAuthenticationProps extends PolicyScope, Suppressible {
  /** The policy's name (→ `metadata.name`). @default "default" for mesh and namespace scope, else the selector's name */
  readonly name?: string;
  /** `spec.mtls`: whether the workloads accept plaintext. @default { mode: "UNSET" } (inherit; PERMISSIVE at the top) */
  readonly mtls?: {
    /** `mtls.mode`. */
    readonly mode: MtlsMode;
  };
  /**
   * `spec.portLevelMtls`: per-port modes, keyed by the workload (target) port number; requires a selector.
   * @default {}
   */
  readonly portLevelMtls?: Readonly<
    Record<
      number,
      {
        /** `portLevelMtls[port].mode`. */
        readonly mode: MtlsMode;
      }
    >
  >;
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
  /** `jwtRules[].issuer`: the `iss` the token must carry. */
  readonly issuer: string;
  /** `jwtRules[].audiences`: accepted `aud` values. @default [] (any audience) */
  readonly audiences?: readonly string[];
  /** `jwtRules[].jwksUri`: where the issuer's public keys are fetched from. @default the issuer's OpenID discovery */
  readonly jwksUri?: string;
  /** `jwtRules[].jwks`: the issuer's public keys inline (a JWKS JSON document). @default unset */
  readonly jwks?: string;
  /** `jwtRules[].fromHeaders`: headers the token is read from. @default [{ name: "Authorization", prefix: "Bearer " }] */
  readonly fromHeaders?: readonly {
    /** `fromHeaders[].name`: the header. */
    readonly name: string;
    /** `fromHeaders[].prefix`: the prefix before the token (`Bearer `). @default "" */
    readonly prefix?: string;
  }[];
  /** `jwtRules[].fromParams`: query parameters the token is read from. @default ["access_token"] (with the default header) */
  readonly fromParams?: readonly string[];
  /** `jwtRules[].fromCookies`: cookies the token is read from. @default [] */
  readonly fromCookies?: readonly string[];
  /** `jwtRules[].outputPayloadToHeader`: forward the verified payload, base64, in this header. @default unset */
  readonly outputPayloadToHeader?: string;
  /** `jwtRules[].forwardOriginalToken`: keep the token in the forwarded request. @default false */
  readonly forwardOriginalToken?: boolean;
  /** `jwtRules[].outputClaimToHeaders`: copy claims into request headers. @default [] */
  readonly outputClaimToHeaders?: readonly {
    /** `outputClaimToHeaders[].header`: the header to set. */
    readonly header: string;
    /** `outputClaimToHeaders[].claim`: the claim whose value it gets. */
    readonly claim: string;
  }[];
  /** `jwtRules[].timeout`: the timeout of fetching `jwksUri`. @default "5s" */
  readonly timeout?: Duration;
}

/** Options of {@link requestAuthentication}. */
export interface RequestAuthenticationProps extends PolicyScope, Suppressible {
  /** `spec.targetRefs`: the services or gateways it applies to, instead of a selector. @default [] */
  readonly targetRefs?: readonly TargetRef[];
  /** `spec.jwtRules`: the issuers whose tokens are accepted (a request without a token passes). */
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
  /** `source.principals`: peer identities (services, versions, or `<trust domain>/ns/<ns>/sa/<sa>`); mTLS only. @default any */
  readonly principals?: readonly PrincipalRef[];
  /** `source.notPrincipals`: peer identities that do not match. @default none */
  readonly notPrincipals?: readonly PrincipalRef[];
  /** `source.requestPrincipals`: JWT identities, `<iss>/<sub>`. @default any */
  readonly requestPrincipals?: readonly string[];
  /** `source.notRequestPrincipals`: JWT identities that do not match. @default none */
  readonly notRequestPrincipals?: readonly string[];
  /** `source.namespaces`: the peer's namespace (from its certificate); mTLS only. @default any */
  readonly namespaces?: readonly NamespaceRef[];
  /** `source.notNamespaces`: namespaces that do not match. @default none */
  readonly notNamespaces?: readonly NamespaceRef[];
  /** `source.ipBlocks`: the connection's source IP, single IPs or CIDRs. @default any */
  readonly ipBlocks?: readonly string[];
  /** `source.notIpBlocks`: source IPs that do not match. @default none */
  readonly notIpBlocks?: readonly string[];
  /** `source.remoteIpBlocks`: the original client IP (X-Forwarded-For, PROXY protocol). @default any */
  readonly remoteIpBlocks?: readonly string[];
  /** `source.notRemoteIpBlocks`: original client IPs that do not match. @default none */
  readonly notRemoteIpBlocks?: readonly string[];
  /** `source.serviceAccounts`: the peer's service account, `<ns>/<sa>`; mTLS only. @default any */
  readonly serviceAccounts?: readonly string[];
  /** `source.notServiceAccounts`: service accounts that do not match. @default none */
  readonly notServiceAccounts?: readonly string[];
  /** `source.trustDomains`: trust domains of the peer certificate (`cluster.local`, `partner*`); mTLS only. @default any */
  readonly trustDomains?: readonly string[];
  /** `source.notTrustDomains`: trust domains that do not match. @default none */
  readonly notTrustDomains?: readonly string[];
}

/** `Operation`: what the request does. Ports may be numbers; they lower to Istio's strings. */
export interface AuthorizationOperation {
  /** `operation.hosts`: the request's host (`Host`/`:authority`); HTTP only. @default any */
  readonly hosts?: readonly string[];
  /** `operation.notHosts`: hosts that do not match. @default none */
  readonly notHosts?: readonly string[];
  /** `operation.ports`: the workload port the connection is made to. @default any */
  readonly ports?: readonly (number | string)[];
  /** `operation.notPorts`: ports that do not match. @default none */
  readonly notPorts?: readonly (number | string)[];
  /** `operation.methods`: HTTP methods (gRPC: always `POST`); HTTP only. @default any */
  readonly methods?: readonly string[];
  /** `operation.notMethods`: methods that do not match. @default none */
  readonly notMethods?: readonly string[];
  /** `operation.paths`: request paths (exact, `prefix*`, `*suffix`, `{*}` templates); HTTP only. @default any */
  readonly paths?: readonly string[];
  /** `operation.notPaths`: paths that do not match. @default none */
  readonly notPaths?: readonly string[];
}

/** `Condition`: `request.headers[x]`, `source.ip`, `request.auth.claims[iss]`, ... */
export interface AuthorizationCondition {
  /** `when[].key`: the attribute (`request.headers[x]`, `source.ip`, `request.auth.claims[iss]`, ...). */
  readonly key: string;
  /** `when[].values`: values of which one must match. @default any */
  readonly values?: readonly string[];
  /** `when[].notValues`: values that must not match. @default none */
  readonly notValues?: readonly string[];
}

/** `Rule`: from AND to AND when; within `from`/`to`, any entry may match. */
export interface AuthorizationRule {
  /** `rules[].from`: who sent the request; any entry may match. @default any source */
  readonly from?: readonly {
    /** `from[].source`. */
    readonly source: AuthorizationSource;
  }[];
  /** `rules[].to`: what the request does; any entry may match. @default any operation */
  readonly to?: readonly {
    /** `to[].operation`. */
    readonly operation: AuthorizationOperation;
  }[];
  /** `rules[].when`: further conditions; all must hold. @default [] */
  readonly when?: readonly AuthorizationCondition[];
}

/** `action` with its provider: CUSTOM needs one, the others take none. */
export type AuthorizationAction =
  | {
      /** `spec.action`: allow, deny or audit the requests the rules match. @default "ALLOW" */
      readonly action?: "ALLOW" | "DENY" | "AUDIT";
      readonly provider?: never;
    }
  | {
      /** `spec.action`: delegate the decision to an external authorizer. */
      readonly action: "CUSTOM";
      /** `spec.provider`: the authorizer, one of MeshConfig's `extensionProviders`. */
      readonly provider: {
        /** `provider.name`: the extension provider's name. */
        readonly name: string;
      };
    };

/** Options of {@link authorizationPolicy}. */
export type AuthorizationPolicyProps = PolicyScope &
  Suppressible &
  AuthorizationAction & {
    /** `spec.targetRefs`: the services or gateways it applies to, instead of a selector. @default [] */
    readonly targetRefs?: readonly TargetRef[];
    /**
     * `spec.rules`: the requests it matches.
     * @default none: a policy without rules matches nothing (so an ALLOW one allows nothing); `[{}]` matches all
     */
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
