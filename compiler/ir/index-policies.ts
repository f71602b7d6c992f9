/**
 * AuthorizationPolicies by scope, once per IR (immutable once lowered), so that finding the policies of a workload
 * costs what can apply to it, not a scan of every policy. The emitter (`emit/envoy/authz/select.ts`) and the Istio
 * engine (`eval/istio/authorization.ts`) both ask it, per workload and per decision.
 */
import { resourcesOf, type AuthorizationPolicyNode, type MeshIR, type WorkloadNode } from "./ir.ts";

/** Policies by scope (targetRef ones are left out: they never attach to sidecars), with each one's IR position. */
interface PolicyIndex {
  readonly order: ReadonlyMap<AuthorizationPolicyNode, number>;
  readonly mesh: readonly AuthorizationPolicyNode[];
  readonly byNamespace: ReadonlyMap<string, readonly AuthorizationPolicyNode[]>;
  readonly byWorkload: ReadonlyMap<string, readonly AuthorizationPolicyNode[]>;
}

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
 * The policies that apply to `workload`'s sidecar, in IR order: mesh-wide ones (root namespace, no selector), its
 * namespace's without selector, and those whose selector matches it (the IR's `scope` resolved this).
 */
export function authorizationPoliciesOf(ir: MeshIR, workload: WorkloadNode): AuthorizationPolicyNode[] {
  const index = indexOf(ir);
  // A policy has exactly one scope, so the three lists are disjoint.
  const all = [
    ...index.mesh,
    ...(index.byNamespace.get(workload.namespace) ?? []),
    ...(index.byWorkload.get(workload.id) ?? []),
  ];
  return all.sort((a, b) => index.order.get(a)! - index.order.get(b)!);
}
