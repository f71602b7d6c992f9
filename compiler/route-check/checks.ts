/**
 * The assertions of one router_check_tool test, in the tool's order and wording (test/tools/router_check/router.cc
 * `compareCluster` … `compareResponseHeaderFields`, `matchHeaderField`, `compareResults`, `reportFailure`):
 * `expected: [E], actual: [A], test type: T` (`actual: NOT [A]` for an inverted exact header match). Values read
 * from the route entry are "" when the route is a direct response / redirect or nothing matched; redirect values
 * are ""/0 unless it is one. A passing assertion marks coverage. `timeout` and `route_metadata` are newer upstream
 * fields; their wording here follows the same pattern.
 */
import type { RouteConfiguration } from "../emit/envoy/gen/envoy/config/route/v3/route.ts";
import type { HeaderMatcher, VirtualHost } from "../emit/envoy/gen/envoy/config/route/v3/route_components.ts";
import { HeaderMap } from "../eval/envoy/route/header-map.ts";
import { matchHeader } from "../eval/envoy/route/header-matcher.ts";
import { durationMs, durationString, virtualClusterName } from "../eval/envoy/route/policies.ts";
import type { RouteDecision } from "../eval/envoy/route/types.ts";
import type { CoverageTarget, RouteCoverage, RouteField } from "./coverage.ts";
import type { TestAssert } from "./test-file.ts";

export interface CheckInput {
  readonly config: RouteConfiguration;
  readonly decision: RouteDecision;
  /** The coverage entry of the decision (route entry or direct response); undefined when nothing matched. */
  readonly target: CoverageTarget | undefined;
  readonly coverage: RouteCoverage;
}

/** Runs every assertion of `validate`; returns the failure lines (empty: the test passed). */
export function runChecks(v: TestAssert, c: CheckInput): string[] {
  const failures: string[] = [];
  const d = c.decision;
  const entry = d.action.kind === "route";
  const direct = d.action.kind === "redirect" || d.action.kind === "directResponse";
  const req = new HeaderMap(d.requestHeaders);
  const res = new HeaderMap(d.responseHeaders);
  const vhost = d.virtualHost === null ? undefined : (c.config.virtualHosts[d.virtualHost.index] as VirtualHost);
  const compare = (
    expected: string | number | undefined,
    actual: string | number,
    type: string,
    field: RouteField | undefined,
    applies: boolean,
  ) => {
    if (expected === undefined) return;
    if (expected !== actual) failures.push(`expected: [${expected}], actual: [${actual}], test type: ${type}`);
    else if (applies && field !== undefined && c.target !== undefined) c.coverage.mark(c.target, field);
  };
  compare(v.clusterName, d.action.kind === "route" ? d.action.cluster : "", "cluster_name", "cluster", entry);
  // The tool asks the route entry for the virtual cluster after headers were finalised.
  const vc = entry && vhost !== undefined ? (virtualClusterName(vhost, req) ?? "") : "";
  compare(v.virtualClusterName, vc, "virtual_cluster_name", "virtualCluster", entry);
  compare(v.virtualHostName, entry ? (d.virtualHost?.name ?? "") : "", "virtual_host_name", "virtualHost", entry);
  compare(v.pathRewrite, entry ? (req.getFirst(":path") ?? "") : "", "path_rewrite", "pathRewrite", entry);
  compare(v.hostRewrite, entry ? (req.getFirst(":authority") ?? "") : "", "host_rewrite", "hostRewrite", entry);
  const uri = d.action.kind === "redirect" || d.action.kind === "directResponse" ? d.action.uri : "";
  compare(v.pathRedirect, uri, "path_redirect", "redirectPath", direct);
  const code = d.action.kind === "redirect" || d.action.kind === "directResponse" ? d.action.status : 0;
  compare(v.codeRedirect, code, "code_redirect", "redirectCode", direct);
  for (const m of v.requestHeaderMatches) failures.push(...headerMatchFailure(req, m, "request_header_matches"));
  for (const h of v.requestHeaderFields)
    compare(h.value, req.getFirst(h.key) ?? "", "request_header_fields", undefined, false);
  for (const m of v.responseHeaderMatches) failures.push(...headerMatchFailure(res, m, "response_header_matches"));
  for (const h of v.responseHeaderFields)
    compare(h.value, res.getFirst(h.key) ?? "", "response_header_fields", undefined, false);
  if (v.timeout !== undefined) {
    const same = entry && d.timeout !== null && durationMs(v.timeout) === durationMs(parseDuration(d.timeout));
    if (!same)
      failures.push(
        `expected: [${durationString(v.timeout)}], actual: [${entry ? d.timeout : ""}], test type: timeout`,
      );
  }
  for (const m of v.routeMetadata) {
    const actual = routeMetadataValue(c.config, d, m.namespace, m.key);
    if (actual !== m.value)
      failures.push(
        `expected: [${m.namespace}.${m.key}: ${m.value}], actual: [${m.namespace}.${m.key}: ${actual}], test type: route_metadata`,
      );
  }
  return failures;
}

