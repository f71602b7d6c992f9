// Which AuthorizationPolicies apply to a sidecar workload, split by action (istio pilot/pkg/model/authorization.go
// `ListAuthorizationPolicies`, `updateAuthorizationPoliciesResult`).
import type { AuthorizationPolicyNode, MeshIR, WorkloadNode } from "../../../ir/ir.ts";
import { authorizationPoliciesOf } from "../../../ir/index-policies.ts";

/** The policies of a workload by action, each list in istiod's order (root namespace first, then the workload's). */
export interface PoliciesByAction {
  readonly custom: readonly AuthorizationPolicyNode[];
  readonly deny: readonly AuthorizationPolicyNode[];
  readonly allow: readonly AuthorizationPolicyNode[];
  readonly audit: readonly AuthorizationPolicyNode[];
}

/**
 * The policies that apply to `workload`: mesh-wide ones (root namespace, no selector), its namespace's without
 * selector, and those whose selector matches it; targetRef policies never attach to sidecars. The IR's `scope`
 * already resolved this. istiod lists the root namespace first; within a namespace it keeps creation order, which
 * meshc does not know (IR order, by name, stands in: RBAC policies are a map, so only the CUSTOM provider
 * grouping could observe it, and istiod sorts providers by name).
 */
export function policiesForWorkload(ir: MeshIR, workload: WorkloadNode): AuthorizationPolicyNode[] {
  const all = authorizationPoliciesOf(ir, workload);
  const root = ir.meshConfig.rootNamespace;
  return [...all.filter((p) => p.meta.namespace === root), ...all.filter((p) => p.meta.namespace !== root)];
}

/** `updateAuthorizationPoliciesResult`: one list per action (a missing action is ALLOW). */
export function splitByAction(policies: readonly AuthorizationPolicyNode[]): PoliciesByAction {
  const of = (action: AuthorizationPolicyNode["action"]) => policies.filter((p) => p.action === action);
  return { custom: of("CUSTOM"), deny: of("DENY"), allow: of("ALLOW"), audit: of("AUDIT") };
}
