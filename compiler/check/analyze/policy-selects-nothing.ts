/**
 * A security policy whose selector matches no workload of its namespace (or a namespace-wide policy in a namespace
 * without workloads) applies to nothing: istioctl analyze IST0127,
 * `pkg/config/analysis/analyzers/authz/authorizationpolicies.go`. Only checked when the input declares workloads at
 * all (without them meshc cannot tell).
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import { Messages } from "../../diagnostics/messages.ts";
import type { IstioNode } from "../../ir/ir.ts";
import { workloadsInNamespace } from "../../ir/index-workloads.ts";
import { reporterFor, type Rule } from "../validate/_report.ts";

const POLICY_KINDS: ReadonlySet<IstioNode["kind"]> = new Set([
  "authorizationPolicy",
  "requestAuthentication",
  "peerAuthentication",
]);

/** Policies whose selector matches no workload (MESH2248). */
export const policySelectsNothing: Rule = (ir) => {
  const out: Diagnostic[] = [];
  if (ir.workloads.length === 0) return out;
  for (const node of ir.resources) {
    if (!POLICY_KINDS.has(node.kind) || !("scope" in node)) continue;
    const scope = node.scope;
    const ns =
      node.meta.namespace === ir.meshConfig.rootNamespace ? "any namespace" : `namespace '${node.meta.namespace}'`;
    if (scope.kind === "workloads" && scope.workloads.length === 0)
      reporterFor(node, out)(Messages.Policy_selects_no_workload, ["spec", "selector"], [ns]);
    if (scope.kind === "namespace" && workloadsInNamespace(ir, scope.namespace).length === 0)
      reporterFor(node, out)(Messages.Policy_selects_no_workload, ["spec"], [ns]);
  }
  return out;
};
