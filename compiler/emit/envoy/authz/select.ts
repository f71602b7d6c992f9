// Which AuthorizationPolicies apply to a sidecar workload, split by action (istio pilot/pkg/model/authorization.go
// `ListAuthorizationPolicies`, `updateAuthorizationPoliciesResult`).
import { resourcesOf, type AuthorizationPolicyNode, type MeshIR, type WorkloadNode } from "../../../ir/ir.ts";

/** The policies of a workload by action, each list in istiod's order (root namespace first, then the workload's). */
export interface PoliciesByAction {
  readonly custom: readonly AuthorizationPolicyNode[];
  readonly deny: readonly AuthorizationPolicyNode[];
  readonly allow: readonly AuthorizationPolicyNode[];
  readonly audit: readonly AuthorizationPolicyNode[];
}

/** The policies by scope (targetRef ones are left out: they never attach to sidecars), with each one's IR position. */
interface PolicyIndex {
  readonly order: ReadonlyMap<AuthorizationPolicyNode, number>;
  readonly mesh: readonly AuthorizationPolicyNode[];
  readonly byNamespace: ReadonlyMap<string, readonly AuthorizationPolicyNode[]>;
  readonly byWorkload: ReadonlyMap<string, readonly AuthorizationPolicyNode[]>;
}

/** Per IR (immutable once lowered): built once, so a workload's lookup costs what can apply to it, not every policy. */
const indexes = new WeakMap<MeshIR, PolicyIndex>();

function indexOf(ir: MeshIR): PolicyIndex {
  let index = indexes.get(ir);
  if (index !== undefined) return index;
  const order = new Map<AuthorizationPolicyNode, number>();
  const mesh: AuthorizationPolicyNode[] = [];
  const byNamespace = new Map<string, AuthorizationPolicyNode[]>();
  const byWorkload = new Map<string, AuthorizationPolicyNode[]>();
  const add = (m: Map<string, AuthorizationPolicyNode[]>, key: string, p: AuthorizationPolicyNode) => {
    const list = m.get(key);
    if (list === undefined) m.set(key, [p]);
    else if (list[list.length - 1] !== p) list.push(p); // a selector's workload list may repeat an id
  };
  for (const p of resourcesOf(ir, "authorizationPolicy")) {
    order.set(p, order.size);
    const s = p.scope;
    if (s.kind === "mesh") mesh.push(p);
    else if (s.kind === "namespace") add(byNamespace, s.namespace, p);
    else if (s.kind === "workloads") for (const w of s.workloads) add(byWorkload, w, p);
  }
  indexes.set(ir, (index = { order, mesh, byNamespace, byWorkload }));
  return index;
}

/**
 * The policies that apply to `workload`: mesh-wide ones (root namespace, no selector), its namespace's without
 * selector, and those whose selector matches it; targetRef policies never attach to sidecars. The IR's `scope`
 * already resolved this. istiod lists the root namespace first; within a namespace it keeps creation order, which
 * meshc does not know (IR order, by name, stands in: RBAC policies are a map, so only the CUSTOM provider
 * grouping could observe it, and istiod sorts providers by name).
 */
export function policiesForWorkload(ir: MeshIR, workload: WorkloadNode): AuthorizationPolicyNode[] {
  const index = indexOf(ir);
  // A policy has exactly one scope, so the three lists are disjoint.
  const all = [...index.mesh, ...(index.byNamespace.get(workload.namespace) ?? []), ...(index.byWorkload.get(workload.id) ?? [])];
  all.sort((a, b) => index.order.get(a)! - index.order.get(b)!);
  const root = ir.meshConfig.rootNamespace;
  return [...all.filter((p) => p.meta.namespace === root), ...all.filter((p) => p.meta.namespace !== root)];
}

/** `updateAuthorizationPoliciesResult`: one list per action (a missing action is ALLOW). */
export function splitByAction(policies: readonly AuthorizationPolicyNode[]): PoliciesByAction {
  const of = (action: AuthorizationPolicyNode["action"]) => policies.filter((p) => p.action === action);
  return { custom: of("CUSTOM"), deny: of("DENY"), allow: of("ALLOW"), audit: of("AUDIT") };
}
