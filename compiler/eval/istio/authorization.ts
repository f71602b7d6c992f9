/**
 * The server sidecar's authorization decision (https://istio.io/latest/docs/concepts/security/#implicit-enablement,
 * istio `pilot/pkg/security/authz/builder/builder.go`): CUSTOM first, then DENY (any match denies), then ALLOW (when
 * ALLOW policies exist, only a match allows; none matching denies with no deciding policy); AUDIT never denies.
 *
 * Policies apply to a workload when they live in the root namespace without selector (mesh), in its namespace
 * without selector, or select it (`pilot/pkg/model/authorization.go`); targetRef policies never attach to sidecars.
 * Each rule is one Envoy RBAC policy keyed `ns[<ns>]-policy[<name>]-rule[<i>]`, and Envoy reports the first match in
 * lexicographic key order (envoy `rbac.proto`: policies "evaluated in order of the map keys"); so does meshc.
 * `rules` absent or empty is a policy that matches nothing; `[{}]` matches everything (goldens `allow-nil-rule`,
 * `allow-empty-rule`). Dry-run policies (`istio.io/dry-run: "true"`) become shadow rules: evaluated, reported, not
 * enforced. CUSTOM policies delegate to an extension provider meshc cannot run: a match is reported and assumed to
 * be allowed by the provider; a provider missing from MeshConfig fails closed (DENY), as istiod's
 * `-deny-due-to-bad-CUSTOM-action` rules do.
 */
import type { CoverageSink } from "../coverage.ts";
import type { AuthorizationPolicyNode, MeshIR, WorkloadNode } from "../../ir/ir.ts";
import { authorizationPoliciesOf } from "../../ir/index-policies.ts";
import type { AuthorizationRule } from "../../ir/istio-api.ts";
import type { AuthzDecision } from "../types.ts";
import { matchRule, type AuthzRequest } from "./authz-match.ts";
import type { Check } from "./_model.ts";

/**
 * How one rule of a policy is matched: `matchRule` for an HTTP connection manager's RBAC filter; TCP filter chains
 * read the rule as istiod's TCP translation leaves it (tcp-authz.ts).
 */
export type RuleMatcher = (rule: AuthorizationRule, policy: AuthorizationPolicyNode, req: AuthzRequest) => Check;
const httpMatcher: RuleMatcher = (rule, policy, req) => matchRule(rule, policy.meta.namespace, req);

/** One Envoy RBAC policy: a policy's rule `rule` (or its placeholder when it has none), keyed as istiod names it. */
export interface Entry {
  readonly policy: AuthorizationPolicyNode;
  readonly rule: number;
  readonly key: string;
}

export const policyRef = (p: AuthorizationPolicyNode): string => `${p.meta.namespace}/${p.meta.name}`;

/** The policies that apply to a workload's sidecar, in IR order. */
export function policiesFor(ir: MeshIR, workload: WorkloadNode): AuthorizationPolicyNode[] {
  return authorizationPoliciesOf(ir, workload);
}

