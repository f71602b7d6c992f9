/**
 * Service VIPs and ExternalName Services (issue 13): the Envoy output istiod builds for them (listener.go
 * `<vip>_<port>` listeners for TCP and sniffed ports, CIDR addresses on the wildcard with `prefix_ranges`, address
 * and alias virtual host domains, no listener or cluster for an alias) and both engines' answers, which must agree:
 * a connection picks its listener by destination address and port, so two databases on one port are two listeners.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { simulate } from "../../compiler/eval/index.ts";
import { buildOutbound } from "../../compiler/emit/envoy/outbound/index.ts";
import { workloadById, type MeshIR } from "../../compiler/ir/ir.ts";
import { parseRequest } from "../../compiler/scenario/parse.ts";
import { meshFromYaml } from "./_support.ts";

const svc = (name: string, ports: string, extra = "") => `---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: shop}
spec:
  ${extra}selector: {app: ${name}}
  ports: [${ports}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  template:
    metadata: {labels: {app: ${name}}}
    spec: {serviceAccountName: ${name}}
`;

const BASE = `---
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, image: c}]}
status: {podIP: 10.0.9.9}
`;

const WITH_IPS =
  BASE +
  svc("orders-db", "{name: tcp-pg, port: 5432}", "clusterIP: 10.96.0.5\n  ") +
  svc("users-db", "{name: tcp-pg, port: 5432}", "clusterIP: 10.96.0.6\n  ") +
  svc("web-api", "{name: http, port: 8080}, {name: sniffed, port: 9000}", "clusterIP: 10.96.0.7\n  ") +
  `---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: legacy, namespace: shop}
spec:
  hosts: [legacy.example.com]
  addresses: [192.168.0.0/24, 10.20.0.1/32]
  location: MESH_EXTERNAL
  resolution: STATIC
  endpoints: [{address: 192.168.0.10}]
  ports: [{number: 5432, name: tcp, protocol: TCP}]
---
apiVersion: v1
kind: Service
metadata: {name: pay, namespace: shop}
spec: {type: ExternalName, externalName: web-api.shop.svc.cluster.local}
`;

const WITHOUT_IPS =
  BASE + svc("orders-db", "{name: tcp-pg, port: 5432}") + svc("users-db", "{name: tcp-pg, port: 5432}");

const withIps = meshFromYaml(WITH_IPS);
const withoutIps = meshFromYaml(WITHOUT_IPS);

const emit = suite("service VIPs in the Envoy output (listener.go, httproute.go)");

emit("TCP and sniffed ports listen on the VIP, HTTP on the wildcard, a CIDR on the wildcard with prefix_ranges", () => {
  const out = buildOutbound(withIps, workloadById(withIps, "shop/web")!);
  assert.equal(
    out.listeners.map((l) => l.name),
    [
      "0.0.0.0_5432",
      "0.0.0.0_8080",
      "10.20.0.1_5432",
      "10.96.0.5_5432",
      "10.96.0.6_5432",
      "10.96.0.7_9000",
      "virtualOutbound",
    ],
  );
  const cidr = out.listeners.find((l) => l.name === "0.0.0.0_5432")!;
  assert.equal(
    cidr.filterChains.map((c) =>
      c.filterChainMatch?.prefixRanges.map((p) => `${p.addressPrefix}/${p.prefixLen?.value}`),
    ),
    [["192.168.0.0/24"]],
  );
  // No catch-all chain of its own: istiod's PassthroughFilterChain.
  assert.equal(cidr.defaultFilterChain?.name, "PassthroughFilterChain");
  // The sniffed port's RDS is the service's own; the HTTP vhost answers to its VIP and to the ExternalName alias.
  assert.ok(out.routes.some((r) => r.name === "web-api.shop.svc.cluster.local:9000"));
  const vh = out.routes.find((r) => r.name === "8080")!.virtualHosts.find((v) => v.name.startsWith("web-api"))!;
  assert.ok(vh.domains.includes("10.96.0.7"));
  assert.ok(vh.domains.includes("pay.shop.svc.cluster.local"));
  assert.ok(vh.domains.includes("pay"));
  // The alias has no cluster of its own.
  assert.not.ok(out.clusters.some((c) => c.name.includes("pay.shop")));
});

emit("without a cluster IP in the input, TCP ports share the wildcard as istiod does for a Service without one", () => {
  const out = buildOutbound(withoutIps, workloadById(withoutIps, "shop/web")!);
  assert.equal(
    out.listeners.map((l) => l.name),
    ["0.0.0.0_5432", "virtualOutbound"],
  );
});

const engines = suite("service VIPs in both engines (they must agree)");

function outcomes(text: string, mesh: MeshIR): unknown[] {
  const p = parseRequest(text);
  assert.equal(p.diagnostics, []);
  const [istio, envoy] = (["istio", "envoy"] as const).map((engine) => {
    const r = simulate(mesh, p.value!, { engine });
    return {
      codes: r.diagnostics.map((d) => d.code),
      outcomes: r.value?.outcomes.map((o) => [o.status, o.destination?.cluster ?? null, o.error ?? null]),
    };
  });
  assert.equal(envoy, istio, `engines disagree on ${text}`);
  return istio!.codes.length > 0 ? istio!.codes : istio!.outcomes!;
}

const USERS = "outbound|5432||users-db.shop.svc.cluster.local";

engines("two databases on one port: each name and each VIP reaches its own", () => {
  for (const mesh of [withIps, withoutIps]) {
    assert.equal(outcomes("tcp://users-db.shop:5432 from shop/web", mesh), [[200, USERS, null]]);
    assert.equal(outcomes("tcp://orders-db:5432 from shop/web", mesh), [
      [200, "outbound|5432||orders-db.shop.svc.cluster.local", null],
    ]);
  }
  assert.equal(outcomes("tcp://10.96.0.6:5432 from shop/web", withIps), [[200, USERS, null]]);
});

engines("a ServiceEntry's CIDR and IP addresses take the connection; other addresses the catch-all", () => {
  const LEGACY = "outbound|5432||legacy.example.com";
  assert.equal(outcomes("tcp://192.168.0.77:5432 from shop/web", withIps), [[200, LEGACY, null]]);
  assert.equal(outcomes("tcp://10.20.0.1:5432 from shop/web", withIps), [[200, LEGACY, null]]);
  const other = outcomes("tcp://172.16.0.1:5432 from shop/web", withIps) as unknown[][];
  assert.equal(other[0]![1], "PassthroughCluster");
});

engines("an ExternalName Service is an alias of the service it names", () => {
  assert.equal(outcomes("GET http://pay.shop:8080/ from shop/web", withIps), [
    [200, "outbound|8080||web-api.shop.svc.cluster.local", null],
  ]);
  assert.equal(outcomes("GET http://10.96.0.7:8080/ from shop/web", withIps), [
    [200, "outbound|8080||web-api.shop.svc.cluster.local", null],
  ]);
});

emit.run();
engines.run();
