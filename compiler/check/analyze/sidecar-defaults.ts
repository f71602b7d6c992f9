/**
 * More than one Sidecar without a workload selector in a namespace: which one applies is undefined. istioctl
 * analyze IST0111, `pkg/config/analysis/analyzers/sidecar/selector.go`;
 * https://istio.io/latest/docs/reference/config/networking/sidecar/ ("only one Sidecar ... without any workloadSelector").
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import { Messages } from "../../diagnostics/messages.ts";
import { resourcesOf, type SidecarNode } from "../../ir/ir.ts";
import { reporterFor, type Rule } from "../validate/_report.ts";
import { relatedAt, resourceName } from "./_context.ts";

/**
 * Whether a Sidecar has no workload selector (`workloadSelector.labels`,
 * https://istio.io/latest/docs/reference/config/networking/sidecar/#WorkloadSelector): lowering leaves
 * `selectedWorkloads` undefined exactly then.
 */
function isDefault(sc: SidecarNode): boolean {
  return sc.selectedWorkloads === undefined;
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
