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
export type ExtensionProvider = { readonly name: string } & (
  | {
      readonly envoyExtAuthzHttp: {
        /** The authorizer: a declared service, or `<name>.<namespace>.svc.cluster.local`. */
        readonly service: AnyService | ExternalService | string;
        readonly port: number;
        readonly timeout?: Duration;
        readonly pathPrefix?: string;
        readonly failOpen?: boolean;
        readonly statusOnError?: string;
        readonly includeRequestHeadersInCheck?: readonly string[];
        readonly headersToUpstreamOnAllow?: readonly string[];
        readonly headersToDownstreamOnDeny?: readonly string[];
      };
      readonly envoyExtAuthzGrpc?: never;
    }
  | {
      readonly envoyExtAuthzGrpc: {
        readonly service: AnyService | ExternalService | string;
        readonly port: number;
        readonly timeout?: Duration;
        readonly failOpen?: boolean;
        readonly statusOnError?: string;
      };
      readonly envoyExtAuthzHttp?: never;
    }
);

/** Options of {@link meshConfig}: the MeshConfig fields meshc understands. */
export interface MeshConfigProps {
  /** @default "cluster.local" */
  readonly trustDomain?: string;
  /** @default [] */
  readonly trustDomainAliases?: readonly string[];
  /** Where mesh-wide policies live. @default "istio-system" */
  readonly rootNamespace?: string;
  /** @default { mode: "ALLOW_ANY" } */
  readonly outboundTrafficPolicy?: { readonly mode: "ALLOW_ANY" | "REGISTRY_ONLY" };
  /** @default true */
  readonly enableAutoMtls?: boolean;
  /** @default [] */
  readonly extensionProviders?: readonly ExtensionProvider[];
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
