/**
 * Headless Services (clusterIP: None) and EndpointSlices: the Envoy output istiod builds for them (listener.go
 * per-endpoint listeners, ORIGINAL_DST clusters, `*.` virtual host domains) and both engines' answers, which must
 * agree: a headless name resolves to every endpoint address, `<hostname>.<service>` to one, an endpoint's IP to its
 * Service; each address is its own connection; a client dialling its own address stays in its pod.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { simulate } from "../../compiler/eval/index.ts";
import { buildOutbound } from "../../compiler/emit/envoy/outbound/index.ts";
import { Cluster_DiscoveryType } from "../../compiler/emit/envoy/gen/envoy/config/cluster/v3/cluster.ts";
import { workloadById } from "../../compiler/ir/ir.ts";
import { parseRequest } from "../../compiler/scenario/parse.ts";
import { meshFromYaml } from "./_support.ts";

const pod = (name: string, ip: string, labels: string, hostname = "") => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: shop, labels: {${labels}}}
spec: {${hostname === "" ? "" : `hostname: ${hostname}, subdomain: db, `}containers: [{name: c, image: c}]}
status: {podIP: ${ip}}
`;

const MESH =
  `---
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{name: tcp, port: 5432}, {name: http, port: 8080}, {name: sniffed, port: 9000}]
---
apiVersion: v1
kind: Service
metadata: {name: legacy, namespace: shop}
spec:
  clusterIP: None
  ports: [{name: tcp, port: 7000}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: legacy-1, namespace: shop, labels: {kubernetes.io/service-name: legacy}}
addressType: IPv4
endpoints:
- {addresses: [10.1.0.5], hostname: legacy-a}
- {addresses: [10.1.0.6], conditions: {ready: false}}
ports: [{name: tcp, port: 7000}]
` +
  pod("db-0", "10.0.0.10", "app: db", "db-0") +
  pod("db-1", "10.0.0.11", 'app: db, sidecar.istio.io/inject: "false"', "db-1") +
  pod("web", "10.0.0.20", "app: web");

const ir = meshFromYaml(MESH);

const emit = suite("headless Services in the Envoy output (listener.go, cluster.go, httproute.go)");

emit(
  "per-endpoint listeners for TCP and sniffed ports, the wildcard one for HTTP, none for not-ready endpoints",
  () => {
    const out = buildOutbound(ir, workloadById(ir, "shop/web")!);
    assert.equal(
      out.listeners.map((l) => l.name),
      [
        "0.0.0.0_8080",
        "10.0.0.10_5432",
        "10.0.0.10_9000",
        "10.0.0.11_5432",
        "10.0.0.11_9000",
        "10.1.0.5_7000",
        "virtualOutbound",
      ],
    );
    // The sniffed listener's RDS is the Service's own route configuration, one virtual host answering every domain.
    assert.equal(
      out.routes.map((r) => [r.name, r.virtualHosts.map((v) => v.domains.includes("*") && v.domains.length === 1)]),
      [
        ["8080", [false, true]],
        ["db.shop.svc.cluster.local:9000", [true]],
      ],
    );
    const vh = out.routes[0]!.virtualHosts[0]!;
    assert.ok(vh.domains.includes("*.db.shop.svc.cluster.local"));
    assert.ok(vh.domains.includes("*.db"));
  },
);

emit(
  "the proxy's own address gets no listener; ORIGINAL_DST clusters, mTLS only when every endpoint has a sidecar",
  () => {
    const out = buildOutbound(ir, workloadById(ir, "shop/db-0")!);
    assert.not.ok(out.listeners.some((l) => l.name.startsWith("10.0.0.10_")));
    assert.ok(out.listeners.some((l) => l.name === "10.0.0.11_5432"));
    const c = out.clusters.find((x) => x.name === "outbound|5432||db.shop.svc.cluster.local")!;
    assert.equal(c.clusterDiscoveryType, { oneofKind: "type", type: Cluster_DiscoveryType.ORIGINAL_DST });
    assert.equal(c.transportSocket, undefined); // db-1 has no sidecar: BestEffortInferServiceMTLSMode → DISABLE
    const all = meshFromYaml(MESH.replace('app: db, sidecar.istio.io/inject: "false"', "app: db"));
    const mtls = buildOutbound(all, workloadById(all, "shop/web")!).clusters.find(
      (x) => x.name === "outbound|5432||db.shop.svc.cluster.local",
    )!;
    assert.equal(mtls.transportSocket?.name, "envoy.transport_sockets.tls");
    assert.equal(mtls.transportSocketMatches, []);
  },
);

const engines = suite("headless Services in both engines (they must agree)");

/** Both engines' outcomes as [probability, status, cluster, mTLS, error] (or their MESH codes), after checking they agree. */
function outcomes(text: string, mesh = ir): unknown[] {
  const p = parseRequest(text);
  assert.equal(p.diagnostics, []);
  const [istio, envoy] = (["istio", "envoy"] as const).map((engine) => {
    const r = simulate(mesh, p.value!, { engine });
    return {
      codes: r.diagnostics.map((d) => `MESH${d.code}`),
      outcomes: r.value?.outcomes.map((o) => [
        o.probability,
        o.status,
        o.destination?.cluster ?? null,
        o.mtls,
        o.error ?? null,
      ]),
    };
  });
  assert.equal(envoy, istio, `engines disagree on ${text}`);
  return istio!.codes.length > 0 ? istio!.codes : istio!.outcomes!;
}

