/**
 * 4000–4999: request and scenario syntax (DESIGN §3, §5); 5000–5099: scenario expectations that did not hold.
 * Syntax messages say what was found and what was expected in the user's words (token labels such as 'expect' or
 * "a URL"), never Chevrotain's rule names.
 */
import { diag } from "../diagnostic.ts";

export const scenarioMessages = {
  // ---- lexing and parsing ----
  Unexpected_text_0: diag(4001, "error", "Unexpected text '{0}'."),
  Unterminated_string_literal: diag(4002, "error", "Unterminated string literal.", "Close it with '\"'."),
  Expected_0_but_found_1: diag(4003, "error", "Expected {0} but found {1}."),

  // ---- requests ----
  Unsupported_URL_scheme_0: diag(
    4004,
    "error",
    "Unsupported URL scheme '{0}'.",
    "Write 'http://', 'grpc://' (HTTP/2) or 'tcp://' (a TCP connection).",
  ),
  URL_0_has_no_host: diag(4005, "error", "The URL '{0}' has no host."),
  Port_0_is_not_a_number_from_1_to_65535: diag(4006, "error", "Port '{0}' is not a number from 1 to 65535."),
  URL_fragment_0_is_never_sent: diag(
    4007,
    "error",
    "The URL fragment '{0}' is never sent to a server.",
    "Remove it, or encode '#' as '%23' if it belongs to the path.",
  ),
  Request_to_an_http_URL_needs_a_method: diag(
    4008,
    "error",
    "A request to an 'http://' URL must start with its method, such as 'GET'.",
  ),
  gRPC_request_is_always_POST_not_0: diag(
    4009,
    "error",
    "A gRPC request is always sent with 'POST', not '{0}'.",
    "Leave the method out: 'grpc://' implies POST.",
  ),
  _0_may_appear_only_once_in_a_request: diag(4010, "error", "'{0}' may appear only once in a request."),
  _0_is_not_a_valid_host_name: diag(4011, "error", "'{0}' is not a valid host name."),
  TCP_request_has_no_0: diag(
    4022,
    "error",
    "A 'tcp://' request opens a TCP connection and has no {0}.",
    "Remove it, or send an HTTP request such as 'GET http://mongo.db:27017/'.",
  ),

  // ---- expectations ----
  Percentage_0_is_more_than_100: diag(4012, "error", "Percentage '{0}%' is more than 100%."),
  Percentages_add_up_to_0_more_than_100: diag(
    4013,
    "error",
    "The percentages in this expectation add up to {0}%, which is more than 100%.",
  ),
  Each_destination_in_a_distribution_needs_a_percentage: diag(
    4014,
    "error",
    "Each destination in a distribution needs a percentage, such as '{0} 50%'.",
  ),
  _0_is_not_an_HTTP_status_code: diag(
    4015,
    "error",
    "'{0}' is not an HTTP status code.",
    "Use 100 to 599, or 0 for a connection that got no response.",
  ),
  _0_is_not_a_whole_number_of_retry_attempts: diag(4016, "error", "'{0}' is not a whole number of retry attempts."),
  Scenario_0_is_declared_more_than_once: diag(4017, "error", "Scenario '{0}' is declared more than once."),
  Scenario_0_is_first_declared_here: diag(4019, "info", "Scenario '{0}' is first declared here."),
  Scenario_name_must_not_be_empty: diag(4018, "error", "A scenario name must not be empty."),
  Scenario_0_has_no_expectations: diag(
    4020,
    "error",
    "Scenario '{0}' has no expectations.",
    "Add at least one 'expect' line after its request, such as 'expect allow'.",
  ),
  Expect_must_follow_the_request_of_a_scenario: diag(
    4021,
    "error",
    "An 'expect' line must follow the request of a scenario.",
    "Start the scenario with 'scenario \"name\"' and a request such as 'GET http://reviews:9080/'.",
  ),

  // ---- expectations that did not hold ----
  Expected_traffic_to_go_to_0_but_it_went_to_1: diag(
    5001,
    "error",
    "Expected traffic to go to {0} but it went to {1}.",
  ),
  Expected_the_request_to_be_0_but_it_was_1: diag(5002, "error", "Expected the request to be {0} but it was {1}."),
  Expected_status_0_but_found_1: diag(5003, "error", "Expected status {0} but found {1}."),
  Expected_0_to_match_but_1_matched: diag(5004, "error", "Expected {0} to match but {1} matched."),
  Expected_the_connection_to_use_0_but_found_1: diag(
    5005,
    "error",
    "Expected the connection to use {0} but found {1}.",
  ),
  Expected_a_timeout_of_0_but_found_1: diag(5006, "error", "Expected a timeout of {0} but found {1}."),
  Expected_0_retry_attempts_but_found_1: diag(5007, "error", "Expected {0} retry attempts but found {1}."),
  Service_0_is_ambiguous_Colon_it_may_be_1: diag(
    5008,
    "error",
    "Service '{0}' is ambiguous: it may be {1}.",
    "Write 'name.namespace' or the full host name.",
  ),
} as const;
