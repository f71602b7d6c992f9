/**
 * VirtualService HTTP route actions: istio `pkg/config/validation/virtualservice.go` `validateHTTPRouteConflict`
 * and `validation.go` `validateHTTPRouteDestinations`, `validateHTTPRedirect`, `validateHTTPDirectResponse`,
 * `validateHTTPRewrite`.
 */
import { Messages } from "../../diagnostics/messages.ts";
import { isRecord, list, record, str } from "../../ir/_read.ts";
import type { VirtualServiceNode } from "../../ir/ir.ts";
import { checkStringMatch } from "./_common.ts";
import { checkRouteDestinations } from "./_destinations.ts";
import { forEachOfKind, type Report, type Rule } from "./_report.ts";
import { isValidPort } from "./_values.ts";

type Json = Readonly<Record<string, unknown>>;

/** Which of route/redirect/directResponse/delegate/rewrite/fault may not appear together. */
const CONFLICTS: readonly (readonly [string, string])[] = [
  ["route", "redirect"],
  ["redirect", "fault"],
  ["redirect", "rewrite"],
  ["route", "directResponse"],
  ["redirect", "directResponse"],
  ["delegate", "route"],
  ["delegate", "redirect"],
  ["delegate", "directResponse"],
];

function has(route: Json, field: string): boolean {
  const v = route[field];
  return Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null;
}

function checkConflicts(report: Report, route: Json, path: (string | number)[]): void {
  for (const [a, b] of CONFLICTS) {
    if (has(route, a) && has(route, b)) report(Messages.HTTP_route_cannot_have_both_0_and_1, [...path, b], [a, b]);
  }
  if (!["route", "redirect", "directResponse", "delegate"].some((f) => has(route, f)))
    report(Messages.HTTP_route_needs_an_action, path);
}

function checkRedirect(report: Report, redirect: unknown, path: (string | number)[]): void {
  if (!isRecord(redirect)) return;
  if (
    !["uri", "authority", "scheme", "port", "derivePort"].some((f) => redirect[f] !== undefined && redirect[f] !== "")
  ) {
    report(Messages.Redirect_sets_nothing, path);
  }
  const code = redirect["redirectCode"];
  if (typeof code === "number" && code !== 0 && (code < 300 || code > 399))
    report(Messages.Redirect_code_0_is_not_3xx, [...path, "redirectCode"], [code]);
  const scheme = str(redirect["scheme"]);
  if (scheme && scheme !== "http" && scheme !== "https")
    report(Messages.Redirect_scheme_0_invalid, [...path, "scheme"], [scheme]);
  const port = redirect["port"];
  if (port !== undefined && !isValidPort(port)) report(Messages.Port_0_out_of_range, [...path, "port"], [String(port)]);
}

/** istio `validateHTTPStatus`: 200..599 (the code says `> 600`; the message says 200-599, which we follow). */
export function isValidHttpStatus(status: unknown): boolean {
  return typeof status === "number" && status >= 200 && status <= 599;
}

function checkRewrite(report: Report, rewrite: unknown, path: (string | number)[]): void {
  if (!isRecord(rewrite)) return;
  const regex = rewrite["uriRegexRewrite"];
  if (str(rewrite["uri"]) && regex !== undefined) report(Messages.Rewrite_uri_and_regex, [...path, "uriRegexRewrite"]);
  if (!str(rewrite["uri"]) && regex === undefined && !str(rewrite["authority"]))
    report(Messages.Rewrite_sets_nothing, path);
  if (isRecord(regex))
    checkStringMatch(report, { regex: regex["match"] }, [...path, "uriRegexRewrite", "match"], "uriRegexRewrite.match");
}

function checkHttpRoute(report: Report, route: Json, path: (string | number)[]): void {
  checkConflicts(report, route, path);
  checkRouteDestinations(report, route["route"], [...path, "route"]);
  checkRedirect(report, route["redirect"], [...path, "redirect"]);
  checkRewrite(report, route["rewrite"], [...path, "rewrite"]);
  const direct = route["directResponse"];
  if (isRecord(direct) && direct["status"] !== undefined && !isValidHttpStatus(direct["status"])) {
    report(Messages.HTTP_status_0_out_of_range, [...path, "directResponse", "status"], [String(direct["status"])]);
  }
}

function checkVirtualService(vs: VirtualServiceNode, report: Report): void {
  list(vs.spec.http).forEach((r, i) => checkHttpRoute(report, record(r), ["spec", "http", i]));
}

/** HTTP route actions and destinations of every VirtualService. */
export const virtualServiceHttp: Rule = (ir) => forEachOfKind(ir, "virtualService", checkVirtualService);
