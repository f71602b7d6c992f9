/**
 * Gateway: istio `pkg/config/validation/validation.go` `ValidateGateway`, `validateServer`, `validateServerPort`,
 * `validateTLSOptions`, `validateNamespaceSlashWildcardHostname`.
 */
import { Messages } from "../../diagnostics/messages.ts";
import { isRecord, list, record, str } from "../../ir/_read.ts";
import type { GatewayNode } from "../../ir/ir.ts";
import { forEachOfKind, type Report, type Rule } from "./_report.ts";
import { checkServerTls } from "./_tls.ts";
import { isDns1123Label, isValidPort, isValidWildcardDomain } from "./_values.ts";

/** istio `protocol.Parse` (case-insensitive); anything else is `Unsupported`. */
export const PROTOCOLS = new Set([
  "HTTP",
  "HTTPS",
  "GRPC",
  "GRPC-WEB",
  "HTTP2",
  "MONGO",
  "REDIS",
  "MYSQL",
  "TCP",
  "TLS",
  "UDP",
  "HBONE",
]);
const TLS_PROTOCOLS = new Set(["HTTPS", "TLS"]);
const HTTP_PROTOCOLS = new Set(["HTTP", "HTTP2", "GRPC", "GRPC-WEB"]);

/** istio `validateNamespaceSlashWildcardHostname`: `[ns/]host`, ns `*`, `.`, `~` or a label; host `*` or a domain. */
export function isValidNamespaceSlashHost(value: string): boolean {
  const parts = value.split("/");
  if (parts.length > 2) return false;
  const host = parts[parts.length - 1]!;
  if (parts.length === 2) {
    const ns = parts[0]!;
    if (ns !== "*" && ns !== "." && ns !== "~" && !isDns1123Label(ns)) return false;
  }
  return host === "*" || isValidWildcardDomain(host);
}

function checkServer(report: Report, server: Readonly<Record<string, unknown>>, path: (string | number)[]): void {
  const hosts = list(server["hosts"]);
  if (hosts.length === 0) report(Messages.Server_needs_hosts, path);
  hosts.forEach((h, i) => {
    if (typeof h === "string" && !isValidNamespaceSlashHost(h))
      report(Messages.Invalid_server_host_0, [...path, "hosts", i], [h]);
  });
  const port = record(server["port"]);
  const protocol = (str(port["protocol"]) ?? "").toUpperCase();
  const protocolOk = PROTOCOLS.has(protocol);
  if (!protocolOk)
    report(Messages.Unsupported_protocol_0, [...path, "port", "protocol"], [str(port["protocol"]) ?? ""]);
  if (port["number"] !== undefined && !isValidPort(port["number"]))
    report(Messages.Port_0_out_of_range, [...path, "port", "number"], [String(port["number"])]);
  if (!str(port["name"])) report(Messages.Server_port_needs_name, [...path, "port"]);
  const tls = server["tls"];
  checkServerTls(report, tls, [...path, "tls"]);
  if (!protocolOk) return;
  if (TLS_PROTOCOLS.has(protocol) && !isRecord(tls))
    report(Messages.Server_protocol_0_needs_tls, [...path, "port", "protocol"], [protocol]);
  if (!TLS_PROTOCOLS.has(protocol) && isRecord(tls)) {
    // Plain HTTP servers may only carry `httpsRedirect` (istio `gateway.IsPassThroughServer` aside).
    const onlyRedirect = Object.keys(tls).every((k) => k === "httpsRedirect");
    if (!HTTP_PROTOCOLS.has(protocol) || !onlyRedirect)
      report(Messages.Server_protocol_0_cannot_have_tls, [...path, "tls"], [protocol]);
  }
}

function checkGateway(gw: GatewayNode, report: Report): void {
  const servers = list(gw.spec.servers);
  if (servers.length === 0) report(Messages.Gateway_needs_servers, ["spec"]);
  const names = new Set<string>();
  servers.forEach((s, i) => {
    const server = record(s);
    checkServer(report, server, ["spec", "servers", i]);
    // istio: "port names in servers must be unique"
    const name = str(record(server["port"])["name"]);
    if (name && names.has(name))
      report(Messages.Duplicate_0_1, ["spec", "servers", i, "port", "name"], ["server port name", name]);
    if (name) names.add(name);
  });
}

/** Servers, ports, hosts and TLS of every Gateway. */
export const gateway: Rule = (ir) => forEachOfKind(ir, "gateway", checkGateway);
