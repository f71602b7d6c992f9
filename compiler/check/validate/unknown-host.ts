/**
 * A destination host that is neither a Kubernetes Service, nor a ServiceEntry host, nor matched by a wildcard
 * ServiceEntry host: istioctl analyze IST0101 `ReferencedResourceNotFound`
 * (`pkg/config/analysis/analyzers/virtualservice/destinationhosts.go`). A warning, as there: the host may exist in
 * a cluster meshc was not shown.
 */
import { Messages } from "../../diagnostics/messages.ts";
import { hostSet } from "../../ir/index-hosts.ts";
import { defineRule, type Rule } from "../_rule.ts";

const MAX_LISTED = 5;

/** Destination hosts not in the registry (MESH2002). Skipped when the input declares no services at all. */
export const unknownHost: Rule = defineRule(({ ir, nodes, at }) => {
  // A ServiceEntry host `*` is rejected by Istio (MESH2101), so it does not make every host known.
  const entryHosts = nodes("serviceEntry")
    .flatMap((se) => se.hosts)
    .filter((h) => h !== "*");
  const known = [...ir.services.map((s) => s.fqdn as string), ...entryHosts].sort();
  if (known.length === 0) return;
  const listed = known.length <= MAX_LISTED ? known.join(", ") : `${known.slice(0, MAX_LISTED).join(", ")}, ...`;
  const knownSet = hostSet(known);
  for (const vs of nodes("virtualService")) {
    const report = at(vs);
    for (const dest of vs.destinations) {
      if (knownSet.matches(dest.host)) continue;
      report(Messages.Unknown_destination_host_0, [...dest.path, "host"], [dest.written, listed]);
    }
  }
});
