/**
 * A DestinationRule subset whose labels match no workload of its service: the subset's cluster has no endpoints and
 * requests routed to it fail with 503 (UH). istioctl analyze IST0173,
 * `pkg/config/analysis/analyzers/destinationrule/subset.go`. Checked for Kubernetes Services with a selector, against
 * the workloads the input declares, as istioctl checks against the pods in the cluster.
 */
import { Messages } from "../../diagnostics/messages.ts";
import { serviceByFqdn } from "../../ir/ir.ts";
import { workloadsWithIds } from "../../ir/index-workloads.ts";
import { selects } from "../../ir/labels.ts";
import { forEachNode, type Rule } from "../_rule.ts";

/** Subsets that select no workload of their service (MESH2208). */
export const subsetWorkloads: Rule = forEachNode("destinationRule", (dr, report, { ir }) => {
  const svc = serviceByFqdn(ir, dr.host);
  if (svc === undefined || svc.selector === undefined) return;
  const workloads = workloadsWithIds(ir, svc.workloads);
  (dr.spec.subsets ?? []).forEach((s, i) => {
    // Sorted by key, as the finding lists them; a value that is not a string (the schema stage reports it) is ignored.
    const labels = Object.fromEntries(
      Object.entries(s.labels ?? {})
        .filter(([, v]) => typeof v === "string")
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
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
