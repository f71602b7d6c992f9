/**
 * Subsets that no route uses. Declaring subsets changes nothing by itself: Istio only sends traffic to a subset
 * when a VirtualService route names it (https://istio.io/latest/docs/concepts/traffic-management/#destination-rules),
 * so a DestinationRule whose subsets are never routed to usually means the routing was forgotten, and traffic is
 * still spread over every version. Reported once per DestinationRule, and only when none of its subsets is used:
 * keeping one version's subset ready while routing to the others is normal during a rollout.
 */
import { Messages } from "../../diagnostics/messages.ts";
import { hostSet } from "../../ir/index-hosts.ts";
import { defineRule, type Rule } from "../_rule.ts";

/** DestinationRules whose subsets no route or mirror names (MESH2209). */
export const unusedSubsets: Rule = defineRule(({ nodes, at }) => {
  const used = hostSet(
    nodes("virtualService").flatMap((vs) =>
      vs.destinations.filter((d) => d.subset !== undefined).map((d) => d.host as string),
    ),
  );
  for (const dr of nodes("destinationRule")) {
    if ((dr.spec.subsets ?? []).length === 0 || used.overlaps(dr.host)) continue;
    at(dr)(Messages.Subsets_of_0_are_never_routed_to, ["spec", "subsets"], [dr.spec.host ?? dr.host]);
  }
});
