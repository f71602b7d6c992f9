/**
 * More than one Sidecar without a workload selector in a namespace: which one applies is undefined. istioctl
 * analyze IST0111, `pkg/config/analysis/analyzers/sidecar/selector.go`;
 * https://istio.io/latest/docs/reference/config/networking/sidecar/ ("only one Sidecar ... without any workloadSelector").
 */
import { Messages } from "../../diagnostics/messages.ts";
import type { SidecarNode } from "../../ir/ir.ts";
import { defineRule, relatedAt, type Rule } from "../_rule.ts";
import { resourceName } from "./_context.ts";

/**
 * Whether a Sidecar has no workload selector (`workloadSelector.labels`,
 * https://istio.io/latest/docs/reference/config/networking/sidecar/#WorkloadSelector): lowering leaves
 * `selectedWorkloads` undefined exactly then.
 */
function isDefault(sc: SidecarNode): boolean {
  return sc.selectedWorkloads === undefined;
}

/** Namespaces with several selector-less Sidecars (MESH2250), reported on each. */
export const sidecarDefaults: Rule = defineRule(({ nodes, at }) => {
  const defaults = nodes("sidecar").filter(isDefault);
  const byNamespace = new Map<string, SidecarNode[]>();
  for (const sc of defaults) {
    const same = byNamespace.get(sc.meta.namespace);
    if (same === undefined) byNamespace.set(sc.meta.namespace, [sc]);
    else same.push(sc);
  }
  for (const sc of defaults) {
    const others = (byNamespace.get(sc.meta.namespace) ?? []).filter((o) => o !== sc);
    if (others.length === 0) continue;
    const related = others.map((o) =>
      relatedAt(o, ["spec"], Messages.Sidecars_without_selector_in_0.related.other, [resourceName(o)]),
    );
    at(sc)(Messages.Sidecars_without_selector_in_0, ["spec"], [sc.meta.namespace], related);
  }
});
