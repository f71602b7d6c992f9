/**
 * TCP routing in both engines: VirtualService `tcp` rules as istiod turns them into a sidecar's outbound filter
 * chains (istio pilot/pkg/networking/core/tcp.go `buildSidecarOutboundTCPFilterChainOpts`, `matchTCP`), the
 * service's cluster without them, and the outbound catch-all for hosts outside the registry. Every case asserts
 * the whole decision (route and outcomes) from the Istio engine and from the Envoy engine.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { renderSimulation } from "../../compiler/cli/simulate.ts";
import { simulate } from "../../compiler/eval/index.ts";
import type { SimulationResult } from "../../compiler/eval/types.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import { decision, meshFromYaml } from "../eval/_support.ts";
import { BASE, MONGO_SUBSETS, req, tcpVs } from "./_mesh.ts";

const MONGO = "mongo.db.svc.cluster.local";
const ALLOWED = { decision: "ALLOW", policy: null, rule: null } as const;
const to = (subset: string | null, port = 27017, host = MONGO) => ({
  service: host,
  subset,
  port,
  cluster: `outbound|${port}|${subset ?? ""}|${host}`,
});
const ok = (probability: number, destination: ReturnType<typeof to>) => ({
  probability,
  status: 200,
  destination,
  mtls: true,
  authz: ALLOWED,
  fault: null,
});
const tcpRoute = (name: string, index: number) => ({
  resource: `VirtualService db/${name}`,
  index,
  name: null,
  section: "tcp" as const,
});

/** The decision of both engines, asserted equal; returned once. */
function both(ir: MeshIR, text: string): ReturnType<typeof decision> {
  const results = (["istio", "envoy"] as const).map((engine) => {
    const r = simulate(ir, req(text), { engine });
    assert.equal(r.diagnostics, [], `${engine} diagnostics`);
    return decision(r.value as SimulationResult);
  });
  assert.equal(results[1], results[0], "the Envoy engine agrees with the Istio engine");
  return results[0]!;
}

const none = { timeout: null, retries: null } as const;

// ---------------------------------------------------------------------------------------------------------------------
const Rules = suite("tcp rules: first generated match wins (tcp.go TcpLoop)");

const SPLIT = tcpVs(
  "mongo",
  MONGO,
  `  - match: [{sourceLabels: {tier: front}}]
    route: [{destination: {host: ${MONGO}, subset: v2}}]
  - match: [{port: 27018}]
    route: [{destination: {host: ${MONGO}, subset: v1}}]
  - route: [{destination: {host: ${MONGO}, subset: v1}, weight: 80}, {destination: {host: ${MONGO}, subset: v2}, weight: 20}]`,
);
const splitMesh = meshFromYaml(BASE + MONGO_SUBSETS + SPLIT);

Rules("sourceLabels: a client with tier=front takes tcp[0]", () => {
  assert.equal(both(splitMesh, "tcp://mongo.db:27017 from shop/app-v1"), {
    route: tcpRoute("mongo", 0),
    ...none,
    outcomes: [ok(1, to("v2"))],
  });
});

Rules("a weighted split becomes weighted clusters: 80% v1, 20% v2", () => {
  assert.equal(both(splitMesh, "tcp://mongo.db:27017 from shop/batch-v1"), {
    route: tcpRoute("mongo", 2),
    ...none,
    outcomes: [ok(0.8, to("v1")), ok(0.2, to("v2"))],
  });
});

Rules(
  "match.port: the rule for 27018 is not generated for 27017, and is for 27018 (cluster on the listener port)",
  () => {
    assert.equal(both(splitMesh, "tcp://mongo.db:27018 from shop/batch-v1"), {
      route: tcpRoute("mongo", 1),
      ...none,
      outcomes: [ok(1, to("v1", 27018))],
    });
  },
);

Rules("an HTTP request to a TCP port travels as TCP bytes: the tcp rules route it", () => {
  assert.equal(both(splitMesh, "GET http://mongo.db:27017/ from shop/batch-v1").route, tcpRoute("mongo", 2));
});

Rules("without a VirtualService the connection goes to the service's cluster", () => {
  const redis = "redis.db.svc.cluster.local";
  assert.equal(both(splitMesh, "tcp://redis.db:6379 from shop/batch-v1"), {
    route: null,
    ...none,
    outcomes: [ok(1, to(null, 6379, redis))],
  });
});

Rules("destinationSubnets: meshc knows no service VIPs, so such a rule never matches and the next one decides", () => {
  const ir = meshFromYaml(
    BASE +
      MONGO_SUBSETS +
      tcpVs(
        "mongo",
        MONGO,
        `  - match: [{destinationSubnets: [10.0.0.0/8]}]
    route: [{destination: {host: ${MONGO}, subset: v2}}]
  - route: [{destination: {host: ${MONGO}, subset: v1}}]`,
      ),
  );
  assert.equal(both(ir, "tcp://mongo.db:27017 from shop/batch-v1"), {
    route: tcpRoute("mongo", 1),
    ...none,
    outcomes: [ok(1, to("v1"))],
  });
});

Rules("sourceNamespace and gateways: a rule for another namespace or only a gateway is not generated", () => {
  const ir = meshFromYaml(
    BASE +
      MONGO_SUBSETS +
      tcpVs(
        "mongo",
        MONGO,
        `  - match: [{sourceNamespace: legacy}, {gateways: [db/gw]}]
    route: [{destination: {host: ${MONGO}, subset: v2}}]
  - match: [{sourceNamespace: shop}]
    route: [{destination: {host: ${MONGO}, subset: v1}}]`,
      ),
  );
  assert.equal(both(ir, "tcp://mongo.db:27017 from shop/batch-v1"), {
    route: tcpRoute("mongo", 1),
    ...none,
    outcomes: [ok(1, to("v1"))],
  });
});

