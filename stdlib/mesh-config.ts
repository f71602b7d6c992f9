/**
 * Mesh-wide settings (→ Istio's MeshConfig, emitted as the `istio` ConfigMap in the root namespace with the
 * MeshConfig YAML under `data.mesh`, which is how istiod reads it).
 * https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/
 */
import { BRAND, isKind, type DslValue } from "./_brand.ts";
import { captureSite, declare } from "./_site.ts";
import type { Duration } from "./common.ts";
import type { ExternalService } from "./external.ts";
import type { HttpRetry } from "./route-types.ts";
import type { AnyService } from "./service.ts";

/** `MeshConfig.ExtensionProvider` for CUSTOM authorization (ext_authz over HTTP or gRPC). */
export type ExtensionProvider = {
  /** `extensionProviders[].name`: what a CUSTOM AuthorizationPolicy's `provider.name` refers to. */
  readonly name: string;
} & (
  | {
      /** `extensionProviders[].envoyExtAuthzHttp`: an ext_authz server spoken to over HTTP. */
      readonly envoyExtAuthzHttp: {
        /** `envoyExtAuthzHttp.service`: the authorizer, a declared service or `<name>.<namespace>.svc.cluster.local`. */
        readonly service: AnyService | ExternalService | string;
        /** `envoyExtAuthzHttp.port`: the authorizer's port. */
        readonly port: number;
        /** `envoyExtAuthzHttp.timeout`: how long to wait for the authorizer. @default "600s" */
        readonly timeout?: Duration;
        /** `envoyExtAuthzHttp.pathPrefix`: prepended to the path of the check request. @default "" */
        readonly pathPrefix?: string;
        /** `envoyExtAuthzHttp.failOpen`: allow the request when the authorizer fails. @default false */
        readonly failOpen?: boolean;
        /** `envoyExtAuthzHttp.statusOnError`: the status returned when it fails. @default "403" */
        readonly statusOnError?: string;
        /** `envoyExtAuthzHttp.includeRequestHeadersInCheck`: request headers sent to the authorizer. @default [] */
        readonly includeRequestHeadersInCheck?: readonly string[];
        /** `envoyExtAuthzHttp.headersToUpstreamOnAllow`: authorizer headers added to an allowed request. @default [] */
        readonly headersToUpstreamOnAllow?: readonly string[];
        /** `envoyExtAuthzHttp.headersToDownstreamOnDeny`: authorizer headers returned on a denial. @default [] */
        readonly headersToDownstreamOnDeny?: readonly string[];
      };
      readonly envoyExtAuthzGrpc?: never;
    }
  | {
      /** `extensionProviders[].envoyExtAuthzGrpc`: an ext_authz server spoken to over gRPC. */
      readonly envoyExtAuthzGrpc: {
        /** `envoyExtAuthzGrpc.service`: the authorizer, a declared service or `<name>.<namespace>.svc.cluster.local`. */
        readonly service: AnyService | ExternalService | string;
        /** `envoyExtAuthzGrpc.port`: the authorizer's port. */
        readonly port: number;
        /** `envoyExtAuthzGrpc.timeout`: how long to wait for the authorizer. @default "600s" */
        readonly timeout?: Duration;
        /** `envoyExtAuthzGrpc.failOpen`: allow the request when the authorizer fails. @default false */
        readonly failOpen?: boolean;
        /** `envoyExtAuthzGrpc.statusOnError`: the status returned when it fails. @default "403" */
        readonly statusOnError?: string;
      };
      readonly envoyExtAuthzHttp?: never;
    }
);

/** Options of {@link meshConfig}: the MeshConfig fields meshc understands. */
export interface MeshConfigProps {
  /** `trustDomain`: the trust domain of the mesh's identities (`<td>/ns/<ns>/sa/<sa>`). @default "cluster.local" */
  readonly trustDomain?: string;
  /** `trustDomainAliases`: other trust domains authorization treats as this one. @default [] */
  readonly trustDomainAliases?: readonly string[];
  /** `rootNamespace`: where mesh-wide policies live. @default "istio-system" */
  readonly rootNamespace?: string;
  /** `outboundTrafficPolicy`: whether sidecars pass traffic to hosts not in the registry. @default { mode: "ALLOW_ANY" } */
  readonly outboundTrafficPolicy?: {
    /** `outboundTrafficPolicy.mode`: pass through (ALLOW_ANY) or block (REGISTRY_ONLY). */
    readonly mode: "ALLOW_ANY" | "REGISTRY_ONLY";
  };
  /** `enableAutoMtls`: clients use Istio mTLS to servers with sidecars unless a DestinationRule says otherwise. @default true */
  readonly enableAutoMtls?: boolean;
  /** `extensionProviders`: external authorizers for CUSTOM AuthorizationPolicies. @default [] */
  readonly extensionProviders?: readonly ExtensionProvider[];
  /** `defaultHttpRetryPolicy`: the retries of routes that set none. @default 2 retries (istiod's default policy) */
  readonly defaultHttpRetryPolicy?: HttpRetry;
}

/** The declared mesh settings. */
export interface MeshConfig extends DslValue<"meshConfig"> {
  readonly props: MeshConfigProps;
}

/**
 * Declare mesh-wide settings (at most once per mesh).
 * @example `meshConfig({ outboundTrafficPolicy: { mode: "REGISTRY_ONLY" } })`
 * → ConfigMap istio-system/istio, `data.mesh: "outboundTrafficPolicy:\n  mode: REGISTRY_ONLY\n"`
 */
export function meshConfig(props: MeshConfigProps): MeshConfig {
  return declare({ [BRAND]: "meshConfig", site: captureSite(), props });
}

/** True for a value made by {@link meshConfig}. */
export const isMeshConfig = isKind("meshConfig") as (value: unknown) => value is MeshConfig;
