/**
 * A route or mirror destination names a subset that no DestinationRule visible to the VirtualService declares for
 * that host. Istio accepts the config but the proxy has no such cluster, so requests fail with 503 (istioctl
 * analyze IST0101 `ReferencedResourceNotFound`, `pkg/config/analysis/analyzers/virtualservice/destinationrules.go`).
 */
import { Messages } from "../../diagnostics/messages.ts";
import { hostIndex, type HostIndex } from "../../ir/index-hosts.ts";
import { type DestinationRuleNode, type VirtualServiceNode, type Visibility } from "../../ir/ir.ts";
import { defineRule, relatedAt, type Rule } from "../_rule.ts";

/** Whether a resource exported with `visibility` from `owner` is visible in `namespace`. */
export function isVisibleIn(visibility: Visibility, owner: string, namespace: string): boolean {
  return (
    visibility.kind === "public" ||
    visibility.namespaces.includes(namespace) ||
    (owner === namespace && visibility.namespaces.includes(owner))
  );
}

function rulesFor(drs: HostIndex<DestinationRuleNode>, vs: VirtualServiceNode, host: string): DestinationRuleNode[] {
  return drs.matching(host).filter((dr) => isVisibleIn(dr.exportTo, dr.meta.namespace, vs.meta.namespace));
}

/** Undeclared subsets in VirtualService destinations (MESH2001). */
export const unknownSubset: Rule = defineRule((ctx) => {
  const drs = hostIndex(ctx.nodes("destinationRule"), (dr) => [dr.host]);
  for (const vs of ctx.nodes("virtualService")) {
    const report = ctx.at(vs);
    for (const dest of vs.destinations) {
      if (dest.subset === undefined) continue;
      const rules = rulesFor(drs, vs, dest.host);
      const declared = rules.flatMap((dr) => (dr.spec.subsets ?? []).map((s) => s.name ?? ""));
      if (declared.includes(dest.subset)) continue;
      const related = rules.map((dr) =>
        relatedAt(dr, ["spec", "subsets"], Messages.Unknown_subset_0_for_service_1.related.declaresSubsets, [
          `${dr.meta.namespace}/${dr.meta.name}`,
          dr.host,
        ]),
      );
      // The service as the user wrote it (short name or host), not the resolved FQDN.
      report(
        Messages.Unknown_subset_0_for_service_1,
        [...dest.path, "subset"],
        [dest.subset, dest.written, declared.length > 0 ? declared.join(", ") : "none"],
        related,
      );
    }
  }
});
