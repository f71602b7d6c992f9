/**
 * VirtualService TLS and TCP routes: istio `pkg/config/validation/validation.go` `validateTLSRoute`,
 * `validateTLSMatch`, `validateSniHost`, `validateTCPRoute`, `validateTCPMatch`.
 */
import { Messages } from "../../diagnostics/messages.ts";
import { list, record } from "../../ir/_read.ts";
import { hostMatches } from "../../ir/_hosts.ts";
import type { VirtualServiceNode } from "../../ir/ir.ts";
import { checkLabels } from "./_common.ts";
import { checkRouteDestinations } from "./_destinations.ts";
import { forEachOfKind, type Report, type Rule } from "./_report.ts";
import { isValidIpOrCidr, isValidPort, isValidWildcardDomain } from "./_values.ts";

type Path = (string | number)[];

/** istio `host.Name.SubsetOf`: every host `sni` matches is matched by `host`. */
function isSubsetOf(sni: string, host: string): boolean {
  if (host === "*") return true;
  if (host.startsWith("*")) return sni.endsWith(host.slice(1));
  return sni === host;
}

function checkL4Match(report: Report, match: Readonly<Record<string, unknown>>, path: Path): void {
  list(match["destinationSubnets"]).forEach((s, i) => {
    if (typeof s === "string" && !isValidIpOrCidr(s))
      report(Messages.Invalid_ip_or_cidr_0, [...path, "destinationSubnets", i], [s]);
  });
  const port = match["port"];
  if (port !== undefined && port !== 0 && !isValidPort(port))
    report(Messages.Port_0_out_of_range, [...path, "port"], [String(port)]);
  checkLabels(report, match["sourceLabels"], [...path, "sourceLabels"]);
}

function checkTlsRoute(
  vs: VirtualServiceNode,
  report: Report,
  route: Readonly<Record<string, unknown>>,
  path: Path,
): void {
  const matches = list(route["match"]);
  if (matches.length === 0) report(Messages.TLS_route_needs_a_match, path);
  const hosts = list(vs.spec.hosts).filter((h): h is string => typeof h === "string");
  matches.forEach((m, j) => {
    const match = record(m);
    const sniHosts = list(match["sniHosts"]);
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
  if (list(route["route"]).length === 0) report(Messages.Route_0_needs_a_destination, path, ["TLS"]);
  checkRouteDestinations(report, route["route"], [...path, "route"]);
}

function checkVirtualService(vs: VirtualServiceNode, report: Report): void {
  list(vs.spec.tls).forEach((r, i) => checkTlsRoute(vs, report, record(r), ["spec", "tls", i]));
  list(vs.spec.tcp).forEach((r, i) => {
    const route = record(r);
    list(route["match"]).forEach((m, j) => checkL4Match(report, record(m), ["spec", "tcp", i, "match", j]));
    if (list(route["route"]).length === 0) report(Messages.Route_0_needs_a_destination, ["spec", "tcp", i], ["TCP"]);
    checkRouteDestinations(report, route["route"], ["spec", "tcp", i, "route"]);
  });
}

/** TLS and TCP routes of every VirtualService. */
export const virtualServiceL4: Rule = (ir) => forEachOfKind(ir, "virtualService", checkVirtualService);
