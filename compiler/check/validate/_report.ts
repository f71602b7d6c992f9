/** Shared plumbing for webhook rules: a rule is `(ir) => Diagnostic[]`, and reports through a per-node reporter. */
import {
  createDiagnostic,
  type Diagnostic,
  type DiagnosticMessage,
  type RelatedInformation,
} from "../../diagnostics/diagnostic.ts";
import { resourcesOf, type IstioNode, type MeshIR } from "../../ir/ir.ts";
import { spanAt, type FieldPath } from "../../diagnostics/span.ts";

/** One admission-webhook rule over the whole IR. */
export type Rule = (ir: MeshIR) => Diagnostic[];

/** Reports a catalog message at the span of `path` inside one resource (or its nearest recorded parent). */
export type Report = (
  message: DiagnosticMessage,
  path: FieldPath,
  args?: readonly (string | number)[],
  related?: readonly RelatedInformation[],
) => void;

/** A reporter bound to `node` that appends to `out`. */
export function reporterFor(node: IstioNode, out: Diagnostic[]): Report {
  return (message, path, args = [], related) =>
    out.push(createDiagnostic(message, spanAt(node.spans, path, node.span), args, related));
}

/** Runs `check` on every resource of `kind`, collecting what it reports. */
export function forEachOfKind<K extends IstioNode["kind"]>(
  ir: MeshIR,
  kind: K,
  check: (node: Extract<IstioNode, { kind: K }>, report: Report) => void,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const node of resourcesOf(ir, kind)) check(node, reporterFor(node, out));
  return out;
}
