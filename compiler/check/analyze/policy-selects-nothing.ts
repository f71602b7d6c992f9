/**
 * A security policy whose selector matches no workload of its namespace (or a namespace-wide policy in a namespace
 * without workloads) applies to nothing: istioctl analyze IST0127,
 * `pkg/config/analysis/analyzers/authz/authorizationpolicies.go`. Only checked when the input declares workloads at
 * all (without them meshc cannot tell).
 */
import { Messages } from "../../diagnostics/messages.ts";
import type { IstioNode } from "../../ir/ir.ts";
import { workloadsInNamespace } from "../../ir/index-workloads.ts";
import { defineRule, type Rule } from "../_rule.ts";

const POLICY_KINDS: ReadonlySet<IstioNode["kind"]> = new Set([
  "authorizationPolicy",
  "requestAuthentication",
  "peerAuthentication",
]);

/** Policies whose selector matches no workload (MESH2248). */
export const policySelectsNothing: Rule = defineRule(({ ir, at }) => {
  if (ir.workloads.length === 0) return;
  for (const node of ir.resources) {
    if (!POLICY_KINDS.has(node.kind) || !("scope" in node)) continue;
    const scope = node.scope;
    const ns =
      node.meta.namespace === ir.meshConfig.rootNamespace ? "any namespace" : `namespace '${node.meta.namespace}'`;
    if (scope.kind === "workloads" && scope.workloads.length === 0)
      at(node)(Messages.Policy_selects_no_workload, ["spec", "selector"], [ns]);
    if (scope.kind === "namespace" && workloadsInNamespace(ir, scope.namespace).length === 0)
      at(node)(Messages.Policy_selects_no_workload, ["spec"], [ns]);
  }
});
