/**
 * 2300–2349: the Kubernetes Gateway API, as istiod judges it in status conditions
 * (istio `pilot/pkg/config/kube/gateway/conditions.go`): each is a condition istiod would write as False, with its
 * reason. istiod accepts the resources and runs the rest of the config, so these are warnings. 2306–2329 are the
 * rules of the Gateway API CRDs themselves (CEL `x-kubernetes-validations` and list keys, beyond the OpenAPI schema
 * that MESH2010–2015 check): the API server refuses such a resource, so they are errors
 * (`compiler/check/schema/gateway-api/`), reported before conversion as istiod never sees the resource.
 */
import { diag } from "../diagnostic.ts";

export const gatewayApiMessages = {
  Route_0_is_not_accepted_by_parent_1_2_Colon_3: diag(
    2300,
    "warning",
    "{0} '{1}' is not accepted by parent '{2}' ({3}): {4}.",
    {
      hint: "Routes bind only to listeners whose hostname, allowedRoutes namespaces and kinds, sectionName and port admit them.",
      why: "istiod binds a route only to listeners that admit it; a route no listener accepts routes nothing.",
      bad: "# listener hostname: '*.example.com'\nhostnames: [shop.example.org]\nparentRefs: [{name: gateway, namespace: istio-system}]",
      fixed: "hostnames: [shop.example.com]\nparentRefs: [{name: gateway, namespace: istio-system}]",
    },
  ),
  Route_0_has_an_unresolved_reference_1_Colon_2: diag(
    2301,
    "warning",
    "{0} '{1}' has an unresolved reference ({2}): {3}.",
    {
      why: "A backendRef istiod cannot resolve is dropped from the route, and requests to it fail.",
      bad: "backendRefs: [{name: reviewz, port: 9080}]",
      fixed: "backendRefs: [{name: reviews, port: 9080}]",
    },
  ),
  Route_0_reference_not_permitted_Colon_1: diag(
    2302,
    "warning",
    "{0} '{1}' refers to another namespace without a ReferenceGrant (RefNotPermitted): {2}.",
    {
      hint: "Add a ReferenceGrant in the referenced namespace that allows {0} from namespace '{3}'.",
      why: "A route may send traffic to another namespace only when a ReferenceGrant there allows it.",
      bad: "# HTTPRoute in namespace web\nbackendRefs: [{name: api, namespace: backend, port: 80}]",
      fixed:
        "kind: ReferenceGrant\nmetadata: {namespace: backend}\nspec:\n  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: web}]\n  to: [{group: '', kind: Service}]",
    },
  ),
  Gateway_0_listener_1_is_not_programmed_2_Colon_3: diag(
    2303,
    "warning",
    "Listener '{1}' of Gateway '{0}' is not programmed ({2}): {3}.",
    {
      why: "istiod does not program a listener it cannot serve, so routes bound to it get no traffic.",
      bad: "listeners: [{name: web, port: 80, protocol: http}]",
      fixed: "listeners: [{name: web, port: 80, protocol: HTTP}]",
    },
  ),
  Gateway_0_is_not_accepted_1_Colon_2: diag(2304, "warning", "Gateway '{0}' is not fully accepted ({1}): {2}.", {
    why: "istiod serves a Gateway only on the addresses it understands (one Hostname naming a Service, or none).",
    bad: "addresses: [{type: NamedAddress, value: my-lb}]",
    fixed: "addresses: [{type: Hostname, value: istio-ingressgateway}]",
  }),
  Listener_0_of_Gateway_1_accepts_none_of_the_2_routes_that_refer_to_it: diag(
    2305,
    "warning",
    "Listener '{0}' of Gateway '{1}' refuses every route that refers to it ({2}: {3}), so it serves nothing.",
    {
      hint: "Each route that names this listener is reported where it names it; fix the routes' hostnames or namespaces, or the listener's hostname and allowedRoutes.",
      why: "istiod writes attachedRoutes: 0 in the listener's status: every route that refers to it was refused, so requests to the listener find no route.",
      bad: "listeners: [{name: shop, port: 80, protocol: HTTP, hostname: '*.example.org'}]\n# HTTPRoute: parentRefs: [{name: gw, sectionName: shop}], hostnames: [shop.example.com]",
      fixed:
        "listeners: [{name: shop, port: 80, protocol: HTTP, hostname: '*.example.com'}]\n# HTTPRoute: parentRefs: [{name: gw, sectionName: shop}], hostnames: [shop.example.com]",
    },
  ),
  A_rule_with_a_RequestRedirect_filter_cannot_have_backendRefs: diag(
    2306,
    "error",
    "A rule with a RequestRedirect filter cannot have backendRefs.",
    {
      hint: "A redirect answers the request itself: drop the backendRefs, or the filter.",
      why: "The HTTPRoute CRD's CEL rule 'RequestRedirect filter must not be used together with backendRefs' makes the API server refuse the route.",
      bad: "filters: [{type: RequestRedirect, requestRedirect: {scheme: https}}]\nbackendRefs: [{name: web, port: 80}]",
      fixed: "filters: [{type: RequestRedirect, requestRedirect: {scheme: https}}]",
    },
  ),
  A_rule_cannot_both_redirect_and_rewrite: diag(
    2307,
    "error",
    "A rule cannot have both a RequestRedirect and a URLRewrite filter.",
    {
      hint: "Keep one: a redirect sends the client elsewhere, a rewrite changes the request that is forwarded.",
      why: "The HTTPRoute CRD's CEL rule 'May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both' makes the API server refuse the route.",
      bad: "filters: [{type: RequestRedirect, requestRedirect: {hostname: a.example.com}}, {type: URLRewrite, urlRewrite: {hostname: b}}]",
      fixed: "filters: [{type: URLRewrite, urlRewrite: {hostname: b}}]",
    },
  ),
  Filter_type_0_appears_more_than_once_in_a_rule: diag(
    2308,
    "error",
    "Filter type '{0}' appears more than once in a rule's filters.",
    {
      hint: "Merge the two into one filter.",
      why: "The route CRDs' CEL rules ('{0} filter cannot be repeated') make the API server refuse the route.",
      bad: "filters:\n- {type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: a, value: '1'}]}}\n- {type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: b, value: '2'}]}}",
      fixed:
        "filters:\n- {type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: a, value: '1'}, {name: b, value: '2'}]}}",
    },
  ),
  A_0_filter_is_configured_by_1_and_no_other_filter_field: diag(
    2309,
    "error",
    "A '{0}' filter is configured by '{1}' and no other filter field (found: {2}).",
    {
      hint: "Set the field named after the filter's type, and only it.",
      why: "The route CRDs' CEL rules ('filter.X must be specified for X filter.type', 'filter.X must be nil if the filter.type is not X') make the API server refuse the route.",
      bad: "filters: [{type: RequestHeaderModifier, responseHeaderModifier: {remove: [x]}}]",
      fixed: "filters: [{type: ResponseHeaderModifier, responseHeaderModifier: {remove: [x]}}]",
    },
  ),
  ReplacePrefixMatch_needs_exactly_one_PathPrefix_match: diag(
    2310,
    "error",
    "ReplacePrefixMatch needs the rule to have exactly one match, of type PathPrefix; it has {0}.",
    {
      hint: "Split the rule: one rule per prefix, each with its own filter.",
      why: "The HTTPRoute CRD's CEL rules ('When using ... with path.replacePrefixMatch, exactly one PathPrefix match must be specified') make the API server refuse the route: the prefix to replace must be unambiguous.",
      bad: "matches: [{path: {type: PathPrefix, value: /a}}, {path: {type: PathPrefix, value: /b}}]\nfilters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /}}}]",
      fixed:
        "matches: [{path: {type: PathPrefix, value: /a}}]\nfilters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /}}}]",
    },
  ),
  Listener_0_tls_must_not_be_specified: diag(
    2313,
    "error",
    "Listener '{0}': tls must not be specified for protocols ['HTTP', 'TCP', 'UDP'].",
    {
      hint: "Drop 'tls', or use protocol HTTPS (terminate) or TLS (terminate or pass through).",
      why: "The Gateway CRD's CEL rule on spec.listeners makes the API server refuse the Gateway.",
      bad: "listeners: [{name: web, port: 80, protocol: HTTP, tls: {certificateRefs: [{name: cert}]}}]",
      fixed: "listeners: [{name: web, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: cert}]}}]",
    },
  ),
  Listener_0_tls_mode_must_be_Terminate: diag(
    2314,
    "error",
    "Listener '{0}': tls mode must be Terminate for protocol HTTPS.",
    {
      hint: "To pass TLS through to the backend, use protocol TLS with a TLSRoute.",
      why: "The Gateway CRD's CEL rule on spec.listeners makes the API server refuse the Gateway.",
      bad: "listeners: [{name: https, port: 443, protocol: HTTPS, tls: {mode: Passthrough}}]",
      fixed: "listeners: [{name: tls, port: 443, protocol: TLS, tls: {mode: Passthrough}}]",
    },
  ),
  Listener_0_hostname_must_not_be_specified: diag(
    2315,
    "error",
    "Listener '{0}': hostname must not be specified for protocols ['TCP', 'UDP'].",
    {
      hint: "A TCP listener sees no host name; give each service its own port instead.",
      why: "The Gateway CRD's CEL rule on spec.listeners makes the API server refuse the Gateway.",
      bad: "listeners: [{name: db, port: 5432, protocol: TCP, hostname: db.example.com}]",
      fixed: "listeners: [{name: db, port: 5432, protocol: TCP}]",
    },
  ),
  Listener_name_0_is_not_unique: diag(
    2316,
    "error",
    "Listener name must be unique within the Gateway: '{0}' is repeated.",
    {
      why: "The Gateway CRD's CEL rule on spec.listeners makes the API server refuse the Gateway; routes name listeners by sectionName.",
      bad: "listeners: [{name: web, port: 80, protocol: HTTP}, {name: web, port: 8080, protocol: HTTP}]",
      fixed: "listeners: [{name: web, port: 80, protocol: HTTP}, {name: web-alt, port: 8080, protocol: HTTP}]",
    },
  ),
  Listener_0_repeats_the_port_protocol_and_hostname_of_1: diag(
    2317,
    "error",
    "Combination of port, protocol and hostname must be unique for each listener: '{0}' repeats '{1}'.",
    {
      hint: "Give one of them another hostname or port, or merge them.",
      why: "The Gateway CRD's CEL rule on spec.listeners makes the API server refuse the Gateway: a request could not tell the two apart.",
      bad: "listeners: [{name: a, port: 80, protocol: HTTP}, {name: b, port: 80, protocol: HTTP}]",
      fixed:
        "listeners: [{name: a, port: 80, protocol: HTTP}, {name: b, port: 80, protocol: HTTP, hostname: b.example.com}]",
    },
  ),
  Listener_0_needs_certificateRefs_or_options: diag(
    2318,
    "error",
    "Listener '{0}': certificateRefs or options must be specified when mode is Terminate.",
    {
      hint: "Name the Secret that holds the certificate (mode defaults to Terminate).",
      why: "The Gateway CRD's CEL rule on ListenerTLSConfig makes the API server refuse the Gateway: terminating TLS needs a certificate.",
      bad: "listeners: [{name: https, port: 443, protocol: HTTPS, tls: {mode: Terminate}}]",
      fixed: "listeners: [{name: https, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: web-cert}]}}]",
    },
  ),
  Path_match_0_is_invalid_Colon_1: diag(2319, "error", "Path match '{0}' is invalid: {1}.", {
    hint: "Exact and PathPrefix values are normalized absolute paths; use RegularExpression for anything else.",
    why: "The HTTPRoute CRD's CEL rules on HTTPPathMatch make the API server refuse the route (the reason is the rule's own message).",
    bad: "matches: [{path: {type: PathPrefix, value: api//v1}}]",
    fixed: "matches: [{path: {type: PathPrefix, value: /api/v1}}]",
  }),
  BackendRequest_timeout_0_is_longer_than_request_timeout_1: diag(
    2320,
    "error",
    "backendRequest timeout cannot be longer than request timeout ({0} > {1}).",
    {
      hint: "The request timeout covers the whole request, retries included: make it at least the backendRequest timeout.",
      why: "The HTTPRoute CRD's CEL rule on HTTPRouteTimeouts makes the API server refuse the route.",
      bad: "timeouts: {request: 1s, backendRequest: 2s}",
      fixed: "timeouts: {request: 4s, backendRequest: 2s}",
    },
  ),
  Duplicate_value_0_in_a_list_keyed_by_1: diag(2321, "error", "Duplicate value: {0} (the CRD keys this list by {1}).", {
    hint: "Merge the two entries into one.",
    why: "The Gateway API CRDs declare lists as list maps (header and query parameter lists keyed by name, a Gateway's tls.frontend.perPort keyed by port) or sets (header removals); the API server refuses a repeated key.",
    bad: "headers: [{name: x-env, value: a}, {name: x-env, value: b}]",
    fixed: "headers: [{name: x-env, value: a}]",
  }),
  GRPC_method_match_is_invalid_Colon_0: diag(2322, "error", "gRPC method match is invalid: {0}.", {
    hint: "An Exact match names a protobuf service (package.Service) and/or a method (an identifier); use type RegularExpression for patterns.",
    why: "The GRPCRoute CRD's CEL rules on GRPCMethodMatch make the API server refuse the route (the reason is the rule's own message).",
    bad: "matches: [{method: {service: helloworld/Greeter}}]",
    fixed: "matches: [{method: {service: helloworld.Greeter, method: SayHello}}]",
  }),
  Gateway_address_0_is_invalid_Colon_1: diag(2323, "error", "Gateway address '{0}' is invalid: {1}.", {
    why: "The Gateway CRD's CEL rules on spec.addresses make the API server refuse the Gateway (the reason is the rule's own message).",
    bad: "addresses: [{type: Hostname, value: istio-ingressgateway}, {type: Hostname, value: istio-ingressgateway}]",
    fixed: "addresses: [{type: Hostname, value: istio-ingressgateway}]",
  }),
  RequestMirror_filter_is_invalid_Colon_0: diag(2324, "error", "RequestMirror filter is invalid: {0}.", {
    hint: "Mirror a share of requests with either percent (0-100) or fraction (numerator/denominator, at most 1).",
    why: "The route CRDs' CEL rules on HTTPRequestMirrorFilter and Fraction make the API server refuse the route (the reason is the rule's own message).",
    bad: "requestMirror: {backendRef: {name: web-shadow, port: 80}, percent: 10, fraction: {numerator: 1, denominator: 10}}",
    fixed: "requestMirror: {backendRef: {name: web-shadow, port: 80}, percent: 10}",
  }),
  AbsoluteTimeout_must_be_specified_when_cookie_lifetimeType_is_Permanent: diag(
    2325,
    "error",
    "AbsoluteTimeout must be specified when cookie lifetimeType is Permanent.",
    {
      hint: "A permanent cookie's Expires/Max-Age comes from absoluteTimeout: set it, or use lifetimeType Session.",
      why: "The route CRDs' CEL rule on SessionPersistence makes the API server refuse the route.",
      bad: "sessionPersistence: {sessionName: session, cookieConfig: {lifetimeType: Permanent}}",
      fixed: "sessionPersistence: {sessionName: session, absoluteTimeout: 1h, cookieConfig: {lifetimeType: Permanent}}",
    },
  ),
  ExternalAuth_filter_is_invalid_Colon_0: diag(2326, "error", "ExternalAuth filter is invalid: {0}.", {
    hint: "Set the protocol, and configure only the block of that protocol ('grpc' or 'http').",
    why: "The HTTPRoute CRD's CEL rules on HTTPExternalAuthFilter make the API server refuse the route (the reason is the rule's own message).",
    bad: "externalAuth: {protocol: HTTP, backendRef: {name: authz, port: 9000}, grpc: {}}",
    fixed: "externalAuth: {protocol: GRPC, backendRef: {name: authz, port: 9000}, grpc: {}}",
  }),
  Route_hostname_0_is_invalid_Colon_1: diag(2327, "error", "Hostname '{0}' is invalid: {1}.", {
    hint: "A TLSRoute matches the SNI of the TLS handshake, which never carries an IP address (RFC 6066).",
    why: "The TLSRoute v1 CRD's CEL rules on spec.hostnames make the API server refuse the route (the reason is the rule's own message).",
    bad: "hostnames: [10.0.0.1]",
    fixed: "hostnames: [db.example.com]",
  }),
  Rule_name_0_is_not_unique_within_the_route: diag(2328, "error", "Rule name '{0}' is not unique within the route.", {
    hint: "Give each rule its own name, or leave the name out.",
    why: "The route CRDs' CEL rule 'Rule name must be unique within the route' (experimental channel) makes the API server refuse the route.",
    bad: "rules: [{name: main, backendRefs: [...]}, {name: main, backendRefs: [...]}]",
    fixed: "rules: [{name: main, backendRefs: [...]}, {name: fallback, backendRefs: [...]}]",
  }),
  The_route_s_rules_have_0_matches_together_more_than_1: diag(
    2329,
    "error",
    "The route's rules have {0} matches together, more than {1}.",
    {
      hint: "Split the route into several routes, or merge matches (a rule without matches counts one PathPrefix '/' match in an HTTPRoute).",
      why: "The HTTPRoute and GRPCRoute CRDs' CEL rule 'the total number of matches across all rules in a route must be less than 128' makes the API server refuse the route.",
      bad: "rules: 16 rules of 9 matches each",
      fixed: "rules: split over two HTTPRoutes",
    },
  ),
  Service_backend_0_has_no_port: diag(2312, "error", "Backend '{0}' is a Service and needs a port.", {
    why: "The route CRDs' CEL rule 'Must have port for Service reference' makes the API server refuse the route.",
    bad: "backendRefs: [{name: reviews}]",
    fixed: "backendRefs: [{name: reviews, port: 9080}]",
  }),
} as const;
