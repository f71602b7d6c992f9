/**
 * A destination host that is neither a Kubernetes Service, nor a ServiceEntry host, nor matched by a wildcard
 * ServiceEntry host: istioctl analyze IST0101 `ReferencedResourceNotFound`
 * (`pkg/config/analysis/analyzers/virtualservice/destinationhosts.go`). A warning, as there: the host may exist in
 * a cluster meshc was not shown.
 */
import { Messages } from "../../diagnostics/messages.ts";
import { hostSet } from "../../ir/index-hosts.ts";
import { resourcesOf } from "../../ir/ir.ts";
import { forEachOfKind, type Rule } from "./_report.ts";
import { hostAsWritten } from "./unknown-subset.ts";

const MAX_LISTED = 5;

/** Destination hosts not in the registry (MESH2002). Skipped when the input declares no services at all. */
export const unknownHost: Rule = (ir) => {
  // A ServiceEntry host `*` is rejected by Istio (MESH2101), so it does not make every host known.
  const entryHosts = resourcesOf(ir, "serviceEntry")
    .flatMap((se) => se.hosts)
    .filter((h) => h !== "*");
  const known = [...ir.services.map((s) => s.fqdn as string), ...entryHosts].sort();
  if (known.length === 0) return [];
  const listed = known.length <= MAX_LISTED ? known.join(", ") : `${known.slice(0, MAX_LISTED).join(", ")}, ...`;
  const knownSet = hostSet(known);
  return forEachOfKind(ir, "virtualService", (vs, report) => {
    for (const dest of vs.destinations) {
      if (knownSet.matches(dest.host)) continue;
      report(
        Messages.Unknown_destination_host_0,
        [...dest.path, "host"],
        [hostAsWritten(vs, dest.path) ?? dest.host, listed],
      );
    }
  });
};
