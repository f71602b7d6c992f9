/**
 * 4000–4999: request and scenario syntax (docs/requests.md, docs/scenarios.md); 5000–5099: scenario expectations that did not hold.
 * Syntax messages say what was found and what was expected in the user's words (token labels such as 'expect' or
 * "a URL"), never Chevrotain's rule names.
 */
import { diag } from "../diagnostic.ts";

const GET = "GET http://reviews.bookinfo:9080/reviews/1 from bookinfo/productpage";

export const scenarioMessages = {
  // ---- lexing and parsing ----
  Unexpected_text_0: diag(4001, "error", "Unexpected text '{0}'.", {
    why: "The lexer found a character that starts no token.",
    bad: `${GET} §`,
    fixed: GET,
    lang: "text",
  }),
  Unterminated_string_literal: diag(4002, "error", "Unterminated string literal.", {
    hint: "Close it with '\"'.",
    why: "A quoted value must end on the same line.",
    bad: `${GET} header x="a b`,
    fixed: `${GET} header x="a b"`,
    lang: "text",
  }),
  Expected_0_but_found_1: diag(4003, "error", "Expected {0} but found {1}.", {
    why: "The parser expected something else here.",
    bad: 'scenario "jason"\n  expect reviews@v2',
    fixed: `scenario "jason"\n  ${GET}\n  expect reviews@v2`,
    lang: "text",
  }),

  // ---- requests ----
  Unsupported_URL_scheme_0: diag(4004, "error", "Unsupported URL scheme '{0}'.", {
    hint: "Write 'http://', 'https://', 'grpc://' (HTTP/2), 'tcp://' (a TCP connection) or 'tls://' (a TLS connection).",
    why: "Requests are http://, https://, grpc:// (HTTP/2), tcp:// (a TCP connection) or tls:// (a TLS connection).",
    bad: "GET ftp://reviews.bookinfo/x",
    fixed: "GET http://reviews.bookinfo:9080/x",
    lang: "text",
  }),
  URL_0_has_no_host: diag(4005, "error", "The URL '{0}' has no host.", {
    why: "A URL needs a host to resolve.",
    bad: "GET http:///reviews/1",
    fixed: "GET http://reviews.bookinfo:9080/reviews/1",
    lang: "text",
  }),
  Port_0_is_not_a_number_from_1_to_65535: diag(4006, "error", "Port '{0}' is not a number from 1 to 65535.", {
    why: "Ports are 1-65535.",
    bad: "GET http://reviews.bookinfo:99999/",
    fixed: "GET http://reviews.bookinfo:9080/",
    lang: "text",
  }),
  URL_fragment_0_is_never_sent: diag(4007, "error", "The URL fragment '{0}' is never sent to a server.", {
    hint: "Remove it, or encode '#' as '%23' if it belongs to the path.",
    why: "Clients never send the fragment, so no rule can match it.",
    bad: "GET http://reviews.bookinfo:9080/a#top",
    fixed: "GET http://reviews.bookinfo:9080/a",
    lang: "text",
  }),
  Request_to_an_http_URL_needs_a_method: diag(
    4008,
    "error",
    "A request to an 'http://' URL must start with its method, such as 'GET'.",
    {
      why: "HTTP requests start with their method.",
      bad: "http://reviews.bookinfo:9080/",
      fixed: "GET http://reviews.bookinfo:9080/",
      lang: "text",
    },
  ),
  gRPC_request_is_always_POST_not_0: diag(4009, "error", "A gRPC request is always sent with 'POST', not '{0}'.", {
    hint: "Leave the method out: 'grpc://' implies POST.",
    why: "gRPC always uses POST.",
    bad: "GET grpc://checkout.shop:9090/Checkout/Pay",
    fixed: "grpc://checkout.shop:9090/Checkout/Pay",
    lang: "text",
  }),
  _0_may_appear_only_once_in_a_request: diag(4010, "error", "'{0}' may appear only once in a request.", {
    why: "A request has one source and one 'plaintext'.",
    bad: `${GET} from bookinfo/reviews`,
    fixed: GET,
    lang: "text",
  }),
  _0_is_not_a_valid_host_name: diag(4011, "error", "'{0}' is not a valid host name.", {
    why: "Hosts are DNS names.",
    bad: "GET http://revi_ews:9080/",
    fixed: "GET http://reviews:9080/",
    lang: "text",
  }),
  A_0_request_opens_a_1_connection_and_has_no_2: diag(
    4022,
    "error",
    "A '{0}://' request opens a {1} connection and has no {2}.",
    {
      hint: "Remove it, or send an HTTP request such as 'GET http://mongo.db:27017/'.",
      why: "A tcp:// (or tls://) request is a connection: the sidecars see only its host, port, source (and SNI), never a method, path or header.",
      bad: "GET tcp://mongo.db:27017/admin",
      fixed: "tcp://mongo.db:27017 from shop/app-v1",
      lang: "text",
    },
  ),

  Sni_applies_only_to_tls_and_https_requests: diag(
    4043,
    "error",
    "'sni' applies only to tls:// and https:// requests.",
    {
      hint: "Use a tls:// or https:// URL, or remove 'sni'.",
      why: "The SNI is the server name a client sends in its TLS handshake; plaintext requests have none.",
      bad: "tcp://api.example.com:443 sni api.example.com",
      fixed: "tls://api.example.com:443 sni api.example.com",
      lang: "text",
    },
  ),

  Cert_applies_only_to_tls_and_https_requests: diag(
    4046,
    "error",
    "'cert' applies only to tls:// and https:// requests.",
    {
      hint: "Use a tls:// or https:// URL, or remove 'cert'.",
      why: "A client certificate is presented in a TLS handshake; plaintext requests have none.",
      bad: "GET http://httpbin.example.com/status/418 from ingress istio-system/mygateway cert",
      fixed: "GET https://httpbin.example.com/status/418 from ingress istio-system/mygateway cert",
      lang: "text",
    },
  ),
  Unknown_client_certificate_flaw_0: diag(4047, "error", "'{0}' is not a kind of bad client certificate.", {
    hint: "Write 'cert untrusted' or 'cert expired', or 'cert' alone for a certificate the server trusts.",
    why: "After 'cert', a word without '=' names what is wrong with the certificate.",
    bad: "GET https://httpbin.example.com/ from ingress istio-system/mygateway cert revoked",
    fixed: "GET https://httpbin.example.com/ from ingress istio-system/mygateway cert untrusted",
    lang: "text",
  }),
  Client_certificate_attribute_0_is_unknown: diag(
    4048,
    "error",
    "'{0}' is not an attribute of a client certificate: write 'san=<name>[,<name>]'.",
    {
      why: "A client certificate is described by its subject alternative names, which is what a server's subjectAltNames match.",
      bad: "GET https://httpbin.example.com/ from ingress istio-system/mygateway cert cn=client.example.com",
      fixed: "GET https://httpbin.example.com/ from ingress istio-system/mygateway cert san=client.example.com",
      lang: "text",
    },
  ),

  // ---- expectations ----
  Percentage_0_is_more_than_100: diag(4012, "error", "Percentage '{0}%' is more than 100%.", {
    why: "A share cannot exceed 100%.",
    bad: "expect reviews@v1 120%",
    fixed: "expect reviews@v1 100%",
    lang: "text",
  }),
  Percentages_add_up_to_0_more_than_100: diag(
    4013,
    "error",
    "The percentages in this expectation add up to {0}%, which is more than 100%.",
    {
      why: "A distribution's shares add up to at most 100%.",
      bad: "expect reviews@v1 90%, reviews@v2 20%",
      fixed: "expect reviews@v1 90%, reviews@v2 10%",
      lang: "text",
    },
  ),
  Each_destination_in_a_distribution_needs_a_percentage: diag(
    4014,
    "error",
    "Each destination in a distribution needs a percentage, such as '{0} 50%'.",
    {
      why: "In a distribution every destination gets its share.",
      bad: "expect reviews@v1 90%, reviews@v2",
      fixed: "expect reviews@v1 90%, reviews@v2 10%",
      lang: "text",
    },
  ),
  _0_is_not_an_HTTP_status_code: diag(4015, "error", "'{0}' is not an HTTP status code.", {
    hint: "Use 100 to 599, or 0 for a connection that got no response.",
    why: "Statuses are 100-599, or 0 for no response.",
    bad: "expect status 999",
    fixed: "expect status 503",
    lang: "text",
  }),
  _0_is_not_a_whole_number_of_retry_attempts: diag(4016, "error", "'{0}' is not a whole number of retry attempts.", {
    why: "Retry attempts are whole numbers.",
    bad: "expect retries 2.5",
    fixed: "expect retries 2",
    lang: "text",
  }),
  Scenario_0_is_declared_more_than_once: diag(4017, "error", "Scenario '{0}' is declared more than once.", {
    why: "Scenario names identify results and must be unique.",
    bad: 'scenario "jason"\n...\nscenario "jason"',
    fixed: 'scenario "jason"\n...\nscenario "jason on v3"',
    lang: "text",
  }),
  Scenario_0_is_first_declared_here: diag(4019, "info", "Scenario '{0}' is first declared here.", {
    why: "Points at the first declaration of a duplicated scenario (see MESH4017).",
    bad: 'scenario "jason"\n...\nscenario "jason"',
    fixed: 'scenario "jason"\n...\nscenario "jason on v3"',
    lang: "text",
  }),
  Scenario_name_must_not_be_empty: diag(4018, "error", "A scenario name must not be empty.", {
    why: "Scenario names identify results.",
    bad: 'scenario ""',
    fixed: 'scenario "jason is routed to v2"',
    lang: "text",
  }),
  Scenario_0_has_no_expectations: diag(4020, "error", "Scenario '{0}' has no expectations.", {
    hint: "Add at least one 'expect' line after its request, such as 'expect allow'.",
    why: "A scenario without expectations tests nothing.",
    bad: `scenario "jason"\n  ${GET}`,
    fixed: `scenario "jason"\n  ${GET}\n  expect reviews@v2`,
    lang: "text",
  }),
  Expect_must_follow_the_request_of_a_scenario: diag(
    4021,
    "error",
    "An 'expect' line must follow the request of a scenario.",
    {
      hint: "Start the scenario with 'scenario \"name\"' and a request such as 'GET http://reviews:9080/'.",
      why: "Expectations belong to the request before them.",
      bad: 'scenario "jason"\n  expect reviews@v2',
      fixed: `scenario "jason"\n  ${GET}\n  expect reviews@v2`,
      lang: "text",
    },
  ),

  Unknown_JWT_flaw_0: diag(4041, "error", "'{0}' is not a kind of bad JWT.", {
    hint: "Write 'jwt invalid', 'jwt expired' or 'jwt wrong-audience', then the claims.",
    why: "After 'jwt', a word without '=' names what is wrong with the token.",
    bad: `${GET} jwt revoked iss=https://auth.example.com sub=alice`,
    fixed: `${GET} jwt expired iss=https://auth.example.com sub=alice`,
    lang: "text",
  }),
  JWT_needs_an_issuer: diag(4042, "error", "A 'jwt' clause needs the claim 'iss=<issuer>'.", {
    hint: "Name the issuer a RequestAuthentication's jwtRules list, and usually 'sub=<subject>'.",
    why: "Envoy picks the provider that verifies a token by its issuer.",
    bad: `${GET} jwt sub=alice`,
    fixed: `${GET} jwt iss=https://auth.example.com sub=alice`,
    lang: "text",
  }),

  Hop_numbers_count_from_1_not_0: diag(4044, "error", "'{0}' is not a hop number: hops count from 1.", {
    hint: "Hop 1 is the client's proxy, hop 2 the first gateway pod after it (docs/results.md, Hops).",
    why: "A hop is one proxy on the request's way, numbered in order.",
    bad: "GET http://edition.cnn.com:80/politics from default/sleep\n  expect hop 0 at default/sleep",
    fixed: "GET http://edition.cnn.com:80/politics from default/sleep\n  expect hop 1 at default/sleep",
    lang: "text",
  }),
  Expect_hop_0_names_nothing_to_check: diag(4045, "error", "'expect hop {0}' names nothing to check.", {
    hint: "Add 'at <namespace>/<workload>', 'to <service>', 'mtls', 'plaintext', 'origination', 'allow' or 'deny'.",
    why: "A hop expectation checks the parts it names: the proxy, where it sent the request, its TLS and its decision.",
    bad: "GET http://edition.cnn.com:80/politics from default/sleep\n  expect hop 2",
    fixed: "GET http://edition.cnn.com:80/politics from default/sleep\n  expect hop 2 to edition.cnn.com origination",
    lang: "text",
  }),

  Ip_applies_only_to_requests_from_outside_or_an_ingress_gateway: diag(
    4050,
    "error",
    "'ip' applies only to requests from 'outside' or from 'ingress <namespace>/<gateway>'.",
    {
      hint: "Remove 'ip': a workload connects from its pod's address (its Pod's status.podIP).",
      why: "'ip' is the address a client outside the mesh connects from, as the first proxy sees it.",
      bad: "GET http://httpbin.foo:8000/headers from foo/sleep ip 1.2.3.4",
      fixed: "GET http://httpbin.foo:8000/headers from ingress foo/httpbin-gateway ip 1.2.3.4",
      lang: "text",
    },
  ),
  _0_is_not_an_IP_address: diag(4051, "error", "'{0}' is not an IPv4 or IPv6 address.", {
    hint: "Write an address such as '203.0.113.7' or '2001:db8::7' (no port, no prefix length).",
    why: "'ip' gives the address the client connects from.",
    bad: "GET http://httpbin.foo:8000/headers from outside ip 203.0.113.300",
    fixed: "GET http://httpbin.foo:8000/headers from outside ip 203.0.113.30",
    lang: "text",
  }),

  // ---- expectations that did not hold ----
  Expected_traffic_to_go_to_0_but_it_went_to_1: diag(
    5001,
    "error",
    "Expected traffic to go to {0} but it went to {1}.",
    {
      why: "The request was routed elsewhere than expected.",
      bad: `${GET}\n  expect reviews@v3`,
      fixed: `${GET}\n  expect reviews@v1 90%, reviews@v2 10%`,
      lang: "text",
    },
  ),
  Expected_the_request_to_be_0_but_it_was_1: diag(5002, "error", "Expected the request to be {0} but it was {1}.", {
    why: "Authorization decided otherwise than expected.",
    bad: "GET http://ratings.bookinfo:9080/ratings/0 from bookinfo/productpage\n  expect allow",
    fixed: "GET http://ratings.bookinfo:9080/ratings/0 from bookinfo/reviews\n  expect allow",
    lang: "text",
  }),
  Expected_request_principal_0_but_found_1: diag(5041, "error", "Expected the request principal {0} but found {1}.", {
    why: "The JWT the server's proxy verified (if any) names another issuer and subject.",
    bad: `${GET} jwt iss=https://auth.example.com sub=alice\n  expect principal "https://auth.example.com/bob"`,
    fixed: `${GET} jwt iss=https://auth.example.com sub=alice\n  expect principal "https://auth.example.com/alice"`,
    lang: "text",
  }),
  Expected_status_0_but_found_1: diag(5003, "error", "Expected status {0} but found {1}.", {
    why: "The simulated status differs from the expected one.",
    bad: `${GET}\n  expect status 503`,
    fixed: `${GET}\n  expect status 200`,
    lang: "text",
  }),
  Expected_0_to_match_but_1_matched: diag(5004, "error", "Expected {0} to match but {1} matched.", {
    why: "A route matched where none (or another) was expected.",
    bad: `${GET}\n  expect no route`,
    fixed: "GET http://reviews.bookinfo:9080/unknown from outside\n  expect no route",
    lang: "text",
  }),
  Expected_the_connection_to_use_0_but_found_1: diag(
    5005,
    "error",
    "Expected the connection to use {0} but found {1}.",
    {
      why: "The connection used mTLS where plaintext was expected, or the reverse (or TLS the proxy originated, for a DestinationRule tls mode SIMPLE or MUTUAL, where either was expected).",
      bad: `${GET}\n  expect plaintext`,
      fixed: `${GET}\n  expect mtls`,
      lang: "text",
    },
  ),
  Expected_a_timeout_of_0_but_found_1: diag(5006, "error", "Expected a timeout of {0} but found {1}.", {
    why: "The route's timeout differs from the expected one.",
    bad: `${GET}\n  expect timeout 5s`,
    fixed: `${GET}\n  expect timeout 10s`,
    lang: "text",
  }),
  Expected_0_retry_attempts_but_found_1: diag(5007, "error", "Expected {0} retry attempts but found {1}.", {
    why: "The route's retry attempts differ from the expected number.",
    bad: `${GET}\n  expect retries 5`,
    fixed: `${GET}\n  expect retries 2`,
    lang: "text",
  }),
  Expected_hop_0_to_be_1_but_found_2: diag(5009, "error", "Expected hop {0} to be {1} but found {2}.", {
    why: "The proxy at that position of the request's path, where it sent the request, its TLS or its decision differ.",
    bad: "GET http://edition.cnn.com:80/politics from default/sleep\n  expect hop 2 to edition.cnn.com plaintext",
    fixed: "GET http://edition.cnn.com:80/politics from default/sleep\n  expect hop 2 to edition.cnn.com origination",
    lang: "text",
  }),
  Service_0_is_ambiguous_Colon_it_may_be_1: diag(5008, "error", "Service '{0}' is ambiguous: it may be {1}.", {
    hint: "Write 'name.namespace' or the full host name.",
    why: "A short service name matches services in several namespaces.",
    bad: "expect reviews@v2",
    fixed: "expect reviews.bookinfo@v2",
    lang: "text",
  }),
} as const;
