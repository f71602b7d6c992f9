// Policies of one action → the enforced and dry-run (shadow) RBAC rule sets (istio
// pilot/pkg/security/authz/builder/builder.go `Builder.build`, `policyName`, `getBadCustomDenyRules`).
import { RBAC as RbacRules, RBAC_Action, type Policy } from "../gen/envoy/config/rbac/v3/rbac.ts";
import type { AuthorizationPolicyNode } from "../../../ir/ir.ts";
import type { AuthorizationRule } from "../../../ir/istio-api.ts";
import { policyMatchNever, rulePolicy, type RbacAction } from "./model.ts";
import type { TrustDomainBundle } from "./trust-domain.ts";

/** The rule sets of one action; for CUSTOM, one pair per provider (in first-seen order). */
export interface BuiltRules {
  /** Enforced policies, undefined when every policy of the action is dry-run. */
  readonly rules: RbacRules | undefined;
  /** Dry-run policies, undefined when none is. */
  readonly shadowRules: RbacRules | undefined;
  readonly providerRules: ReadonlyMap<string, { rules: RbacRules; shadowRules: RbacRules }>;
}

const ACTIONS: Record<RbacAction, RBAC_Action> = {
  ALLOW: RBAC_Action.ALLOW,
  DENY: RBAC_Action.DENY,
  LOG: RBAC_Action.LOG,
};
const emptyRules = (action: RbacAction): RbacRules => RbacRules.create({ action: ACTIONS[action], policies: {} });

/**
 * `policyName`: `ns[<ns>]-policy[<name>]-rule[<i>]`; CUSTOM rules are prefixed `istio-ext-authz-<provider>-` so the
 * ext_authz filter can find them in the RBAC filter's dynamic metadata.
 */
export function policyName(ns: string, name: string, rule: number, custom: { provider: string } | undefined): string {
  const prefix =
    custom === undefined ? "" : custom.provider === "" ? "istio-ext-authz-" : `istio-ext-authz-${custom.provider}-`;
  return `${prefix}ns[${ns}]-policy[${name}]-rule[${rule}]`;
}

/** Adds one policy's rules to `into` (a policy without rules adds one match-nothing entry, as istiod does). */
function addPolicy(
  into: RbacRules,
  ap: AuthorizationPolicyNode,
  bundle: TrustDomainBundle,
  forTCP: boolean,
  action: RbacAction,
  custom: { provider: string } | undefined,
): void {
  const rules: readonly (AuthorizationRule | null)[] = ap.spec.rules ?? [];
  rules.forEach((rule, i) => {
    if (rule === null) return; // "skipped nil rule"
    const generated: Policy | undefined = rulePolicy(rule, ap.meta.namespace, bundle, forTCP, action);
    if (generated !== undefined) into.policies[policyName(ap.meta.namespace, ap.meta.name, i, custom)] = generated;
  });
  if (rules.length === 0) into.policies[policyName(ap.meta.namespace, ap.meta.name, 0, custom)] = policyMatchNever();
}

/**
 * Builds the rule sets for the policies of one action (`custom` for the CUSTOM builder, which generates with DENY
 * semantics). Undefined when there are no policies.
 */
export function buildRules(
  policies: readonly AuthorizationPolicyNode[],
  action: RbacAction,
  bundle: TrustDomainBundle,
  forTCP: boolean,
  custom: boolean,
): BuiltRules | undefined {
  if (policies.length === 0) return undefined;
  const enforce = emptyRules(action);
  const shadow = emptyRules(action);
  const providerRules = new Map<string, { rules: RbacRules; shadowRules: RbacRules }>();
  let hasEnforce = false;
  let hasDryRun = false;
  for (const ap of policies) {
    let into: RbacRules;
    let provider: { provider: string } | undefined;
    if (custom) {
      provider = { provider: ap.spec.provider?.name ?? "" };
      const pair = providerRules.get(provider.provider) ?? {
        rules: emptyRules(action),
        shadowRules: emptyRules(action),
      };
      providerRules.set(provider.provider, pair);
      into = ap.dryRun ? pair.shadowRules : pair.rules;
    } else into = ap.dryRun ? shadow : enforce;
    if (ap.dryRun) hasDryRun = true;
    else hasEnforce = true;
    addPolicy(into, ap, bundle, forTCP, action, provider);
  }
  return { rules: hasEnforce ? enforce : undefined, shadowRules: hasDryRun ? shadow : undefined, providerRules };
}

/** `getBadCustomDenyRules`: fail closed, DENY every enforced CUSTOM rule, keys suffixed `-deny-due-to-bad-CUSTOM-action`. */
export function badCustomDenyRules(rules: RbacRules): RbacRules {
  const policies: Record<string, Policy> = {};
  for (const [key, policy] of Object.entries(rules.policies)) policies[`${key}-deny-due-to-bad-CUSTOM-action`] = policy;
  return RbacRules.create({ action: RBAC_Action.DENY, policies });
}

/** `shadowRuleStatPrefix`: by the shadow rules' action; a missing rule set reads as ALLOW (istiod's nil getter). */
export function shadowRulesStatPrefix(shadow: RbacRules | undefined): string {
  const action = shadow?.action ?? RBAC_Action.ALLOW;
  return action === RBAC_Action.ALLOW
    ? "istio_dry_run_allow_"
    : action === RBAC_Action.DENY
      ? "istio_dry_run_deny_"
      : "";
}
