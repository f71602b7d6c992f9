/**
 * istiod's feature flags through the CLI (docs/cli.md, meshc.config.json `istiod.env`): a flag meshc models changes
 * what `build` writes and what `simulate` answers; a flag meshc does not model (MESH1411) or a value istiod would
 * not parse (MESH1412) is an error at its line in the configuration (exit 2), and nothing is written.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { main } from "../../compiler/cli/main.ts";

/** A headless Service with two pods on a TCP port, and a client. */
const MESH = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{name: tcp-pg, port: 5432}]
---
apiVersion: v1
kind: Pod
metadata: {name: db-0, namespace: shop, labels: {app: db}}
spec: {containers: [{name: pg, image: pg}]}
status: {podIP: 10.1.0.10}
---
apiVersion: v1
kind: Pod
metadata: {name: db-1, namespace: shop, labels: {app: db}}
spec: {containers: [{name: pg, image: pg}]}
status: {podIP: 10.1.0.11}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: web, image: web}]}
status: {podIP: 10.1.0.20}
`;

async function run(cwd: string, ...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, color: false });
  return { code, stdout, stderr };
}

function project(config?: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), "meshc-istiod-"));
  writeFileSync(join(dir, "mesh.yaml"), MESH);
  if (config !== undefined) writeFileSync(join(dir, "meshc.config.json"), JSON.stringify(config, null, 2) + "\n");
  return dir;
}

/** The names of the outbound listeners `build` wrote for shop/web, and the prefix ranges of 0.0.0.0_5432's chains. */
function webListeners(dir: string): { names: string[]; prefixes: string[] } {
  const dump = JSON.parse(readFileSync(join(dir, "out/envoy/shop/web.json"), "utf8")) as {
    configs: { "@type": string; dynamic_listeners?: { active_state: { listener: Record<string, unknown> } }[] }[];
  };
  const listeners = dump.configs
    .flatMap((c) => c.dynamic_listeners ?? [])
    .map((l) => l.active_state.listener as { name: string; filter_chains?: { filter_chain_match?: unknown }[] });
  const wildcard = listeners.find((l) => l.name === "0.0.0.0_5432");
  const prefixes = (wildcard?.filter_chains ?? []).flatMap((c) => {
    const m = c.filter_chain_match as { prefix_ranges?: { address_prefix: string; prefix_len: number }[] } | undefined;
    return (m?.prefix_ranges ?? []).map((p) => `${p.address_prefix}/${p.prefix_len}`);
  });
  return { names: listeners.map((l) => l.name).filter((n) => n.endsWith("_5432")), prefixes };
}

const Flags = suite("meshc.config.json istiod.env");

Flags("without flags: a listener per endpoint of the headless Service (istiod's default)", async () => {
  const dir = project();
  const r = await run(dir, "build", "mesh.yaml", "--out", "out", "--target", "envoy");
  assert.is(r.code, 0, r.stderr);
  assert.equal(webListeners(dir), { names: ["10.1.0.10_5432", "10.1.0.11_5432"], prefixes: [] });
});

Flags("PILOT_ENABLE_HEADLESS_FILTER_CHAIN_LISTENER: one wildcard listener with a /32 chain per endpoint", async () => {
  const dir = project({ istiod: { env: { PILOT_ENABLE_HEADLESS_FILTER_CHAIN_LISTENER: "true" } } });
  const r = await run(dir, "build", "mesh.yaml", "--out", "out", "--target", "envoy");
  assert.is(r.code, 0, r.stderr);
  assert.equal(webListeners(dir), { names: ["0.0.0.0_5432"], prefixes: ["10.1.0.10/32", "10.1.0.11/32"] });
  // Both engines follow the flag: the endpoint's address takes its /32 chain.
  for (const engine of ["istio", "envoy"]) {
    const s = await run(
      dir,
      "simulate",
      "mesh.yaml",
      "--engine",
      engine,
      "--request",
      "tcp://10.1.0.11:5432 from shop/web",
      "--json",
    );
    assert.is(s.code, 0, s.stderr);
    assert.match(s.stdout, /"cluster": "outbound\|5432\|\|db\.shop\.svc\.cluster\.local"/);
  }
});

Flags("MESH1411 and MESH1412: an unknown flag and a value istiod cannot parse, at their lines (exit 2)", async () => {
  const dir = project({
    istiod: { env: { PILOT_ENABLE_HEADLESS_FILTER_CHAINS: "true", PILOT_ENABLE_IP_AUTOALLOCATE: "no" } },
  });
  const r = await run(dir, "build", "mesh.yaml", "--out", "out");
  assert.is(r.code, 2);
  assert.match(
    r.stderr,
    /^meshc\.config\.json\(4,7\): error MESH1411: 'PILOT_ENABLE_HEADLESS_FILTER_CHAINS' is not an istiod feature flag meshc models\.$/m,
  );
  assert.match(r.stderr, /PILOT_ENABLE_HEADLESS_FILTER_CHAIN_LISTENER, PILOT_ENABLE_IP_AUTOALLOCATE/);
  assert.match(
    r.stderr,
    /^meshc\.config\.json\(5,39\): error MESH1412: istiod feature flag 'PILOT_ENABLE_IP_AUTOALLOCATE' takes a boolean; found 'no'\.$/m,
  );
  assert.not.ok(existsSync(join(dir, "out")), "nothing is written");
});

Flags(
  "istiod's own boolean syntax is accepted (strconv.ParseBool), and an unknown istiod setting is MESH1410",
  async () => {
    const ok = await run(project({ istiod: { env: { PILOT_ENABLE_IP_AUTOALLOCATE: "F" } } }), "check", "mesh.yaml");
    assert.is(ok.code, 0, ok.stderr);
    const bad = await run(project({ istiod: { flags: {} } }), "check", "mesh.yaml");
    assert.is(bad.code, 2);
    assert.match(bad.stderr, /error MESH1410: Invalid meshc configuration: 'flags' is not a setting of 'istiod'\.$/m);
  },
);

Flags.run();
