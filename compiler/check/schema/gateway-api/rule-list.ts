/**
 * The CEL rules on a route's `rules` list as a whole (gateway-api `apis/v1/httproute_types.go` HTTPRouteSpec.Rules,
 * `grpcroute_types.go` GRPCRouteSpec.Rules, `apis/v1alpha2` TCPRouteSpec/TLSRouteSpec.Rules):
 * - every route kind (experimental channel, GEP-995): "Rule name must be unique within the route",
 *   `self.all(l1, !has(l1.name) || self.exists_one(l2, has(l2.name) && l1.name == l2.name))`;
 * - HTTPRoute and GRPCRoute: "While 16 rules and 64 matches per rule are allowed, the total number of matches across
 *   all rules in a route must be less than 128", the sum of `self[i].matches.size()` over the rules `<= 128` (an
 *   HTTPRoute rule without matches is defaulted to one `PathPrefix /` match before CEL runs and counts 1; a GRPCRoute
 *   rule without matches counts 0, `has(self[i].matches) ? ... : 0`).
 */
import { createDiagnostic, type Diagnostic } from "../../../diagnostics/diagnostic.ts";
import { Messages } from "../../../diagnostics/messages.ts";
import type { Checked, RouteSpec } from "./_types.ts";

/** CEL's bound on the matches of a route's rules together. */
const MAX_MATCHES = 128;

export function ruleListDiagnostics(route: Checked<RouteSpec>): Diagnostic[] {
  const rules = route.spec.rules ?? [];
  const out: Diagnostic[] = [];
  const names = rules.map((r) => r.name);
  names.forEach((name, i) => {
    if (name !== undefined && names.indexOf(name) < i)
      out.push(
        createDiagnostic(Messages.Rule_name_0_is_not_unique_within_the_route, route.at(["spec", "rules", i, "name"]), [
          name,
        ]),
      );
  });
  if (route.kind === "HTTPRoute" || route.kind === "GRPCRoute") {
    const empty = route.kind === "HTTPRoute" ? 1 : 0;
    const total = rules.reduce((n, r) => n + (r.matches === undefined ? empty : r.matches.length), 0);
    if (total > MAX_MATCHES)
      out.push(
        createDiagnostic(Messages.The_route_s_rules_have_0_matches_together_more_than_1, route.at(["spec", "rules"]), [
          String(total),
          String(MAX_MATCHES),
        ]),
      );
  }
  return out;
}
