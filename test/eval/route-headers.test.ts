/**
 * A route's `headers.request` operations reach the server (istio route.go `TranslateHeadersOperations` → the route's
 * and weighted clusters' request_headers_to_add/remove, applied by Envoy's router before forwarding: header_parser.cc
 * `HeaderParser::evaluateHeaders`), so the server's AuthorizationPolicies see them, in both engines and in the
 * compiled plans. Before, the Istio engine forwarded the client's headers unchanged (found by the differential test:
 * a Gateway API RequestHeaderModifier setting x-user before a policy on x-user).
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { simulate } from "../../compiler/eval/index.ts";
import { meshFromYaml, request } from "./_support.ts";

const ir = meshFromYaml(`apiVersion: v1
kind: Service
metadata: {name: api, namespace: default}
spec: {selector: {app: api}, ports: [{name: http, port: 8080}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: default}
spec: {template: {metadata: {labels: {app: api, version: v1}}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: client, namespace: default}
spec: {template: {metadata: {labels: {app: client}}}}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: api, namespace: default}
spec:
  hosts: [api]
  http:
  - match: [{uri: {prefix: /set}}]
    headers: {request: {set: {x-user: bob}, add: {x-env: prod}, remove: [x-drop]}}
    route: [{destination: {host: api}}]
  - route: [{destination: {host: api}}]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: api, namespace: default}
spec:
  selector: {matchLabels: {app: api}}
  action: ALLOW
  rules:
  - when: [{key: "request.headers[x-user]", values: [bob]}, {key: "request.headers[x-env]", values: ["prod", "dev,prod"]}]
`);

const statuses = (path: string, headers: Record<string, string>, trace: boolean): number[][] => {
  const req = request(`http://api.default:8080${path}`, "default/client", { headers });
  const out = (["istio", "envoy"] as const).map((engine) =>
    simulate(ir, req, { engine, trace }).value!.outcomes.map((o) => [o.probability, o.status]),
  );
  assert.equal(out[1], out[0]);
  return out[0]!;
};

const Headers = suite("route request headers reach the server (route.go TranslateHeadersOperations)");

for (const trace of [true, false]) {
  Headers(`set/add/remove on the route: the policy sees x-user: bob, x-env: prod (trace ${trace})`, () => {
    assert.equal(statuses("/set", { "x-user": "alice", "x-drop": "1" }, trace), [[1, 200]]);
    // add appends: a request's own x-env: dev becomes "dev,prod".
    assert.equal(statuses("/set", { "x-env": "dev" }, trace), [[1, 200]]);
    // Without the route's operations the policy denies.
    assert.equal(statuses("/other", { "x-user": "alice" }, trace), [[1, 403]]);
  });
}

Headers.run();
