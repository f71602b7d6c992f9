/** Route matching and route actions, each citing the Istio/Envoy behaviour it pins. */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { SimRequest } from "../../compiler/eval/types.ts";
import { NS, meshFromYaml, request, run, service } from "./_support.ts";

const vs = (http: string, extra = ""): string => `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: b, namespace: default}
spec:
  hosts: [b]
${extra}  http:
${http}
`;
const DR = `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: b, namespace: default}
spec:
  host: b
  subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]
`;
const base = NS("default") + service("a", "default", [80]) + service("b", "default", [80], ["v1", "v2"]) + DR;
const mesh = (http: string, extra = "") => meshFromYaml(base + vs(http, extra));
const A = "default/a-v1";
/** Which subset(s) a request reaches, with probabilities, or the status when it is not forwarded. */
const where = (yaml: string, req: SimRequest) =>
  run(mesh(yaml), req).outcomes.map((o) => [o.probability, o.status, o.destination?.subset ?? null]);

const match = suite("route match (envoy config_impl.cc matchRoute, istio route.go TranslateRouteMatch)");
const twoRules = (m: string) =>
  `  - match: [${m}]\n    route: [{destination: {host: b, subset: v2}}]\n  - route: [{destination: {host: b, subset: v1}}]`;

match("uri exact/prefix; the query string is not part of the path", () => {
  assert.equal(where(twoRules("{uri: {exact: /x}}"), request("http://b/x?y=1", A)), [[1, 200, "v2"]]);
  assert.equal(where(twoRules("{uri: {prefix: /x}}"), request("http://b/xyz", A)), [[1, 200, "v2"]]);
  assert.equal(where(twoRules("{uri: {exact: /x}}"), request("http://b/X", A)), [[1, 200, "v1"]]);
});

match("uri regex is an RE2 full match (envoy regex.proto), not a search", () => {
  assert.equal(where(twoRules("{uri: {regex: '/a.c'}}"), request("http://b/abc", A)), [[1, 200, "v2"]]);
  assert.equal(where(twoRules("{uri: {regex: '/a.c'}}"), request("http://b/abcd", A)), [[1, 200, "v1"]]);
});

match("ignoreUriCase makes exact and prefix case-insensitive (Envoy case_sensitive: false)", () => {
  assert.equal(where(twoRules("{uri: {prefix: /API}, ignoreUriCase: true}"), request("http://b/api/v1", A)), [
    [1, 200, "v2"],
  ]);
});

match("the path is BASE-normalized before matching (/a/../x → /x)", () => {
  assert.equal(where(twoRules("{uri: {exact: /x}}"), request("http://b/a/../x", A)), [[1, 200, "v2"]]);
});

match("OR across match blocks, AND within a block", () => {
  const yaml = twoRules("{uri: {prefix: /a}, method: {exact: POST}}, {headers: {x: {exact: '1'}}}");
  assert.equal(where(yaml, request("http://b/a", A)), [[1, 200, "v1"]]);
  assert.equal(where(yaml, request("http://b/a", A, { method: "POST" })), [[1, 200, "v2"]]);
  assert.equal(where(yaml, request("http://b/z", A, { headers: { x: "1" } })), [[1, 200, "v2"]]);
});

match(
  "headers: an empty StringMatch is a presence match; exact '' needs an empty present value (envoy header_utility.cc)",
  () => {
    assert.equal(where(twoRules("{headers: {x: {}}}"), request("http://b/", A, { headers: { x: "" } })), [
      [1, 200, "v2"],
    ]);
    assert.equal(where(twoRules("{headers: {x: {}}}"), request("http://b/", A)), [[1, 200, "v1"]]);
    assert.equal(where(twoRules("{headers: {x: {exact: ''}}}"), request("http://b/", A, { headers: { x: "" } })), [
      [1, 200, "v2"],
    ]);
    assert.equal(where(twoRules("{headers: {x: {exact: ''}}}"), request("http://b/", A)), [[1, 200, "v1"]]);
    assert.equal(where(twoRules("{headers: {x: {regex: 'a+'}}}"), request("http://b/", A, { headers: { x: "aab" } })), [
      [1, 200, "v1"],
    ]);
  },
);

