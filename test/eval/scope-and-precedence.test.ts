/**
 * What a Sidecar resource's egress hosts import, as both engines see it: istiod builds a proxy's listeners, routes and
 * clusters only for the services and VirtualServices its SidecarScope imports (pilot/pkg/model/sidecar.go
 * `ConvertToSidecarScope`), so a service left out is reached like a host outside the registry; of two namespace-wide
 * Sidecars, the oldest applies (push_context.go `initSidecarScopes` sorts by creation time, `getSidecarScope` takes
 * the first).
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { simulate } from "../../compiler/eval/index.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import type { SimRequest } from "../../compiler/eval/types.ts";
import { NS, decision, meshFromYaml, request, service } from "./_support.ts";

const sidecar = (name: string, created: string, hosts: string, policy?: string) => `---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: ${name}, namespace: default, creationTimestamp: "${created}"}
spec:
  egress:
  - hosts: [${hosts}]
${policy === undefined ? "" : `  outboundTrafficPolicy: {mode: ${policy}}\n`}`;

const base = NS("default") + service("a", "default", [80]) + service("b", "default", [80]) + NS("other");

/** Both engines' decisions, which must agree, and the shared one. */
function both(ir: MeshIR, req: SimRequest) {
  const istio = simulate(ir, req);
  const envoy = simulate(ir, req, { engine: "envoy" });
  assert.equal(istio.diagnostics, []);
  assert.equal(decision(envoy.value!), decision(istio.value!));
  return decision(istio.value!);
}

const cluster = (d: ReturnType<typeof both>) => d.outcomes.map((o) => o.destination?.cluster ?? `status ${o.status}`);

const scope = suite("Sidecar egress scope (sidecar.go ConvertToSidecarScope)");

scope("a service the egress hosts import is routed to its cluster", () => {
  const ir = meshFromYaml(base + sidecar("s", "2020-01-01T00:00:00Z", '"./b.default.svc.cluster.local"'));
  assert.equal(cluster(both(ir, request("http://b", "default/a-v1"))), ["outbound|80||b.default.svc.cluster.local"]);
});

scope("a service left out is a host outside the registry: ALLOW_ANY passes it through", () => {
  const ir = meshFromYaml(base + sidecar("s", "2020-01-01T00:00:00Z", '"istio-system/*"', "ALLOW_ANY"));
  assert.equal(cluster(both(ir, request("http://b", "default/a-v1"))), ["PassthroughCluster"]);
});

scope("a service left out under REGISTRY_ONLY: no listener for its port, so BlackHoleCluster closes it", () => {
  const ir = meshFromYaml(base + sidecar("s", "2020-01-01T00:00:00Z", '"istio-system/*"', "REGISTRY_ONLY"));
  assert.equal(cluster(both(ir, request("http://b", "default/a-v1"))), ["status 0"]);
});

scope("'~/*' imports nothing", () => {
  const ir = meshFromYaml(base + sidecar("s", "2020-01-01T00:00:00Z", '"~/*"', "ALLOW_ANY"));
  assert.equal(cluster(both(ir, request("http://b", "default/a-v1"))), ["PassthroughCluster"]);
});

const oldest = suite("two namespace-wide Sidecars: the oldest applies (push_context.go initSidecarScopes)");

for (const [older, expected] of [
  ["open", "outbound|80||b.default.svc.cluster.local"],
  ["closed", "PassthroughCluster"],
] as const) {
  oldest(`the ${older} one is older: ${expected}`, () => {
    const [openAt, closedAt] =
      older === "open"
        ? ["2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z"]
        : ["2021-01-01T00:00:00Z", "2020-01-01T00:00:00Z"];
    const ir = meshFromYaml(
      base + sidecar("closed", closedAt, '"~/*"', "ALLOW_ANY") + sidecar("open", openAt, '"./*"', "ALLOW_ANY"),
    );
    assert.equal(cluster(both(ir, request("http://b", "default/a-v1"))), [expected]);
  });
}

scope.run();
oldest.run();

const merged = suite(
  "two DestinationRules for one host: the oldest traffic policy wins (push_context.go setDestinationRules)",
);

const dr = (name: string, created: string, mode: string) => `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ${name}, namespace: default, creationTimestamp: "${created}"}
spec:
  host: b.default.svc.cluster.local
  trafficPolicy: {tls: {mode: ${mode}}}
`;

for (const [older, mtls] of [
  ["mutual", true],
  ["plain", false],
] as const) {
  merged(`the ${older} one is older: mTLS ${mtls}`, () => {
    const [mutualAt, plainAt] =
      older === "mutual"
        ? ["2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z"]
        : ["2021-01-01T00:00:00Z", "2020-01-01T00:00:00Z"];
    // The plain one is declared first, so IR order alone would pick it.
    const ir = meshFromYaml(base + dr("a-plain", plainAt, "DISABLE") + dr("b-mutual", mutualAt, "ISTIO_MUTUAL"));
    assert.equal(
      both(ir, request("http://b", "default/a-v1")).outcomes.map((o) => o.mtls),
      [mtls],
    );
  });
}

merged.run();