function parseDuration(s: string): { seconds: string; nanos: number } {
  const secs = Number(s.replace(/s$/, ""));
  const whole = Math.trunc(secs);
  return { seconds: String(whole), nanos: Math.round((secs - whole) * 1e9) };
}

function routeMetadataValue(config: RouteConfiguration, d: RouteDecision, ns: string, key: string): string {
  if (d.route === null) return "";
  const route = config.virtualHosts[d.route.virtualHostIndex]?.routes[d.route.routeIndex];
  const v = route?.metadata?.filterMetadata[ns]?.fields[key]?.kind;
  if (v === undefined) return "";
  if (v.oneofKind === "stringValue") return v.stringValue;
  if (v.oneofKind === "numberValue") return String(v.numberValue);
  if (v.oneofKind === "boolValue") return String(v.boolValue);
  return "";
}

/** `matchHeaderField`: nothing when the matcher holds, else the tool's failure line. */
function headerMatchFailure(headers: HeaderMap, m: HeaderMatcher, testType: string): string[] {
  if (matchHeader(m, headers)) return [];
  const first = headers.getFirst(m.name);
  const shown = first === undefined ? "NULL" : first;
  const s = m.headerMatchSpecifier;
  const type = `${testType}.${specifierName(m)}`;
  if (s.oneofKind === "presentMatch" || s.oneofKind === undefined) {
    const inv = m.invertMatch;
    return [
      `expected: [has(${m.name}):${inv ? "false" : "true"}], actual: [has(${m.name}):${inv ? "true" : "false"}], test type: ${type}`,
    ];
  }
  if (s.oneofKind === "stringMatch" && s.stringMatch.matchPattern.oneofKind === "exact") {
    const not = m.invertMatch ? "NOT " : "";
    return [
      `expected: [${m.name}: ${s.stringMatch.matchPattern.exact}], actual: ${not}[${m.name}: ${shown}], test type: ${type}`,
    ];
  }
  return [`actual: [${m.name}: ${shown}], test type: ${type}`];
}

/** router.cc `toString(HeaderMatcher)`: the specifier's proto name (`string_match.exact`, `present_match`, …). */
function specifierName(m: HeaderMatcher): string {
  const s = m.headerMatchSpecifier;
  switch (s.oneofKind) {
    case "stringMatch": {
      const p = s.stringMatch.matchPattern.oneofKind;
      return `string_match.${p === undefined ? "match_pattern_not_set" : p === "safeRegex" ? "safe_regex" : p}`;
    }
    case undefined:
    case "presentMatch":
      return "present_match";
    case "exactMatch":
    case "safeRegexMatch":
    case "rangeMatch":
    case "prefixMatch":
    case "suffixMatch":
    case "containsMatch":
      return s.oneofKind.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  }
}
