// Outbound scoping and sharing: a Sidecar's egress hosts decide which services a proxy imports (istio
// pilot/pkg/model/sidecar.go `ConvertToSidecarScope`), and workloads with the same scope (namespace, Sidecar,
// selecting DestinationRules, matched sourceLabels) share one outbound build, as istiod shares a SidecarScope and its
// CDS/RDS cache entries. Sharing must never change a workload's output.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { emitEnvoy } from "../../compiler/emit/envoy/index.ts";
import { buildOutbound } from "../../compiler/emit/envoy/outbound/index.ts";
import { outboundScopeKey } from "../../compiler/emit/envoy/outbound/scope.ts";
import { configDumpToJson } from "../../compiler/emit/envoy/registry.ts";
import { memoryFileSystem } from "../../compiler/load/fs.ts";
import type { MeshIR, WorkloadNode } from "../../compiler/ir/ir.ts";
import { compile } from "../../compiler/pipeline.ts";

const ns = (name: string) =>
  `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${name}, labels: { istio-injection: enabled } }\n`;
const svc = (name: string, namespace: string) =>
  `apiVersion: v1\nkind: Service\nmetadata: { name: ${name}, namespace: ${namespace} }\nspec: { selector: { app: ${name} }, ports: [{ name: http, port: 8080 }] }\n`;
const deploy = (app: string, version: string, namespace: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ${app}-${version}, namespace: ${namespace} }\n` +
  `spec: { selector: { matchLabels: { app: ${app}, version: ${version} } }, template: { metadata: { labels: { app: ${app}, version: ${version} } }, spec: { containers: [{ name: c, image: i }] } } }\n`;

const MESH = [
  ns("shop"),
  ns("billing"),
  ns("other"),
  svc("cart", "shop"),
  deploy("cart", "v1", "shop"),
  deploy("cart", "v2", "shop"),
  deploy("cart", "v3", "shop"),
  svc("web", "shop"),
  deploy("web", "v1", "shop"),
  svc("payments", "billing"),
  deploy("payments", "v1", "billing"),
  svc("ledger", "billing"),
  deploy("ledger", "v1", "billing"),
  svc("misc", "other"),
  deploy("misc", "v1", "other"),
  `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: { name: default, namespace: shop }
spec: { egress: [{ hosts: ["./*", "istio-system/*", "billing/payments.billing.svc.cluster.local"] }] }
`,
  `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: payments, namespace: billing }
spec: { host: payments.billing.svc.cluster.local, subsets: [{ name: v1, labels: { version: v1 } }] }
`,
  `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: payments-from-cart-v2, namespace: shop }
spec: { host: payments.billing.svc.cluster.local, workloadSelector: { matchLabels: { app: cart, version: v2 } }, trafficPolicy: { loadBalancer: { simple: RANDOM } } }
`,
  `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: payments, namespace: billing }
spec:
  hosts: [payments.billing.svc.cluster.local]
  http:
    - { name: from-web, match: [{ sourceLabels: { app: web } }], route: [{ destination: { host: payments.billing.svc.cluster.local, subset: v1 } }] }
    - { name: rest, route: [{ destination: { host: payments.billing.svc.cluster.local } }] }
