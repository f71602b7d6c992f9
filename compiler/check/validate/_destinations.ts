/** istio `validateDestination`, `validateWeight` and the total-weight check of `validateHTTPRouteDestinations`. */
import { Messages } from "../../diagnostics/messages.ts";
import type { Destination, RouteDestination } from "../../ir/istio-api.ts";
import type { FieldPath } from "../../diagnostics/span.ts";
import type { Report } from "../_rule.ts";
import { isDns1123Label, isValidPort, isValidWildcardDomain } from "./_values.ts";

/** istio `validateDestination`: host valid and not `*`, subset a DNS-1123 label, port in range. */
export function checkDestination(report: Report, destination: Destination | undefined, path: FieldPath): void {
  if (typeof destination !== "object" || destination === null || Array.isArray(destination)) return;
  const host = typeof destination.host === "string" ? destination.host : undefined;
  if (host === "*") report(Messages.Destination_host_wildcard, [...path, "host"]);
  else if (host !== undefined && !isValidWildcardDomain(host))
    report(Messages.Invalid_host_0, [...path, "host"], [host]);
  const subset = typeof destination.subset === "string" ? destination.subset : undefined;
  if (subset !== undefined && !isDns1123Label(subset))
    report(Messages.Invalid_name_0_must_be_DNS_label, [...path, "subset"], [subset]);
  const port = destination.port?.number;
  if (port !== undefined && !isValidPort(port))
    report(Messages.Port_0_out_of_range, [...path, "port", "number"], [String(port)]);
}

/**
 * A route's destination list (`http[].route`, `tcp[].route`, `tls[].route`): each destination valid, weights not
 * negative, and when there are several, a total above 0 (istio: "total destination weight = 0"). Istio accepts any
 * positive total and splits proportionally; meshc also warns when the total is not 100, since a split that does not
 * read as percentages is usually a mistake.
 */
export function checkRouteDestinations(
  report: Report,
  routes: readonly RouteDestination[] | undefined,
  path: FieldPath,
): void {
  const items = routes ?? [];
  let total = 0;
  items.forEach((route, i) => {
    checkDestination(report, route.destination, [...path, i, "destination"]);
    const weight = route.weight;
    if (typeof weight !== "number") return;
    if (weight < 0) report(Messages.Weight_0_is_negative, [...path, i, "weight"], [weight]);
    total += weight;
  });
  if (items.length < 2) return;
  const weighted = items.some((r) => typeof r.weight === "number");
  if (total === 0) report(Messages.Total_weight_is_zero, path);
  else if (weighted && total !== 100) report(Messages.Weights_add_up_to_0_not_100, path, [total]);
}
