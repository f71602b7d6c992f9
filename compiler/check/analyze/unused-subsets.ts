/**
 * Subsets that no route uses. Declaring subsets changes nothing by itself: Istio only sends traffic to a subset
 * when a VirtualService route names it (https://istio.io/latest/docs/concepts/traffic-management/#destination-rules),
 * so a DestinationRule whose subsets are never routed to usually means the routing was forgotten, and traffic is
 * still spread over every version. Reported once per DestinationRule, and only when none of its subsets is used:
 * keeping one version's subset ready while routing to the others is normal during a rollout.
 */
import { Messages } from "../../diagnostics/messages.ts";
import { hostSet } from "../../ir/index-hosts.ts";
import { list } from "../../ir/_read.ts";
import { resourcesOf } from "../../ir/ir.ts";
import { forEachOfKind, type Rule } from "../validate/_report.ts";

/** DestinationRules whose subsets no route or mirror names (MESH2209). */
export const unusedSubsets: Rule = (ir) => {
  const used = hostSet(
    resourcesOf(ir, "virtualService").flatMap((vs) =>
      vs.destinations.filter((d) => d.subset !== undefined).map((d) => d.host as string),
    ),
  );
  return forEachOfKind(ir, "destinationRule", (dr, report) => {
    if (list(dr.spec.subsets).length === 0) return;
    if (used.overlaps(dr.host)) return;
    report(Messages.Subsets_of_0_are_never_routed_to, ["spec", "subsets"], [dr.spec.host ?? dr.host]);
  });
};
