/**
 * ServiceEntry: istio `pkg/config/validation/validation.go` `ValidateServiceEntry` (hosts, addresses, ports,
 * resolution vs endpoints) and `validateWorkloadEntry` for its endpoints.
 */
import { Messages } from "../../diagnostics/messages.ts";
import type { ServiceEntryNode } from "../../ir/ir.ts";
import type { ServiceEntrySpec, ServicePort } from "../../ir/istio-api.ts";
import { forEachNode, type Report, type Rule } from "../_rule.ts";
import { checkLabels, checkNetworkingWorkloadSelector } from "./_common.ts";
import {
  isDns1123Label,
  isPartialWildcard,
  isValidFqdn,
  isValidIpOrCidr,
  isValidPort,
  isValidWildcardDomain,
} from "./_values.ts";
import { PROTOCOLS } from "./gateway.ts";
import { isIP } from "node:net";

const asString = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

function checkHosts(report: Report, hosts: readonly string[]): void {
  if (hosts.length === 0) report(Messages.ServiceEntry_needs_hosts, ["spec"]);
  hosts.forEach((h, i) => {
    if (typeof h !== "string") return;
    if (h === "*") report(Messages.ServiceEntry_wildcard_host, ["spec", "hosts", i]);
    else if (!isValidWildcardDomain(h)) report(Messages.Invalid_host_0, ["spec", "hosts", i], [h]);
    else if (isPartialWildcard(h)) report(Messages.Partial_wildcard_host_0, ["spec", "hosts", i], [h]);
  });
}

function checkPorts(report: Report, ports: readonly ServicePort[]): Set<string> {
  const names = new Set<string>();
  const numbers = new Set<number>();
  ports.forEach((port, i) => {
    const at = ["spec", "ports", i];
    const name = asString(port.name) ?? "";
    if (!isDns1123Label(name)) report(Messages.Invalid_name_0_must_be_DNS_label, [...at, "name"], [name]);
    else if (names.has(name)) report(Messages.Duplicate_0_1, [...at, "name"], ["port name", name]);
    names.add(name);
    const n = port.number;
    if (!isValidPort(n)) report(Messages.Port_0_out_of_range, [...at, "number"], [String(n)]);
    else if (numbers.has(n)) report(Messages.Duplicate_0_1, [...at, "number"], ["port", String(n)]);
    else numbers.add(n);
    if (port.targetPort !== undefined && port.targetPort !== 0 && !isValidPort(port.targetPort)) {
      report(Messages.Port_0_out_of_range, [...at, "targetPort"], [String(port.targetPort)]);
    }
    const protocol = asString(port.protocol);
    if (protocol && !PROTOCOLS.has(protocol.toUpperCase()))
      report(Messages.Unsupported_protocol_0, [...at, "protocol"], [protocol]);
  });
  return names;
}

function checkEndpoints(report: Report, spec: ServiceEntrySpec, resolution: string, portNames: Set<string>): void {
  (spec.endpoints ?? []).forEach((endpoint, i) => {
    const at = ["spec", "endpoints", i];
    const address = asString(endpoint.address) ?? "";
    if (resolution === "STATIC" && address.startsWith("unix://")) {
      // A Unix domain socket endpoint; istio `ValidateUnixAddress`.
    } else if (resolution === "STATIC" && isIP(address) === 0) {
      report(Messages.Endpoint_address_0_invalid, [...at, "address"], [address, "IP address"]);
    } else if (resolution !== "STATIC" && isIP(address) === 0 && !isValidFqdn(address)) {
      report(Messages.Endpoint_address_0_invalid, [...at, "address"], [address, "IP address or host name"]);
    }
    for (const [name, port] of Object.entries(endpoint.ports ?? {})) {
      if (!portNames.has(name)) report(Messages.Endpoint_port_0_not_declared, [...at, "ports", name], [name]);
      if (!isValidPort(port)) report(Messages.Port_0_out_of_range, [...at, "ports", name], [String(port)]);
    }
    checkLabels(report, endpoint.labels, [...at, "labels"]);
  });
}

function checkResolution(report: Report, spec: ServiceEntrySpec, hosts: readonly string[]): void {
  const resolution = asString(spec.resolution) ?? "NONE";
  const endpoints = spec.endpoints ?? [];
  if (resolution === "NONE" && endpoints.length > 0)
    report(Messages.Endpoints_with_resolution_NONE, ["spec", "endpoints"]);
  if (resolution === "STATIC" && endpoints.length === 0 && spec.workloadSelector === undefined) {
    report(Messages.STATIC_without_endpoints, ["spec", "resolution"]);
  }
  if ((resolution === "DNS" || resolution === "DNS_ROUND_ROBIN") && endpoints.length === 0) {
    hosts.forEach((h, i) => {
      if (typeof h === "string" && h !== "*" && isValidWildcardDomain(h) && !isValidFqdn(h)) {
        report(Messages.Hosts_must_be_FQDN_for_0, ["spec", "hosts", i], [h, resolution]);
      }
    });
  }
  if (resolution === "DNS_ROUND_ROBIN" && endpoints.length > 1)
    report(Messages.DNS_ROUND_ROBIN_one_endpoint, ["spec", "endpoints"]);
  if (resolution !== "NONE" && hosts.length > 1) {
    // istio: "multiple hosts provided with non-HTTP, non-TLS ports" — plain TCP cannot tell the hosts apart.
    const ok = new Set(["HTTP", "HTTPS", "HTTP2", "GRPC", "GRPC-WEB", "TLS"]);
    (spec.ports ?? []).forEach((port, i) => {
      if (!ok.has((asString(port.protocol) ?? "").toUpperCase()))
        report(Messages.Multiple_hosts_with_TCP_port_0, ["spec", "ports", i], [String(port.number)]);
    });
  }
}

function checkServiceEntry(se: ServiceEntryNode, report: Report): void {
  const spec = se.spec;
  const hosts = spec.hosts ?? [];
  checkHosts(report, hosts);
  if (spec.workloadSelector !== undefined && spec.endpoints !== undefined)
    report(Messages.ServiceEntry_selector_and_endpoints, ["spec", "workloadSelector"]);
  checkNetworkingWorkloadSelector(report, spec.workloadSelector, ["spec", "workloadSelector"]);
  const resolution = asString(spec.resolution) ?? "NONE";
  (spec.addresses ?? []).forEach((a, i) => {
    if (typeof a !== "string") return;
    if (!isValidIpOrCidr(a)) report(Messages.Invalid_ip_or_cidr_0, ["spec", "addresses", i], [a]);
    else if (a.includes("/") && resolution !== "NONE" && resolution !== "STATIC")
      report(Messages.CIDR_needs_NONE_or_STATIC, ["spec", "addresses", i]);
  });
  const portNames = checkPorts(report, spec.ports ?? []);
  checkResolution(report, spec, hosts);
  checkEndpoints(report, spec, resolution, portNames);
}

/** Hosts, addresses, ports, resolution and endpoints of every ServiceEntry. */
export const serviceEntry: Rule = forEachNode("serviceEntry", checkServiceEntry);
