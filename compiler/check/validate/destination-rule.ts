/**
 * DestinationRule: istio `pkg/config/validation/validation.go` `ValidateDestinationRule`, `validateSubset`,
 * `validateTrafficPolicy`, `validatePortTrafficPolicies`, `validateOutlierDetection`, `validateConnectionPool`,
 * `validateLoadBalancer`, and `agent.ValidateTLS`.
 */
import { Messages } from "../../diagnostics/messages.ts";
import type { DestinationRuleNode } from "../../ir/ir.ts";
import type {
  ConnectionPoolSettings,
  LoadBalancerSettings,
  OutlierDetection,
  PortTrafficPolicy,
  TrafficPolicy,
} from "../../ir/istio-api.ts";
import { forEachNode, type Report, type Rule } from "../_rule.ts";
import { checkDuration, checkLabels, checkWorkloadSelector } from "./_common.ts";
import { checkClientTls } from "./_tls.ts";
import { isDns1123Label, isValidPort, isValidWildcardDomain } from "./_values.ts";

type Path = (string | number)[];

const isObject = (v: unknown): boolean => typeof v === "object" && v !== null && !Array.isArray(v);

/** Reports each of `fields` of `obj` that is a negative number. */
function checkNonNegative<T extends object>(report: Report, obj: T, path: Path, fields: readonly (keyof T & string)[]) {
  for (const f of fields) {
    const v: unknown = obj[f];
    if (typeof v === "number" && v < 0) report(Messages.Field_0_must_not_be_negative, [...path, f], [f]);
  }
}

function checkOutlierDetection(report: Report, od: OutlierDetection | undefined, path: Path): void {
  if (od === undefined || !isObject(od)) return;
  checkNonNegative(report, od, path, [
    "consecutiveErrors",
    "consecutive5xxErrors",
    "consecutiveGatewayErrors",
    "consecutiveLocalOriginFailures",
  ]);
  for (const f of ["maxEjectionPercent", "minHealthPercent"] as const) {
    const v = od[f];
    if (typeof v === "number" && (v < 0 || v > 100)) report(Messages.Percentage_0_out_of_range, [...path, f], [v]);
  }
  checkDuration(report, od.interval, [...path, "interval"]);
  checkDuration(report, od.baseEjectionTime, [...path, "baseEjectionTime"]);
}

function checkConnectionPool(report: Report, pool: ConnectionPoolSettings | undefined, path: Path): void {
  if (pool === undefined || !isObject(pool)) return;
  const tcp = isObject(pool.tcp) ? (pool.tcp ?? {}) : {};
  checkNonNegative(report, tcp, [...path, "tcp"], ["maxConnections"]);
  for (const f of ["connectTimeout", "maxConnectionDuration", "idleTimeout"] as const)
    checkDuration(report, tcp[f], [...path, "tcp", f]);
  const keepalive = isObject(tcp.tcpKeepalive) ? (tcp.tcpKeepalive ?? {}) : {};
  for (const f of ["time", "interval"] as const)
    checkDuration(report, keepalive[f], [...path, "tcp", "tcpKeepalive", f]);
  const http = isObject(pool.http) ? (pool.http ?? {}) : {};
  checkNonNegative(
    report,
    http,
    [...path, "http"],
    ["http1MaxPendingRequests", "http2MaxRequests", "maxRequestsPerConnection", "maxRetries", "maxConcurrentStreams"],
  );
  checkDuration(report, http.idleTimeout, [...path, "http", "idleTimeout"]);
}

function checkLoadBalancer(report: Report, lb: LoadBalancerSettings | undefined, path: Path): void {
  const hash = lb !== undefined && isObject(lb) ? lb.consistentHash : undefined;
  if (hash === undefined || !isObject(hash)) return;
  const keys = (["httpHeaderName", "httpCookie", "useSourceIp", "httpQueryParameterName"] as const).filter(
    (k) => hash[k] !== undefined && hash[k] !== false,
  );
  if (keys.length !== 1) report(Messages.Consistent_hash_needs_one_key, [...path, "consistentHash"]);
  const cookie = hash.httpCookie;
  if (cookie !== undefined && isObject(cookie))
    checkDuration(report, cookie.ttl, [...path, "consistentHash", "httpCookie", "ttl"]);
}

function checkPortPolicy(report: Report, policy: Omit<PortTrafficPolicy, "port">, path: Path): void {
  checkOutlierDetection(report, policy.outlierDetection, [...path, "outlierDetection"]);
  checkConnectionPool(report, policy.connectionPool, [...path, "connectionPool"]);
  checkLoadBalancer(report, policy.loadBalancer, [...path, "loadBalancer"]);
  checkClientTls(report, policy.tls, [...path, "tls"]);
}

function checkTrafficPolicy(report: Report, policy: TrafficPolicy | undefined, path: Path): void {
  if (policy === undefined || !isObject(policy)) return;
  checkPortPolicy(report, policy, path);
  const seen = new Map<number, number>();
  (policy.portLevelSettings ?? []).forEach((setting, i) => {
    const at = [...path, "portLevelSettings", i];
    const port = isObject(setting.port) ? setting.port?.number : undefined;
    if (port === undefined) report(Messages.Port_setting_needs_port, at);
    else if (!isValidPort(port)) report(Messages.Port_0_out_of_range, [...at, "port", "number"], [String(port)]);
    else if (seen.has(port))
      report(Messages.Duplicate_0_1, [...at, "port", "number"], ["port-level setting for port", String(port)]);
    else seen.set(port, i);
    if (!(["outlierDetection", "connectionPool", "loadBalancer", "tls"] as const).some((f) => setting[f] !== undefined))
      report(Messages.Port_setting_is_empty, at);
    checkPortPolicy(report, setting, at);
  });
}

function checkDestinationRule(dr: DestinationRuleNode, report: Report): void {
  const host = typeof dr.spec.host === "string" ? dr.spec.host : undefined;
  if (host === undefined || host === "") report(Messages.DestinationRule_needs_host, ["spec"]);
  else if (!isValidWildcardDomain(host)) report(Messages.Invalid_host_0, ["spec", "host"], [host]);
  checkTrafficPolicy(report, dr.spec.trafficPolicy, ["spec", "trafficPolicy"]);
  const names = new Set<string>();
  (dr.spec.subsets ?? []).forEach((subset, i) => {
    const name = typeof subset.name === "string" ? subset.name : "";
    if (!isDns1123Label(name))
      report(Messages.Invalid_name_0_must_be_DNS_label, ["spec", "subsets", i, "name"], [name]);
    else if (names.has(name)) report(Messages.Duplicate_0_1, ["spec", "subsets", i, "name"], ["subset", name]);
    names.add(name);
    checkLabels(report, subset.labels, ["spec", "subsets", i, "labels"]);
    checkTrafficPolicy(report, subset.trafficPolicy, ["spec", "subsets", i, "trafficPolicy"]);
  });
  checkWorkloadSelector(report, dr.spec.workloadSelector, ["spec", "workloadSelector"]);
}

/** Host, subsets, traffic policies and TLS of every DestinationRule. */
export const destinationRule: Rule = forEachNode("destinationRule", checkDestinationRule);
