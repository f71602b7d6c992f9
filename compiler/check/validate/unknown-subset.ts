/**
 * A route or mirror destination names a subset that no DestinationRule visible to the VirtualService declares for
 * that host. Istio accepts the config but the proxy has no such cluster, so requests fail with 503 (istioctl
 * analyze IST0101 `ReferencedResourceNotFound`, `pkg/config/analysis/analyzers/virtualservice/destinationrules.go`).
 */
import { Messages } from "../../diagnostics/messages.ts";
import { hostIndex, type HostIndex } from "../../ir/index-hosts.ts";
import { record, str } from "../../ir/_read.ts";
import { resourcesOf, type DestinationRuleNode, type VirtualServiceNode, type Visibility } from "../../ir/ir.ts";
import { spanAt } from "../../diagnostics/span.ts";
import type { RelatedInformation } from "../../diagnostics/diagnostic.ts";
import { forEachOfKind, type Rule } from "./_report.ts";

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
export const unknownSubset: Rule = (ir) => {
  const drs = hostIndex(resourcesOf(ir, "destinationRule"), (dr) => [dr.host]);
  return forEachOfKind(ir, "virtualService", (vs, report) => {
    for (const dest of vs.destinations) {
      if (dest.subset === undefined) continue;
      const rules = rulesFor(drs, vs, dest.host);
      const declared = rules.flatMap((dr) => (dr.spec.subsets ?? []).map((s) => str(record(s)["name"]) ?? ""));
      if (declared.includes(dest.subset)) continue;
      // The service as the user wrote it (short name or host), not the resolved FQDN.
      const written = hostAsWritten(vs, dest.path) ?? dest.host;
      const related: RelatedInformation[] = rules.map((dr) => ({
        message: `DestinationRule ${dr.meta.namespace}/${dr.meta.name} declares the subsets of '${dr.host}'.`,
        span: spanAt(dr.spans, ["spec", "subsets"], dr.span),
      }));
      report(
        Messages.Unknown_subset_0_for_service_1,
        [...dest.path, "subset"],
        [dest.subset, written, declared.length > 0 ? declared.join(", ") : "none"],
        related,
      );
    }
  });
};

/** The `host` string at `path` (a `destination` object) in the VirtualService spec as written. */
export function hostAsWritten(vs: VirtualServiceNode, path: readonly (string | number)[]): string | undefined {
  let node: unknown = { spec: vs.spec };
  for (const key of path) node = Array.isArray(node) ? node[Number(key)] : record(node)[String(key)];
  return str(record(node)["host"]);
}
