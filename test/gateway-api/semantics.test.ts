/**
 * Gateway API route semantics in the Envoy output and both engines (ir/route-semantics.ts; istio route.go
 * `TranslateRouteMatch`, `applyHTTPRouteDestination`, `ApplyRedirect` under `model.UseGatewaySemantics`): path
 * prefixes match whole path elements, unresolved backends answer 500 (Gateway API's rule for invalid backendRefs,
 * kept for their share of a split), and `ReplacePrefixMatch: /` removes the prefix.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { simulate } from "../../compiler/eval/index.ts";
import type { SimRequest } from "../../compiler/eval/types.ts";
import { compile } from "../../compiler/pipeline.ts";
import { memoryFileSystem } from "../../compiler/load/fs.ts";

const YAML = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: istio}
spec: {controllerName: istio.io/gateway-controller}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: default}
spec:
  gatewayClassName: istio
  listeners: [{name: http, port: 80, protocol: HTTP}]
---
apiVersion: v1
kind: Service
metadata: {name: echo, namespace: default}
spec:
  selector: {app: echo}
  ports: [{name: http, port: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: echo, namespace: default}
spec:
  selector: {matchLabels: {app: echo}}
  template:
    metadata: {labels: {app: echo}}
    spec: {containers: [{name: c, image: i}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: default}
spec:
  parentRefs: [{name: gw}]
  hostnames: [example.com]
  rules:
  - matches: [{path: {type: PathPrefix, value: /foo/}}]
    backendRefs: [{name: echo, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /strip}}]
    filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /}}}]
    backendRefs: [{name: echo, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /missing}}]
    backendRefs: [{name: nothere, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /mixed}}]
    backendRefs: [{name: echo, port: 8080, weight: 3}, {name: nothere, port: 8080, weight: 1}]
  - matches: [{path: {type: PathPrefix, value: /denied}}]
    backendRefs: [{name: echo, namespace: other, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /denied-mix}}]
    backendRefs: [{name: echo, namespace: other, port: 8080, weight: 1}, {name: echo, port: 8080, weight: 0}, {name: echo, port: 8080, weight: 3}]
---
apiVersion: v1
kind: Service
metadata: {name: echo, namespace: other}
spec:
  selector: {app: echo}
  ports: [{name: http, port: 8080}]
`;

const c = compile(["mesh.yaml"], { fs: memoryFileSystem({ "mesh.yaml": YAML }) });
const ir = c.ir!;

const get = (path: string): SimRequest => ({
  method: "GET",
  scheme: "http",
  host: "example.com",
  port: undefined,
  path,
  query: "",
  headers: {},
  source: { kind: "ingress", namespace: "default", gateway: "gw" },
  plaintext: false,
});

/** [probability, status, cluster] per outcome, the same from both engines. */
function outcomes(path: string): [number, number, string | null][] {
  const results = (["istio", "envoy"] as const).map((engine) => {
    const r = simulate(ir, get(path), { engine });
    assert.equal(r.diagnostics, []);
    return r.value!.outcomes.map(
      (o) => [o.probability, o.status, o.destination?.cluster ?? null] as [number, number, string | null],
    );
  });
  assert.equal(results[1], results[0]);
  return results[0]!;
}

const ECHO = "outbound|8080||echo.default.svc.cluster.local";
const NOTHERE = "outbound|8080||nothere.default.svc.cluster.local";
const Semantics = suite("Gateway API route semantics (route.go UseGatewaySemantics)");

Semantics("compiles without errors", () => {
  assert.equal(
    c.diagnostics.filter((d) => d.severity === "error"),
    [],
  );
});

Semantics("PathPrefix /foo/ matches /foo and /foo/bar (path_separated_prefix), not /foobar", () => {
  assert.equal(outcomes("/foo"), [[1, 200, ECHO]]);
  assert.equal(outcomes("/foo/bar"), [[1, 200, ECHO]]);
  assert.equal(outcomes("/foobar"), [[1, 404, null]]);
});

Semantics("a backendRef to a missing Service answers 500 (cluster_not_found_response_code)", () => {
  assert.equal(outcomes("/missing"), [[1, 500, NOTHERE]]);
});

Semantics("a split with a missing backend answers 500 for that backend's share only", () => {
  assert.equal(outcomes("/mixed"), [
    [0.75, 200, ECHO],
    [0.25, 500, NOTHERE],
  ]);
});

Semantics("a backendRef to another namespace without a ReferenceGrant is the cluster UnknownService: 500", () => {
  // conversion.go buildDestination keeps an empty destination for it; route.go GetDestinationCluster names it
  // "UnknownService", which no proxy has, so Envoy answers the route's cluster_not_found_response_code.
  assert.equal(outcomes("/denied"), [[1, 500, "UnknownService"]]);
  // In a split it keeps its place among the weights (the weight-0 ref is dropped).
  assert.equal(outcomes("/denied-mix"), [
    [0.25, 500, "UnknownService"],
    [0.75, 200, ECHO],
  ]);
});

Semantics("ReplacePrefixMatch '/' removes the prefix: the server sees /x", () => {
  const r = simulate(ir, get("/strip/x"));
  assert.ok(r.value!.trace.includes("Rewrite: the server sees example.com/x."), r.value!.trace.join("\n"));
});

Semantics.run();
