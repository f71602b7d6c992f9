/**
 * Client-specific route generation (issue #4), each case run through both engines (the Istio engine over the IR,
 * also its compiled path, and the Envoy engine over the configuration meshc emits), required to agree exactly with
 * istiod:
 * - route.go `sourceMatchHTTP`: a match with `gateways` is decided by the proxy's gateway names alone
 *   (`sourceLabels` / `sourceNamespace` are not checked); without, `sourceLabels` ⊆ proxy labels and
 *   `sourceNamespace` equal.
 * - route.go `BuildHTTPRoutesForVirtualService` returns "no routes matched" when every match is excluded for the
 *   proxy; `buildSidecarVirtualHostsForVirtualService` then builds no virtual host, the service stays in the
 *   registry list of `BuildSidecarVirtualHostWrapper` and gets `buildSidecarVirtualHostForService`'s default route.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { simulate } from "../../compiler/eval/index.ts";
import type { SimRequest, SimulationResult } from "../../compiler/eval/types.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import { NS, decision, meshFromYaml, request, service } from "./_support.ts";

const DR = `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: b, namespace: default}
spec:
  host: b
  subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]
`;
const vs = (name: string, http: string, hosts = "[b]"): string => `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: default}
spec:
  hosts: ${hosts}
  http:
${http}
`;
const base =
  NS("default") +
  NS("other") +
  service("a", "default", [80]) +
  service("c", "other", [80]) +
  service("b", "default", [80], ["v1", "v2"]) +
  DR;
const mesh = (yaml: string): MeshIR => meshFromYaml(base + yaml);
const A = "default/a-v1";
const C = "other/c-v1";

/** Both engines' decision; they (and the Istio engine's compiled path, `trace: false`) must agree on every field but the trace. */
function both(ir: MeshIR, req: SimRequest): Omit<SimulationResult, "trace" | "request"> {
  const istio = simulate(ir, req);
  const envoy = simulate(ir, req, { engine: "envoy" });
  const fast = simulate(ir, req, { trace: false });
  assert.equal(istio.diagnostics, []);
  assert.equal(envoy.diagnostics, []);
  assert.equal(decision(envoy.value!), decision(istio.value!));
  assert.equal(fast.value, { ...istio.value!, trace: [] });
  return decision(istio.value!);
}

const FQDN = "b.default.svc.cluster.local";
const RETRIES = {
  attempts: 2,
  perTryTimeout: null,
  retryOn: "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes",
};
const ALLOWED = { decision: "ALLOW", policy: null, rule: null } as const;
/** istio route.go `BuildDefaultHTTPOutboundRoute`: `outbound|80||b`, the default retries, both endpoints. */
const DEFAULT_ROUTE = {
  route: null,
  timeout: null,
  retries: RETRIES,
  outcomes: [
    {
      probability: 1,
      status: 200,
      destination: { service: FQDN, subset: null, port: 80, cluster: `outbound|80||${FQDN}` },
      mtls: true,
      authz: ALLOWED,
      fault: null,
    },
  ],
};
const routedTo = (name: string, index: number, subset: string) => ({
  route: { resource: `VirtualService default/${name}`, index, name: null },
  timeout: null,
  retries: RETRIES,
  outcomes: [
    {
      probability: 1,
      status: 200,
      destination: { service: FQDN, subset, port: 80, cluster: `outbound|80|${subset}|${FQDN}` },
      mtls: true,
      authz: ALLOWED,
      fault: null,
    },
  ],
});
const NOT_FOUND = {
  route: null,
  timeout: null,
  retries: null,
  outcomes: [{ probability: 1, status: 404, destination: null, mtls: null, authz: null, fault: null }],
};
const rule = (match: string, subset: string) =>
  `  - match: [${match}]\n    route: [{destination: {host: b, subset: ${subset}}}]`;

const noRoutes = suite(
  "a mesh VirtualService with no route for the client → the service's default route (route.go 'no routes matched')",
);

noRoutes("every match has sourceLabels the client lacks: default route to outbound|80||b, status 200", () => {
  const ir = mesh(vs("b", rule("{sourceLabels: {app: z}}", "v2")));
  assert.equal(both(ir, request("http://b/", A)), DEFAULT_ROUTE);
});

noRoutes("the trace says why the VirtualService does not apply", () => {
  const r = simulate(mesh(vs("b", rule("{sourceLabels: {app: z}}", "v2"))), request("http://b/", A)).value!;
  assert.equal(r.trace.slice(1, 4), [
    `VirtualService default/b claims ${FQDN} but yields no route for this client on port 80 (every match is for other sources, gateways or ports), so istiod builds no virtual host from it (route.go "no routes matched").`,
    `No VirtualService route reaches this client for ${FQDN}: istiod gives the service its default route.`,
    `No VirtualService for ${FQDN}: the default route sends to every endpoint of the service.`,
  ]);
});

