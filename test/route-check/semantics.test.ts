/**
 * Focused checks of the Envoy route evaluator, one suite per rule (../shared/reference/envoy-semantics.md §2–§6).
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { RouteConfiguration } from "../../compiler/emit/envoy/gen/envoy/config/route/v3/route.ts";
import { HeaderMatcher, RouteMatch } from "../../compiler/emit/envoy/gen/envoy/config/route/v3/route_components.ts";
import { evaluateRoute, findVirtualHost, HeaderMap, matchHeader } from "../../compiler/eval/envoy/route/index.ts";
import { pickWeightedCluster } from "../../compiler/eval/envoy/route/weighted-clusters.ts";
import { DEFAULT_RUNTIME } from "../../compiler/eval/envoy/route/runtime.ts";
import { printTextFormat } from "../../compiler/route-check/text-format.ts";
import { parseTextProto } from "../../compiler/route-check/pb-text.ts";

const rc = (json: object) => RouteConfiguration.fromJson(json as never);

const vhosts = suite("virtual host selection (config_impl.cc findVirtualHost)");
const DOMAINS = rc({
  virtual_hosts: [
    { name: "any", domains: ["*"] },
    { name: "suffix-short", domains: ["*.com"] },
    { name: "suffix-long", domains: ["*.foo.com"] },
    { name: "prefix", domains: ["foo.*"] },
    { name: "exact", domains: ["Foo.Com"] },
    { name: "port", domains: ["bar.com:8080"] },
  ],
});
const pick = (host: string, config = DOMAINS) => findVirtualHost(config, host);
vhosts("exact beats wildcards, case-insensitively", () => {
  assert.equal(pick("FOO.com"), { index: 4, how: "exact 'foo.com'" });
});
vhosts("the longest suffix wildcard wins over a shorter one and over prefix wildcards", () => {
  assert.equal(pick("a.foo.com"), { index: 2, how: "suffix wildcard '*.foo.com'" });
  assert.equal(pick("foo.bar.com"), { index: 1, how: "suffix wildcard '*.com'" });
  assert.equal(pick("foo.org"), { index: 3, how: "prefix wildcard 'foo.*'" });
});
vhosts("a wildcard never matches the empty string: '.foo.com' falls to '*.com'", () => {
  assert.equal(pick(".foo.com"), { index: 1, how: "suffix wildcard '*.com'" });
});
vhosts("the port is part of the host unless ignore_port_in_host_matching", () => {
  assert.equal(pick("bar.com:8080"), { index: 5, how: "exact 'bar.com:8080'" });
  assert.equal(pick("foo.com:80"), { index: 3, how: "prefix wildcard 'foo.*'" });
  const ignoring = RouteConfiguration.clone(DOMAINS);
  ignoring.ignorePortInHostMatching = true;
  assert.equal(pick("foo.com:80", ignoring), { index: 4, how: "exact 'foo.com'" });
});
vhosts("no '*' and no match: no virtual host", () => {
  assert.is(pick("x", rc({ virtual_hosts: [{ name: "a", domains: ["a"] }] })), undefined);
});
vhosts.run();

const headers = suite("HeaderMatcher forms (header_utility.cc)");
const h = new HeaderMap([
  ["x-a", "1"],
  ["x-a", "2"],
  ["x-num", "42"],
  ["x-empty", ""],
]);
const m = (json: object) => matchHeader(HeaderMatcher.fromJson(json as never), h);
headers("values of a repeated header are joined with ','", () => {
  assert.equal(
    [m({ name: "x-a", string_match: { exact: "1,2" } }), m({ name: "x-a", string_match: { exact: "1" } })],
    [true, false],
  );
});
headers("missing header: value matchers fail even inverted; present_match per (present == has) != invert", () => {
  assert.equal(
    [
      m({ name: "x-missing", string_match: { exact: "" }, invert_match: true }),
      m({ name: "x-missing", present_match: true }),
      m({ name: "x-missing", present_match: true, invert_match: true }),
      m({ name: "x-missing", present_match: false }),
      m({ name: "x-missing", invert_match: true }),
      m({ name: "x-missing", string_match: { exact: "" }, treat_missing_header_as_empty: true }),
    ],
    [false, false, true, true, true, true],
  );
});
headers("range_match is half-open [start, end) on a base-10 int64", () => {
  assert.equal(
    [41, 42, 43].map((end) => m({ name: "x-num", range_match: { start: 0, end } })),
    [false, false, true],
  );
});
headers("string_match prefix/suffix/contains/regex, ignore_case, and the deprecated exact_match ''", () => {
  assert.equal(
    [
      m({ name: "x-num", string_match: { prefix: "4" } }),
      m({ name: "x-num", string_match: { suffix: "2" } }),
      m({ name: "x-a", string_match: { contains: "," } }),
      m({ name: "x-num", string_match: { safe_regex: { regex: "\\d" } } }),
      m({ name: "x-num", string_match: { safe_regex: { regex: "\\d+" } } }),
      m({ name: "x-a", string_match: { exact: "1,2", ignore_case: true } }),
      m({ name: "x-num", exact_match: "" }),
    ],
    [true, true, true, false, true, true, true],
  );
});
headers.run();

const weighted = suite("weighted clusters (weighted_cluster_specifier.cc cumulative intervals)");
const WC = rc({
  virtual_hosts: [
    {
      name: "v",
      domains: ["*"],
      routes: [
        {
          match: { prefix: "/" },
          route: {
            weighted_clusters: {
              clusters: [
                { name: "a", weight: 30 },
                { name: "zero", weight: 0 },
                { name: "b", weight: 70 },
              ],
            },
          },
        },
      ],
    },
  ],
});
const wcOf = (config: RouteConfiguration) => {
  const a = config.virtualHosts[0]?.routes[0]?.action;
  if (a?.oneofKind !== "route" || a.route.clusterSpecifier.oneofKind !== "weightedClusters")
    throw new Error("no weighted route");
  return a.route.clusterSpecifier.weightedClusters;
};
weighted("value % total picks [0,30) → a, [30,100) → b; a zero weight is never picked", () => {
  const names = [0n, 29n, 30n, 99n, 100n, 129n, 130n].map(
    (r) => pickWeightedCluster(wcOf(WC), new HeaderMap(), r, DEFAULT_RUNTIME).picked?.name,
  );
  assert.equal(names, ["a", "a", "b", "b", "a", "a", "b"]);
});
weighted("the decision carries the pick and the full weight table", () => {
  const d = evaluateRoute(WC, { authority: "x", path: "/", method: "GET", randomValue: 45 });
  assert.equal(d.action, {
    kind: "route",
    cluster: "b",
    picked: { index: 2, name: "b", weight: 70 },
    weights: [
      { index: 0, name: "a", weight: 30 },
      { index: 1, name: "zero", weight: 0 },
      { index: 2, name: "b", weight: 70 },
    ],
    totalWeight: 100,
  });
});
weighted.run();

const actions = suite("redirects, rewrites and header mutations");
const ACT = rc({
  virtual_hosts: [
    {
      name: "v",
      domains: ["*"],
      request_headers_to_add: [{ header: { key: "x-level", value: "vhost" }, append: false }],
      routes: [
        {
          match: { prefix: "/r" },
          redirect: {
            scheme_redirect: "https",
            port_redirect: 8443,
            prefix_rewrite: "/new",
            strip_query: true,
            response_code: "FOUND",
          },
        },
        { match: { path: "/q" }, redirect: { path_redirect: "/other?x=1" } },
        {
          match: { prefix: "/api/", case_sensitive: false },
          route: { cluster: "c", prefix_rewrite: "/v2/", host_rewrite_literal: "up" },
          request_headers_to_add: [
            { header: { key: "x-level", value: "route" } },
            { header: { key: "x-ip", value: "%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%" } },
          ],
        },
      ],
    },
  ],
  request_headers_to_add: [{ header: { key: "x-level", value: "global" }, append_action: "ADD_IF_ABSENT" }],
});
const go = (path: string) => evaluateRoute(ACT, { authority: "h.com:80", path, method: "GET" });
actions("redirect: scheme, port (dropping the request's :80), prefix rewrite, strip_query, FOUND", () => {
  assert.equal(go("/r/x?q=1").action, {
    kind: "redirect",
    uri: "https://h.com:8443/new/x",
    status: 302,
    sslRedirect: false,
  });
});
actions("a path_redirect with its own query replaces the request's", () => {
  assert.equal(go("/q?a=b").action, {
    kind: "redirect",
    uri: "http://h.com:80/other?x=1",
    status: 301,
    sslRedirect: false,
  });
});
actions("route → vhost → global: later parsers win; rewrites keep the query; original path recorded", () => {
  assert.equal(go("/API/users?id=7").requestHeaders, [
    [":authority", "up"],
    [":path", "/v2/users?id=7"],
    [":method", "GET"],
    ["x-forwarded-proto", "http"],
    [":scheme", "http"],
    ["x-level", "vhost"],
    ["x-ip", "127.0.0.1"],
    ["x-envoy-original-path", "/API/users?id=7"],
  ]);
});
actions.run();

const text = suite("protobuf text format");
text("RouteMatch prints in field-number order; a text proto reads back", () => {
  const match = rc({
    virtual_hosts: [
      {
        name: "v",
        domains: ["*"],
        routes: [
          {
            match: { path: "/a", case_sensitive: false, headers: [{ name: "x", present_match: true }] },
            route: { cluster: "c" },
          },
        ],
      },
    ],
  }).virtualHosts[0]?.routes[0]?.match;
  if (match === undefined) throw new Error("no match");
  assert.is(
    printTextFormat(RouteMatch, match),
    'path: "/a"\ncase_sensitive {\n}\nheaders {\n  name: "x"\n  present_match: true\n}\n',
  );
  assert.equal(parseTextProto("tests { test_name: \"T\" input: { path: '/a' random_value: 5 } }"), {
    tests: { test_name: "T", input: { path: "/a", random_value: 5 } },
  });
});
text.run();
