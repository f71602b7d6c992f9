/**
 * Ingress gateways in the Istio engine, each case also run through the Envoy engine (the router configuration meshc
 * emits for the gateway pod) and required to agree exactly: the three disagreements the differential test found
 * (issue 4) — routes after a catch-all, the most specific virtual host, AuthorizationPolicies on the gateway pod.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import { NS, bothEngines, meshFromYaml, request, service } from "./_support.ts";
import { INGRESS_POD } from "../support/ingress-pod.ts";

const GATEWAY_POD = `---
apiVersion: v1
kind: Namespace
metadata: {name: istio-system}
${INGRESS_POD}`;
const GATEWAY = `---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: default}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
`;
const DR = `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: b, namespace: default}
spec:
  host: b
  subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]
`;
const vs = (name: string, hosts: string, http: string, gateways = "[gw]"): string => `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: default}
spec:
  hosts: ${hosts}
  gateways: ${gateways}
  http:
${http}
`;
const to = (subset: string) => `route: [{destination: {host: b, subset: ${subset}, port: {number: 80}}}]`;
const mesh = (yaml: string, pod = GATEWAY_POD): MeshIR =>
  meshFromYaml(
    NS("default") +
      service("a", "default", [80]) +
      service("b", "default", [80], ["v1", "v2"]) +
      DR +
      pod +
      GATEWAY +
      yaml,
  );
const IN = "ingress default/gw";

/** Both engines' decision; they must agree on every field but the trace. */

const b = (subset: string) => ({
  service: "b.default.svc.cluster.local",
  subset,
  port: 80,
  cluster: `outbound|80|${subset}|b.default.svc.cluster.local`,
});
const ALLOWED = { decision: "ALLOW", policy: null, rule: null } as const;
/** One routed outcome to `b@subset`, allowed by default at b's sidecar (mTLS: auto mTLS from the gateway). */
const routedTo = (resource: string, index: number, subset: string) => ({
  route: { resource: `VirtualService default/${resource}`, index, name: null },
  timeout: null,
  retries: {
    attempts: 2,
    perTryTimeout: null,
    retryOn: "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes",
  },
  outcomes: [{ probability: 1, status: 200, destination: b(subset), mtls: true, authz: ALLOWED, fault: null }],
});
const NOT_FOUND = {
  route: null,
  timeout: null,
  retries: null,
  outcomes: [{ probability: 1, status: 404, destination: null, mtls: null, authz: null, fault: null }],
};

const catchAll = suite(
  "routes after a catch-all (istio route.go BuildHTTPRoutesForVirtualService stops at the first catch-all)",
);

catchAll("a gateway VS's rules after its catch-all never exist, so the catch-all is not moved behind them", () => {
  const ir = mesh(
    vs(
      "one",
      `["*"]`,
      `  - {match: [{uri: {prefix: /}}], ${to("v1")}}\n  - {match: [{uri: {prefix: /x}}], ${to("v2")}}`,
    ),
  );
  assert.equal(bothEngines(ir, request("http://app.example.com/x", IN)), routedTo("one", 0, "v1"));
});

catchAll("another VS on the same host keeps its rules ahead of the first VS's catch-all (SortVHostRoutes)", () => {
  const ir = mesh(
    vs(
      "one",
      `["*"]`,
      `  - {match: [{uri: {prefix: /}}], ${to("v1")}}\n  - {match: [{uri: {prefix: /x}}], ${to("v2")}}`,
    ) + vs("two", `["*"]`, `  - {match: [{uri: {prefix: /y}}], ${to("v2")}}`),
  );
  assert.equal(bothEngines(ir, request("http://app.example.com/y", IN)), routedTo("two", 0, "v2"));
  assert.equal(bothEngines(ir, request("http://app.example.com/x", IN)), routedTo("one", 0, "v1"));
});

catchAll(
  "a catch-all for another gateway (match gateways: [mesh]) is not generated, so it does not stop the list",
  () => {
    const ir = mesh(
      vs(
        "one",
        `["*"]`,
        `  - {match: [{gateways: [mesh]}], ${to("v1")}}\n  - {match: [{uri: {prefix: /x}}], ${to("v2")}}`,
        "[gw, mesh]",
      ),
    );
    assert.equal(bothEngines(ir, request("http://app.example.com/x", IN)), routedTo("one", 1, "v2"));
  },
);

catchAll("sidecars: first match wins over the same truncated list", () => {
  const ir = mesh(
    vs(
      "one",
      "[b]",
      `  - {match: [{uri: {prefix: /}}], ${to("v1")}}\n  - {match: [{uri: {prefix: /x}}], ${to("v2")}}`,
      "[mesh]",
    ),
  );
  assert.equal(bothEngines(ir, request("http://b/x", "default/a-v1")), routedTo("one", 0, "v1"));
});

const vhost = suite("gateway virtual hosts (istio gateway.go buildGatewayHTTPRouteConfig; envoy findVirtualHost)");

const hostsMesh = () =>
  mesh(
    vs("star", `["*"]`, `  - {${to("v1")}}`) +
      vs("app", `["app.example.com"]`, `  - {match: [{uri: {prefix: /y}}], ${to("v2")}}`) +
      vs("app-z", `["app.example.com"]`, `  - {match: [{uri: {exact: /z}}], ${to("v1")}}`),
  );

