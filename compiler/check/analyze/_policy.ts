/** Reading AuthorizationPolicy rules: which fields a rule uses, and a readable name for the workloads it covers. */
import type { AuthorizationPolicyNode, MeshIR, WorkloadNode } from "../../ir/ir.ts";
import type { AuthorizationOperation, AuthorizationRule, AuthorizationSource } from "../../ir/istio-api.ts";
import { scopeWorkloads } from "./_context.ts";

export type Path = (string | number)[];

/** One `source` or `operation` of a rule, with its path. */
export interface Clause<T> {
  readonly body: T;
  readonly path: Path;
}

/** The `from[].source` clauses of rule `i`. */
export function sources(rule: AuthorizationRule, i: number): Clause<AuthorizationSource>[] {
  return (rule.from ?? []).map((f, j) => ({
    body: f.source ?? {},
    path: ["spec", "rules", i, "from", j, "source"],
  }));
}

/** The `to[].operation` clauses of rule `i`. */
export function operations(rule: AuthorizationRule, i: number): Clause<AuthorizationOperation>[] {
  return (rule.to ?? []).map((t, j) => ({
    body: t.operation ?? {},
    path: ["spec", "rules", i, "to", j, "operation"],
  }));
}

/** The rules of a policy. */
export function rulesOf(ap: AuthorizationPolicyNode): readonly AuthorizationRule[] {
  return ap.spec.rules ?? [];
}

/** The workloads with a sidecar that enforce this policy (workloads without one ignore it). */
export function enforcingWorkloads(ir: MeshIR, ap: AuthorizationPolicyNode): WorkloadNode[] {
  return scopeWorkloads(ir, ap.scope).filter((w) => w.sidecar);
}

/** The string values of a list field of a source or operation. */
export function strings<F extends string>(body: { readonly [K in F]?: readonly string[] }, field: F): string[] {
  return (body[field] ?? []).filter((s) => typeof s === "string");
}