match(
  "withoutHeaders: a missing header counts as empty and the match is inverted (treat_missing_header_as_empty)",
  () => {
    const yaml = twoRules("{withoutHeaders: {x: {exact: bad}}}");
    assert.equal(where(yaml, request("http://b/", A)), [[1, 200, "v2"]]);
    assert.equal(where(yaml, request("http://b/", A, { headers: { x: "bad" } })), [[1, 200, "v1"]]);
  },
);

match("queryParams need the key; authority, scheme and port", () => {
  assert.equal(where(twoRules("{queryParams: {v: {exact: '2'}}}"), request("http://b/?a=1&v=2", A)), [[1, 200, "v2"]]);
  assert.equal(where(twoRules("{queryParams: {v: {exact: '2'}}}"), request("http://b/", A)), [[1, 200, "v1"]]);
  assert.equal(where(twoRules("{authority: {prefix: b}}"), request("http://b/", A)), [[1, 200, "v2"]]);
  assert.equal(where(twoRules("{scheme: {exact: http}}"), request("http://b/", A)), [[1, 200, "v2"]]);
  assert.equal(where(twoRules("{port: 8080}"), request("http://b/", A)), [[1, 200, "v1"]]);
});

match("sourceLabels, sourceNamespace and match gateways filter by client (route.go sourceMatchHTTP)", () => {
  assert.equal(where(twoRules("{sourceLabels: {app: a}}"), request("http://b/", A)), [[1, 200, "v2"]]);
  assert.equal(where(twoRules("{sourceLabels: {app: z}}"), request("http://b/", A)), [[1, 200, "v1"]]);
  assert.equal(where(twoRules("{sourceNamespace: other}"), request("http://b/", A)), [[1, 200, "v1"]]);
  assert.equal(where(twoRules("{gateways: [mesh]}"), request("http://b/", A)), [[1, 200, "v2"]]);
  assert.equal(where(twoRules("{gateways: [gw]}"), request("http://b/", A)), [[1, 200, "v1"]]);
});

match("the trace names, for each earlier rule, the first condition that failed", () => {
  const r = run(
    mesh(twoRules("{uri: {prefix: /a}, headers: {x: {exact: '1'}}}")),
    request("http://b/a", A, { headers: { x: "2" } }),
  );
  assert.equal(r.trace.slice(2, 4), [
    "VirtualService default/b http[0] match[0] did not match: header 'x' '2' does not match exact '1'.",
    "VirtualService default/b http[1] matched: it has no match conditions (every request).",
  ]);
});

match("no rule matches → route null, 404", () => {
  const r = run(
    mesh("  - match: [{uri: {exact: /only}}]\n    route: [{destination: {host: b}}]"),
    request("http://b/x", A),
  );
  assert.equal(
    [r.route, r.outcomes],
    [null, [{ probability: 1, status: 404, destination: null, mtls: null, authz: null, fault: null }]],
  );
});

const actions = suite("route actions (istio route.go TranslateRoute)");

actions("weights fork by weight/total; zero weights are dropped; totals need not be 100", () => {
  const yaml =
    "  - route:\n    - {destination: {host: b, subset: v1}, weight: 1}\n    - {destination: {host: b, subset: v2}, weight: 3}\n    - {destination: {host: a}, weight: 0}";
  assert.equal(where(yaml, request("http://b/", A)), [
    [0.25, 200, "v1"],
    [0.75, 200, "v2"],
  ]);
});

actions("fault delay and abort draw independently (envoy fault filter: delay, then abort)", () => {
  const yaml =
    "  - fault: {delay: {fixedDelay: 2s, percentage: {value: 50}}, abort: {httpStatus: 503, percentage: {value: 10}}}\n    route: [{destination: {host: b, subset: v1}}]";
  const r = run(mesh(yaml), request("http://b/", A));
  assert.equal(
    r.outcomes.map((o) => [o.probability, o.status, o.fault]),
    [
      [0.45, 200, null],
      [0.45, 200, { delay: "2s" }],
      [0.05, 503, { abort: 503 }],
      [0.05, 503, { delay: "2s", abort: 503 }],
    ],
  );
});

actions("a fault without percentage never fires (Envoy's unset FractionalPercent is 0)", () => {
  assert.equal(
    where(
      "  - fault: {abort: {httpStatus: 500}}\n    route: [{destination: {host: b, subset: v1}}]",
      request("http://b/", A),
    ),
    [[1, 200, "v1"]],
  );
});

