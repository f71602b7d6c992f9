/**
 * More than one Sidecar without a workload selector in a namespace: which one applies is undefined. istioctl
 * analyze IST0111, `pkg/config/analysis/analyzers/sidecar/selector.go`;
 * https://istio.io/latest/docs/reference/config/networking/sidecar/ ("only one Sidecar ... without any workloadSelector").
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import { Messages } from "../../diagnostics/messages.ts";
import { record } from "../../ir/_read.ts";
import { resourcesOf, type SidecarNode } from "../../ir/ir.ts";
import { reporterFor, type Rule } from "../validate/_report.ts";
import { relatedAt, resourceName } from "./_context.ts";

/**
 * Whether a Sidecar has no workload selector. Read from the spec: Sidecar's selector is `workloadSelector.labels`
 * (https://istio.io/latest/docs/reference/config/networking/sidecar/#WorkloadSelector), which lowering's
 * `selectedWorkloads` does not read (it looks for `matchLabels`).
 */
function isDefault(sc: SidecarNode): boolean {
  const selector = record(record(sc.spec).workloadSelector);
  return Object.keys(record(selector["labels"])).length === 0 && Object.keys(record(selector["matchLabels"])).length === 0;
}

/** Namespaces with several selector-less Sidecars (MESH2250), reported on each. */
export const sidecarDefaults: Rule = (ir) => {
  const out: Diagnostic[] = [];
  const defaults = resourcesOf(ir, "sidecar").filter(isDefault);
  for (const sc of defaults) {
    const others = defaults.filter((o) => o !== sc && o.meta.namespace === sc.meta.namespace);
    if (others.length === 0) continue;
    const related = others.map((o) => relatedAt(o, ["spec"], `Sidecar ${resourceName(o)} has no workload selector either.`));
    reporterFor(sc, out)(Messages.Sidecars_without_selector_in_0, ["spec"], [sc.meta.namespace], related);
  }
  return out;
};