const DB = "outbound|5432||db.shop.svc.cluster.local";

engines("a headless name: each endpoint address is its own connection, to that address", () => {
  assert.equal(outcomes("tcp://db.shop:5432 from shop/web"), [
    [0.5, 200, DB, false, null],
    [0.5, 200, DB, false, null],
  ]);
  assert.equal(outcomes("GET http://db.shop:8080/ from shop/web").length, 2);
  assert.equal(outcomes("GET http://db.shop:9000/ from shop/web").length, 2);
});

engines("<hostname>.<service> and an endpoint IP reach one endpoint; unknown hostnames and no address fail", () => {
  assert.equal(outcomes("GET http://db-1.db.shop:8080/ from shop/web"), [
    [1, 200, "outbound|8080||db.shop.svc.cluster.local", false, null],
  ]);
  assert.equal(outcomes("tcp://10.0.0.11:5432 from shop/web"), [[1, 200, DB, false, null]]);
  assert.equal(outcomes("tcp://legacy-a.legacy.shop:7000 from shop/web"), [
    [1, 200, "outbound|7000||legacy.shop.svc.cluster.local", false, null],
  ]);
  assert.equal(outcomes("tcp://legacy-b.legacy.shop:7000 from shop/web"), ["MESH5131"]);
  const empty = meshFromYaml(MESH.replace(/\n---\napiVersion: v1\nkind: Pod[\s\S]*$/, ""));
  assert.equal(outcomes("tcp://db.shop:5432 from outside", empty), ["MESH5130"]);
});

engines("with sidecars on every endpoint the ORIGINAL_DST cluster sends Istio mTLS", () => {
  const all = meshFromYaml(MESH.replace('app: db, sidecar.istio.io/inject: "false"', "app: db"));
  assert.equal(outcomes("tcp://db.shop:5432 from shop/web", all), [[1, 200, DB, true, null]]);
  // An EndpointSlice address without a Pod has no sidecar: plaintext.
  assert.equal(outcomes("tcp://legacy.shop:7000 from shop/web", all), [
    [1, 200, "outbound|7000||legacy.shop.svc.cluster.local", false, null],
  ]);
});

engines("a client dialling its own address stays in its pod", () => {
  assert.equal(outcomes("tcp://db.shop:5432 from shop/db-0"), [
    [
      0.5,
      200,
      DB,
      false,
      "the client connects to its own address: the connection stays in its pod and passes neither sidecar",
    ],
    [0.5, 200, DB, false, null],
  ]);
});

emit.run();
engines.run();