Rules("an unknown subset: the client's proxy has no such cluster and closes the connection (status 0, not 503)", () => {
  const ir = meshFromYaml(BASE + tcpVs("mongo", MONGO, `  - route: [{destination: {host: ${MONGO}, subset: v9}}]`));
  const error = `no cluster 'outbound|27017|v9|${MONGO}': subset 'v9' is not declared by any DestinationRule for '${MONGO}' visible to the client`;
  assert.equal(both(ir, "tcp://mongo.db:27017 from shop/batch-v1"), {
    route: tcpRoute("mongo", 0),
    ...none,
    outcomes: [{ probability: 1, status: 0, destination: to("v9"), mtls: null, authz: null, fault: null, error }],
  });
});

Rules.run();

// ---------------------------------------------------------------------------------------------------------------------
const Outside = suite("hosts outside the registry: the outbound catch-all (listener_builder.go)");

Outside("ALLOW_ANY passes an unknown host's connection through", () => {
  const error =
    "'pg.example.com' is not in the service registry; ALLOW_ANY passes it through to the original destination (PassthroughCluster)";
  assert.equal(both(splitMesh, "tcp://pg.example.com:5432 from shop/batch-v1"), {
    route: null,
    ...none,
    outcomes: [
      {
        probability: 1,
        status: 200,
        destination: { service: "pg.example.com", subset: null, port: 5432, cluster: "PassthroughCluster" },
        mtls: false,
        authz: null,
        fault: null,
        error,
      },
    ],
  });
});

Outside("REGISTRY_ONLY closes it (BlackHoleCluster)", () => {
  const sidecar = `---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: shop}
spec:
  outboundTrafficPolicy: {mode: REGISTRY_ONLY}
`;
  const ir = meshFromYaml(BASE + sidecar);
  const error =
    "'pg.example.com' is not in the service registry and the outbound traffic policy is REGISTRY_ONLY (BlackHoleCluster)";
  assert.equal(both(ir, "tcp://pg.example.com:5432 from shop/batch-v1"), {
    route: null,
    ...none,
    outcomes: [{ probability: 1, status: 0, destination: null, mtls: null, authz: null, fault: null, error }],
  });
});

Outside(
  "an unknown host on a port the sidecar runs HTTP on: the HTTP connection manager cannot parse TCP bytes",
  () => {
    const error = "listener '0.0.0.0_8080' runs an HTTP connection manager, which cannot parse the TCP bytes";
    assert.equal(both(splitMesh, "tcp://pg.example.com:8080 from shop/batch-v1"), {
      route: null,
      ...none,
      outcomes: [{ probability: 1, status: 0, destination: null, mtls: null, authz: null, fault: null, error }],
    });
  },
);

Outside.run();

// ---------------------------------------------------------------------------------------------------------------------
const Refused = suite(
  "tcp:// requests: refusals (diagnostics in both engines), the compiled path, the result and its rendering",
);

Refused("a tcp:// request to an HTTP port is refused with MESH5108", () => {
  for (const engine of ["istio", "envoy"] as const) {
    const r = simulate(splitMesh, req("tcp://web.shop:8080 from shop/batch-v1"), { engine });
    assert.equal(
      [r.value, r.diagnostics.map((d) => [d.code, d.message])],
      [
        undefined,
        [[5108, "Port 8080 of 'web.shop.svc.cluster.local' is HTTP, so a 'tcp://' request cannot be evaluated on it."]],
      ],
    );
  }
});

Refused(
  "a tcp:// request to a gateway port whose servers are HTTP: the HCM cannot parse the bytes (both engines)",
  () => {
    const gw = `---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: db}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
`;
    const ir = meshFromYaml(BASE + gw);
    for (const engine of ["istio", "envoy"] as const) {
      const r = simulate(ir, req("tcp://mongo.db:80 from ingress db/gw"), { engine });
      assert.equal(r.diagnostics, []);
      assert.equal(
        r.value!.outcomes.map((o) => [o.status, o.error]),
        [[0, "listener '0.0.0.0_8080' runs an HTTP connection manager, which cannot parse the TCP bytes"]],
      );
    }
  },
);

Refused("the compiled path (trace: false) gives the full engine's answer for TCP", () => {
  for (const text of [
    "tcp://mongo.db:27017 from shop/batch-v1",
    "GET http://mongo.db:27017/ from shop/app-v1",
    "tcp://web.shop:8080 from shop/batch-v1",
  ]) {
    const fast = simulate(splitMesh, req(text), { trace: false });
    const full = simulate(splitMesh, req(text));
    assert.equal(
      fast,
      full.value === undefined ? full : { value: { ...full.value, trace: [] }, diagnostics: full.diagnostics },
    );
  }
});

Refused("the result echoes a tcp:// request with no method, path or headers", () => {
  const r = simulate(splitMesh, req("tcp://mongo.db:27017 from shop/batch-v1")).value!;
  assert.equal(r.request, { method: "", host: MONGO, port: 27017, path: "", headers: {}, source: "shop/batch-v1" });
});

Refused("`meshc simulate` prints a TCP connection and its tcp rule", () => {
  const r = simulate(splitMesh, req("tcp://mongo.db:27017 from shop/app-v1")).value!;
  assert.equal(renderSimulation(r).split("\n").slice(0, 5), [
    `TCP ${MONGO}:27017 from shop/app-v1`,
    "route: VirtualService db/mongo tcp[0]",
    "timeout: none; retries: none",
    "outcomes:",
    `       100%  status 200  outbound|27017|v2|${MONGO} mTLS ALLOW (default)`,
  ]);
});

Refused.run();
