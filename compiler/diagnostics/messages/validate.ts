/**
 * 2001–2199: validation equivalent to Istio's CRD schemas and admission webhook (`pkg/config/validation`).
 * 2001–2009 references between resources, 2010–2019 structural schema, 2020–2199 webhook rules by resource kind.
 */
import { diag } from "../diagnostic.ts";

export const validateMessages = {
  // ---- references (istioctl analyze IST0101 analogues) -------------------------------------------------------
  Unknown_subset_0_for_service_1: diag(
    2001,
    "error",
    "Subset '{0}' is not declared for service '{1}'.",
    "Declare it under 'subsets' in a DestinationRule for '{1}' (declared subsets: {2}).",
  ),
  Unknown_destination_host_0: diag(
    2002,
    "warning",
    "Host '{0}' is not a known service or ServiceEntry host.",
    "Declare it as a Kubernetes Service or a ServiceEntry; known hosts: {1}.",
  ),

  // ---- structural schema (Istio's CRD OpenAPI schemas) -------------------------------------------------------
  Unknown_field_0: diag(2010, "error", "Unknown field '{0}'.", "Known fields here: {1}."),
  Field_0_must_be_1_but_is_2: diag(2011, "error", "Field '{0}' must be {1}, but is {2}."),
  Value_0_is_not_allowed_for_field_1: diag(
    2012,
    "error",
    "Value '{0}' is not allowed for field '{1}'.",
    "Allowed values: {2}.",
  ),
  Missing_required_field_0_in_1: diag(2013, "error", "Missing required field '{0}' in '{1}'."),
  Fields_0_are_mutually_exclusive: diag(2014, "error", "Only one of the fields {0} may be set in '{1}'."),
  Field_0_is_invalid_Colon_1: diag(2015, "error", "Field '{0}' is invalid: {1}."),

  // ---- shared value checks ------------------------------------------------------------------------------------
  Invalid_duration_0: diag(
    2020,
    "error",
    "'{0}' is not a valid duration.",
    "Write a number with a unit, such as '500ms', '1.5s', '1m' or '1h'.",
  ),
  Duration_0_is_shorter_than_1ms: diag(2021, "error", "Duration '{0}' must be at least 1ms."),
  Duration_0_is_finer_than_1ms: diag(
    2022,
    "error",
    "Duration '{0}' is more precise than a millisecond.",
    "Istio supports durations to millisecond precision only.",
  ),
  Port_0_out_of_range: diag(2023, "error", "Port '{0}' is not a number in the range 1-65535."),
  Percentage_0_out_of_range: diag(2024, "error", "Percentage {0} is neither 0 nor in the range 0.0001-100."),
  Invalid_host_0: diag(
    2025,
    "error",
    "Host '{0}' is not a valid host name.",
    "Use a DNS name such as 'reviews.bookinfo.svc.cluster.local'; '*' may only be the leftmost label, as in '*.example.com'.",
  ),
  Invalid_regex_0_Colon_1: diag(
    2026,
    "error",
    "Regular expression '{0}' is not valid RE2: {1}.",
    "Istio matches with RE2 (https://github.com/google/re2/wiki/Syntax), which has no lookaround or backreferences.",
  ),
  Empty_string_match_0: diag(2027, "error", "The match '{0}' must not be empty."),
  Invalid_label_0: diag(2028, "error", "Label '{0}' is not a valid Kubernetes label."),
  Invalid_ip_or_cidr_0: diag(2029, "error", "'{0}' is not a valid IP address or CIDR block."),
  Duplicate_0_1: diag(2030, "error", "Duplicate {0} '{1}'."),
  Field_0_must_not_be_empty: diag(2031, "error", "'{0}' must not be empty."),
  Field_0_must_not_contain_empty_values: diag(2032, "error", "'{0}' must not contain an empty value."),
  Field_0_must_not_be_negative: diag(2033, "error", "'{0}' must not be negative."),
  Invalid_header_name_0: diag(
    2034,
    "error",
    "Header name '{0}' is not valid.",
    "Header names are non-empty HTTP tokens (RFC 7230), such as 'x-user'.",
  ),
  Empty_workload_selector: diag(
    2035,
    "warning",
    "A workload selector without labels selects every workload in the namespace.",
  ),
  Wildcard_in_selector_0: diag(2036, "error", "Selector label '{0}' cannot contain a wildcard."),
  Only_one_of_selector_targetRef_targetRefs: diag(
    2037,
    "error",
    "Only one of 'selector', 'targetRef' and 'targetRefs' may be set.",
  ),
  Invalid_name_0_must_be_DNS_label: diag(
    2038,
    "error",
    "Name '{0}' is not a valid DNS-1123 label.",
    "Use lowercase letters, digits and '-', starting and ending with a letter or digit.",
  ),

  // ---- VirtualService -----------------------------------------------------------------------------------------
  Delegate_VirtualService_cannot_have_0: diag(
    2040,
    "error",
    "A VirtualService without hosts is a delegate and cannot have '{0}'.",
    "Add 'hosts' to make it a root VirtualService, or remove '{0}'.",
  ),
  Wildcard_host_not_allowed_for_mesh: diag(
    2041,
    "error",
    "Host '*' is not allowed in a VirtualService bound to the mesh.",
    "Bind the VirtualService to a gateway, or list the hosts it routes.",
  ),
  Hosts_0_and_1_overlap: diag(2042, "error", "Hosts '{0}' and '{1}' of the same VirtualService overlap."),
  VirtualService_has_no_routes: diag(
    2043,
    "error",
    "A VirtualService must have at least one of 'http', 'tcp' or 'tls'.",
  ),
  Invalid_gateway_reference_0: diag(
    2044,
    "error",
    "Gateway reference '{0}' is not valid.",
    "Use 'mesh', '<name>' or '<namespace>/<name>'.",
  ),
  HTTP_route_needs_an_action: diag(
    2045,
    "error",
    "An HTTP route needs 'route', 'redirect', 'directResponse' or 'delegate'.",
  ),
  HTTP_route_cannot_have_both_0_and_1: diag(2046, "error", "An HTTP route cannot have both '{0}' and '{1}'."),
  Weight_0_is_negative: diag(2047, "error", "Weight {0} must not be negative."),
  Total_weight_is_zero: diag(2048, "error", "The weights of the destinations add up to 0."),
  Weights_add_up_to_0_not_100: diag(
    2049,
    "warning",
    "The weights of the destinations add up to {0}, not 100.",
    "Istio treats weights as relative shares; make them add up to 100 so the split reads as percentages.",
  ),
  HTTP_status_0_out_of_range: diag(2050, "error", "HTTP status {0} is not in the range 200-599."),
  Redirect_code_0_is_not_3xx: diag(2051, "error", "Redirect code {0} is not a 3xx status."),
  Redirect_sets_nothing: diag(2052, "error", "A redirect must set 'uri', 'authority', 'scheme' or 'port'."),
  Redirect_scheme_0_invalid: diag(2053, "error", "Redirect scheme '{0}' must be 'http' or 'https'."),
  Rewrite_sets_nothing: diag(2054, "error", "A rewrite must set 'uri', 'uriRegexRewrite' or 'authority'."),
  Rewrite_uri_and_regex: diag(2055, "error", "A rewrite cannot set both 'uri' and 'uriRegexRewrite'."),
  Ignore_uri_case_without_uri: diag(2056, "warning", "'ignoreUriCase' has no effect without a 'uri' match."),
  Retry_settings_without_attempts: diag(
    2057,
    "error",
    "Retry settings have no effect when 'attempts' is 0.",
    "Set 'attempts' to 1 or more, or remove the other retry settings.",
  ),
  Invalid_retryOn_policy_0: diag(
    2058,
    "error",
    "'{0}' is not a valid retryOn policy.",
    "Use Envoy retry conditions (5xx, gateway-error, reset, connect-failure, retriable-4xx, refused-stream, retriable-status-codes, cancelled, deadline-exceeded, internal, resource-exhausted, unavailable) or HTTP status codes.",
  ),
  Fault_needs_abort_or_delay: diag(2059, "error", "A fault must have an 'abort' or a 'delay'."),
  Unknown_gRPC_status_0: diag(
    2060,
    "error",
    "The gRPC status '{0}' is not a known status code name.",
    "Use a name such as 'UNAVAILABLE' or 'NOT_FOUND'.",
  ),
  HTTP2_abort_not_supported: diag(2061, "error", "HTTP/2 error aborts are not supported."),
  Invalid_CORS_method_0: diag(2062, "error", "'{0}' is not a valid CORS method."),
  CORS_maxAge_not_whole_seconds: diag(2063, "error", "CORS 'maxAge' must be a whole number of seconds."),
  TLS_route_needs_a_match: diag(2064, "error", "A TLS route must have at least one match."),
  TLS_match_needs_sniHosts: diag(2065, "error", "A TLS match must have at least one SNI host."),
  SNI_host_0_not_in_hosts: diag(2066, "error", "SNI host '{0}' is not covered by any host of the VirtualService."),
  Route_0_needs_a_destination: diag(2067, "error", "A {0} route must have at least one destination."),
  Destination_host_wildcard: diag(
    2068,
    "error",
    "Destination host '*' is not allowed.",
    "Name the service to route to.",
  ),

  // ---- DestinationRule ----------------------------------------------------------------------------------------
  DestinationRule_needs_host: diag(2080, "error", "A DestinationRule must have a 'host'."),
  Consistent_hash_needs_one_key: diag(
    2081,
    "error",
    "'consistentHash' must set exactly one hash key.",
    "Set one of 'httpHeaderName', 'httpCookie', 'useSourceIp' or 'httpQueryParameterName'.",
  ),
  TLS_mode_0_requires_1: diag(
    2082,
    "error",
    "TLS mode '{0}' requires '{1}'.",
    "Or set 'credentialName' to read the certificates from a Kubernetes Secret.",
  ),
  TLS_mode_ISTIO_MUTUAL_cannot_set_0: diag(
    2083,
    "error",
    "TLS mode 'ISTIO_MUTUAL' cannot set '{0}'.",
    "Istio provides the certificates; remove '{0}' or use mode 'MUTUAL'.",
  ),
  Port_setting_needs_port: diag(2084, "error", "A port-level setting must name its 'port'."),
  Port_setting_is_empty: diag(2085, "error", "A port-level setting must set at least one policy."),

  // ---- Gateway ------------------------------------------------------------------------------------------------
  Gateway_needs_servers: diag(2090, "error", "A Gateway must have at least one server."),
  Server_needs_hosts: diag(2091, "error", "A server must have at least one host."),
  Invalid_server_host_0: diag(
    2092,
    "error",
    "Server host '{0}' is not valid.",
    "Use '<namespace>/<host>' or '<host>', where namespace is '*', '.' or a namespace name and host is a DNS name or wildcard.",
  ),
  Unsupported_protocol_0: diag(
    2093,
    "error",
    "Protocol '{0}' is not supported.",
    "Use one of HTTP, HTTPS, GRPC, GRPC-WEB, HTTP2, MONGO, REDIS, MYSQL, TCP, TLS, UDP.",
  ),
  Server_port_needs_name: diag(2094, "error", "A server port must have a 'name'."),
  Server_protocol_0_needs_tls: diag(2095, "error", "A server with protocol '{0}' must have TLS settings."),
  Server_protocol_0_cannot_have_tls: diag(
    2096,
    "error",
    "A server with protocol '{0}' cannot have TLS settings.",
    "Only 'httpsRedirect' is allowed on plain HTTP servers.",
  ),

  // ---- ServiceEntry -------------------------------------------------------------------------------------------
  ServiceEntry_needs_hosts: diag(2100, "error", "A ServiceEntry must have at least one host."),
  ServiceEntry_wildcard_host: diag(2101, "error", "Host '*' is not allowed in a ServiceEntry."),
  ServiceEntry_selector_and_endpoints: diag(
    2102,
    "error",
    "A ServiceEntry cannot set both 'workloadSelector' and 'endpoints'.",
  ),
  CIDR_needs_NONE_or_STATIC: diag(2103, "error", "CIDR addresses require resolution 'NONE' or 'STATIC'."),
  Endpoints_with_resolution_NONE: diag(2104, "error", "Endpoints are not allowed with resolution 'NONE'."),
  Hosts_must_be_FQDN_for_0: diag(
    2105,
    "error",
    "Host '{0}' must be fully qualified when resolution '{1}' has no endpoints.",
  ),
  DNS_ROUND_ROBIN_one_endpoint: diag(2106, "error", "Resolution 'DNS_ROUND_ROBIN' allows at most one endpoint."),
  Endpoint_address_0_invalid: diag(2107, "error", "Endpoint address '{0}' is not a valid {1}."),
  Endpoint_port_0_not_declared: diag(
    2108,
    "error",
    "Endpoint port '{0}' is not declared in the ServiceEntry's 'ports'.",
  ),
  Multiple_hosts_with_TCP_port_0: diag(
    2109,
    "error",
    "A ServiceEntry with several hosts cannot have the non-HTTP, non-TLS port '{0}'.",
    "Use resolution 'NONE', one host per ServiceEntry, or an HTTP/TLS protocol.",
  ),
  STATIC_without_endpoints: diag(
    2110,
    "warning",
    "A ServiceEntry with resolution 'STATIC' has neither 'endpoints' nor a 'workloadSelector'.",
  ),
  Partial_wildcard_host_0: diag(
    2111,
    "warning",
    "Host '{0}' uses a partial wildcard, which Istio treats as a full '*' label.",
  ),

  // ---- PeerAuthentication -------------------------------------------------------------------------------------
  PortLevelMtls_needs_selector: diag(
    2120,
    "error",
    "'portLevelMtls' requires a workload selector.",
    "Mesh-wide and namespace-wide PeerAuthentications cannot set per-port modes; add 'selector.matchLabels'.",
  ),

  // ---- AuthorizationPolicy ------------------------------------------------------------------------------------
  CUSTOM_needs_provider: diag(2130, "error", "An AuthorizationPolicy with action 'CUSTOM' must set 'provider.name'."),
  Provider_only_with_CUSTOM_0: diag(2131, "error", "'provider' is only allowed with action 'CUSTOM', not '{0}'."),
  Unknown_provider_0: diag(
    2132,
    "error",
    "Provider '{0}' is not an extension provider in MeshConfig.",
    "Known providers: {1}.",
  ),
  Action_0_without_rules: diag(
    2133,
    "error",
    "An AuthorizationPolicy with action '{0}' and no 'rules' never applies.",
    "Add an empty rule '{}' to apply it to every request.",
  ),
  Field_0_not_supported_with_CUSTOM: diag(2134, "error", "'{0}' is not supported with action 'CUSTOM'."),
  ServiceAccounts_with_namespaces_or_principals: diag(
    2135,
    "error",
    "'serviceAccounts' cannot be combined with 'namespaces' or 'principals'.",
  ),
  Unsupported_condition_key_0: diag(
    2136,
    "error",
    "Condition key '{0}' is not supported.",
    "Use request.headers[...], source.ip, remote.ip, source.namespace, source.principal, source.serviceAccount, request.auth.*, destination.ip, destination.port, connection.sni or experimental.envoy.filters.*.",
  ),
  Condition_0_needs_values: diag(2137, "error", "Condition '{0}' needs 'values' or 'notValues'."),
  Invalid_policy_port_0: diag(2138, "error", "Port '{0}' is not a number in the range 0-65535."),
  Invalid_path_0: diag(
    2139,
    "error",
    "Path '{0}' is not valid.",
    "Use '*', an exact path starting with '/', a prefix 'foo*' or suffix '*foo', or templates '{*}' and '{**}' as whole segments.",
  ),
  Dry_run_annotation_0_invalid: diag(
    2140,
    "error",
    "Annotation 'istio.io/dry-run' must be 'true' or 'false', not '{0}'.",
  ),
  DENY_rule_only_HTTP_attributes: diag(
    2141,
    "warning",
    "This DENY rule uses only HTTP attributes, so it denies all traffic to TCP ports in its scope.",
    "Add 'ports' to the operation to limit it to HTTP ports.",
  ),

  // ---- RequestAuthentication ----------------------------------------------------------------------------------
  JWT_rule_needs_issuer_or_jwksUri: diag(2150, "error", "A JWT rule needs an 'issuer' or a 'jwksUri'."),
  Invalid_jwksUri_0: diag(2151, "error", "'{0}' is not a valid JWKS URI.", "Use an absolute http or https URL."),
  Jwks_and_jwksUri: diag(2152, "warning", "'jwksUri' is ignored because 'jwks' is set."),
  Invalid_jwks: diag(2153, "error", "'jwks' is not a valid JSON Web Key Set."),
} as const;
