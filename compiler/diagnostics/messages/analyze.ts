/**
 * 2200–2999: semantic analysis (`compiler/check/analyze/`): configurations Istio accepts but that do not do what
 * they say. 2200–2219 references and host ownership, 2220–2239 routes, 2240–2269 security, 2270–2299 registry.
 * Where `istioctl analyze` reports the same problem, the hint names its code.
 */
import { diag } from "../diagnostic.ts";

export const analyzeMessages = {
  // ---- references and host ownership --------------------------------------------------------------------------
  Port_0_is_not_a_port_of_service_1: diag(2200, "error", "Port {0} is not a port of service '{1}'.", {
    hint: "Use one of its ports: {2}. istioctl analyze reports this as IST0101.",
    istio: ["IST0101"],
    why: "Istio has no cluster for a port the service lacks, so the route fails.",
    bad: "route:\n- destination: {host: reviews, port: {number: 8080}}",
    fixed: "route:\n- destination: {host: reviews, port: {number: 9080}}",
  }),
  Destination_0_needs_a_port: diag(
    2201,
    "error",
    "The destination '{0}' must name a port, because the service has several: {1}.",
    {
      hint: "Add 'port: {number: ...}'. istioctl analyze reports this as IST0112.",
      istio: ["IST0112"],
      why: "With several ports Istio cannot pick one, so the destination must name it.",
      bad: "route:\n- destination: {host: reviews}  # ports 9080 and 9090",
      fixed: "route:\n- destination: {host: reviews, port: {number: 9080}}",
    },
  ),
  Gateway_0_is_not_declared: diag(2202, "error", "Gateway '{0}' is not declared.", {
    hint: "Declare it, or bind to a gateway that exists ({1}). istioctl analyze reports this as IST0101.",
    istio: ["IST0101"],
    why: "A misspelt gateway binds the VirtualService to nothing.",
    bad: "gateways: [edge/pubic]",
    fixed: "gateways: [edge/public]",
  }),
  No_host_of_the_VirtualService_is_served_by_gateway_0: diag(
    2203,
    "warning",
    "No host of this VirtualService is served by gateway '{0}', so the gateway never uses it.",
    {
      related: { serves: "Gateway {0} serves these hosts." },
      hint: "Add one of the gateway's hosts ({1}) or add the host to a gateway server. istioctl analyze reports this as IST0132.",
      istio: ["IST0132"],
      why: "A gateway only uses VirtualServices for hosts its servers serve.",
      bad: "# Gateway edge/public serves shop.example.com\nhosts: [api.example.com]\ngateways: [public]",
      fixed: "hosts: [shop.example.com]\ngateways: [public]",
    },
  ),
  Host_0_is_also_routed_for_the_mesh_by_1: diag(
    2204,
    "error",
    "Host '{0}' is also routed for the mesh by VirtualService '{1}'.",
    {
      related: { alsoRoutes: "VirtualService {0} also routes '{1}'." },
      hint: "Istio merges such VirtualServices in no defined order; keep the routes for one host in one VirtualService. istioctl analyze reports this as IST0109.",
      istio: ["IST0109"],
      why: "istiod merges mesh VirtualServices for one host in no defined order.",
      bad: "# VirtualService ratings and ratings-canary\nhosts: [ratings]",
      fixed: "# one VirtualService for ratings, with both sets of rules\nhosts: [ratings]",
    },
  ),
  Host_0_is_routed_by_VirtualService_1_and_by_2_3: diag(
    2210,
    "error",
    "Host '{0}' is routed both by VirtualService '{1}' and by {2} '{3}'.",
    {
      related: { alsoRoutes: "{0} {1} also routes '{2}'." },
      hint: "Route each host with one API: move the VirtualService's rules into the route, or drop the route.",
      why: "istiod turns the Gateway API route into a VirtualService of its own; for one host on the same proxies only one of the two applies, chosen by an order Istio does not define for mixed APIs.",
      bad: "# VirtualService reviews: hosts: [reviews]\n# HTTPRoute reviews: parentRefs: [{group: '', kind: Service, name: reviews}]",
      fixed: "# HTTPRoute reviews only, with every rule for reviews",
    },
  ),
  Host_0_is_also_routed_on_gateway_1_by_2: diag(
    2205,
    "warning",
    "Host '{0}' is also routed on gateway '{1}' by VirtualService '{2}'.",
    {
      related: { alsoRoutes: "VirtualService {0} also routes '{1}'." },
      hint: "Istio appends the routes of the later VirtualService after the earlier one's, so its rules may never match; keep the routes for one host in one VirtualService.",
      why: "On a gateway the later VirtualService's rules come after the earlier one's and may never match.",
      bad: "# VirtualService web and web-beta, both on gateway public\nhosts: [shop.example.com]",
      fixed: "# one VirtualService for shop.example.com, beta rule first\nhosts: [shop.example.com]",
    },
  ),
  JWT_claim_routing_without_RequestAuthentication_for_gateway_0: diag(
    2206,
    "error",
    "Routing on JWT claim '{0}' needs a RequestAuthentication for the workloads of gateway '{1}', and there is none.",
    {
      hint: "Without one, Istio never validates the token, so the claim match never succeeds. istioctl analyze reports this as IST0149.",
      istio: ["IST0149"],
      why: "Claims are only known after a RequestAuthentication validated the JWT.",
      bad: 'match:\n- headers: {"@request.auth.claims.group": {exact: beta}}',
      fixed:
        "# plus, for the gateway workloads:\nkind: RequestAuthentication\nspec:\n  selector: {matchLabels: {istio: ingressgateway}}\n  jwtRules: [{issuer: https://auth.example.com}]",
    },
  ),
  JWKS_of_issuer_0_is_fetched_from_1: diag(
    2291,
    "warning",
    "The keys of JWT issuer '{0}' are fetched from '{1}', which meshc cannot do offline.",
    {
      hint: "istiod fetches the JWKS and inlines it; meshc emits 'remote_jwks' instead (istiod's PILOT_JWT_ENABLE_REMOTE_JWKS=envoy form) and can simulate 'jwt iss=... sub=...' requests but cannot verify a real 'Bearer' token against it. Put the keys inline with 'jwks' to test real tokens.",
      why: "Verifying a real token needs the issuer's public keys.",
      bad: "jwtRules:\n- issuer: https://auth.example.com\n  jwksUri: https://auth.example.com/jwks.json",
      fixed: "jwtRules:\n- issuer: https://auth.example.com\n  jwks: '{\"keys\": [...]}'",
    },
  ),
  JWKS_of_issuer_0_has_no_usable_key: diag(
    2292,
    "error",
    "The inline JWKS of JWT issuer '{0}' has no key Envoy can use, so every token of that issuer is rejected.",
    {
      hint: "Each key needs 'kty' and its public parameters ('n' and 'e' for RSA, 'crv', 'x' and 'y' for EC).",
      why: 'Envoy rejects every token when its JWKS has no valid key ("Jwks doesn\'t have valid keys").',
      bad: 'jwks: \'{"keys": [{"kty": "RSA"}]}\'',
      fixed: 'jwks: \'{"keys": [{"kty": "RSA", "e": "AQAB", "n": "..."}]}\'',
    },
  ),
  DestinationRule_host_0_is_unknown: diag(
    2207,
    "warning",
    "DestinationRule host '{0}' is not a known service or ServiceEntry host, so the rule applies to nothing.",
    {
      hint: "istioctl analyze reports this as IST0174.",
      istio: ["IST0174"],
      why: "A DestinationRule for a host nobody serves is dead configuration, often a typo.",
      bad: "host: ratngs",
      fixed: "host: ratings",
    },
  ),
  Subset_0_selects_no_workload_of_1: diag(
    2208,
    "warning",
    "Subset '{0}' selects no workload of service '{1}'; requests routed to it fail with 503.",
    {
      hint: "Its labels {2} match no pod of the service. istioctl analyze reports this as IST0173.",
      istio: ["IST0173"],
      why: "A subset whose labels match no pod has no endpoints: 503 UH.",
      bad: "subsets:\n- name: v3\n  labels: {version: v3}  # no v3 deployed",
      fixed: "subsets:\n- name: v2\n  labels: {version: v2}",
    },
  ),
  Subsets_of_0_are_never_routed_to: diag(
    2209,
    "warning",
    "No route uses the subsets of '{0}' declared here, so traffic to it is spread over all its workloads.",
    {
      hint: "Route to a subset in a VirtualService for '{0}', or remove the subsets.",
      why: "Declaring subsets routes nothing; without a route naming them, traffic goes to every version.",
      bad: "# DestinationRule reviews declares v1 and v2; no VirtualService names a subset",
      fixed:
        "kind: VirtualService\nspec:\n  hosts: [reviews]\n  http:\n  - route: [{destination: {host: reviews, subset: v1}}]",
    },
  ),

  // ---- routes -------------------------------------------------------------------------------------------------
  Rule_0_is_unreachable_after_catch_all_rule_1: diag(
    2220,
    "warning",
    "Rule {0} is never reached, because rule {1} before it matches every request.",
    {
      related: { catchAll: "Rule {0} has no 'match'." },
      hint: "Move the rule without 'match' to the end. istioctl analyze reports this as IST0130.",
      istio: ["IST0130"],
      why: "A rule without 'match' takes every request; rules after it never run.",
      bad: "http:\n- name: default\n  route: [...]\n- name: admin\n  match: [{uri: {prefix: /admin}}]",
      fixed: "http:\n- name: admin\n  match: [{uri: {prefix: /admin}}]\n- name: default\n  route: [...]",
    },
  ),
  Rule_0_is_unreachable_all_its_matches_are_taken: diag(
    2221,
    "warning",
    "Rule {0} is never reached, because earlier rules take every request it matches.",
    {
      related: { taker: "Match {0} of rule {1} takes its requests." },
      hint: "Reorder the rules so that the more specific one comes first. istioctl analyze reports this as IST0130.",
      istio: ["IST0130"],
      why: "Every request the rule matches is taken by earlier rules.",
      bad: "- match: [{uri: {prefix: /api}}]\n- match: [{uri: {prefix: /api/v2}}]",
      fixed: "- match: [{uri: {prefix: /api/v2}}]\n- match: [{uri: {prefix: /api}}]",
    },
  ),
  Match_0_of_rule_1_duplicates_2: diag(
    2222,
    "warning",
    "Match {0} of rule {1} is the same as {2}, which comes first, so it never applies.",
    {
      related: { earlier: "Match {0} of rule {1} is here." },
      hint: "Remove it. istioctl analyze reports this as IST0131.",
      istio: ["IST0131"],
      why: "A match identical to an earlier one can never be the first to match.",
      bad: 'match:\n- headers: {x-beta: {exact: "1"}}\n- headers: {x-beta: {exact: "1"}}',
      fixed: 'match:\n- headers: {x-beta: {exact: "1"}}',
    },
  ),
  Match_0_of_rule_1_is_shadowed_by_2: diag(
    2223,
    "warning",
    "Match {0} of rule {1} never applies: {2} comes first and takes every request it matches.",
    {
      related: { earlier: "Match {0} of rule {1} is here." },
      hint: "Move the more specific rule before the broader one. istioctl analyze reports prefix-only cases as IST0131.",
      istio: ["IST0131"],
      why: "An earlier, broader match (prefix, regex, fewer conditions) takes the requests first.",
      bad: '- match: [{uri: {prefix: /api/v1/product}}]\n- match: [{uri: {regex: "/api/v1/products/[0-9]+"}}]',
      fixed: '- match: [{uri: {regex: "/api/v1/products/[0-9]+"}}]\n- match: [{uri: {prefix: /api/v1/product}}]',
    },
  ),
  Fault_disables_0: diag(2224, "warning", "This route injects a fault, so its {0} is not applied.", {
    hint: "Istio turns off retries and timeouts on routes with a client-side fault (istio/istio#20928); test retries with a fault on the server side instead.",
    why: "Istio turns off retries and timeouts on routes with a client-side fault (istio/istio#20928).",
    bad: "fault: {abort: {httpStatus: 503, percentage: {value: 50}}}\nretries: {attempts: 3}",
    fixed: "fault: {abort: {httpStatus: 503, percentage: {value: 50}}}",
  }),
  Retries_take_up_to_0_beyond_timeout_1: diag(
    2225,
    "warning",
    "Retries can take up to {0} ({1} tries of {2}), longer than the route timeout of {3}, so the last tries never complete.",
    {
      hint: "Raise 'timeout', or lower 'attempts' or 'perTryTimeout' so that (attempts + 1) x perTryTimeout fits in it.",
      why: "The route timeout covers all tries; tries that cannot fit never complete.",
      bad: "timeout: 2s\nretries: {attempts: 3, perTryTimeout: 1s}",
      fixed: "timeout: 4s\nretries: {attempts: 3, perTryTimeout: 1s}",
    },
  ),
  Mirror_to_the_route_destination_0: diag(
    2226,
    "warning",
    "This route mirrors traffic to '{0}', where it already sends it, so that destination receives every mirrored request twice.",
    {
      related: { route: "The route sends its traffic here." },
      hint: "Mirror to another service or subset, such as the version being tested.",
      why: "Mirroring to the route's own destination doubles its load and tests nothing.",
      bad: "route: [{destination: {host: checkout}}]\nmirror: {host: checkout}",
      fixed: "route: [{destination: {host: checkout, subset: v1}}]\nmirror: {host: checkout, subset: v2}",
    },
  ),

  // ---- security -----------------------------------------------------------------------------------------------
  Rule_0_has_only_from_and_rule_1_only_to: diag(
    2240,
    "warning",
    "Rule {0} has only 'from' and rule {1} only 'to', so each allows on its own: any source may reach those operations.",
    {
      related: { first: "Rule #{0} is here." },
      hint: "Put 'from' and 'to' in the same rule to require both (istio/istio#24665).",
      why: "Rules are ORed: a rule with only 'to' allows those operations from anyone (istio/istio#24665).",
      bad: "rules:\n- from: [{source: {principals: [cluster.local/ns/shop/sa/web]}}]\n- to: [{operation: {methods: [POST]}}]",
      fixed:
        "rules:\n- from: [{source: {principals: [cluster.local/ns/shop/sa/web]}}]\n  to: [{operation: {methods: [POST]}}]",
    },
  ),
  Field_0_needs_mTLS_but_1_accepts_plaintext: diag(
    2241,
    "warning",
    "'{0}' matches only mutual-TLS requests, but workload '{1}' also accepts plaintext, {2}.",
    {
      hint: "Apply a STRICT PeerAuthentication to the workload, or match on something plaintext requests carry.",
      why: "Identities come from the mTLS certificate; plaintext requests have none.",
      bad: "# namespace shop: no STRICT PeerAuthentication\naction: DENY\nrules:\n- from: [{source: {namespaces: [legacy]}}]",
      fixed: "kind: PeerAuthentication\nmetadata: {name: default, namespace: shop}\nspec: {mtls: {mode: STRICT}}",
    },
  ),
  ALLOW_with_0_allows_plaintext_to_1: diag(
    2242,
    "warning",
    "This ALLOW rule with '{0}' also allows every plaintext request to workload '{1}', which carries no identity.",
    {
      hint: "Apply a STRICT PeerAuthentication to the workload, or list the allowed sources in '{2}' instead.",
      why: "'not these identities' is true for a plaintext request, which has none.",
      bad: "action: ALLOW\nrules:\n- from: [{source: {notNamespaces: [legacy]}}]",
      fixed: "action: ALLOW\nrules:\n- from: [{source: {namespaces: [shop, web]}}]",
    },
  ),
  HTTP_fields_0_on_TCP_port_1_of_2: diag(
    2243,
    "warning",
    "This rule uses HTTP-only fields ({0}), which TCP port {1} of workload '{2}' cannot evaluate: {3}.",
    {
      hint: "Limit the rule to the HTTP ports with 'ports', or name the TCP port with an HTTP protocol if it serves HTTP.",
      why: "The TCP filter cannot see HTTP fields: ALLOW rules are dropped, DENY rules widened.",
      bad: "# orders also serves tcp-db on 5432\nrules:\n- to: [{operation: {methods: [GET]}}]",
      fixed: 'rules:\n- to: [{operation: {methods: [GET], ports: ["8080"]}}]',
    },
  ),
  ALLOW_policy_without_rules_denies_0: diag(
    2244,
    "warning",
    "This policy denies every request to {0}: an ALLOW policy without rules matches nothing.",
    {
      hint: "Add the rules that should be allowed, or add an empty rule '{}' to allow everything. Leave it as it is only if you meant Istio's 'allow-nothing' policy.",
      why: "An ALLOW policy without rules matches nothing, so everything is denied.",
      bad: "spec:\n  selector: {matchLabels: {app: orders}}\n  action: ALLOW",
      fixed:
        "spec:\n  selector: {matchLabels: {app: orders}}\n  action: ALLOW\n  rules:\n  - from: [{source: {principals: [cluster.local/ns/shop/sa/web]}}]",
    },
  ),
  Path_0_can_be_bypassed: diag(2245, "warning", "Path '{0}' matches only this exact spelling, so {1} is not {2}.", {
    hint: "Also list '{3}', and normalize paths (MeshConfig 'pathNormalization'); see https://istio.io/latest/docs/ops/best-practices/security/#authorization-policies.",
    why: "Exact paths miss '/admin/' and sub-paths.",
    bad: "action: DENY\nrules:\n- to: [{operation: {paths: [/admin]}}]",
    fixed: "action: DENY\nrules:\n- to: [{operation: {paths: [/admin, /admin/*]}}]",
  }),
  Host_0_without_port_variant: diag(
    2246,
    "warning",
    "Host '{0}' matches only a Host header without a port, so a request to '{0}:<port>' is not {1}.",
    {
      hint: "Also list '{0}:*'.",
      why: "Authorization hosts compare the whole Host header, port included.",
      bad: "to: [{operation: {hosts: [internal.shop]}}]",
      fixed: 'to: [{operation: {hosts: [internal.shop, "internal.shop:*"]}}]',
    },
  ),
  TLS_DISABLE_towards_STRICT_workload_0: diag(
    2247,
    "error",
    "This DestinationRule sends plaintext to '{0}', but workload '{1}' accepts only mutual TLS, so requests fail.",
    {
      hint: "Use TLS mode 'ISTIO_MUTUAL', or remove the 'tls' setting to let auto mTLS choose.",
      why: "A plaintext client cannot talk to a STRICT server: the connection is reset.",
      bad: "trafficPolicy:\n  tls: {mode: DISABLE}",
      fixed: "trafficPolicy:\n  tls: {mode: ISTIO_MUTUAL}",
    },
  ),
  Policy_selects_no_workload: diag(2248, "warning", "This policy applies to no workload: none in {0} matches it.", {
    hint: "Check the selector's labels against the workloads' labels, and the namespace. istioctl analyze reports this as IST0127.",
    istio: ["IST0127"],
    why: "A policy that selects nothing protects nothing, often a label typo.",
    bad: "selector: {matchLabels: {app: order}}",
    fixed: "selector: {matchLabels: {app: orders}}",
  }),
  TLS_mode_0_without_caCertificates: diag(
    2249,
    "warning",
    "TLS mode '{0}' without 'caCertificates' does not verify the server's certificate.",
    {
      hint: "Set 'caCertificates' (or 'credentialName' with a workloadSelector). istioctl analyze reports this as IST0128/IST0129.",
      istio: ["IST0128", "IST0129"],
      why: "TLS without a CA does not check who answers.",
      bad: "tls: {mode: SIMPLE}",
      fixed: "tls: {mode: SIMPLE, caCertificates: /etc/certs/ca.pem}",
    },
  ),
  Sidecars_without_selector_in_0: diag(
    2250,
    "error",
    "Namespace '{0}' has more than one Sidecar without a workload selector, so which applies is undefined.",
    {
      related: { other: "Sidecar {0} has no workload selector either." },
      hint: "Keep one default Sidecar per namespace. istioctl analyze reports this as IST0111.",
      istio: ["IST0111"],
      why: "With two namespace-wide Sidecars, which one applies is undefined.",
      bad: "# Sidecar default and egress-lockdown in shop, neither with a workloadSelector",
      fixed: "# one Sidecar without workloadSelector in shop; the other with\nworkloadSelector: {labels: {app: web}}",
    },
  ),

  // ---- registry -----------------------------------------------------------------------------------------------
  Port_0_name_gives_no_protocol: diag(
    2270,
    "info",
    "Port '{0}' of service '{1}' declares no protocol, so Istio sniffs it.",
    {
      hint: "Name it '<protocol>[-<suffix>]' (such as 'http-web') or set 'appProtocol'. istioctl analyze reports this as IST0118.",
      istio: ["IST0118"],
      why: "Without a protocol Istio sniffs, and HTTP routing and policies may not apply.",
      bad: "ports:\n- {name: web, port: 80}",
      fixed: "ports:\n- {name: http-web, port: 80}",
    },
  ),
} as const;
