/**
 * The admission-webhook equivalent: every rule over the IR. Istio rejects these configs at `kubectl apply` time
 * (`pkg/config/validation/validation.go`) or flags them in `istioctl analyze`; meshc reports them all at once.
 */
import { sortDiagnostics, type Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { MeshIR } from "../../ir/ir.ts";
import type { Rule } from "../_rule.ts";
import { authorizationPolicy } from "./authorization-policy.ts";
import { authorizationRules } from "./authorization-rules.ts";
import { destinationRule } from "./destination-rule.ts";
import { dynamicDns } from "./dynamic-dns.ts";
import { gateway } from "./gateway.ts";
import { peerAuthentication } from "./peer-authentication.ts";
import { requestAuthentication } from "./request-authentication.ts";
import { serviceEntry } from "./service-entry.ts";
import { unknownHost } from "./unknown-host.ts";
import { unknownSubset } from "./unknown-subset.ts";
import { virtualServiceHosts } from "./virtual-service-hosts.ts";
import { virtualServiceHttp } from "./virtual-service-http.ts";
import { virtualServiceL4 } from "./virtual-service-l4.ts";
import { virtualServiceMatch } from "./virtual-service-match.ts";
import { virtualServicePolicies } from "./virtual-service-policies.ts";
import { workloadOutputPaths } from "./workload-output-paths.ts";

/** Every rule, in a fixed order (the result is sorted by position anyway). */
export const RULES: readonly Rule[] = [
  virtualServiceHosts,
  virtualServiceHttp,
  virtualServiceMatch,
  virtualServicePolicies,
  virtualServiceL4,
  destinationRule,
  gateway,
  serviceEntry,
  peerAuthentication,
  authorizationPolicy,
  authorizationRules,
  requestAuthentication,
  unknownSubset,
  unknownHost,
  workloadOutputPaths,
  dynamicDns,
];

/**
 * Runs every webhook rule over the IR and returns all findings, sorted by file and position.
 *
 * @example validateMesh(irWithSubsetV4) →
 *   [{ code: 2001, severity: "error", message: "Subset 'v4' is not declared for service 'reviews'.", ... }]
 */
export function validateMesh(ir: MeshIR): Diagnostic[] {
  // The webhook never sees the config istiod generates from Gateway API resources (`IstioNode.generatedFrom`); their
  // problems are reported as istiod's status conditions instead (`ir/gateway-api/status.ts`).
  const written = ir.resources.some((r) => r.generatedFrom !== undefined)
    ? { ...ir, resources: ir.resources.filter((r) => r.generatedFrom === undefined) }
    : ir;
  return sortDiagnostics(RULES.flatMap((rule) => rule(written)));
}
