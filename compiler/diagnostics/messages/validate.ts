/**
 * 2001–2199: validation equivalent to Istio's CRD schemas and admission webhook (`pkg/config/validation`).
 * 2001–2009 references between resources, 2010–2019 structural schema, 2020–2199 webhook rules by resource kind.
 */
import { diag } from "../diagnostic.ts";

export const validateMessages = {
  // ---- references (istioctl analyze IST0101 analogues) -------------------------------------------------------
  Unknown_subset_0_for_service_1: diag(2001, "error", "Subset '{0}' is not declared for service '{1}'.", {
    related: { declaresSubsets: "DestinationRule {0} declares the subsets of '{1}'." },
    hint: "Declare it under 'subsets' in a DestinationRule for '{1}' (declared subsets: {2}).",
    istio: ["IST0101"],
    why: "The proxy has no cluster for an undeclared subset, so requests routed to it fail with 503.",
    bad: "route:\n- destination: {host: reviews, subset: v4}",
    fixed: "route:\n- destination: {host: reviews, subset: v1}  # declared in the DestinationRule",
  }),
  Unknown_destination_host_0: diag(2002, "warning", "Host '{0}' is not a known service or ServiceEntry host.", {
    hint: "Declare it as a Kubernetes Service or a ServiceEntry; known hosts: {1}.",
    istio: ["IST0101"],
    why: "Traffic to a host outside the registry is passed through or blackholed, not routed.",
    bad: "route:\n- destination: {host: reveiws}",
    fixed: "route:\n- destination: {host: reviews}",
  }),

  // ---- structural schema (Istio's CRD OpenAPI schemas) -------------------------------------------------------
  Unknown_field_0: diag(2010, "error", "Unknown field '{0}'.", {
    hint: "Known fields here: {1}.",
    why: "The API server rejects fields the CRD schema does not define.",
    bad: "http:\n- route: [...]\n  timout: 5s",
    fixed: "http:\n- route: [...]\n  timeout: 5s",
  }),
  Field_0_must_be_1_but_is_2: diag(2011, "error", "Field '{0}' must be {1}, but is {2}.", {
    why: "The API server rejects values of the wrong type.",
    bad: 'retries: {attempts: "3"}',
    fixed: "retries: {attempts: 3}",
  }),
  Value_0_is_not_allowed_for_field_1: diag(2012, "error", "Value '{0}' is not allowed for field '{1}'.", {
    hint: "Allowed values: {2}.",
    why: "The field only takes the values of its enum.",
    bad: "tls: {mode: STRICT}",
    fixed: "tls: {mode: ISTIO_MUTUAL}",
  }),
  Missing_required_field_0_in_1: diag(2013, "error", "Missing required field '{0}' in '{1}'.", {
    why: "The schema requires this field.",
    bad: "route:\n- destination: {subset: v1}",
    fixed: "route:\n- destination: {host: reviews, subset: v1}",
  }),
  Fields_0_are_mutually_exclusive: diag(2014, "error", "Only one of the fields {0} may be set in '{1}'.", {
    why: "These fields are a oneof: set only one.",
    bad: "uri: {exact: /a, prefix: /a}",
    fixed: "uri: {prefix: /a}",
  }),
  Field_0_is_invalid_Colon_1: diag(2015, "error", "Field '{0}' is invalid: {1}.", {
    why: "The value breaks a schema constraint.",
    bad: "weight: 101",
    fixed: "weight: 100",
  }),

  // ---- shared value checks ------------------------------------------------------------------------------------
  Invalid_duration_0: diag(2020, "error", "'{0}' is not a valid duration.", {
    hint: "Write a number with a unit, such as '500ms', '1.5s', '1m' or '1h'.",
    why: "Istio durations are Go durations: a number with a unit.",
    bad: "timeout: 5",
    fixed: "timeout: 5s",
  }),
  Duration_0_is_shorter_than_1ms: diag(2021, "error", "Duration '{0}' must be at least 1ms.", {
    why: "Istio rejects durations below one millisecond.",
    bad: "perTryTimeout: 500us",
    fixed: "perTryTimeout: 1ms",
  }),
  Duration_0_is_finer_than_1ms: diag(2022, "error", "Duration '{0}' is more precise than a millisecond.", {
    hint: "Istio supports durations to millisecond precision only.",
    why: "Istio supports millisecond precision only.",
    bad: "timeout: 1.0005s",
    fixed: "timeout: 1001ms",
  }),
  Port_0_out_of_range: diag(2023, "error", "Port '{0}' is not a number in the range 1-65535.", {
    why: "Ports are 1-65535.",
    bad: "port: {number: 70000}",
    fixed: "port: {number: 7000}",
  }),
  Percentage_0_out_of_range: diag(2024, "error", "Percentage {0} is neither 0 nor in the range 0.0001-100.", {
    why: "Percentages are 0, or between 0.0001 and 100.",
    bad: "percentage: {value: 150}",
    fixed: "percentage: {value: 50}",
  }),
  Invalid_host_0: diag(2025, "error", "Host '{0}' is not a valid host name.", {
    hint: "Use a DNS name such as 'reviews.bookinfo.svc.cluster.local'; '*' may only be the leftmost label, as in '*.example.com'.",
    why: "Hosts are DNS names; '*' only as the leftmost label.",
    bad: 'hosts: ["foo.*.com"]',
    fixed: 'hosts: ["*.foo.com"]',
  }),
  Invalid_regex_0_Colon_1: diag(2026, "error", "Regular expression '{0}' is not valid RE2: {1}.", {
    hint: "Istio matches with RE2 (https://github.com/google/re2/wiki/Syntax), which has no lookaround or backreferences.",
    why: "Envoy matches with RE2, which has no lookaround or backreferences.",
    bad: 'uri: {regex: "/(?!admin).*"}',
    fixed: 'uri: {regex: "/[^a].*"}',
  }),
  Empty_string_match_0: diag(2027, "error", "The match '{0}' must not be empty.", {
    why: "An empty prefix or regex match is rejected.",
    bad: 'uri: {prefix: ""}',
    fixed: "uri: {prefix: /}",
  }),
  Invalid_label_0: diag(2028, "error", "Label '{0}' is not a valid Kubernetes label.", {
    why: "Label keys and values must be valid Kubernetes labels.",
    bad: 'sourceLabels: {"app name": web}',
    fixed: "sourceLabels: {app: web}",
  }),
  Invalid_ip_or_cidr_0: diag(2029, "error", "'{0}' is not a valid IP address or CIDR block.", {
    why: "IP blocks must be IP addresses or CIDR blocks.",
    bad: 'ipBlocks: ["10.0.0.0/33"]',
    fixed: 'ipBlocks: ["10.0.0.0/8"]',
  }),
  Duplicate_0_1: diag(2030, "error", "Duplicate {0} '{1}'.", {
    why: "Names and ports must be unique in their list.",
    bad: "subsets: [{name: v1}, {name: v1}]",
    fixed: "subsets: [{name: v1}, {name: v2}]",
  }),
  Field_0_must_not_be_empty: diag(2031, "error", "'{0}' must not be empty.", {
    why: "The field is present but empty.",
    bad: "rules:\n- from: []",
    fixed: "rules:\n- from:\n  - source: {namespaces: [shop]}",
  }),
  Field_0_must_not_contain_empty_values: diag(2032, "error", "'{0}' must not contain an empty value.", {
    why: "Empty strings in value lists never match and are rejected.",
    bad: 'methods: [GET, ""]',
    fixed: "methods: [GET]",
  }),
  Field_0_must_not_be_negative: diag(2033, "error", "'{0}' must not be negative.", {
    why: "Counts and limits cannot be negative.",
    bad: "retries: {attempts: -1}",
    fixed: "retries: {attempts: 2}",
  }),
  Invalid_header_name_0: diag(2034, "error", "Header name '{0}' is not valid.", {
    hint: "Header names are non-empty HTTP tokens (RFC 7230), such as 'x-user'.",
    why: "Header names are HTTP tokens.",
    bad: 'headers: {"end user": {exact: jason}}',
    fixed: "headers: {end-user: {exact: jason}}",
  }),
  Empty_workload_selector: diag(
    2035,
    "warning",
    "A workload selector without labels selects every workload in the namespace.",
    {
      why: "An empty selector selects every workload, which is rarely meant.",
      bad: "selector: {matchLabels: {}}",
      fixed: "selector: {matchLabels: {app: reviews}}",
    },
  ),
  Wildcard_in_selector_0: diag(2036, "error", "Selector label '{0}' cannot contain a wildcard.", {
    why: "Selectors match labels literally.",
    bad: 'matchLabels: {app: "rev*"}',
    fixed: "matchLabels: {app: reviews}",
  }),
  Only_one_of_selector_targetRef_targetRefs: diag(
    2037,
    "error",
    "Only one of 'selector', 'targetRef' and 'targetRefs' may be set.",
    {
      why: "A policy attaches either by selector or by targetRef(s).",
      bad: "selector: {matchLabels: {app: web}}\ntargetRefs: [{kind: Gateway, name: gw}]",
      fixed: "targetRefs: [{kind: Gateway, name: gw}]",
    },
  ),
  Invalid_name_0_must_be_DNS_label: diag(2038, "error", "Name '{0}' is not a valid DNS-1123 label.", {
    hint: "Use lowercase letters, digits and '-', starting and ending with a letter or digit.",
    why: "Subset names, namespaces and similar names are DNS-1123 labels.",
    bad: "subsets: [{name: V1}]",
    fixed: "subsets: [{name: v1}]",
  }),

  // ---- VirtualService -----------------------------------------------------------------------------------------
  Delegate_VirtualService_cannot_have_0: diag(
    2040,
    "error",
    "A VirtualService without hosts is a delegate and cannot have '{0}'.",
    {
      hint: "Add 'hosts' to make it a root VirtualService, or remove '{0}'.",
      why: "A VirtualService without hosts is a delegate; only HTTP routes can be delegated.",
      bad: "spec:\n  gateways: [gw]\n  http: [...]",
      fixed: "spec:\n  hosts: [reviews]\n  gateways: [gw]\n  http: [...]",
    },
  ),
  Wildcard_host_not_allowed_for_mesh: diag(
    2041,
    "error",
    "Host '*' is not allowed in a VirtualService bound to the mesh.",
    {
      hint: "Bind the VirtualService to a gateway, or list the hosts it routes.",
      why: "'*' would capture every host of the mesh.",
      bad: 'hosts: ["*"]',
      fixed: "hosts: [reviews]",
    },
  ),
  Hosts_0_and_1_overlap: diag(2042, "error", "Hosts '{0}' and '{1}' of the same VirtualService overlap.", {
    why: "One VirtualService cannot list the same host twice, even through a wildcard.",
    bad: 'hosts: ["*.example.com", api.example.com]',
    fixed: 'hosts: ["*.example.com"]',
  }),
  VirtualService_has_no_routes: diag(
    2043,
    "error",
    "A VirtualService must have at least one of 'http', 'tcp' or 'tls'.",
    {
      why: "A VirtualService without routes does nothing.",
      bad: "spec:\n  hosts: [reviews]",
      fixed: "spec:\n  hosts: [reviews]\n  http:\n  - route: [{destination: {host: reviews}}]",
    },
  ),
  Invalid_gateway_reference_0: diag(2044, "error", "Gateway reference '{0}' is not valid.", {
    hint: "Use 'mesh', '<name>' or '<namespace>/<name>'.",
    why: "Gateways are named 'mesh', 'name' or 'namespace/name'.",
    bad: 'gateways: ["istio-system/ingress/gw"]',
    fixed: "gateways: [istio-system/ingress]",
  }),
  HTTP_route_needs_an_action: diag(
    2045,
    "error",
    "An HTTP route needs 'route', 'redirect', 'directResponse' or 'delegate'.",
    {
      why: "An HTTP route must say what to do with a request.",
      bad: "http:\n- match: [{uri: {prefix: /}}]",
      fixed: "http:\n- match: [{uri: {prefix: /}}]\n  route: [{destination: {host: web}}]",
    },
  ),
  HTTP_route_cannot_have_both_0_and_1: diag(2046, "error", "An HTTP route cannot have both '{0}' and '{1}'.", {
    why: "Some route actions exclude each other.",
    bad: "- redirect: {uri: /new}\n  route: [{destination: {host: web}}]",
    fixed: "- redirect: {uri: /new}",
  }),
  Weight_0_is_negative: diag(2047, "error", "Weight {0} must not be negative.", {
    why: "Weights are shares and cannot be negative.",
    bad: "weight: -10",
    fixed: "weight: 10",
  }),
  Total_weight_is_zero: diag(2048, "error", "The weights of the destinations add up to 0.", {
    why: "With every weight 0 there is nowhere to send traffic.",
    bad: "- {destination: {host: a}, weight: 0}\n- {destination: {host: b}, weight: 0}",
    fixed: "- {destination: {host: a}, weight: 100}\n- {destination: {host: b}, weight: 0}",
  }),
  Weights_add_up_to_0_not_100: diag(2049, "warning", "The weights of the destinations add up to {0}, not 100.", {
    hint: "Istio treats weights as relative shares; make them add up to 100 so the split reads as percentages.",
    why: "Istio splits proportionally, so the split is not the percentages it looks like.",
    bad: "- {destination: {host: a}, weight: 90}\n- {destination: {host: b}, weight: 20}",
    fixed: "- {destination: {host: a}, weight: 80}\n- {destination: {host: b}, weight: 20}",
  }),
  HTTP_status_0_out_of_range: diag(2050, "error", "HTTP status {0} is not in the range 200-599.", {
    why: "Aborts and direct responses use HTTP status codes 200-599.",
    bad: "abort: {httpStatus: 700}",
    fixed: "abort: {httpStatus: 503}",
  }),
  Redirect_code_0_is_not_3xx: diag(2051, "error", "Redirect code {0} is not a 3xx status.", {
    why: "Redirects use 3xx codes.",
    bad: "redirect: {uri: /new, redirectCode: 200}",
    fixed: "redirect: {uri: /new, redirectCode: 301}",
  }),
  Redirect_sets_nothing: diag(2052, "error", "A redirect must set 'uri', 'authority', 'scheme' or 'port'.", {
    why: "A redirect must change something.",
    bad: "redirect: {}",
    fixed: "redirect: {uri: /v2}",
  }),
  Redirect_scheme_0_invalid: diag(2053, "error", "Redirect scheme '{0}' must be 'http' or 'https'.", {
    why: "Redirects go to http or https.",
    bad: "redirect: {scheme: ftp}",
    fixed: "redirect: {scheme: https}",
  }),
  Rewrite_sets_nothing: diag(2054, "error", "A rewrite must set 'uri', 'uriRegexRewrite' or 'authority'.", {
    why: "A rewrite must change something.",
    bad: "rewrite: {}",
    fixed: "rewrite: {uri: /v2}",
  }),
  Rewrite_uri_and_regex: diag(2055, "error", "A rewrite cannot set both 'uri' and 'uriRegexRewrite'.", {
    why: "uri and uriRegexRewrite are alternatives.",
    bad: "rewrite: {uri: /v2, uriRegexRewrite: {match: ^/v1, rewrite: /v2}}",
    fixed: "rewrite: {uri: /v2}",
  }),
  Ignore_uri_case_without_uri: diag(2056, "warning", "'ignoreUriCase' has no effect without a 'uri' match.", {
    why: "ignoreUriCase only changes how 'uri' is matched.",
    bad: "match:\n- ignoreUriCase: true\n  headers: {x: {exact: a}}",
    fixed: "match:\n- ignoreUriCase: true\n  uri: {prefix: /api}",
  }),
  Retry_settings_without_attempts: diag(2057, "error", "Retry settings have no effect when 'attempts' is 0.", {
    hint: "Set 'attempts' to 1 or more, or remove the other retry settings.",
    why: "With attempts 0 nothing is retried, so the other settings are dead.",
    bad: "retries: {attempts: 0, perTryTimeout: 2s}",
    fixed: "retries: {attempts: 2, perTryTimeout: 2s}",
  }),
  Invalid_retryOn_policy_0: diag(2058, "error", "'{0}' is not a valid retryOn policy.", {
    hint: "Use Envoy retry conditions (5xx, gateway-error, reset, connect-failure, retriable-4xx, refused-stream, retriable-status-codes, cancelled, deadline-exceeded, internal, resource-exhausted, unavailable) or HTTP status codes.",
    why: "retryOn takes Envoy retry conditions or status codes.",
    bad: 'retries: {attempts: 2, retryOn: "5xx,timeout"}',
    fixed: 'retries: {attempts: 2, retryOn: "5xx,reset"}',
  }),
  Fault_needs_abort_or_delay: diag(2059, "error", "A fault must have an 'abort' or a 'delay'.", {
    why: "An empty fault injects nothing.",
    bad: "fault: {}",
    fixed: "fault: {abort: {httpStatus: 503, percentage: {value: 10}}}",
  }),
  Unknown_gRPC_status_0: diag(2060, "error", "The gRPC status '{0}' is not a known status code name.", {
    hint: "Use a name such as 'UNAVAILABLE' or 'NOT_FOUND'.",
    why: "gRPC aborts use status code names.",
    bad: "abort: {grpcStatus: NOPE}",
    fixed: "abort: {grpcStatus: UNAVAILABLE}",
  }),
  HTTP2_abort_not_supported: diag(2061, "error", "HTTP/2 error aborts are not supported.", {
    why: "Istio does not implement HTTP/2 error aborts.",
    bad: "abort: {http2Error: REFUSED_STREAM}",
    fixed: "abort: {httpStatus: 503}",
  }),
  Invalid_CORS_method_0: diag(2062, "error", "'{0}' is not a valid CORS method.", {
    why: "CORS methods are HTTP methods.",
    bad: "allowMethods: [FETCH]",
    fixed: "allowMethods: [GET]",
  }),
  CORS_maxAge_not_whole_seconds: diag(2063, "error", "CORS 'maxAge' must be a whole number of seconds.", {
    why: "Browsers read Access-Control-Max-Age in seconds.",
    bad: "maxAge: 1500ms",
    fixed: "maxAge: 2s",
  }),
  TLS_route_needs_a_match: diag(2064, "error", "A TLS route must have at least one match.", {
    why: "TLS routes are chosen by SNI, so each needs a match.",
    bad: "tls:\n- route: [{destination: {host: db}}]",
    fixed: "tls:\n- match: [{sniHosts: [db.example.com]}]\n  route: [{destination: {host: db}}]",
  }),
  TLS_match_needs_sniHosts: diag(2065, "error", "A TLS match must have at least one SNI host.", {
    why: "A TLS match selects by SNI.",
    bad: "match: [{port: 443}]",
    fixed: "match: [{port: 443, sniHosts: [db.example.com]}]",
  }),
  SNI_host_0_not_in_hosts: diag(2066, "error", "SNI host '{0}' is not covered by any host of the VirtualService.", {
    why: "SNI hosts must be among the VirtualService's hosts.",
    bad: "hosts: [db.example.com]\ntls:\n- match: [{sniHosts: [other.example.com]}]",
    fixed: "hosts: [db.example.com]\ntls:\n- match: [{sniHosts: [db.example.com]}]",
  }),
  Route_0_needs_a_destination: diag(2067, "error", "A {0} route must have at least one destination.", {
    why: "A TCP or TLS route must send traffic somewhere.",
    bad: "tcp:\n- match: [{port: 5432}]",
    fixed: "tcp:\n- match: [{port: 5432}]\n  route: [{destination: {host: db}}]",
  }),
  Destination_host_wildcard: diag(2068, "error", "Destination host '*' is not allowed.", {
    hint: "Name the service to route to.",
    why: "A destination must be one service.",
    bad: 'destination: {host: "*"}',
    fixed: "destination: {host: reviews}",
  }),

  // ---- DestinationRule ----------------------------------------------------------------------------------------
  DestinationRule_needs_host: diag(2080, "error", "A DestinationRule must have a 'host'.", {
    why: "A DestinationRule applies to the traffic of one host.",
    bad: "spec:\n  subsets: [{name: v1}]",
    fixed: "spec:\n  host: reviews\n  subsets: [{name: v1}]",
  }),
  Consistent_hash_needs_one_key: diag(2081, "error", "'consistentHash' must set exactly one hash key.", {
    hint: "Set one of 'httpHeaderName', 'httpCookie', 'useSourceIp' or 'httpQueryParameterName'.",
    why: "A consistent hash needs exactly one key.",
    bad: "consistentHash: {}",
    fixed: "consistentHash: {httpHeaderName: x-user}",
  }),
  TLS_mode_0_requires_1: diag(2082, "error", "TLS mode '{0}' requires '{1}'.", {
    hint: "Or set 'credentialName' to read the certificates from a Kubernetes Secret.",
    why: "SIMPLE and MUTUAL need the certificates they use.",
    bad: "tls: {mode: MUTUAL}",
    fixed: "tls: {mode: MUTUAL, credentialName: client-cert}",
  }),
  TLS_mode_ISTIO_MUTUAL_cannot_set_0: diag(2083, "error", "TLS mode 'ISTIO_MUTUAL' cannot set '{0}'.", {
    hint: "Istio provides the certificates; remove '{0}' or use mode 'MUTUAL'.",
    why: "ISTIO_MUTUAL uses Istio's certificates.",
    bad: "tls: {mode: ISTIO_MUTUAL, clientCertificate: /c.pem}",
    fixed: "tls: {mode: ISTIO_MUTUAL}",
  }),
  Port_setting_needs_port: diag(2084, "error", "A port-level setting must name its 'port'.", {
    why: "A port-level setting applies to one port.",
    bad: "portLevelSettings:\n- tls: {mode: DISABLE}",
    fixed: "portLevelSettings:\n- port: {number: 9000}\n  tls: {mode: DISABLE}",
  }),
  Port_setting_is_empty: diag(2085, "error", "A port-level setting must set at least one policy.", {
    why: "A port-level setting must set something.",
    bad: "portLevelSettings:\n- port: {number: 9000}",
    fixed: "portLevelSettings:\n- port: {number: 9000}\n  loadBalancer: {simple: ROUND_ROBIN}",
  }),

  // ---- Gateway ------------------------------------------------------------------------------------------------
  Gateway_needs_servers: diag(2090, "error", "A Gateway must have at least one server.", {
    why: "A Gateway without servers opens no port.",
    bad: "spec:\n  selector: {istio: ingressgateway}",
    fixed:
      'spec:\n  selector: {istio: ingressgateway}\n  servers:\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*"]',
  }),
  Server_needs_hosts: diag(2091, "error", "A server must have at least one host.", {
    why: "A server must say which hosts it serves.",
    bad: "- port: {number: 80, name: http, protocol: HTTP}",
    fixed: "- port: {number: 80, name: http, protocol: HTTP}\n  hosts: [shop.example.com]",
  }),
  Invalid_server_host_0: diag(2092, "error", "Server host '{0}' is not valid.", {
    hint: "Use '<namespace>/<host>' or '<host>', where namespace is '*', '.' or a namespace name and host is a DNS name or wildcard.",
    why: "Server hosts are '[namespace/]host'.",
    bad: 'hosts: ["a/b/shop.example.com"]',
    fixed: 'hosts: ["shop/shop.example.com"]',
  }),
  Unsupported_protocol_0: diag(2093, "error", "Protocol '{0}' is not supported.", {
    hint: "Use one of HTTP, HTTPS, GRPC, GRPC-WEB, HTTP2, MONGO, REDIS, MYSQL, TCP, TLS, UDP.",
    why: "Server ports take Istio's protocols.",
    bad: "port: {number: 80, name: http, protocol: HTTP3}",
    fixed: "port: {number: 80, name: http, protocol: HTTP}",
  }),
  Server_port_needs_name: diag(2094, "error", "A server port must have a 'name'.", {
    why: "Server ports are named.",
    bad: "port: {number: 80, protocol: HTTP}",
    fixed: "port: {number: 80, name: http, protocol: HTTP}",
  }),
  Server_protocol_0_needs_tls: diag(2095, "error", "A server with protocol '{0}' must have TLS settings.", {
    why: "HTTPS and TLS servers terminate or pass through TLS, which needs settings.",
    bad: "- port: {number: 443, name: https, protocol: HTTPS}\n  hosts: [shop.example.com]",
    fixed:
      "- port: {number: 443, name: https, protocol: HTTPS}\n  hosts: [shop.example.com]\n  tls: {mode: SIMPLE, credentialName: shop-cert}",
  }),
  Server_protocol_0_cannot_have_tls: diag(2096, "error", "A server with protocol '{0}' cannot have TLS settings.", {
    hint: "Only 'httpsRedirect' is allowed on plain HTTP servers.",
    why: "Plain servers cannot terminate TLS.",
    bad: "- port: {number: 80, name: http, protocol: HTTP}\n  tls: {mode: SIMPLE}",
    fixed: "- port: {number: 80, name: http, protocol: HTTP}\n  tls: {httpsRedirect: true}",
  }),

  // ---- ServiceEntry -------------------------------------------------------------------------------------------
  ServiceEntry_needs_hosts: diag(2100, "error", "A ServiceEntry must have at least one host.", {
    why: "A ServiceEntry adds hosts to the registry.",
    bad: "spec:\n  ports: [{number: 443, name: https, protocol: HTTPS}]",
    fixed: "spec:\n  hosts: [api.example.com]\n  ports: [{number: 443, name: https, protocol: HTTPS}]",
  }),
  ServiceEntry_wildcard_host: diag(2101, "error", "Host '*' is not allowed in a ServiceEntry.", {
    why: "'*' would capture every external host.",
    bad: 'hosts: ["*"]',
    fixed: 'hosts: ["*.example.com"]',
  }),
  ServiceEntry_selector_and_endpoints: diag(
    2102,
    "error",
    "A ServiceEntry cannot set both 'workloadSelector' and 'endpoints'.",
    {
      why: "Endpoints come from the selector or the list, not both.",
      bad: "workloadSelector: {labels: {app: vm}}\nendpoints: [{address: 10.0.0.1}]",
      fixed: "workloadSelector: {labels: {app: vm}}",
    },
  ),
  CIDR_needs_NONE_or_STATIC: diag(2103, "error", "CIDR addresses require resolution 'NONE' or 'STATIC'.", {
    why: "DNS resolution cannot resolve a CIDR.",
    bad: "addresses: [10.0.0.0/24]\nresolution: DNS",
    fixed: "addresses: [10.0.0.0/24]\nresolution: NONE",
  }),
  Endpoints_with_resolution_NONE: diag(2104, "error", "Endpoints are not allowed with resolution 'NONE'.", {
    why: "Resolution NONE forwards to the original destination; endpoints would be ignored.",
    bad: "resolution: NONE\nendpoints: [{address: 10.0.0.1}]",
    fixed: "resolution: STATIC\nendpoints: [{address: 10.0.0.1}]",
  }),
  Hosts_must_be_FQDN_for_0: diag(
    2105,
    "error",
    "Host '{0}' must be fully qualified when resolution '{1}' has no endpoints.",
    {
      why: "DNS resolution of a host needs a fully qualified name.",
      bad: 'hosts: ["*.example.com"]\nresolution: DNS',
      fixed: "hosts: [api.example.com]\nresolution: DNS",
    },
  ),
  DNS_ROUND_ROBIN_one_endpoint: diag(2106, "error", "Resolution 'DNS_ROUND_ROBIN' allows at most one endpoint.", {
    why: "DNS_ROUND_ROBIN uses one DNS name.",
    bad: "resolution: DNS_ROUND_ROBIN\nendpoints: [{address: a.example.com}, {address: b.example.com}]",
    fixed: "resolution: DNS\nendpoints: [{address: a.example.com}, {address: b.example.com}]",
  }),
  Endpoint_address_0_invalid: diag(2107, "error", "Endpoint address '{0}' is not a valid {1}.", {
    why: "Endpoint addresses must suit the resolution.",
    bad: "resolution: STATIC\nendpoints: [{address: db.example.com}]",
    fixed: "resolution: STATIC\nendpoints: [{address: 10.0.0.5}]",
  }),
  Endpoint_port_0_not_declared: diag(
    2108,
    "error",
    "Endpoint port '{0}' is not declared in the ServiceEntry's 'ports'.",
    {
      why: "Endpoint ports map the ServiceEntry's ports by name.",
      bad: "ports: [{number: 80, name: http}]\nendpoints: [{address: 10.0.0.1, ports: {grpc: 9000}}]",
      fixed: "ports: [{number: 80, name: http}]\nendpoints: [{address: 10.0.0.1, ports: {http: 8080}}]",
    },
  ),
  Multiple_hosts_with_TCP_port_0: diag(
    2109,
    "error",
    "A ServiceEntry with several hosts cannot have the non-HTTP, non-TLS port '{0}'.",
    {
      hint: "Use resolution 'NONE', one host per ServiceEntry, or an HTTP/TLS protocol.",
      why: "TCP traffic carries no host name, so several hosts cannot share a TCP port.",
      bad: "hosts: [a.example.com, b.example.com]\nports: [{number: 5432, name: tcp, protocol: TCP}]",
      fixed: "hosts: [a.example.com]\nports: [{number: 5432, name: tcp, protocol: TCP}]",
    },
  ),
  STATIC_without_endpoints: diag(
    2110,
    "warning",
    "A ServiceEntry with resolution 'STATIC' has neither 'endpoints' nor a 'workloadSelector'.",
    {
      why: "STATIC resolution needs addresses to send to.",
      bad: "resolution: STATIC",
      fixed: "resolution: STATIC\nendpoints: [{address: 10.0.0.5}]",
    },
  ),
  Partial_wildcard_host_0: diag(
    2111,
    "warning",
    "Host '{0}' uses a partial wildcard, which Istio treats as a full '*' label.",
    {
      why: "'*foo.com' matches like '*.com'-style full labels in Istio, which is rarely meant.",
      bad: 'hosts: ["*foo.example.com"]',
      fixed: 'hosts: ["*.foo.example.com"]',
    },
  ),

  // ---- PeerAuthentication -------------------------------------------------------------------------------------
  PortLevelMtls_needs_selector: diag(2120, "error", "'portLevelMtls' requires a workload selector.", {
    hint: "Mesh-wide and namespace-wide PeerAuthentications cannot set per-port modes; add 'selector.matchLabels'.",
    why: "Per-port modes need concrete workloads.",
    bad: "spec:\n  portLevelMtls: {8080: {mode: DISABLE}}",
    fixed: "spec:\n  selector: {matchLabels: {app: web}}\n  portLevelMtls: {8080: {mode: DISABLE}}",
  }),

  // ---- AuthorizationPolicy ------------------------------------------------------------------------------------
  CUSTOM_needs_provider: diag(2130, "error", "An AuthorizationPolicy with action 'CUSTOM' must set 'provider.name'.", {
    why: "CUSTOM delegates to an external authorizer, which must be named.",
    bad: "action: CUSTOM\nrules: [{}]",
    fixed: "action: CUSTOM\nprovider: {name: ext-authz}\nrules: [{}]",
  }),
  Provider_only_with_CUSTOM_0: diag(2131, "error", "'provider' is only allowed with action 'CUSTOM', not '{0}'.", {
    why: "Only CUSTOM uses a provider.",
    bad: "action: ALLOW\nprovider: {name: ext-authz}",
    fixed: "action: CUSTOM\nprovider: {name: ext-authz}",
  }),
  Unknown_provider_0: diag(2132, "error", "Provider '{0}' is not an extension provider in MeshConfig.", {
    hint: "Known providers: {1}.",
    why: "The provider must be declared in MeshConfig extensionProviders.",
    bad: "provider: {name: opa}",
    fixed: "provider: {name: ext-authz}  # listed in meshConfig.extensionProviders",
  }),
  Action_0_without_rules: diag(
    2133,
    "error",
    "An AuthorizationPolicy with action '{0}' and no 'rules' never applies.",
    {
      hint: "Add an empty rule '{}' to apply it to every request.",
      why: "DENY and CUSTOM without rules match nothing, so the policy does nothing.",
      bad: "action: DENY",
      fixed: "action: DENY\nrules: [{}]  # deny everything",
    },
  ),
  Field_0_not_supported_with_CUSTOM: diag(2134, "error", "'{0}' is not supported with action 'CUSTOM'.", {
    why: "The external authorizer does not see peer identities.",
    bad: "action: CUSTOM\nrules:\n- from: [{source: {principals: [a]}}]",
    fixed: "action: CUSTOM\nrules:\n- to: [{operation: {paths: [/admin/*]}}]",
  }),
  ServiceAccounts_with_namespaces_or_principals: diag(
    2135,
    "error",
    "'serviceAccounts' cannot be combined with 'namespaces' or 'principals'.",
    {
      why: "serviceAccounts is a shorthand for principals and cannot be mixed with them.",
      bad: "source: {serviceAccounts: [shop/web], namespaces: [shop]}",
      fixed: "source: {serviceAccounts: [shop/web]}",
    },
  ),
  Unsupported_condition_key_0: diag(2136, "error", "Condition key '{0}' is not supported.", {
    hint: "Use request.headers[...], source.ip, remote.ip, source.namespace, source.principal, source.serviceAccount, request.auth.*, destination.ip, destination.port, connection.sni or experimental.envoy.filters.*.",
    why: "Conditions use Istio's attribute names.",
    bad: "when: [{key: request.method, values: [GET]}]",
    fixed: "to: [{operation: {methods: [GET]}}]",
  }),
  Condition_0_needs_values: diag(2137, "error", "Condition '{0}' needs 'values' or 'notValues'.", {
    why: "A condition compares against values.",
    bad: "when: [{key: source.ip}]",
    fixed: "when: [{key: source.ip, values: [10.0.0.0/8]}]",
  }),
  Invalid_policy_port_0: diag(2138, "error", "Port '{0}' is not a number in the range 0-65535.", {
    why: "Policy ports are 0-65535.",
    bad: 'ports: ["99999"]',
    fixed: 'ports: ["9999"]',
  }),
  Invalid_path_0: diag(2139, "error", "Path '{0}' is not valid.", {
    hint: "Use '*', an exact path starting with '/', a prefix 'foo*' or suffix '*foo', or templates '{*}' and '{**}' as whole segments.",
    why: "Paths are exact, prefix*, *suffix or use {*}/{**} templates.",
    bad: 'paths: ["/api/*/users"]',
    fixed: 'paths: ["/api/{*}/users"]',
  }),
  Dry_run_annotation_0_invalid: diag(
    2140,
    "error",
    "Annotation 'istio.io/dry-run' must be 'true' or 'false', not '{0}'.",
    {
      why: "istio.io/dry-run is a boolean.",
      bad: "annotations: {istio.io/dry-run: yes}",
      fixed: 'annotations: {istio.io/dry-run: "true"}',
    },
  ),
  DENY_rule_only_HTTP_attributes: diag(
    2141,
    "warning",
    "This DENY rule uses only HTTP attributes, so it denies all traffic to TCP ports in its scope.",
    {
      hint: "Add 'ports' to the operation to limit it to HTTP ports.",
      why: "TCP traffic cannot match HTTP attributes, so the DENY matches all of it.",
      bad: "action: DENY\nrules:\n- to: [{operation: {methods: [DELETE]}}]",
      fixed: 'action: DENY\nrules:\n- to: [{operation: {methods: [DELETE], ports: ["8080"]}}]',
    },
  ),

  // ---- RequestAuthentication ----------------------------------------------------------------------------------
  JWT_rule_needs_issuer_or_jwksUri: diag(2150, "error", "A JWT rule needs an 'issuer' or a 'jwksUri'.", {
    why: "A JWT rule must say whose tokens it accepts.",
    bad: "jwtRules: [{audiences: [shop]}]",
    fixed: "jwtRules: [{issuer: https://auth.example.com}]",
  }),
  Invalid_jwksUri_0: diag(2151, "error", "'{0}' is not a valid JWKS URI.", {
    hint: "Use an absolute http or https URL.",
    why: "The JWKS is fetched from an absolute http(s) URL.",
    bad: "jwksUri: auth.example.com/jwks",
    fixed: "jwksUri: https://auth.example.com/jwks",
  }),
  Jwks_and_jwksUri: diag(2152, "warning", "'jwksUri' is ignored because 'jwks' is set.", {
    why: "Inline keys win over the URI.",
    bad: "jwtRules: [{issuer: x, jwks: '{...}', jwksUri: https://x/jwks}]",
    fixed: "jwtRules: [{issuer: x, jwksUri: https://x/jwks}]",
  }),
  Invalid_jwks: diag(2153, "error", "'jwks' is not a valid JSON Web Key Set.", {
    why: "Inline keys must be a JSON Web Key Set.",
    bad: 'jwks: "not json"',
    fixed: "jwks: '{\"keys\": [...]}'",
  }),
  // 2190–2199: Istio features meshc recognises but does not model yet. Istio accepts them; meshc refuses the mesh rather
  // than simulate and emit something istiod does not do.
  ALLOW_ANY_DYNAMIC_DNS_not_modelled: diag(
    2190,
    "error",
    "Outbound traffic policy mode 'ALLOW_ANY_DYNAMIC_DNS' is not modelled by meshc yet.",
    {
      hint: "Simulate the mesh with mode ALLOW_ANY or REGISTRY_ONLY, or register the external hosts you call with ServiceEntries.",
      why: "Istio 1.31 forwards plaintext HTTP to unknown hosts through AllowAnyDynamicDNSCluster (Envoy's dynamic forward proxy, the host taken from the Host header) instead of PassthroughCluster; the listeners and clusters istiod builds for it are not in the sources meshc follows, so meshc would answer PassthroughCluster where istiod does not.",
      bad: "outboundTrafficPolicy:\n  mode: ALLOW_ANY_DYNAMIC_DNS",
      fixed: "outboundTrafficPolicy:\n  mode: ALLOW_ANY",
    },
  ),
  Resolution_DYNAMIC_DNS_not_modelled: diag(
    2191,
    "error",
    "ServiceEntry resolution 'DYNAMIC_DNS' is not modelled by meshc yet.",
    {
      hint: "Simulate the ServiceEntry with resolution NONE (the original destination) or DNS with the hosts you call.",
      why: "Istio 1.31 builds a dynamic forward proxy cluster per port ('envoy.clusters.dynamic_forward_proxy', DNS cache '<host>_dfp_dns_cache') and DFP listener filters that resolve the Host header or SNI at request time; meshc's Envoy output and engines do not build them yet, so they would route these hosts elsewhere.",
      bad: "hosts: ['*.example.com']\nresolution: DYNAMIC_DNS",
      fixed: "hosts: ['*.example.com']\nresolution: NONE",
    },
  ),
} as const;
