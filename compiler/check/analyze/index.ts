/**
 * Semantic analysis: configurations Istio accepts but that do not do what they say (shadowed routes, policies that
 * allow more or deny less than written, references to nothing). Runs after `validateMesh` on the same IR; never
 * reports what validation reports. One check per file; each cites the Istio/Envoy behaviour it relies on.
 */
import { sortDiagnostics, type Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { MeshIR } from "../../ir/ir.ts";
import type { Rule } from "../_rule.ts";
import { allowWithoutRules } from "./allow-without-rules.ts";
import { conflictingHosts } from "./conflicting-hosts.ts";
import { destinationPorts } from "./destination-ports.ts";
import { destinationRuleHost } from "./destination-rule-host.ts";
import { faultDisablesRetries } from "./fault-disables-retries.ts";
import { gatewayReferences } from "./gateway-references.ts";
import { hostPortVariants } from "./host-port-variants.ts";
import { httpFieldsOnTcp } from "./http-fields-on-tcp.ts";
import { jwtClaimRouting } from "./jwt-claim-routing.ts";
import { jwksSource } from "./jwks-source.ts";
import { mirrorSameDestination } from "./mirror-same-destination.ts";
import { mixedRouteApis } from "./mixed-route-apis.ts";
import { mtlsOnlyFields } from "./mtls-only-fields.ts";
import { negativeIdentityAllow } from "./negative-identity-allow.ts";
import { pathBypass } from "./path-bypass.ts";
import { policySelectsNothing } from "./policy-selects-nothing.ts";
import { portProtocol } from "./port-protocol.ts";
import { retryBudget } from "./retry-budget.ts";
import { sidecarDefaults } from "./sidecar-defaults.ts";
import { splitFromTo } from "./split-from-to.ts";
import { subsetWorkloads } from "./subset-workloads.ts";
import { tlsDisableStrict } from "./tls-disable-strict.ts";
import { unreachableRules } from "./unreachable-rules.ts";
import { unusedSubsets } from "./unused-subsets.ts";
import { unverifiedServerCert } from "./unverified-server-cert.ts";

/** Every analysis, grouped as the catalog is (references, routes, security, registry). */
export const ANALYSES: readonly Rule[] = [
  destinationPorts,
  gatewayReferences,
  conflictingHosts,
  mixedRouteApis,
  jwtClaimRouting,
  jwksSource,
  destinationRuleHost,
  subsetWorkloads,
  unusedSubsets,
  unreachableRules,
  faultDisablesRetries,
  retryBudget,
  mirrorSameDestination,
  splitFromTo,
  mtlsOnlyFields,
  negativeIdentityAllow,
  httpFieldsOnTcp,
  allowWithoutRules,
  pathBypass,
  hostPortVariants,
  tlsDisableStrict,
  policySelectsNothing,
  unverifiedServerCert,
  sidecarDefaults,
  portProtocol,
];

/**
 * Runs every analysis over the IR and returns the findings sorted by file and position.
 *
 * @example analyzeMesh(irWithRuleAfterCatchAll) →
 *   [{ code: 2220, severity: "warning", message: "Rule #1 is never reached, because rule #0 before it matches every request.", ... }]
 */
export function analyzeMesh(ir: MeshIR): Diagnostic[] {
  return sortDiagnostics(ANALYSES.flatMap((analysis) => analysis(ir)));
}
