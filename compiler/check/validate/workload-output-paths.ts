/**
 * A Deployment and a Pod may share a name in Kubernetes (different kinds), but `build` writes each workload's Envoy
 * configuration to `envoy/<namespace>/<name>.json` (docs/cli.md), so the two would overwrite one another. Reported at
 * the later workload in IR order, with the first as related information.
 */
import { createRelated } from "../../diagnostics/diagnostic.ts";
import { Messages } from "../../diagnostics/messages.ts";
import type { WorkloadNode } from "../../ir/ir.ts";
import { defineRule, resourceOf } from "../_rule.ts";

export const workloadOutputPaths = defineRule((ctx) => {
  const first = new Map<string, WorkloadNode>();
  for (const w of ctx.ir.workloads) {
    const key = `${w.namespace}/${w.name}`;
    const seen = first.get(key);
    if (seen === undefined) first.set(key, w);
    else if (seen.source !== w.source)
      ctx.report(
        Messages.Workload_0_declared_as_Deployment_and_Pod,
        w.span,
        [key],
        [
          createRelated(Messages.Workload_0_declared_as_Deployment_and_Pod.related.first, seen.span, [
            seen.source,
            key,
          ]),
        ],
        resourceOf(w),
      );
  }
});
