/**
 * 2200–2999: semantic analysis (`compiler/check/analyze/`): configurations Istio accepts but that do not do what
 * they say. 2200–2219 references and host ownership, 2220–2239 routes, 2240–2269 security, 2270–2299 registry.
 * Where `istioctl analyze` reports the same problem, the hint names its code.
 */
import { diag } from "../diagnostic.ts";

export const analyzeMessages = {
  // ---- references and host ownership --------------------------------------------------------------------------
  Port_0_is_not_a_port_of_service_1: diag(
    2200,
    "error",
    "Port {0} is not a port of service '{1}'.",
    "Use one of its ports: {2}. istioctl analyze reports this as IST0101.",
  ),
  Destination_0_needs_a_port: diag(
    2201,
    "error",
    "The destination '{0}' must name a port, because the service has several: {1}.",
    "Add 'port: {number: ...}'. istioctl analyze reports this as IST0112.",
  ),
  Gateway_0_is_not_declared: diag(
    2202,
    "error",
    "Gateway '{0}' is not declared.",
    "Declare it, or bind to a gateway that exists ({1}). istioctl analyze reports this as IST0101.",
  ),
  No_host_of_the_VirtualService_is_served_by_gateway_0: diag(
    2203,
    "warning",
    "No host of this VirtualService is served by gateway '{0}', so the gateway never uses it.",
    "Add one of the gateway's hosts ({1}) or add the host to a gateway server. istioctl analyze reports this as IST0132.",
  ),
  Host_0_is_also_routed_for_the_mesh_by_1: diag(
    2204,
    "error",
    "Host '{0}' is also routed for the mesh by VirtualService '{1}'.",
    "Istio merges such VirtualServices in no defined order; keep the routes for one host in one VirtualService. istioctl analyze reports this as IST0109.",
  ),
  Host_0_is_also_routed_on_gateway_1_by_2: diag(
    2205,
    "warning",
    "Host '{0}' is also routed on gateway '{1}' by VirtualService '{2}'.",
    "Istio appends the routes of the later VirtualService after the earlier one's, so its rules may never match; keep the routes for one host in one VirtualService.",
  ),
  JWT_claim_routing_without_RequestAuthentication_for_gateway_0: diag(
    2206,
    "error",
    "Routing on JWT claim '{0}' needs a RequestAuthentication for the workloads of gateway '{1}', and there is none.",
    "Without one, Istio never validates the token, so the claim match never succeeds. istioctl analyze reports this as IST0149.",
  ),
  DestinationRule_host_0_is_unknown: diag(
    2207,
    "warning",
    "DestinationRule host '{0}' is not a known service or ServiceEntry host, so the rule applies to nothing.",
    "istioctl analyze reports this as IST0174.",
  ),
  Subset_0_selects_no_workload_of_1: diag(
    2208,
    "warning",
    "Subset '{0}' selects no workload of service '{1}'; requests routed to it fail with 503.",
    "Its labels {2} match no pod of the service. istioctl analyze reports this as IST0173.",
  ),
  Subsets_of_0_are_never_routed_to: diag(
    2209,
    "warning",
    "No route uses the subsets of '{0}' declared here, so traffic to it is spread over all its workloads.",
    "Route to a subset in a VirtualService for '{0}', or remove the subsets.",
  ),

  // ---- routes -------------------------------------------------------------------------------------------------
  Rule_0_is_unreachable_after_catch_all_rule_1: diag(
    2220,
    "warning",
    "Rule {0} is never reached, because rule {1} before it matches every request.",
    "Move the rule without 'match' to the end. istioctl analyze reports this as IST0130.",
  ),
  Rule_0_is_unreachable_all_its_matches_are_taken: diag(
    2221,
    "warning",
    "Rule {0} is never reached, because earlier rules take every request it matches.",
    "Reorder the rules so that the more specific one comes first. istioctl analyze reports this as IST0130.",
  ),
  Match_0_of_rule_1_duplicates_2: diag(
    2222,
    "warning",
    "Match {0} of rule {1} is the same as {2}, which comes first, so it never applies.",
    "Remove it. istioctl analyze reports this as IST0131.",
  ),
  Match_0_of_rule_1_is_shadowed_by_2: diag(
    2223,
    "warning",
    "Match {0} of rule {1} never applies: {2} comes first and takes every request it matches.",
    "Move the more specific rule before the broader one. istioctl analyze reports prefix-only cases as IST0131.",
  ),
  Fault_disables_0: diag(
    2224,
    "warning",
    "This route injects a fault, so its {0} is not applied.",
    "Istio turns off retries and timeouts on routes with a client-side fault (istio/istio#20928); test retries with a fault on the server side instead.",
  ),
  Retries_take_up_to_0_beyond_timeout_1: diag(
    2225,
    "warning",
    "Retries can take up to {0} ({1} tries of {2}), longer than the route timeout of {3}, so the last tries never complete.",
    "Raise 'timeout', or lower 'attempts' or 'perTryTimeout' so that (attempts + 1) x perTryTimeout fits in it.",
  ),
  Mirror_to_the_route_destination_0: diag(
    2226,
    "warning",
    "This route mirrors traffic to '{0}', where it already sends it, so that destination receives every mirrored request twice.",
    "Mirror to another service or subset, such as the version being tested.",
  ),

  // ---- security -----------------------------------------------------------------------------------------------
  Rule_0_has_only_from_and_rule_1_only_to: diag(
    2240,
    "warning",
    "Rule {0} has only 'from' and rule {1} only 'to', so each allows on its own: any source may reach those operations.",
    "Put 'from' and 'to' in the same rule to require both (istio/istio#24665).",
  ),
  Field_0_needs_mTLS_but_1_accepts_plaintext: diag(
    2241,
    "warning",
    "'{0}' matches only mutual-TLS requests, but workload '{1}' also accepts plaintext, {2}.",
    "Apply a STRICT PeerAuthentication to the workload, or match on something plaintext requests carry.",
  ),
  ALLOW_with_0_allows_plaintext_to_1: diag(
    2242,
    "warning",
    "This ALLOW rule with '{0}' also allows every plaintext request to workload '{1}', which carries no identity.",
    "Apply a STRICT PeerAuthentication to the workload, or list the allowed sources in '{2}' instead.",
  ),
  HTTP_fields_0_on_TCP_port_1_of_2: diag(
    2243,
    "warning",
    "This rule uses HTTP-only fields ({0}), which TCP port {1} of workload '{2}' cannot evaluate: {3}.",
    "Limit the rule to the HTTP ports with 'ports', or name the TCP port with an HTTP protocol if it serves HTTP.",
  ),
  ALLOW_policy_without_rules_denies_0: diag(
    2244,
    "warning",
    "This policy denies every request to {0}: an ALLOW policy without rules matches nothing.",
    "Add the rules that should be allowed, or add an empty rule '{}' to allow everything. Leave it as it is only if you meant Istio's 'allow-nothing' policy.",
  ),
  Path_0_can_be_bypassed: diag(
    2245,
    "warning",
    "Path '{0}' matches only this exact spelling, so {1} is not {2}.",
    "Also list '{3}', and normalize paths (MeshConfig 'pathNormalization'); see https://istio.io/latest/docs/ops/best-practices/security/#authorization-policies.",
  ),
  Host_0_without_port_variant: diag(
    2246,
    "warning",
    "Host '{0}' matches only a Host header without a port, so a request to '{0}:<port>' is not {1}.",
    "Also list '{0}:*'.",
  ),
  TLS_DISABLE_towards_STRICT_workload_0: diag(
    2247,
    "error",
    "This DestinationRule sends plaintext to '{0}', but workload '{1}' accepts only mutual TLS, so requests fail.",
    "Use TLS mode 'ISTIO_MUTUAL', or remove the 'tls' setting to let auto mTLS choose.",
  ),
  Policy_selects_no_workload: diag(
    2248,
    "warning",
    "This policy applies to no workload: none in {0} matches it.",
    "Check the selector's labels against the workloads' labels, and the namespace. istioctl analyze reports this as IST0127.",
  ),
  TLS_mode_0_without_caCertificates: diag(
    2249,
    "warning",
    "TLS mode '{0}' without 'caCertificates' does not verify the server's certificate.",
    "Set 'caCertificates' (or 'credentialName' with a workloadSelector). istioctl analyze reports this as IST0128/IST0129.",
  ),
  Sidecars_without_selector_in_0: diag(
    2250,
    "error",
    "Namespace '{0}' has more than one Sidecar without a workload selector, so which applies is undefined.",
    "Keep one default Sidecar per namespace. istioctl analyze reports this as IST0111.",
  ),

  // ---- registry -----------------------------------------------------------------------------------------------
  Port_0_name_gives_no_protocol: diag(
    2270,
    "info",
    "Port '{0}' of service '{1}' declares no protocol, so Istio sniffs it.",
    "Name it '<protocol>[-<suffix>]' (such as 'http-web') or set 'appProtocol'. istioctl analyze reports this as IST0118.",
  ),
} as const;
