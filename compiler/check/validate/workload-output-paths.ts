/**
 * A Deployment and a Pod may share a name in Kubernetes (different kinds), but `build` writes each workload's Envoy
 * configuration to `envoy/<namespace>/<name>.json` (DESIGN §2), so the two would overwrite one another. Reported at
 * the second declaration, with the first as related information.
 */
import { createDiagnostic, type Diagnostic } from "../../diagnostics/diagnostic.ts";
import { Messages } from "../../diagnostics/messages.ts";
import type { MeshIR, WorkloadNode } from "../../ir/ir.ts";

export function workloadOutputPaths(ir: MeshIR): Diagnostic[] {
  const first = new Map<string, WorkloadNode>();
  const out: Diagnostic[] = [];
  for (const w of ir.workloads) {
    const key = `${w.namespace}/${w.name}`;
    const seen = first.get(key);
    if (seen === undefined) first.set(key, w);
    else if (seen.source !== w.source)
      out.push(
        createDiagnostic(
          Messages.Workload_0_declared_as_Deployment_and_Pod,
          w.span,
          [key],
          [{ message: `The ${seen.source} '${key}' is declared here.`, span: seen.span }],
        ),
      );
  }
  return out;
}
