/**
 * VirtualService HTTP match conditions: istio `pkg/config/validation/virtualservice.go`
 * `validateHTTPRouteMatchRequest` (string matches and RE2 regexes, header names, port, source labels, gateways,
 * sourceNamespace).
 */
import { Messages } from "../../diagnostics/messages.ts";
import type { VirtualServiceNode } from "../../ir/ir.ts";
import type { HTTPMatchRequest, StringMatch } from "../../ir/istio-api.ts";
import { checkLabels, checkStringMatch } from "./_common.ts";
import { forEachNode, type Report, type Rule } from "../_rule.ts";
import { isDns1123Label, isValidHeaderName, isValidPort } from "./_values.ts";
import { isValidGatewayReference } from "./virtual-service-hosts.ts";

type Path = (string | number)[];

function checkHeaderMap(
  report: Report,
  map: Readonly<Record<string, StringMatch>> | undefined,
  path: Path,
  where: string,
  namesAreHeaders: boolean,
): void {
  for (const [name, match] of Object.entries(map ?? {})) {
    // istio `ValidateHTTPHeaderNameOrJwtClaimRoute`: `@request.auth.claims.<claim>` names route on JWT claims.
    const claim = name.startsWith("@request.auth.claims.") && name.length > "@request.auth.claims.".length;
    if (namesAreHeaders && !claim && !isValidHeaderName(name))
      report(Messages.Invalid_header_name_0, [...path, name], [name]);
    checkStringMatch(report, match, [...path, name], `${where}.${name}`);
  }
}

function checkMatch(report: Report, match: HTTPMatchRequest, path: Path): void {
  for (const field of ["uri", "scheme", "method", "authority"] as const)
    checkStringMatch(report, match[field], [...path, field], field);
  checkHeaderMap(report, match.headers, [...path, "headers"], "headers", true);
  checkHeaderMap(report, match.withoutHeaders, [...path, "withoutHeaders"], "withoutHeaders", true);
  checkHeaderMap(report, match.queryParams, [...path, "queryParams"], "queryParams", false);
  // Not an Istio error, but `ignoreUriCase` only changes how `uri` is matched.
  const uri: unknown = match.uri;
  if (match.ignoreUriCase === true && (typeof uri !== "object" || uri === null || Array.isArray(uri)))
    report(Messages.Ignore_uri_case_without_uri, [...path, "ignoreUriCase"]);
  const port = match.port;
  if (port !== undefined && port !== 0 && !isValidPort(port))
    report(Messages.Port_0_out_of_range, [...path, "port"], [String(port)]);
  checkLabels(report, match.sourceLabels, [...path, "sourceLabels"]);
  (match.gateways ?? []).forEach((g, i) => {
    if (typeof g === "string" && !isValidGatewayReference(g))
      report(Messages.Invalid_gateway_reference_0, [...path, "gateways", i], [g]);
  });
  const ns = typeof match.sourceNamespace === "string" ? match.sourceNamespace : undefined;
  if (ns !== undefined && ns !== "" && !isDns1123Label(ns))
    report(Messages.Invalid_name_0_must_be_DNS_label, [...path, "sourceNamespace"], [ns]);
}

function checkVirtualService(vs: VirtualServiceNode, report: Report): void {
  (vs.spec.http ?? []).forEach((r, i) => {
    (r.match ?? []).forEach((m, j) => checkMatch(report, m, ["spec", "http", i, "match", j]));
  });
}

/** HTTP match conditions of every VirtualService. */
export const virtualServiceMatch: Rule = forEachNode("virtualService", checkVirtualService);
