/**
 * VirtualService HTTP route actions: istio `pkg/config/validation/virtualservice.go` `validateHTTPRouteConflict`
 * and `validation.go` `validateHTTPRouteDestinations`, `validateHTTPRedirect`, `validateHTTPDirectResponse`,
 * `validateHTTPRewrite`.
 */
import { Messages } from "../../diagnostics/messages.ts";
import type { VirtualServiceNode } from "../../ir/ir.ts";
import type { HTTPDirectResponse, HTTPRedirect, HTTPRewrite, HTTPRoute } from "../../ir/istio-api.ts";
import { checkStringMatch } from "./_common.ts";
import { checkRouteDestinations } from "./_destinations.ts";
import { forEachNode, type Report, type Rule } from "../_rule.ts";
import { isValidPort } from "./_values.ts";

type Action = keyof HTTPRoute;

/** Which of route/redirect/directResponse/delegate/rewrite/fault may not appear together. */
const CONFLICTS: readonly (readonly [Action, Action])[] = [
  ["route", "redirect"],
  ["redirect", "fault"],
  ["redirect", "rewrite"],
  ["route", "directResponse"],
  ["redirect", "directResponse"],
  ["delegate", "route"],
  ["delegate", "redirect"],
  ["delegate", "directResponse"],
];

function has(route: HTTPRoute, field: Action): boolean {
  const v: unknown = route[field];
  return Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null;
}

function checkConflicts(report: Report, route: HTTPRoute, path: (string | number)[]): void {
  for (const [a, b] of CONFLICTS) {
    if (has(route, a) && has(route, b)) report(Messages.HTTP_route_cannot_have_both_0_and_1, [...path, b], [a, b]);
  }
  if (!(["route", "redirect", "directResponse", "delegate"] as const).some((f) => has(route, f)))
    report(Messages.HTTP_route_needs_an_action, path);
}

const isObject = (v: unknown): boolean => typeof v === "object" && v !== null && !Array.isArray(v);

function checkRedirect(report: Report, redirect: HTTPRedirect | undefined, path: (string | number)[]): void {
  if (redirect === undefined || !isObject(redirect)) return;
  const fields = ["uri", "authority", "scheme", "port", "derivePort"] as const;
  if (!fields.some((f) => redirect[f] !== undefined && redirect[f] !== "")) {
    report(Messages.Redirect_sets_nothing, path);
  }
  const code = redirect.redirectCode;
  if (typeof code === "number" && code !== 0 && (code < 300 || code > 399))
    report(Messages.Redirect_code_0_is_not_3xx, [...path, "redirectCode"], [code]);
  const scheme = typeof redirect.scheme === "string" ? redirect.scheme : undefined;
  if (scheme && scheme !== "http" && scheme !== "https")
    report(Messages.Redirect_scheme_0_invalid, [...path, "scheme"], [scheme]);
  const port = redirect.port;
  if (port !== undefined && !isValidPort(port)) report(Messages.Port_0_out_of_range, [...path, "port"], [String(port)]);
}

/** istio `validateHTTPStatus`: 200..599 (the code says `> 600`; the message says 200-599, which we follow). */
export function isValidHttpStatus(status: unknown): boolean {
  return typeof status === "number" && status >= 200 && status <= 599;
}

const nonEmpty = (v: unknown): boolean => typeof v === "string" && v !== "";

function checkRewrite(report: Report, rewrite: HTTPRewrite | undefined, path: (string | number)[]): void {
  if (rewrite === undefined || !isObject(rewrite)) return;
  const regex = rewrite.uriRegexRewrite;
  if (nonEmpty(rewrite.uri) && regex !== undefined)
    report(Messages.Rewrite_uri_and_regex, [...path, "uriRegexRewrite"]);
  if (!nonEmpty(rewrite.uri) && regex === undefined && !nonEmpty(rewrite.authority))
    report(Messages.Rewrite_sets_nothing, path);
  if (regex !== undefined && isObject(regex))
    checkStringMatch(report, { regex: regex.match }, [...path, "uriRegexRewrite", "match"], "uriRegexRewrite.match");
}

function checkDirectResponse(report: Report, direct: HTTPDirectResponse | undefined, path: (string | number)[]): void {
  if (direct !== undefined && isObject(direct) && direct.status !== undefined && !isValidHttpStatus(direct.status))
    report(Messages.HTTP_status_0_out_of_range, [...path, "status"], [String(direct.status)]);
}

function checkHttpRoute(report: Report, route: HTTPRoute, path: (string | number)[]): void {
  checkConflicts(report, route, path);
  checkRouteDestinations(report, route.route, [...path, "route"]);
  checkRedirect(report, route.redirect, [...path, "redirect"]);
  checkRewrite(report, route.rewrite, [...path, "rewrite"]);
  checkDirectResponse(report, route.directResponse, [...path, "directResponse"]);
}

function checkVirtualService(vs: VirtualServiceNode, report: Report): void {
  (vs.spec.http ?? []).forEach((r, i) => checkHttpRoute(report, r, ["spec", "http", i]));
}

/** HTTP route actions and destinations of every VirtualService. */
export const virtualServiceHttp: Rule = forEachNode("virtualService", checkVirtualService);
