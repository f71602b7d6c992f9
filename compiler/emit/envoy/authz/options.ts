// What the authorization builder needs besides the policies: the trust-domain bundle, the MeshConfig extension
// providers and the service index istiod resolves ext_authz services in.
import { resourcesOf, type MeshIR } from "../../../ir/ir.ts";
import type { TrustDomainBundle } from "./trust-domain.ts";

/** A MeshConfig `envoyExtAuthzHttp` provider, every field istiod reads (istio mesh/v1alpha1/config.proto). */
export interface ExtAuthzHttpProvider {
  readonly service?: string;
  readonly port?: number;
  readonly timeout?: string;
  readonly pathPrefix?: string;
  readonly failOpen?: boolean;
  readonly statusOnError?: string;
  readonly includeRequestHeadersInCheck?: readonly string[];
  /** Deprecated; used only when includeRequestHeadersInCheck is empty. */
  readonly includeHeadersInCheck?: readonly string[];
  readonly includeAdditionalHeadersInCheck?: Readonly<Record<string, string>>;
  readonly includeRequestBodyInCheck?: RequestBody;
  readonly headersToUpstreamOnAllow?: readonly string[];
  readonly headersToDownstreamOnDeny?: readonly string[];
  readonly headersToDownstreamOnAllow?: readonly string[];
}
/** A MeshConfig `envoyExtAuthzGrpc` provider. */
export interface ExtAuthzGrpcProvider {
  readonly service?: string;
  readonly port?: number;
  readonly timeout?: string;
  readonly failOpen?: boolean;
  readonly statusOnError?: string;
  readonly includeRequestBodyInCheck?: RequestBody;
}
export interface RequestBody {
  readonly maxRequestBytes?: number;
  readonly allowPartialMessage?: boolean;
  readonly packAsBytes?: boolean;
}
/** A MeshConfig extension provider as written (other provider kinds, e.g. tracing, are ignored by authz). */
export interface ExtensionProviderConfig {
  readonly name?: string;
  readonly envoyExtAuthzHttp?: ExtAuthzHttpProvider;
  readonly envoyExtAuthzGrpc?: ExtAuthzGrpcProvider;
}

export interface AuthzOptions {
  /**
   * `[trustDomain, ...trustDomainAliases]` (istiod `trustdomain.NewBundle`). Istio's builder tests use an empty
   * bundle; istiod itself never does (MeshConfig always has a trust domain).
   */
  readonly trustDomainBundle: TrustDomainBundle;
  readonly extensionProviders: readonly ExtensionProviderConfig[];
  /** istiod `ServiceIndex.HostnameAndNamespace[host]`: the namespaces that have a service with this host name. */
  readonly serviceNamespaces: (hostname: string) => readonly string[];
  /** `PILOT_ENABLE_MULTIPLE_CUSTOM_AUTHZ_PROVIDERS` (default false: several CUSTOM providers fail closed). */
  readonly multipleCustomProviders?: boolean;
}

/**
 * The options istiod derives from the mesh: bundle from MeshConfig, providers from MeshConfig, and the service index
 * of Kubernetes Services (by FQDN) and ServiceEntry hosts (pilot/pkg/networking/plugin/authz/authorization.go).
 * `authzOptionsFromIR(ir).trustDomainBundle` → `["cluster.local"]` for the default MeshConfig.
 */
export function authzOptionsFromIR(ir: MeshIR): AuthzOptions {
  const index = new Map<string, string[]>();
  const add = (host: string, ns: string): void => {
    const list = index.get(host) ?? [];
    if (!list.includes(ns)) list.push(ns);
    index.set(host, list);
  };
  for (const svc of ir.services) add(svc.fqdn, svc.namespace);
  for (const se of resourcesOf(ir, "serviceEntry")) for (const host of se.hosts) add(host, se.meta.namespace);
  return {
    trustDomainBundle: [ir.meshConfig.trustDomain, ...ir.meshConfig.trustDomainAliases],
    extensionProviders: ir.meshConfig.extensionProviders,
    serviceNamespaces: (host) => index.get(host) ?? [],
  };
}
