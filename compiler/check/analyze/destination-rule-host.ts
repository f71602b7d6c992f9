/**
 * A DestinationRule whose host is neither a Kubernetes Service nor a ServiceEntry host applies to no traffic: istioctl
 * analyze IST0174, `pkg/config/analysis/analyzers/destinationrule/subset.go`. Wildcard hosts are matched the way
 * istiod matches them (`host.Name.Matches`). Skipped when the input declares no services at all (nothing to compare).
 */
import { Messages } from "../../diagnostics/messages.ts";
import { hostSet } from "../../ir/index-hosts.ts";
import { defineRule, type Rule } from "../_rule.ts";

/** DestinationRules for unknown hosts (MESH2207). */
export const destinationRuleHost: Rule = defineRule(({ ir, nodes, at }) => {
  const known = hostSet([
    ...ir.services.map((s) => s.fqdn as string),
    ...nodes("serviceEntry").flatMap((se) => [...se.hosts] as string[]),
  ]);
  if (ir.services.length === 0) return;
  for (const dr of nodes("destinationRule")) {
    if (dr.host === "" || known.overlaps(dr.host)) continue;
    at(dr)(Messages.DestinationRule_host_0_is_unknown, ["spec", "host"], [dr.spec.host ?? dr.host]);
  }
});
