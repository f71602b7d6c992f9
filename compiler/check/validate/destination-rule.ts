/**
 * DestinationRule: istio `pkg/config/validation/validation.go` `ValidateDestinationRule`, `validateSubset`,
 * `validateTrafficPolicy`, `validatePortTrafficPolicies`, `validateOutlierDetection`, `validateConnectionPool`,
 * `validateLoadBalancer`, and `agent.ValidateTLS`.
 */
import { Messages } from "../../diagnostics/messages.ts";
import { isRecord, list, record, str } from "../../ir/_read.ts";
import type { DestinationRuleNode } from "../../ir/ir.ts";
import { checkDuration, checkLabels, checkWorkloadSelector } from "./_common.ts";
import { forEachOfKind, type Report, type Rule } from "./_report.ts";
import { checkClientTls } from "./_tls.ts";
import { isDns1123Label, isValidPort, isValidWildcardDomain } from "./_values.ts";

type Path = (string | number)[];
type Json = Readonly<Record<string, unknown>>;

function checkNonNegative(report: Report, obj: Json, path: Path, fields: readonly string[]): void {
  for (const f of fields) {
    const v = obj[f];
    if (typeof v === "number" && v < 0) report(Messages.Field_0_must_not_be_negative, [...path, f], [f]);
  }
}

function checkOutlierDetection(report: Report, od: unknown, path: Path): void {
  if (!isRecord(od)) return;
  checkNonNegative(report, od, path, [
    "consecutiveErrors",
    "consecutive5xxErrors",
    "consecutiveGatewayErrors",
    "consecutiveLocalOriginFailures",
  ]);
  for (const f of ["maxEjectionPercent", "minHealthPercent"]) {
    const v = od[f];
    if (typeof v === "number" && (v < 0 || v > 100)) report(Messages.Percentage_0_out_of_range, [...path, f], [v]);
  }
  checkDuration(report, od["interval"], [...path, "interval"]);
  checkDuration(report, od["baseEjectionTime"], [...path, "baseEjectionTime"]);
}

function checkConnectionPool(report: Report, pool: unknown, path: Path): void {
  if (!isRecord(pool)) return;
  const tcp = record(pool["tcp"]);
  checkNonNegative(report, tcp, [...path, "tcp"], ["maxConnections"]);
  for (const f of ["connectTimeout", "maxConnectionDuration", "idleTimeout"])
    checkDuration(report, tcp[f], [...path, "tcp", f]);
  const keepalive = record(tcp["tcpKeepalive"]);
  for (const f of ["time", "interval"]) checkDuration(report, keepalive[f], [...path, "tcp", "tcpKeepalive", f]);
  const http = record(pool["http"]);
  checkNonNegative(
    report,
    http,
    [...path, "http"],
    ["http1MaxPendingRequests", "http2MaxRequests", "maxRequestsPerConnection", "maxRetries", "maxConcurrentStreams"],
  );
  checkDuration(report, http["idleTimeout"], [...path, "http", "idleTimeout"]);
}

function checkLoadBalancer(report: Report, lb: unknown, path: Path): void {
  const hash = record(lb)["consistentHash"];
  if (!isRecord(hash)) return;
  const keys = ["httpHeaderName", "httpCookie", "useSourceIp", "httpQueryParameterName"].filter(
    (k) => hash[k] !== undefined && hash[k] !== false,
  );
  if (keys.length !== 1) report(Messages.Consistent_hash_needs_one_key, [...path, "consistentHash"]);
  const cookie = hash["httpCookie"];
  if (isRecord(cookie)) checkDuration(report, cookie["ttl"], [...path, "consistentHash", "httpCookie", "ttl"]);
}

function checkPortPolicy(report: Report, policy: Json, path: Path): void {
  checkOutlierDetection(report, policy["outlierDetection"], [...path, "outlierDetection"]);
  checkConnectionPool(report, policy["connectionPool"], [...path, "connectionPool"]);
  checkLoadBalancer(report, policy["loadBalancer"], [...path, "loadBalancer"]);
  checkClientTls(report, policy["tls"], [...path, "tls"]);
}

function checkTrafficPolicy(report: Report, policy: unknown, path: Path): void {
  if (!isRecord(policy)) return;
  checkPortPolicy(report, policy, path);
  const seen = new Map<number, number>();
  list(policy["portLevelSettings"]).forEach((p, i) => {
    const setting = record(p);
    const at = [...path, "portLevelSettings", i];
    const port = record(setting["port"])["number"];
    if (port === undefined) report(Messages.Port_setting_needs_port, at);
    else if (!isValidPort(port)) report(Messages.Port_0_out_of_range, [...at, "port", "number"], [String(port)]);
    else if (seen.has(port as number))
      report(Messages.Duplicate_0_1, [...at, "port", "number"], ["port-level setting for port", String(port)]);
    else seen.set(port as number, i);
    if (!["outlierDetection", "connectionPool", "loadBalancer", "tls"].some((f) => setting[f] !== undefined))
      report(Messages.Port_setting_is_empty, at);
    checkPortPolicy(report, setting, at);
  });
}

function checkDestinationRule(dr: DestinationRuleNode, report: Report): void {
  const host = str(dr.spec.host);
  if (host === undefined || host === "") report(Messages.DestinationRule_needs_host, ["spec"]);
  else if (!isValidWildcardDomain(host)) report(Messages.Invalid_host_0, ["spec", "host"], [host]);
  checkTrafficPolicy(report, dr.spec.trafficPolicy, ["spec", "trafficPolicy"]);
  const names = new Set<string>();
  list(dr.spec.subsets).forEach((s, i) => {
    const subset = record(s);
    const name = str(subset["name"]) ?? "";
    if (!isDns1123Label(name))
      report(Messages.Invalid_name_0_must_be_DNS_label, ["spec", "subsets", i, "name"], [name]);
    else if (names.has(name)) report(Messages.Duplicate_0_1, ["spec", "subsets", i, "name"], ["subset", name]);
    names.add(name);
    checkLabels(report, subset["labels"], ["spec", "subsets", i, "labels"]);
    checkTrafficPolicy(report, subset["trafficPolicy"], ["spec", "subsets", i, "trafficPolicy"]);
  });
  checkWorkloadSelector(report, dr.spec.workloadSelector, ["spec", "workloadSelector"]);
}

/** Host, subsets, traffic policies and TLS of every DestinationRule. */
export const destinationRule: Rule = (ir) => forEachOfKind(ir, "destinationRule", checkDestinationRule);