`,
].join("---\n");

function meshIr(): MeshIR {
  const c = compile(["mesh.yaml"], { fs: memoryFileSystem({ "mesh.yaml": MESH }) });
  if (c.ir === undefined) throw new Error("the test mesh does not compile");
  return c.ir;
}
const workload = (ir: MeshIR, id: string): WorkloadNode => ir.workloads.find((w) => w.id === id)!;
const hosts = (ir: MeshIR, id: string) =>
  [...new Set(buildOutbound(ir, workload(ir, id)).clusters.map((c) => c.name.split("|")[3] ?? c.name))].sort();

const Scoping = suite("Sidecar egress hosts scope the outbound config");

Scoping("shop imports its own namespace and billing/payments only; other namespaces see every service", () => {
  const ir = meshIr();
  assert.equal(hosts(ir, "shop/cart-v1"), [
    "BlackHoleCluster",
    "PassthroughCluster",
    "cart.shop.svc.cluster.local",
    "payments.billing.svc.cluster.local",
    "web.shop.svc.cluster.local",
  ]);
  assert.equal(hosts(ir, "other/misc-v1"), [
    "BlackHoleCluster",
    "PassthroughCluster",
    "cart.shop.svc.cluster.local",
    "ledger.billing.svc.cluster.local",
    "misc.other.svc.cluster.local",
    "payments.billing.svc.cluster.local",
    "web.shop.svc.cluster.local",
  ]);
});

Scoping("listeners and route configurations follow the same scope (no ledger virtual host in shop)", () => {
  const ir = meshIr();
  const vhosts = (id: string) =>
    buildOutbound(ir, workload(ir, id)).routes.flatMap((r) => r.virtualHosts.map((v) => v.name));
  assert.equal(vhosts("shop/cart-v1"), [
    "cart.shop.svc.cluster.local:8080",
    "payments.billing.svc.cluster.local:8080",
    "web.shop.svc.cluster.local:8080",
    "allow_any",
  ]);
  assert.equal(vhosts("other/misc-v1").length, 6);
});

const Keys = suite("scope keys: what makes two workloads' outbound config differ");

Keys(
  "same namespace and Sidecar, nothing client-specific → same key; a selecting DestinationRule or a matched sourceLabels → own key",
  () => {
    const ir = meshIr();
    const key = (id: string) => outboundScopeKey(ir, workload(ir, id));
    assert.is(key("shop/cart-v1"), key("shop/cart-v3"));
    assert.is.not(key("shop/cart-v2"), key("shop/cart-v1"));
    assert.is.not(key("shop/web-v1"), key("shop/cart-v1"));
    assert.is.not(key("billing/payments-v1"), key("shop/cart-v1"));
    assert.is(key("billing/payments-v1"), key("billing/ledger-v1"));
  },
);

Keys(
  "the sourceLabels route reaches web only; the selecting DestinationRule changes cart-v2's payments cluster only",
  () => {
    const ir = meshIr();
    const routes = (id: string) =>
      buildOutbound(ir, workload(ir, id))
        .routes[0]!.virtualHosts.find((v) => v.name.startsWith("payments"))!
        .routes.map((r) => r.name);
    // route.go: the sourceLabels match leaves a catch-all for web, after which no route is generated.
    assert.equal(routes("shop/web-v1"), ["from-web"]);
    assert.equal(routes("shop/cart-v1"), ["rest"]);
    const lb = (id: string) =>
      buildOutbound(ir, workload(ir, id)).clusters.find(
        (c) => c.name === "outbound|8080||payments.billing.svc.cluster.local",
      )!.lbPolicy;
    // Cluster_LbPolicy: LEAST_REQUEST (1, istiod's default) vs RANDOM (3).
    assert.equal([lb("shop/cart-v1"), lb("shop/cart-v2"), lb("shop/cart-v3")], [1, 3, 1]);
  },
);

const Sharing = suite("shared outbound builds never change a workload's dump");

Sharing("every workload's dump equals the one built with that workload first in its scope", () => {
  const ir = meshIr();
  const shared = new Map(emitEnvoy(ir).value.map((c) => [c.workload.id, configDumpToJson(c.dump)]));
  for (const w of ir.workloads) {
    const fresh = meshIr();
    const first = workload(fresh, w.id);
    const alone = emitEnvoy({ ...fresh, workloads: [first, ...fresh.workloads.filter((x) => x !== first)] }).value.find(
      (c) => c.workload.id === w.id,
    )!;
    assert.is(shared.get(w.id), configDumpToJson(alone.dump), w.id);
  }
});

Sharing("workloads of one scope carry the very same outbound cluster objects", () => {
  const ir = meshIr();
  const a = buildOutbound(ir, workload(ir, "shop/cart-v1")).clusters;
  const b = buildOutbound(ir, workload(ir, "shop/cart-v3")).clusters;
  assert.equal(
    a.map((c, i) => c === b[i] || c.name.endsWith("Cluster")),
    a.map(() => true),
  );
});

Scoping.run();
Keys.run();
Sharing.run();