function entries(policies: readonly AuthorizationPolicyNode[]): Entry[] {
  const out: Entry[] = [];
  for (const p of policies) {
    const n = Math.max(1, p.spec.rules?.length ?? 0);
    for (let i = 0; i < n; i++)
      out.push({ policy: p, rule: i, key: `ns[${p.meta.namespace}]-policy[${p.meta.name}]-rule[${i}]` });
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The first entry (in key order) that matches, tracing every entry. */
function firstMatching(
  list: readonly Entry[],
  req: AuthzRequest,
  trace: string[],
  tag: string,
  match: RuleMatcher = httpMatcher,
): Entry | undefined {
  let found: Entry | undefined;
  for (const e of list) {
    const rule = e.policy.spec.rules?.[e.rule];
    const label = `${tag}${tag ? " " : ""}${e.policy.action} policy ${policyRef(e.policy)} rule ${e.rule}`;
    if (rule === undefined) {
      trace.push(`${label}: the policy has no rules, so it matches nothing.`);
      continue;
    }
    const check = match(rule, e.policy, req);
    trace.push(`${label} ${check.ok ? "matched" : "did not match"}: ${check.text}.`);
    if (check.ok && found === undefined) found = e;
  }
  return found;
}

/** The entries of the policies with this action and dry-run flag, in Envoy's (map key) evaluation order. */
export function byAction(
  policies: readonly AuthorizationPolicyNode[],
  action: AuthorizationPolicyNode["action"],
  dryRun: boolean,
): Entry[] {
  return entries(policies.filter((p) => p.action === action && p.dryRun === dryRun));
}

/**
 * Dry-run results: the DENY filter's shadow rules run only when no CUSTOM rule denied, the ALLOW filter's only when
 * neither CUSTOM nor an enforced DENY rule denied (envoy `rbac_filter.cc` `decodeHeaders` evaluates a filter's shadow
 * rules when the filter runs; a local 403 stops the chain before later filters).
 */
function dryDeny(
  policies: readonly AuthorizationPolicyNode[],
  req: AuthzRequest,
  trace: string[],
  match: RuleMatcher,
): DryRunEntry[] {
  const deny = firstMatching(byAction(policies, "DENY", true), req, trace, "(dry-run)", match);
  return deny ? [{ policy: policyRef(deny.policy), decision: "DENY", rule: deny.rule }] : [];
}

function dryAllow(
  policies: readonly AuthorizationPolicyNode[],
  req: AuthzRequest,
  trace: string[],
  match: RuleMatcher,
): DryRunEntry[] {
  const allowList = byAction(policies, "ALLOW", true);
  if (allowList.length === 0) return [];
  const allow = firstMatching(allowList, req, trace, "(dry-run)", match);
  return [
    allow
      ? { policy: policyRef(allow.policy), decision: "ALLOW", rule: allow.rule }
      : { policy: null, decision: "DENY", rule: null },
  ];
}

type DryRunEntry = NonNullable<AuthzDecision["dryRun"]>[number];

/** CUSTOM: the first matching enforced CUSTOM rule, and whether its provider is usable (else fail closed). */
function custom(
  ir: MeshIR,
  policies: readonly AuthorizationPolicyNode[],
  req: AuthzRequest,
  trace: string[],
  match: RuleMatcher,
): AuthzDecision | undefined {
  const list = byAction(policies, "CUSTOM", false);
  const providers = new Set(list.map((e) => e.policy.spec.provider?.name ?? ""));
  const hit = firstMatching(list, req, trace, "", match);
  if (hit === undefined) return undefined;
  const name = hit.policy.spec.provider?.name ?? "";
  const known = ir.meshConfig.extensionProviders.some((p) => p.name === name);
  if (!known || providers.size > 1) {
    trace.push(
      `CUSTOM provider '${name}' is ${known ? "one of several for this workload" : "not in MeshConfig extensionProviders"}: istiod denies instead (fail closed).`,
    );
    return { decision: "DENY", policy: policyRef(hit.policy), rule: hit.rule };
  }
  trace.push(
    `CUSTOM policy ${policyRef(hit.policy)} sends the request to provider '${name}'; meshc cannot run it and assumes it allows.`,
  );
  return undefined;
}

/** The decision for a request reaching `workload`'s sidecar; null when no policy applies (then nothing is enforced). */
export function authorize(
  ir: MeshIR,
  workload: WorkloadNode,
  req: AuthzRequest,
  trace: string[],
  coverage?: CoverageSink,
): AuthzDecision | null {
  return authorizeWith(ir, policiesFor(ir, workload), workload.id, req, trace, coverage);
}

/**
 * The decision of the RBAC filters istiod builds from `policies` for a proxy (named `who` in the trace): a sidecar's
 * inbound HCM, or a gateway's HCM (builder.go builds the same filters for both); with `match`, a TCP filter chain's
 * network RBAC filters (`BuildTCP`: the same filters and order, rules read by tcp-authz.ts).
 */
export function authorizeWith(
  ir: MeshIR,
  policies: readonly AuthorizationPolicyNode[],
  who: string,
  req: AuthzRequest,
  trace: string[],
  coverage?: CoverageSink,
  match: RuleMatcher = httpMatcher,
): AuthzDecision {
  if (policies.length === 0) {
    trace.push(`No AuthorizationPolicy applies to '${who}': allowed.`);
    return { decision: "ALLOW", policy: null, rule: null };
  }
  // Dry-run ALLOW and DENY policies become shadow rules of the RBAC filters (AUDIT and CUSTOM ones do not report).
  const hasDry = policies.some((p) => p.dryRun && (p.action === "ALLOW" || p.action === "DENY"));
  const dry: DryRunEntry[] = [];
  const withDry = (d: AuthzDecision): AuthzDecision => (hasDry ? { ...d, dryRun: dry } : d);
  const audit = firstMatching(byAction(policies, "AUDIT", false), req, trace, "(audit only)", match);
  const c = custom(ir, policies, req, trace, match);
  if (c !== undefined) return withDry(c);
  // Coverage: the AUDIT (RBAC LOG) filter runs after CUSTOM's, whose denial ends the chain; its matching rule is exercised.
  if (audit !== undefined) coverage?.hit({ kind: "authzRule", policy: policyRef(audit.policy), rule: audit.rule });
  dry.push(...dryDeny(policies, req, trace, match));
  const deny = firstMatching(byAction(policies, "DENY", false), req, trace, "", match);
  if (deny !== undefined) return withDry({ decision: "DENY", policy: policyRef(deny.policy), rule: deny.rule });
  dry.push(...dryAllow(policies, req, trace, match));
  const allowList = byAction(policies, "ALLOW", false);
  if (allowList.length === 0) {
    trace.push(`No enforced ALLOW policy applies to '${who}': allowed by default.`);
    return withDry({ decision: "ALLOW", policy: null, rule: null });
  }
  const allow = firstMatching(allowList, req, trace, "", match);
  if (allow !== undefined) return withDry({ decision: "ALLOW", policy: policyRef(allow.policy), rule: allow.rule });
  trace.push(`ALLOW policies apply to '${who}' but none matched: denied.`);
  return withDry({ decision: "DENY", policy: null, rule: null });
}
