/** Reading AuthorizationPolicy rules: which fields a rule uses, and a readable name for the workloads it covers. */
import { list, record, str, type Json } from "../../ir/_read.ts";
import type { AuthorizationPolicyNode, MeshIR, WorkloadNode } from "../../ir/ir.ts";
import { scopeWorkloads } from "./_context.ts";

export type Path = (string | number)[];

/** One `source` or `operation` of a rule, with its path. */
export interface Clause {
  readonly body: Json;
  readonly path: Path;
}

/** The `from[].source` clauses of rule `i`. */
export function sources(rule: Json, i: number): Clause[] {
  return list(rule["from"]).map((f, j) => ({
    body: record(record(f)["source"]),
    path: ["spec", "rules", i, "from", j, "source"],
  }));
}

/** The `to[].operation` clauses of rule `i`. */
export function operations(rule: Json, i: number): Clause[] {
  return list(rule["to"]).map((t, j) => ({
    body: record(record(t)["operation"]),
    path: ["spec", "rules", i, "to", j, "operation"],
  }));
}

/** The rules of a policy as records. */
export function rulesOf(ap: AuthorizationPolicyNode): Json[] {
  return list(ap.spec.rules).map(record);
}

/** The workloads with a sidecar that enforce this policy (workloads without one ignore it). */
export function enforcingWorkloads(ir: MeshIR, ap: AuthorizationPolicyNode): WorkloadNode[] {
  return scopeWorkloads(ir, ap.scope).filter((w) => w.sidecar);
}

/** The string values of a list field. */
export function strings(body: Json, field: string): string[] {
  return list(body[field])
    .map(str)
    .filter((s): s is string => s !== undefined);
}