noRoutes("the client that has the labels gets the VirtualService's route", () => {
  const ir = mesh(vs("b", rule("{sourceLabels: {app: a}}", "v2")));
  assert.equal(both(ir, request("http://b/", A)), routedTo("b", 0, "v2"));
  assert.equal(both(ir, request("http://b.default/", C)), DEFAULT_ROUTE);
});

noRoutes("excluded by match gateways without mesh, by sourceNamespace, by port, across several rules", () => {
  const ir = mesh(
    vs("b", [rule("{gateways: [gw]}", "v2"), rule("{sourceNamespace: other}, {port: 8080}", "v1")].join("\n")),
  );
  assert.equal(both(ir, request("http://b/", A)), DEFAULT_ROUTE);
  // From `other` the second rule is generated (a catch-all for that client).
  assert.equal(both(ir, request("http://b.default/", C)), routedTo("b", 1, "v1"));
});

noRoutes("partial: one block generated (a header match) keeps the VirtualService, so a miss is 404", () => {
  const ir = mesh(
    vs("b", [rule("{sourceLabels: {app: z}}", "v2"), rule("{headers: {x: {exact: '1'}}}", "v1")].join("\n")),
  );
  assert.equal(both(ir, request("http://b/", A)), NOT_FOUND);
  assert.equal(both(ir, request("http://b/", A, { headers: { x: "1" } })), routedTo("b", 1, "v1"));
});

noRoutes(
  "two VirtualServices for the exact host: the first yields no route, the second's virtual host is kept (httproute.go first name wins)",
  () => {
    const ir = mesh(vs("b-1", rule("{sourceLabels: {app: z}}", "v2")) + vs("b-2", rule("{uri: {prefix: /}}", "v1")));
    assert.equal(both(ir, request("http://b/", A)), routedTo("b-2", 0, "v1"));
  },
);

noRoutes(
  "an exact-host VS with no route hides a wildcard VS (sidecar.go computeWildcardHostVirtualServiceIndex): default route",
  () => {
    const ir = mesh(
      vs("b", rule("{sourceLabels: {app: z}}", "v2")) +
        vs("all", rule("{uri: {prefix: /}}", "v1"), "['*.default.svc.cluster.local']"),
    );
    assert.equal(both(ir, request("http://b/", A)), DEFAULT_ROUTE);
  },
);

noRoutes("the most specific wildcard VS with no route: default route", () => {
  const ir = mesh(vs("all", rule("{sourceLabels: {app: z}}", "v2"), "['*.default.svc.cluster.local']"));
  assert.equal(both(ir, request("http://b/", A)), DEFAULT_ROUTE);
  const control = mesh(vs("all", rule("{sourceLabels: {app: a}}", "v2"), "['*.default.svc.cluster.local']"));
  assert.equal(both(control, request("http://b/", A)), routedTo("all", 0, "v2"));
});

noRoutes.run();

const gateways = suite(
  "match gateways decide alone: sourceLabels / sourceNamespace are not checked (route.go sourceMatchHTTP)",
);

gateways("gateways [mesh] with sourceLabels the client lacks: generated for the sidecar", () => {
  const ir = mesh(
    vs("b", [rule("{gateways: [mesh], sourceLabels: {app: z}}", "v2"), rule("{uri: {prefix: /}}", "v1")].join("\n")),
  );
  assert.equal(both(ir, request("http://b/", A)), routedTo("b", 0, "v2"));
});

gateways("gateways [mesh] with another sourceNamespace: generated", () => {
  const ir = mesh(vs("b", rule("{gateways: [mesh], sourceNamespace: other}", "v2")));
  assert.equal(both(ir, request("http://b/", A)), routedTo("b", 0, "v2"));
});

gateways(
  "gateways [gw] with the client's own labels: not generated for the sidecar (so the VS yields no route: default)",
  () => {
    const ir = mesh(vs("b", rule("{gateways: [gw], sourceLabels: {app: a}}", "v2")));
    assert.equal(both(ir, request("http://b/", A)), DEFAULT_ROUTE);
  },
);

gateways("without gateways, sourceLabels and sourceNamespace must both hold", () => {
  const ir = mesh(
    vs(
      "b",
      [rule("{sourceLabels: {app: a}, sourceNamespace: other}", "v2"), rule("{uri: {prefix: /}}", "v1")].join("\n"),
    ),
  );
  assert.equal(both(ir, request("http://b/", A)), routedTo("b", 1, "v1"));
});

gateways.run();
