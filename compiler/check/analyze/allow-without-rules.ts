/**
 * An ALLOW policy without rules matches no request, and once any ALLOW policy applies to a workload, requests that
 * match none are denied: the policy denies everything (Istio's "allow-nothing" policy,
 * https://istio.io/latest/docs/reference/config/security/authorization-policy/). Said out loud, because a dropped
 * `rules:` line does the same thing by accident. DENY/CUSTOM without rules are MESH2133's.
 */
import { Messages } from "../../diagnostics/messages.ts";
import type { PolicyScope } from "../../ir/ir.ts";
import { forEachNode, type Rule } from "../_rule.ts";

function describe(scope: PolicyScope): string | undefined {
  switch (scope.kind) {
    case "mesh":
      return "every workload in the mesh";
    case "namespace":
      return `every workload in namespace '${scope.namespace}'`;
    case "workloads":
      return scope.workloads.length === 0 ? undefined : scope.workloads.map((w) => `'${w}'`).join(", ");
    case "targetRefs":
      return scope.refs.map((r) => `${r.kind} '${r.namespace}/${r.name}'`).join(", ");
    default:
      return scope satisfies never;
  }
}

/** ALLOW policies without rules (MESH2244). */
export const allowWithoutRules: Rule = forEachNode("authorizationPolicy", (ap, report) => {
  if (ap.action !== "ALLOW" || ap.dryRun || (ap.spec.rules ?? []).length > 0) return;
  const target = describe(ap.scope);
  if (target !== undefined)
    report(Messages.ALLOW_policy_without_rules_denies_0, ap.spec.rules === undefined ? ["spec"] : ["spec", "rules"], [
      target,
    ]);
});
