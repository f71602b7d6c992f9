/**
 * Envoy's router_check_tool corpus (conformance/envoy-router-check/ of ../shared or MESHC_SHARED_DIR, verbatim upstream files) run through
 * `meshc route-check`: every pair upstream expects to pass passes, and the pairs upstream's harness expects to fail
 * (envoyproxy/envoy test/tools/router_check/test/route_tests.sh) fail with the same lines.
 */
import { readFileSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { runRouteCheck, type RouteCheckCliOptions } from "../../compiler/cli/route-check.ts";
import { parseValidation } from "../../compiler/route-check/index.ts";
import { sharedCorpus } from "../support/shared-corpus.ts";

const Corpus = suite("envoy-router-check corpus");
// Without the corpus (a clone without ../shared) the suites below are registered but not run: one visible skip instead.
const DIR = sharedCorpus(Corpus, "envoy-router-check") ?? "";
Corpus.run();
const present = DIR !== "";

function run(config: string, tests: string, options: Partial<RouteCheckCliOptions> = {}) {
  let stdout = "";
  let stderr = "";
  const code = runRouteCheck(
    { config: `${DIR}/${config}`, tests: `${DIR}/${tests}`, ...options },
    {
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
      cwd: process.cwd(),
    },
  );
  return { code, stdout, stderr };
}

/** Every test name of a test file, as `--details` prints passing tests. */
function names(tests: string): string {
  const v = parseValidation(readFileSync(`${DIR}/${tests}`, "utf8"), tests.endsWith(".pb_text"));
  if (!v.ok) throw new Error(v.error);
  return v.value.tests.map((t) => `${t.testName}\n`).join("");
}

const passing = suite("upstream pairs that pass");
const PAIRS: readonly [config: string, tests: string, coverage: string][] = [
  ["ClusterHeader.yaml", "ClusterHeader.golden.proto.json", "100"],
  // Not referenced by the harness: a Bootstrap carrying the same routes plus the long-regex route.
  ["ClusterHeaderBootstrap.yaml", "ClusterHeader.golden.proto.json", "66.6667"],
  ["ContentType.yaml", "ContentType.golden.proto.json", "100"],
  ["DefaultRuntime.yaml", "DefaultRuntime.golden.proto.json", "66.6667"],
  ["DirectResponse.yaml", "DirectResponse.golden.proto.json", "100"],
  ["DynamicMetadata.yaml", "DynamicMetadata.golden.proto.json", "100"],
  ["Redirect.yaml", "Redirect.golden.proto.json", "66.6667"],
  ["Redirect2.yaml", "Redirect2.golden.proto.json", "100"],
  ["Runtime.yaml", "Runtime.golden.proto.json", "100"],
  ["TestRoutes.yaml", "TestRoutes.golden.proto.json", "64.7059"],
  ["Timeout.yaml", "Timeout.golden.proto.json", "100"],
  ["Weighted.yaml", "Weighted.golden.proto.json", "100"],
  ["Weighted.yaml", "Weighted.golden.proto.yaml", "50"],
  ["Weighted.yaml", "Weighted.golden.proto.pb_text", "16.6667"],
];
for (const [config, tests, coverage] of PAIRS) {
  passing(`${config} with ${tests}: every test passes (--details)`, () => {
    assert.equal(run(config, tests, { details: true }), {
      code: 0,
      stdout: `${names(tests)}Current route coverage: ${coverage}%\n`,
      stderr: "",
    });
  });
}
if (present) passing.run();

const failing = suite("upstream cases meant to fail (route_tests.sh)");
failing("TestRoutes.yaml with Weighted tests: Test_2 fails on cluster and virtual cluster", () => {
  const r = run("TestRoutes.yaml", "Weighted.golden.proto.json", { details: true, onlyShowFailures: true });
  assert.is(r.code, 1);
  assert.is(r.stdout, "");
  assert.is(
    r.stderr.split("Test_3\n")[0],
    "Test_2\nexpected: [cluster1], actual: [instant-server], test type: cluster_name\n" +
      "expected: [test_virtual_cluster], actual: [other], test type: virtual_cluster_name\n",
  );
});
failing("TestRoutesFailures: every response header matcher fails with the tool's wording", () => {
  assert.equal(run("TestRoutes.yaml", "TestRoutesFailures.golden.proto.json", { onlyShowFailures: true }), {
    code: 1,
    stdout: "",
    stderr: [
      "ResponseHeaderMatches Failures",
      "expected: [content-type: text/plain], actual: NOT [content-type: text/plain], test type: response_header_matches.string_match.exact",
      "actual: [content-length: 25], test type: response_header_matches.range_match",
      "expected: [x-ping-response: pong], actual: [x-ping-response: yes], test type: response_header_matches.string_match.exact",
      "expected: [has(x-ping-response):false], actual: [has(x-ping-response):true], test type: response_header_matches.present_match",
      "expected: [has(x-pong-response):true], actual: [has(x-pong-response):false], test type: response_header_matches.present_match",
      "",
    ].join("\n"),
  });
});
failing("TimeoutFailures: /api/v10/resource does not fully match ^/api/v[0-9]/.* and gets 30s", () => {
  assert.equal(run("Timeout.yaml", "TimeoutFailures.golden.proto.json", { onlyShowFailures: true }), {
    code: 1,
    stdout: "",
    stderr: "Test_1\nexpected: [120s], actual: [30s], test type: timeout\n",
  });
});
failing("RouteMetadata: tests 2 (value mismatch) and 3 (namespace missing) fail, test 1 passes", () => {
  assert.equal(run("RouteMetadata.yaml", "RouteMetadata.golden.proto.json", { details: true }), {
    code: 1,
    stdout: "MetadataMatches\n",
    stderr:
      "MetadataValueMismatch\nexpected: [databricks.der.route_id: stable], actual: [databricks.der.route_id: canary], test type: route_metadata\n" +
      "MetadataNamespaceMissing\nexpected: [databricks.der.route_id: canary], actual: [databricks.der.route_id: ], test type: route_metadata\n",
  });
});
failing("a test file given as the route config is rejected (unknown field 'tests')", () => {
  const r = run("Redirect.golden.proto.json", "TestRoutes.yaml");
  assert.is(r.code, 1);
  assert.match(r.stderr, /INVALID_ARGUMENT.*envoy\.config\.route\.v3\.RouteConfiguration.*tests/);
});
if (present) failing.run();

const coverage = suite("coverage flags (route_tests.sh)");
coverage("-f 1 passes and prints the coverage; -f 100 fails with the tool's message", () => {
  assert.equal(run("Redirect.yaml", "Redirect.golden.proto.json", { failUnder: 1 }), {
    code: 0,
    stdout: "Current route coverage: 66.6667%\n",
    stderr: "",
  });
  assert.equal(run("Redirect.yaml", "Redirect.golden.proto.json", { failUnder: 100 }), {
    code: 1,
    stdout: "Current route coverage: 66.6667%\n",
    stderr: "Failed to meet coverage requirement: 100%\n",
  });
});
coverage("--covall: DirectResponse and Runtime reach 100%", () => {
  assert.equal(run("DirectResponse.yaml", "DirectResponse.golden.proto.json", { covall: true, failUnder: 100 }), {
    code: 0,
    stdout: "Current route coverage: 100%\n",
    stderr: "",
  });
  assert.equal(run("Runtime.yaml", "Runtime.golden.proto.json", { covall: true }), {
    code: 0,
    stdout: "Current route coverage: 100%\n",
    stderr: "",
  });
});
coverage("--covall lists routes without a passing assertion, match in text format", () => {
  const r = run("TestRoutes.yaml", "TestRoutes.golden.proto.json", { covall: true });
  assert.equal(r, {
    code: 0,
    stdout: [
      'Missing test for host: www2_staging, route: prefix: "/"\n',
      'Missing test for host: default, route: prefix: "/api/application_data"\n',
      'Missing test for host: default, route: prefix: "/oldhost/rewrite/me"\n',
      'Missing test for host: default, route: path: "/tar"\ncase_sensitive {\n}\n',
      'Missing test for host: default, route: path: "/ApplEs"\ncase_sensitive {\n  value: true\n}\n',
      'Missing test for host: default, route: prefix: "/customheaders"\n',
      "Current route coverage: 22.9412%",
      "",
    ].join("\n"),
    stderr: "",
  });
});
coverage("--detailed-coverage lists uncovered routes by uniquified name", () => {
  const r = run("Redirect2.yaml", "Weighted.golden.proto.json", { detailedCoverage: true });
  assert.is(r.code, 1); // the Weighted tests fail against Redirect2: no coverage is printed.
  const ok = run("Redirect.yaml", "Redirect.golden.proto.json", { detailedCoverage: true });
  assert.equal(ok, {
    code: 0,
    stdout: [
      // www2 requires TLS: its route is never reached by these tests (the require_tls redirect is covered instead).
      "Missing test for host: www2, route name: -00000000-0000-4000-8000-000000000001",
      "Missing test for host: api, route name: -00000000-0000-4000-8000-000000000004",
      "Missing test for host: redirect, route name: -00000000-0000-4000-8000-000000000005",
      "Missing test for host: redirect, route name: -00000000-0000-4000-8000-000000000009",
      "Current route coverage: 66.6667%",
      "",
    ].join("\n"),
    stderr: "",
  });
});
if (present) coverage.run();