vhost("the exact domain beats '*': only its VSs' routes apply (404 where only the '*' VS would match)", () => {
  const ir = hostsMesh();
  assert.equal(bothEngines(ir, request("http://app.example.com/x", IN)), NOT_FOUND);
  assert.equal(bothEngines(ir, request("http://app.example.com/y", IN)), routedTo("app", 0, "v2"));
});

vhost("VSs sharing the exact host are merged into one virtual host, in order", () => {
  assert.equal(bothEngines(hostsMesh(), request("http://app.example.com/z", IN)), routedTo("app-z", 0, "v1"));
});

vhost("other hosts take the '*' virtual host; the port in :authority is ignored (ignore_port_in_host_matching)", () => {
  const ir = hostsMesh();
  assert.equal(bothEngines(ir, request("http://other.example.com/y", IN)), routedTo("star", 0, "v1"));
  assert.equal(bothEngines(ir, request("http://APP.example.com:80/x", IN)), NOT_FOUND);
});

vhost("a suffix wildcard beats '*', and never matches its own suffix", () => {
  const ir = mesh(vs("star", `["*"]`, `  - {${to("v1")}}`) + vs("wild", `["*.example.com"]`, `  - {${to("v2")}}`));
  assert.equal(bothEngines(ir, request("http://app.example.com/", IN)), routedTo("wild", 0, "v2"));
  assert.equal(bothEngines(ir, request("http://example.com/", IN)), routedTo("star", 0, "v1"));
});

vhost(
  "a VS none of whose routes is generated for the gateway adds no virtual host (gateway.go: 'no routes matched')",
  () => {
    const ir = mesh(
      vs("star", `["*"]`, `  - {${to("v1")}}`) +
        vs("app", `["app.example.com"]`, `  - {match: [{gateways: [mesh]}], ${to("v2")}}`, "[gw, mesh]"),
    );
    assert.equal(bothEngines(ir, request("http://app.example.com/x", IN)), routedTo("star", 0, "v1"));
  },
);

vhost(
  "Gateways on the same pod share its listener: a VS bound to the other Gateway routes the request (MergeGateways)",
  () => {
    const gw2 = GATEWAY.replace("name: gw,", "name: gw2,").replace(`hosts: ["*"]`, `hosts: ["app.example.com"]`);
    const ir = mesh(gw2 + vs("app", `["app.example.com"]`, `  - {match: [{gateways: [gw2]}], ${to("v2")}}`, "[gw2]"));
    assert.equal(bothEngines(ir, request("http://app.example.com/x", IN)), routedTo("app", 0, "v2"));
  },
);

const authz = suite(
  "AuthorizationPolicies on the gateway pod (istio builder.go on the gateway HCM; RBAC before the router)",
);

const policy = (name: string, spec: string, ns = "istio-system") => `---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ${name}, namespace: ${ns}}
spec: ${spec}
`;

authz("a DENY policy selecting the gateway pod: 403 at the gateway, no route, no upstream, plaintext", () => {
  const ir = mesh(
    vs("star", `["*"]`, `  - {${to("v1")}}`) +
      policy(
        "deny-admin",
        `{selector: {matchLabels: {istio: ingressgateway}}, action: DENY, rules: [{to: [{operation: {paths: ["/admin*"]}}]}]}`,
      ),
  );
  const denied = { decision: "DENY", policy: "istio-system/deny-admin", rule: 0 };
  assert.equal(bothEngines(ir, request("http://app.example.com/admin/x", IN)), {
    route: null,
    timeout: null,
    retries: null,
    outcomes: [{ probability: 1, status: 403, destination: null, mtls: false, authz: denied, fault: null }],
  });
  assert.equal(bothEngines(ir, request("http://app.example.com/x", IN)), routedTo("star", 0, "v1"));
});

authz("a denial comes before routing: a request no route takes is still 403", () => {
  const ir = mesh(
    vs("app", `["app.example.com"]`, `  - {match: [{uri: {prefix: /y}}], ${to("v1")}}`) +
      policy(
        "allow-y",
        `{selector: {matchLabels: {istio: ingressgateway}}, rules: [{to: [{operation: {paths: ["/y"], ports: ["8081"]}}]}]}`,
      ),
  );
  const out = (status: number, a: unknown) => ({
    route: null,
    timeout: null,
    retries: null,
    outcomes: [{ probability: 1, status, destination: null, mtls: false, authz: a, fault: null }],
  });
  assert.equal(
    bothEngines(ir, request("http://other.example.com/x", IN)),
    out(403, { decision: "DENY", policy: null, rule: null }),
  );
  // `ports` is the pod's listen port (80 → targetPort 8081), as Envoy's destination.port.
  assert.equal(bothEngines(ir, request("http://app.example.com/y", IN)), routedTo("app", 0, "v1"));
});

authz(
  "Istio's default ingress gateway (no declared pod): root-namespace policies whose selector its labels satisfy",
  () => {
    const ir = mesh(
      vs("star", `["*"]`, `  - {${to("v1")}}`) +
        policy("deny-all", `{selector: {matchLabels: {istio: ingressgateway}}, action: DENY, rules: [{}]}`) +
        policy("other", `{selector: {matchLabels: {app: x}}, action: DENY, rules: [{}]}`),
      NS("istio-system"),
    );
    assert.equal(bothEngines(ir, request("http://app.example.com/x", IN)).outcomes, [
      {
        probability: 1,
        status: 403,
        destination: null,
        mtls: false,
        authz: { decision: "DENY", policy: "istio-system/deny-all", rule: 0 },
        fault: null,
      },
    ]);
  },
);

catchAll.run();
vhost.run();
authz.run();
