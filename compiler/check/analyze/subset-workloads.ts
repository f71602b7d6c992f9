/**
 * A DestinationRule subset whose labels match no workload of its service: the subset's cluster has no endpoints and
 * requests routed to it fail with 503 (UH). istioctl analyze IST0173,
 * `pkg/config/analysis/analyzers/destinationrule/subset.go`. Checked for Kubernetes Services with a selector, against
 * the workloads the input declares, as istioctl checks against the pods in the cluster.
 */
import { Messages } from "../../diagnostics/messages.ts";
import { selects, stringMap } from "../../ir/_read.ts";
import { serviceByFqdn } from "../../ir/ir.ts";
import { workloadsWithIds } from "../../ir/index-workloads.ts";
import { forEachNode, type Rule } from "../_rule.ts";

/** Subsets that select no workload of their service (MESH2208). */
export const subsetWorkloads: Rule = forEachNode("destinationRule", (dr, report, { ir }) => {
  const svc = serviceByFqdn(ir, dr.host);
  if (svc === undefined || svc.selector === undefined) return;
  const workloads = workloadsWithIds(ir, svc.workloads);
  (dr.spec.subsets ?? []).forEach((s, i) => {
    const labels = stringMap(s.labels);
    if (Object.keys(labels).length === 0 || workloads.some((w) => selects(labels, w.labels))) return;
    const shown = Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(", ");
    report(
      Messages.Subset_0_selects_no_workload_of_1,
      ["spec", "subsets", i, "labels"],
      [typeof s.name === "string" ? s.name : "", svc.name, `{${shown}}`],
    );
  });
});
