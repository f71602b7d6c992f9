/**
 * The server side of a TCP connection in both engines: PeerAuthentication (the inbound TCP filter chains of
 * filterchain_options.go), then the network RBAC filters istiod builds with `BuildTCP`
 * (pilot/pkg/security/authz/builder/builder.go): HTTP-only fields drop an ALLOW rule whole and are left out of a DENY
 * rule (model.go `rule.checkError`; istio's TCP builder goldens `allow-http-on-tcp`-style cases). A denial closes the
 * connection: status 0 with the deciding policy in `authz`.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { simulate } from "../../compiler/eval/index.ts";
import { RBAC_CLOSED } from "../../compiler/eval/_shared/tcp.ts";
import type { SimulationResult } from "../../compiler/eval/types.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import { decision, meshFromYaml } from "../eval/_support.ts";
import { BASE, policy, req } from "./_mesh.ts";

const REDIS = "redis.db.svc.cluster.local";
const dest = { service: REDIS, subset: null, port: 6379, cluster: `outbound|6379||${REDIS}` };
const none = { route: null, timeout: null, retries: null } as const;
type Authz = { decision: "ALLOW" | "DENY"; policy: string | null; rule: number | null };
const allowed = (authz: Authz, mtls = true) => ({
  ...none,
  outcomes: [{ probability: 1, status: 200, destination: dest, mtls, authz, fault: null }],
});
const closed = (authz: Authz, mtls = true) => ({
  ...none,
  outcomes: [{ probability: 1, status: 0, destination: dest, mtls, authz, fault: null, error: RBAC_CLOSED }],
});

function both(ir: MeshIR, text: string): ReturnType<typeof decision> {
  const results = (["istio", "envoy"] as const).map((engine) => {
    const r = simulate(ir, req(text), { engine });
    assert.equal(r.diagnostics, [], `${engine} diagnostics`);
    return decision(r.value as SimulationResult);
  });
  assert.equal(results[1], results[0], "the Envoy engine agrees with the Istio engine");
  return results[0]!;
}

// ---------------------------------------------------------------------------------------------------------------------
const Allow = suite("ALLOW policies on a TCP port");

const ALLOW_BATCH = policy(
  "redis-clients",
  "redis",
  "ALLOW",
  `  - from: [{source: {principals: [cluster.local/ns/shop/sa/batch]}}]
    to: [{operation: {methods: [GET]}}]
  - from: [{source: {principals: [cluster.local/ns/shop/sa/batch]}}]
    to: [{operation: {ports: ["6379"]}}]`,
);
const allowMesh = meshFromYaml(BASE + ALLOW_BATCH);

Allow("the rule with an HTTP-only field (methods) is dropped, so rule 1 (ports) allows batch", () => {
  assert.equal(
    both(allowMesh, "tcp://redis.db:6379 from shop/batch-v1"),
    allowed({ decision: "ALLOW", policy: "db/redis-clients", rule: 1 }),
  );
});

Allow("another client matches no rule: the connection is closed with no deciding policy", () => {
  assert.equal(
    both(allowMesh, "tcp://redis.db:6379 from shop/app-v1"),
    closed({ decision: "DENY", policy: null, rule: null }),
  );
});

Allow("an ALLOW policy whose only rule uses HTTP-only fields allows nothing on TCP", () => {
  const ir = meshFromYaml(
    BASE + policy("redis-get", "redis", "ALLOW", `  - to: [{operation: {paths: ["/*"], methods: [GET]}}]`),
  );
  assert.equal(
    both(ir, "tcp://redis.db:6379 from shop/batch-v1"),
    closed({ decision: "DENY", policy: null, rule: null }),
  );
});

Allow.run();

// ---------------------------------------------------------------------------------------------------------------------
const Deny = suite("DENY policies on a TCP port");

Deny("a DENY rule loses its HTTP-only fields: `from shop, to methods [POST]` denies every connection from shop", () => {
  const ir = meshFromYaml(
    BASE +
      policy(
        "no-shop-posts",
        "redis",
        "DENY",
        `  - from: [{source: {namespaces: [shop]}}]\n    to: [{operation: {methods: [POST]}}]`,
      ),
  );
  assert.equal(
    both(ir, "tcp://redis.db:6379 from shop/batch-v1"),
    closed({ decision: "DENY", policy: "db/no-shop-posts", rule: 0 }),
  );
  // `namespaces` needs mTLS: a plaintext client without a sidecar is not matched, and nothing else applies.
  assert.equal(
    both(ir, "tcp://redis.db:6379 from legacy/old-v1"),
    allowed({ decision: "ALLOW", policy: null, rule: null }, false),
  );
});

Deny("a DENY rule on a port the connection does not use does not apply", () => {
  const ir = meshFromYaml(BASE + policy("no-admin", "redis", "DENY", `  - to: [{operation: {ports: ["7000"]}}]`));
  assert.equal(
    both(ir, "tcp://redis.db:6379 from shop/batch-v1"),
    allowed({ decision: "ALLOW", policy: null, rule: null }),
  );
});

Deny.run();

// ---------------------------------------------------------------------------------------------------------------------
const Mtls = suite("PeerAuthentication on a TCP port");

const STRICT = `---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: strict, namespace: db}
spec: {mtls: {mode: STRICT}}
`;
const strictMesh = meshFromYaml(BASE + STRICT);

Mtls("STRICT accepts the sidecar's Istio mTLS", () => {
  assert.equal(
    both(strictMesh, "tcp://redis.db:6379 from shop/batch-v1"),
    allowed({ decision: "ALLOW", policy: null, rule: null }),
  );
});

Mtls("STRICT resets a plaintext client without a sidecar", () => {
  const error = "'db/redis-v1' port 6379 is STRICT: it accepts only Istio mTLS, and the client sent plaintext";
  assert.equal(both(strictMesh, "tcp://redis.db:6379 from legacy/old-v1"), {
    ...none,
    outcomes: [{ probability: 1, status: 0, destination: dest, mtls: false, authz: null, fault: null, error }],
  });
});

Mtls("`plaintext` from a sidecar workload bypasses its sidecar and is reset too", () => {
  const error = "'db/redis-v1' port 6379 is STRICT: it accepts only Istio mTLS, and the client sent plaintext";
  assert.equal(both(strictMesh, "tcp://redis.db:6379 from shop/batch-v1 plaintext"), {
    ...none,
    outcomes: [{ probability: 1, status: 0, destination: dest, mtls: false, authz: null, fault: null, error }],
  });
});

Mtls.run();
