/**
 * VirtualService TLS and TCP routes: istio `pkg/config/validation/validation.go` `validateTLSRoute`,
 * `validateTLSMatch`, `validateSniHost`, `validateTCPRoute`, `validateTCPMatch`.
 */
import { Messages } from "../../diagnostics/messages.ts";
import { hostMatches } from "../../ir/hosts.ts";
import type { VirtualServiceNode } from "../../ir/ir.ts";
import type { L4MatchAttributes, TLSRoute } from "../../ir/istio-api.ts";
import { checkLabels } from "./_common.ts";
import { checkRouteDestinations } from "./_destinations.ts";
import { forEachNode, type Report, type Rule } from "../_rule.ts";
import { isValidIpOrCidr, isValidPort, isValidWildcardDomain } from "./_values.ts";

type Path = (string | number)[];

/** istio `host.Name.SubsetOf`: every host `sni` matches is matched by `host`. */
function isSubsetOf(sni: string, host: string): boolean {
  if (host === "*") return true;
  if (host.startsWith("*")) return sni.endsWith(host.slice(1));
  return sni === host;
}

function checkL4Match(report: Report, match: L4MatchAttributes, path: Path): void {
  (match.destinationSubnets ?? []).forEach((s, i) => {
    if (typeof s === "string" && !isValidIpOrCidr(s))
      report(Messages.Invalid_ip_or_cidr_0, [...path, "destinationSubnets", i], [s]);
  });
  const port = match.port;
  if (port !== undefined && port !== 0 && !isValidPort(port))
    report(Messages.Port_0_out_of_range, [...path, "port"], [String(port)]);
  checkLabels(report, match.sourceLabels, [...path, "sourceLabels"]);
}

function checkTlsRoute(vs: VirtualServiceNode, report: Report, route: TLSRoute, path: Path): void {
  const matches = route.match ?? [];
  if (matches.length === 0) report(Messages.TLS_route_needs_a_match, path);
  const hosts = (vs.spec.hosts ?? []).filter((h): h is string => typeof h === "string");
  matches.forEach((match, j) => {
    const sniHosts = match.sniHosts ?? [];
    if (sniHosts.length === 0) report(Messages.TLS_match_needs_sniHosts, [...path, "match", j]);
    sniHosts.forEach((s, k) => {
      if (typeof s !== "string") return;
      const at = [...path, "match", j, "sniHosts", k];
      if (!isValidWildcardDomain(s)) report(Messages.Invalid_host_0, at, [s]);
      else if (!hosts.some((h) => isSubsetOf(s, h) || hostMatches(h, s)))
        report(Messages.SNI_host_0_not_in_hosts, at, [s]);
    });
    checkL4Match(report, match, [...path, "match", j]);
  });
  if ((route.route ?? []).length === 0) report(Messages.Route_0_needs_a_destination, path, ["TLS"]);
  checkRouteDestinations(report, route.route, [...path, "route"]);
}

function checkVirtualService(vs: VirtualServiceNode, report: Report): void {
  (vs.spec.tls ?? []).forEach((r, i) => checkTlsRoute(vs, report, r, ["spec", "tls", i]));
  (vs.spec.tcp ?? []).forEach((route, i) => {
    (route.match ?? []).forEach((m, j) => checkL4Match(report, m, ["spec", "tcp", i, "match", j]));
    if ((route.route ?? []).length === 0) report(Messages.Route_0_needs_a_destination, ["spec", "tcp", i], ["TCP"]);
    checkRouteDestinations(report, route.route, ["spec", "tcp", i, "route"]);
  });
}

/** TLS and TCP routes of every VirtualService. */
export const virtualServiceL4: Rule = forEachNode("virtualService", checkVirtualService);
