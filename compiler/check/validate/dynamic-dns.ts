/**
 * Istio 1.31's dynamic-DNS egress, which meshc recognises but does not model yet (issue 13). Istio accepts both; meshc
 * reports them as errors so that no command answers for the mesh with a route istiod would not take:
 *
 * - MeshConfig `outboundTrafficPolicy.mode: ALLOW_ANY_DYNAMIC_DNS` (istio 1.31 release notes; istio's integration test
 *   `TestAllowAnyDynamicDNSPolicy`): plaintext HTTP to an unknown host goes to `AllowAnyDynamicDNSCluster`, an Envoy
 *   dynamic forward proxy resolving the Host header, not to PassthroughCluster. meshc used to read the mode as
 *   ALLOW_ANY. (The Sidecar CRD's own `outboundTrafficPolicy.mode` does not take the value: its schema enum rejects it,
 *   MESH2012.)
 * - ServiceEntry `resolution: DYNAMIC_DNS` (`serviceentry/conversion.go` `convertServices` → `model.DynamicDNS`;
 *   clusters and filters as `cluster_dfp_sidecar_test.go` `TestSidecarDynamicDNSClusters` and `listener_dfp_test.go`
 *   `TestSidecarDynamicDNSFilters` expect them).
 *
 * What is missing to model them: istiod's builders for the dynamic forward proxy clusters, the HTTP and SNI DFP filters
 * and the AllowAnyDynamicDNSCluster catch-all are not in the istio sources meshc follows (only their tests are), so the
 * exact listeners, filter order and catch-all routes cannot be reproduced faithfully yet.
 */
import { Messages } from "../../diagnostics/messages.ts";
import { defineRule } from "../_rule.ts";

export const dynamicDns = defineRule(({ ir, nodes, at, report }) => {
  const mode = ir.meshConfig.outboundTrafficPolicyMode;
  if (mode.value === "ALLOW_ANY_DYNAMIC_DNS") report(Messages.ALLOW_ANY_DYNAMIC_DNS_not_modelled, mode.span);
  for (const se of nodes("serviceEntry")) {
    if (se.spec.resolution === "DYNAMIC_DNS")
      at(se)(Messages.Resolution_DYNAMIC_DNS_not_modelled, ["spec", "resolution"]);
  }
});
