// Istio AuthorizationPolicy → Envoy RBAC and ext_authz filters, as istiod builds them for a sidecar's inbound
// chains (istio pilot/pkg/security/authz/builder/builder.go). Conformance: test/authz-conformance/.
import type { Filter } from "../gen/envoy/config/listener/v3/listener_components.ts";
import type { HttpFilter } from "../gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.ts";
import type { AuthorizationPolicyNode } from "../../../ir/ir.ts";
import { httpAuthzFilters, networkAuthzFilters } from "./filters.ts";
import type { AuthzOptions } from "./options.ts";
import { splitByAction } from "./select.ts";

// For the inbound listener builder and the lead's per-workload assembly.
export { authzOptionsFromIR } from "./options.ts";
export type { AuthzOptions, ExtensionProviderConfig, ExtAuthzGrpcProvider, ExtAuthzHttpProvider } from "./options.ts";
export { policiesForWorkload, splitByAction } from "./select.ts";
export type { PoliciesByAction } from "./select.ts";
export { HTTP_EXT_AUTHZ, HTTP_RBAC, NETWORK_EXT_AUTHZ, NETWORK_RBAC } from "./filters.ts";

// For tests and other emitters that need one piece of the translation.
export { rulePolicy } from "./model.ts";
export { replaceTrustDomainAliases, expandTrustDomainAliases } from "./trust-domain.ts";

/**
 * The HTTP filters for the policies that apply to a workload (istiod `BuildHTTP` of the CUSTOM builder, then of the
 * AUDIT/DENY/ALLOW builder): per CUSTOM provider an `envoy.filters.http.rbac` with shadow rules and an
 * `envoy.filters.http.ext_authz`; then one `envoy.filters.http.rbac` per action present, AUDIT (LOG), DENY, ALLOW.
 * No policies → no filters.
 * `buildHttpAuthzFilters([allowGetPolicy], authzOptionsFromIR(ir))` →
 * `[{ name: "envoy.filters.http.rbac", typedConfig: RBAC{ rules: { policies: { "ns[foo]-policy[p]-rule[0]": … } } } }]`.
 */
export function buildHttpAuthzFilters(
  policies: readonly AuthorizationPolicyNode[],
  options: AuthzOptions,
): HttpFilter[] {
  return httpAuthzFilters(splitByAction(policies), options);
}

/**
 * The network filters for TCP filter chains (istiod `BuildTCP`): the same order, `envoy.filters.network.rbac` with
 * `stat_prefix: tcp.`; HTTP-only conditions drop ALLOW rules and are ignored in DENY/AUDIT/CUSTOM rules; CUSTOM with
 * an HTTP ext_authz provider is left out.
 */
export function buildNetworkAuthzFilters(
  policies: readonly AuthorizationPolicyNode[],
  options: AuthzOptions,
): Filter[] {
  return networkAuthzFilters(splitByAction(policies), options);
}
