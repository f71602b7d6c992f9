/**
 * VirtualService hosts, gateways and overall shape: istio `pkg/config/validation/validation.go`
 * `ValidateVirtualService` (delegate restrictions, host names, `*` for the mesh, overlapping hosts, at least one
 * route list) and `validateGatewayNames`.
 */
import { Messages } from "../../diagnostics/messages.ts";
import { hostMatches } from "../../ir/hosts.ts";
import type { VirtualServiceNode } from "../../ir/ir.ts";
import { forEachNode, type Report, type Rule } from "../_rule.ts";
import { isDns1123Label, isValidFqdn, isValidWildcardDomain } from "./_values.ts";
import { isIP } from "node:net";

/** istio `validateGatewayNames`: `mesh`, `name`, `ns/name` (DNS labels), or a legacy FQDN. */
export function isValidGatewayReference(name: string): boolean {
  if (name === "mesh") return true;
  const slash = name.indexOf("/");
  if (slash < 0) return isValidFqdn(name);
  const ns = name.slice(0, slash);
  const gw = name.slice(slash + 1);
  return (ns === "." || isDns1123Label(ns)) && isDns1123Label(gw);
}

function checkGateways(report: Report, gateways: readonly string[], path: (string | number)[]): void {
  gateways.forEach((g, i) => {
    if (typeof g === "string" && !isValidGatewayReference(g))
      report(Messages.Invalid_gateway_reference_0, [...path, i], [g]);
  });
}

function checkHosts(vs: VirtualServiceNode, report: Report): void {
  const hosts = vs.spec.hosts ?? [];
  const gateways = vs.spec.gateways ?? [];
  // istio `isGateway`: bound to gateways only when it lists some and `mesh` is not among them.
  const appliesToMesh = gateways.length === 0 || gateways.includes("mesh");
  let allValid = true;
  hosts.forEach((h, i) => {
    if (typeof h !== "string") return;
    if (!isValidWildcardDomain(h) && isIP(h) === 0) {
      report(Messages.Invalid_host_0, ["spec", "hosts", i], [h]);
      allValid = false;
    } else if (h === "*" && appliesToMesh) {
      report(Messages.Wildcard_host_not_allowed_for_mesh, ["spec", "hosts", i]);
      allValid = false;
    }
  });
  if (!allValid) return;
  // istio: "duplicate hosts in virtual service" — literal duplicates and wildcard overlaps (`*.foo.com` vs `a.foo.com`).
  // Istio reports every overlapping pair; meshc reports each host once, against the first earlier host it overlaps,
  // so n copies of a host give n - 1 findings, not n²/2.
  for (let j = 1; j < hosts.length; j++) {
    for (let i = 0; i < j; i++) {
      const a = hosts[i];
      const b = hosts[j];
      if (typeof a === "string" && typeof b === "string" && (hostMatches(a, b) || hostMatches(b, a))) {
        report(Messages.Hosts_0_and_1_overlap, ["spec", "hosts", j], [a, b]);
        break;
      }
    }
  }
}

function checkVirtualService(vs: VirtualServiceNode, report: Report): void {
  const spec = vs.spec;
  if ((spec.hosts ?? []).length === 0) {
    // No hosts: a delegate VirtualService; it may only have http routes.
    for (const field of ["gateways", "tls", "tcp"] as const) {
      if ((spec[field] ?? []).length > 0)
        report(Messages.Delegate_VirtualService_cannot_have_0, ["spec", field], [field]);
    }
  }
  checkHosts(vs, report);
  checkGateways(report, spec.gateways ?? [], ["spec", "gateways"]);
  if ((spec.http ?? []).length === 0 && (spec.tcp ?? []).length === 0 && (spec.tls ?? []).length === 0) {
    report(Messages.VirtualService_has_no_routes, ["spec"]);
  }
}

/** VirtualService hosts, gateway references and shape. */
export const virtualServiceHosts: Rule = forEachNode("virtualService", checkVirtualService);
