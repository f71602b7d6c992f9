// Rule sets → HTTP and network filters (istio pilot/pkg/security/authz/builder/builder.go `build`, `buildHTTP`,
// `buildTCP`): CUSTOM builds RBAC-shadow + ext_authz pairs per provider; the other actions one RBAC filter each,
// AUDIT (LOG), then DENY, then ALLOW.
import type { IMessageType } from "@protobuf-ts/runtime";
import type { RBAC as RbacRules } from "../gen/envoy/config/rbac/v3/rbac.ts";
import { Filter } from "../gen/envoy/config/listener/v3/listener_components.ts";
import { ExtAuthz as HttpExtAuthz } from "../gen/envoy/extensions/filters/http/ext_authz/v3/ext_authz.ts";
import { RBAC as HttpRBAC } from "../gen/envoy/extensions/filters/http/rbac/v3/rbac.ts";
import { ExtAuthz as NetworkExtAuthz } from "../gen/envoy/extensions/filters/network/ext_authz/v3/ext_authz.ts";
import { HttpFilter } from "../gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.ts";
import { RBAC as NetworkRBAC } from "../gen/envoy/extensions/filters/network/rbac/v3/rbac.ts";
import type { AuthorizationPolicyNode } from "../../../ir/ir.ts";
import { packAny } from "../registry.ts";
import { filterEnabledMetadata, processExtensionProviders } from "./ext-authz.ts";
import type { RbacAction } from "./model.ts";
import type { AuthzOptions } from "./options.ts";
import { badCustomDenyRules, buildRules, shadowRulesStatPrefix, type BuiltRules } from "./rbac-rules.ts";
import type { PoliciesByAction } from "./select.ts";

/** The filter names istiod uses (go-control-plane `wellknown`). */
export const HTTP_RBAC = "envoy.filters.http.rbac";
export const HTTP_EXT_AUTHZ = "envoy.filters.http.ext_authz";
export const NETWORK_RBAC = "envoy.filters.network.rbac";
export const NETWORK_EXT_AUTHZ = "envoy.filters.network.ext_authz";

/** The two filter flavours: how an RBAC config, an ext_authz config and a named filter are built. */
interface Flavour<F> {
  readonly forTCP: boolean;
  readonly rbac: (rules: RbacRules | undefined, shadow: RbacRules | undefined, shadowPrefix: string) => F;
  /** undefined: the provider has no config for this flavour (an HTTP provider on TCP). */
  readonly extAuthz: (provider: string, built: { http?: HttpExtAuthz; tcp?: NetworkExtAuthz }) => F | undefined;
}

function typed<T extends object>(name: string, type: IMessageType<T>, message: T, make: "http"): HttpFilter;
function typed<T extends object>(name: string, type: IMessageType<T>, message: T, make: "network"): Filter;
function typed<T extends object>(
  name: string,
  type: IMessageType<T>,
  message: T,
  make: "http" | "network",
): HttpFilter | Filter {
  const configType = { oneofKind: "typedConfig" as const, typedConfig: packAny(type, message) };
  return make === "http" ? HttpFilter.create({ name, configType }) : Filter.create({ name, configType });
}

const HTTP: Flavour<HttpFilter> = {
  forTCP: false,
  rbac: (rules, shadowRules, shadowPrefix) =>
    typed(HTTP_RBAC, HttpRBAC, HttpRBAC.create({ rules, shadowRules, shadowRulesStatPrefix: shadowPrefix }), "http"),
  extAuthz: (provider, built) =>
    built.http &&
    typed(
      HTTP_EXT_AUTHZ,
      HttpExtAuthz,
      { ...built.http, filterEnabledMetadata: filterEnabledMetadata(HTTP_RBAC, provider) },
      "http",
    ),
};
const NETWORK: Flavour<Filter> = {
  forTCP: true,
  rbac: (rules, shadowRules, shadowPrefix) =>
    typed(
      NETWORK_RBAC,
      NetworkRBAC,
      NetworkRBAC.create({ rules, shadowRules, shadowRulesStatPrefix: shadowPrefix, statPrefix: "tcp." }),
      "network",
    ),
  extAuthz: (provider, built) =>
    built.tcp &&
    typed(
      NETWORK_EXT_AUTHZ,
      NetworkExtAuthz,
      { ...built.tcp, filterEnabledMetadata: filterEnabledMetadata(NETWORK_RBAC, provider) },
      "network",
    ),
};

/** CUSTOM: per provider (sorted), an RBAC filter whose shadow rules mark matching requests, then ext_authz. */
function customFilters<F>(built: BuiltRules, options: AuthzOptions, flavour: Flavour<F>): F[] {
  const providers = [...built.providerRules.keys()].sort();
  const bad = (provider: string): F =>
    flavour.rbac(badCustomDenyRules(built.providerRules.get(provider)!.rules), undefined, "");
  if (providers.length > 1 && !options.multipleCustomProviders) return providers.map(bad);
  const resolved = processExtensionProviders(options);
  const out: F[] = [];
  for (const provider of providers) {
    const ext = resolved.get(provider);
    if (ext === undefined || ext.errors.length > 0) {
      out.push(bad(provider));
      continue;
    }
    const extAuthz = flavour.extAuthz(provider, ext);
    if (extAuthz === undefined) continue; // "ignored CUSTOM action with HTTP provider on TCP filter chain"
    const pair = built.providerRules.get(provider)!;
    const dryRun = Object.keys(pair.shadowRules.policies).length > 0 ? pair.shadowRules : undefined;
    out.push(flavour.rbac(dryRun, pair.rules, "istio_ext_authz_"), extAuthz);
  }
  return out;
}

function buildAll<F>(policies: PoliciesByAction, options: AuthzOptions, flavour: Flavour<F>): F[] {
  const bundle = options.trustDomainBundle;
  const out: F[] = [];
  const custom = buildRules(policies.custom, "DENY", bundle, flavour.forTCP, true);
  if (custom !== undefined) out.push(...customFilters(custom, options, flavour));
  const order: [readonly AuthorizationPolicyNode[], RbacAction][] = [
    [policies.audit, "LOG"],
    [policies.deny, "DENY"],
    [policies.allow, "ALLOW"],
  ];
  for (const [list, action] of order) {
    const built = buildRules(list, action, bundle, flavour.forTCP, false);
    if (built !== undefined)
      out.push(flavour.rbac(built.rules, built.shadowRules, shadowRulesStatPrefix(built.shadowRules)));
  }
  return out;
}

/** `BuildHTTP` of the CUSTOM builder, then of the AUDIT/DENY/ALLOW builder, in the HCM order istiod uses. */
export const httpAuthzFilters = (policies: PoliciesByAction, options: AuthzOptions): HttpFilter[] =>
  buildAll(policies, options, HTTP);
/** `BuildTCP` likewise, for TCP filter chains (network filters before tcp_proxy). */
export const networkAuthzFilters = (policies: PoliciesByAction, options: AuthzOptions): Filter[] =>
  buildAll(policies, options, NETWORK);
