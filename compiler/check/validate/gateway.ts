/**
 * Gateway: istio `pkg/config/validation/validation.go` `ValidateGateway`, `validateServer`, `validateServerPort`,
 * `validateTLSOptions`, `validateNamespaceSlashWildcardHostname`.
 */
import { Messages } from "../../diagnostics/messages.ts";
import type { GatewayNode } from "../../ir/ir.ts";
import type { Server } from "../../ir/istio-api.ts";
import { forEachNode, type Report, type Rule } from "../_rule.ts";
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

const isObject = (v: unknown): boolean => typeof v === "object" && v !== null && !Array.isArray(v);
const asString = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

function checkServer(report: Report, server: Server, path: (string | number)[]): void {
  const hosts = server.hosts ?? [];
  if (hosts.length === 0) report(Messages.Server_needs_hosts, path);
  hosts.forEach((h, i) => {
    if (typeof h === "string" && !isValidNamespaceSlashHost(h))
      report(Messages.Invalid_server_host_0, [...path, "hosts", i], [h]);
  });
  const port: Partial<Server["port"]> = isObject(server.port) ? server.port : {};
  const protocol = (asString(port.protocol) ?? "").toUpperCase();
  const protocolOk = PROTOCOLS.has(protocol);
  if (!protocolOk)
    report(Messages.Unsupported_protocol_0, [...path, "port", "protocol"], [asString(port.protocol) ?? ""]);
  if (port.number !== undefined && !isValidPort(port.number))
    report(Messages.Port_0_out_of_range, [...path, "port", "number"], [String(port.number)]);
  if (!asString(port.name)) report(Messages.Server_port_needs_name, [...path, "port"]);
  const tls = server.tls;
  checkServerTls(report, tls, [...path, "tls"]);
  if (!protocolOk) return;
  if (TLS_PROTOCOLS.has(protocol) && !isObject(tls))
    report(Messages.Server_protocol_0_needs_tls, [...path, "port", "protocol"], [protocol]);
  if (!TLS_PROTOCOLS.has(protocol) && tls !== undefined && isObject(tls)) {
    // Plain HTTP servers may only carry `httpsRedirect` (istio `gateway.IsPassThroughServer` aside).
    const onlyRedirect = Object.keys(tls).every((k) => k === "httpsRedirect");
    if (!HTTP_PROTOCOLS.has(protocol) || !onlyRedirect)
      report(Messages.Server_protocol_0_cannot_have_tls, [...path, "tls"], [protocol]);
  }
}

function checkGateway(gw: GatewayNode, report: Report): void {
  const servers = gw.spec.servers ?? [];
  if (servers.length === 0) report(Messages.Gateway_needs_servers, ["spec"]);
  const names = new Set<string>();
  servers.forEach((server, i) => {
    checkServer(report, server, ["spec", "servers", i]);
    // istio: "port names in servers must be unique"
    const name = isObject(server.port) ? asString(server.port.name) : undefined;
    if (name && names.has(name))
      report(Messages.Duplicate_0_1, ["spec", "servers", i, "port", "name"], ["server port name", name]);
    if (name) names.add(name);
  });
}

/** Servers, ports, hosts and TLS of every Gateway. */
export const gateway: Rule = forEachNode("gateway", checkGateway);