actions(
  "retries default to 2 attempts; attempts 0 disables them; timeout is null unless set (route.go setTimeout)",
  () => {
    const r1 = run(mesh("  - route: [{destination: {host: b, subset: v1}}]"), request("http://b/", A));
    assert.equal(
      [r1.timeout, r1.retries],
      [
        null,
        {
          attempts: 2,
          perTryTimeout: null,
          retryOn: "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes",
        },
      ],
    );
    const r2 = run(
      mesh("  - route: [{destination: {host: b, subset: v1}}]\n    timeout: 3s\n    retries: {attempts: 0}"),
      request("http://b/", A),
    );
    assert.equal([r2.timeout, r2.retries], ["3s", null]);
    const r3 = run(
      mesh(
        "  - route: [{destination: {host: b, subset: v1}}]\n    retries: {attempts: 5, perTryTimeout: 1s, retryOn: 5xx}",
      ),
      request("http://b/", A),
    );
    assert.equal(r3.retries, { attempts: 5, perTryTimeout: "1s", retryOn: "5xx" });
  },
);

actions("redirect (301 by default) and directResponse answer without an upstream", () => {
  assert.equal(where("  - redirect: {uri: /new}", request("http://b/", A)), [[1, 301, null]]);
  assert.equal(where("  - redirect: {uri: /new, redirectCode: 308}", request("http://b/", A)), [[1, 308, null]]);
  assert.equal(where("  - directResponse: {status: 418}", request("http://b/", A)), [[1, 418, null]]);
});

actions("mirrors are reported in the trace", () => {
  const r = run(
    mesh(
      "  - route: [{destination: {host: b, subset: v1}}]\n    mirror: {host: b, subset: v2}\n    mirrorPercentage: {value: 20}",
    ),
    request("http://b/", A),
  );
  assert.ok(
    r.trace.includes(
      "Mirror: 20% of these requests are copied to b.default.svc.cluster.local subset 'v2' (responses ignored).",
    ),
  );
});

actions("a subset no DestinationRule declares → 503 with error", () => {
  const r = run(mesh("  - route: [{destination: {host: b, subset: v9}}]"), request("http://b/", A));
  assert.equal(r.outcomes, [
    {
      probability: 1,
      status: 503,
      destination: {
        service: "b.default.svc.cluster.local",
        subset: "v9",
        port: 80,
        cluster: "outbound|80|v9|b.default.svc.cluster.local",
      },
      mtls: null,
      authz: null,
      fault: null,
      error:
        "no cluster 'outbound|80|v9|b.default.svc.cluster.local': subset 'v9' is not declared by any DestinationRule for 'b.default.svc.cluster.local' visible to the client",
    },
  ]);
});

const hosts = suite("hosts and VirtualService selection");

hosts("exportTo: a VS exported only to its namespace does not apply to clients elsewhere", () => {
  const ir = meshFromYaml(
    base +
      NS("other") +
      service("c", "other", [80]) +
      vs("  - route: [{destination: {host: b, subset: v2}}]", "  exportTo: ['.']\n"),
  );
  assert.equal(
    run(ir, request("http://b.default/", A)).outcomes.map((o) => o.destination?.subset),
    ["v2"],
  );
  assert.equal(
    run(ir, request("http://b.default/", "other/c-v1")).outcomes.map((o) => o.destination?.subset),
    [null],
  );
});

hosts("a VS bound only to a gateway does not apply to sidecars; no VS → default route to every endpoint", () => {
  const r = run(
    mesh("  - route: [{destination: {host: b, subset: v2}}]", "  gateways: [gw]\n"),
    request("http://b/", A),
  );
  assert.equal(
    [r.route, r.outcomes.map((o) => [o.probability, o.destination?.cluster])],
    [null, [[1, "outbound|80||b.default.svc.cluster.local"]]],
  );
});

hosts("unknown hosts pass through under ALLOW_ANY (route allow_any, PassthroughCluster)", () => {
  const r = run(mesh("  - route: [{destination: {host: b}}]"), request("http://example.com/", A));
  assert.equal(r.outcomes, [
    {
      probability: 1,
      status: 200,
      destination: { service: "example.com", subset: null, port: 80, cluster: "PassthroughCluster" },
      mtls: false,
      authz: null,
      fault: null,
      error:
        "'example.com' is not in the service registry; ALLOW_ANY passes it through to the original destination (route allow_any)",
    },
  ]);
});

match.run();
actions.run();
hosts.run();
