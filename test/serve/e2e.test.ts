/**
 * `meshc serve` end to end, loopback only: the control plane (the real CLI, `--port 0 --watch`), three grpc-js
 * `XdsServer`s for echo v1–v3 with RBAC enabled (GRPC_XDS_EXPERIMENTAL_RBAC), and a grpc-js-xds client on
 * `xds:///echo.grpc-echo.svc.cluster.local:7070`, all driven by e2e-harness.ts in a child process. What the gRPC
 * world does is compared with `simulate` (the Istio engine) on the same mesh.ts:
 * - the weighted split over 2,000 calls, per version within 3σ of the binomial the prediction implies;
 * - header-routed calls land on the one version simulate names;
 * - 240 random calls (method paths, `x-role` and `x-canary` headers, fixed seed): OK vs PERMISSION_DENIED equals
 *   simulate's allow/deny. Mapping: grpc-js sends every RPC as `POST <method path>` (its RBAC filter injects `:method`
 *   POST, `:path`, `:authority`; grpc-js-xds src/http-filter/rbac-filter.ts), so each call is simulated as
 *   `POST grpc://echo.grpc-echo:7070<path> from grpc-echo/client`. The client has no mTLS identity; the mesh says so
 *   (PeerAuthentication DISABLE), so simulate also evaluates a plaintext connection without a principal;
 * - a broken edit under `--watch` keeps the old split served and is reported; a good edit is followed by the running
 *   client (no restart), as simulate on the edited file predicts;
 * - zero NACKs from any node, and a clean exit on SIGTERM.
 * Known grpc-js-xds vs Envoy differences (shared/reference/grpc-js-xds.md §4): the mesh uses none of them, and the
 * guard test below fails if the served config ever contains one (absent-header `invert_match`, `present_match`).
 * The other difference met here, XdsServer listening on all interfaces, is handled in the harness (see there).
 * Bounded: the harness is killed, and the test fails, after HARD_TIMEOUT_MS.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { simulate, type SimRequest } from "../../compiler/eval/index.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import { compile } from "../../compiler/pipeline.ts";
import { Snapshot } from "../../compiler/serve/index.ts";
import { Listener } from "../../compiler/emit/envoy/gen/envoy/config/listener/v3/listener.ts";
import { RouteConfiguration } from "../../compiler/emit/envoy/gen/envoy/config/route/v3/route.ts";
import { TypeRegistry } from "../../compiler/emit/envoy/registry.ts";
import type { Call, Observed, Plan, Report } from "./e2e-harness.ts";

const HARD_TIMEOUT_MS = 120_000;
const ADDRESSES = ["127.0.0.11", "127.0.0.12", "127.0.0.13"];
const SPLIT_CALLS = 2000;
const AFTER_EACH = 200;
const OK = 0;
const PERMISSION_DENIED = 7;

/** A port free on all three loopback addresses (each version listens on its own address, same port). */
async function freePort(): Promise<number> {
  const bind = (host: string, port: number) =>
    new Promise<net.Server | undefined>((resolve) => {
      const s = net.createServer();
      s.once("error", () => resolve(undefined));
      s.listen({ host, port }, () => resolve(s));
    });
  for (let attempt = 0; attempt < 20; attempt++) {
    const first = await bind(ADDRESSES[0]!, 0);
    if (first === undefined) break;
    const port = (first.address() as net.AddressInfo).port;
    const rest = await Promise.all(ADDRESSES.slice(1).map((h) => bind(h, port)));
    for (const s of [first, ...rest]) s?.close();
    if (rest.every((s) => s !== undefined)) return port;
  }
  throw new Error("no port free on 127.0.0.11-13 (does this system route 127.0.0.0/8 to loopback?)");
}

function runHarness(mesh: string, port: number, planFile: string): Promise<Report> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "test/serve/e2e-harness.ts", mesh, String(port), planFile],
      {
        env: { ...process.env, GRPC_XDS_EXPERIMENTAL_RBAC: "true" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`e2e harness still running after ${HARD_TIMEOUT_MS} ms; stderr:\n${err.slice(-3000)}`));
    }, HARD_TIMEOUT_MS);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`e2e harness exited with ${code}; stderr:\n${err.slice(-3000)}`));
      resolve(JSON.parse(out) as Report);
    });
  });
}

const request = (c: Call): SimRequest => ({
  method: "POST",
  scheme: "grpc",
  host: "echo.grpc-echo",
  port: 7070,
  path: c.path,
  query: "",
  headers: c.headers,
  source: { kind: "workload", namespace: "grpc-echo", name: "client" },
  plaintext: false,
});

/** simulate's distribution over echo versions (and the statuses) for a call. */
function predict(ir: MeshIR, c: Call): { subsets: Map<string, number>; statuses: Set<number> } {
  const r = simulate(ir, request(c));
  assert.equal(r.diagnostics, [], `simulate ${c.path}`);
  const subsets = new Map<string, number>();
  for (const o of r.value!.outcomes)
    subsets.set(o.destination?.subset ?? "none", (subsets.get(o.destination?.subset ?? "none") ?? 0) + o.probability);
  return { subsets, statuses: new Set(r.value!.outcomes.map((o) => o.status)) };
}

/** Per version: observed count, and whether it is within 3σ of n·p (binomial). */
function splitCheck(
  observed: readonly Observed[],
  expected: Map<string, number>,
): Record<string, { count: number; within3Sigma: boolean }> {
  const n = observed.length;
  const out: Record<string, { count: number; within3Sigma: boolean }> = {};
  for (const v of ["v1", "v2", "v3"]) {
    const p = expected.get(v) ?? 0;
    const count = observed.filter((o) => o.version === v).length;
    out[v] = { count, within3Sigma: Math.abs(count - n * p) <= 3 * Math.sqrt(n * p * (1 - p)) };
  }
  return out;
}
const allWithin = (c: Record<string, { within3Sigma: boolean }>) =>
  Object.fromEntries(Object.keys(c).map((k) => [k, true]));
const within = (c: Record<string, { within3Sigma: boolean }>) =>
  Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v.within3Sigma]));

const PATHS = [
  "/echo.Echo/Echo",
  "/echo.Echo/Whoami",
  "/echo.Echo/Admin",
  "/echo.Echo/AdminReset",
  "/echo.Echo/Delete",
  "/echo.Echo/DeleteAll",
  "/echo.Echo/Other",
];
const randomCalls: Call[] = fc
  .sample(
    fc.record({
      path: fc.constantFrom(...PATHS),
      role: fc.constantFrom("admin", "user", undefined),
      canary: fc.constantFrom("always", undefined),
    }),
    { seed: 20261124, numRuns: 240 },
  )
  .map(({ path, role, canary }) => ({
    path,
    headers: {
      ...(role === undefined ? {} : { "x-role": role }),
      ...(canary === undefined ? {} : { "x-canary": canary }),
    },
  }));
const headerCalls: Call[] = Array.from({ length: 60 }, (_, i) => ({
  path: i % 2 === 0 ? "/echo.Echo/Echo" : "/echo.Echo/Whoami",
  headers: { "x-canary": "always" },
}));

const E2E = suite("meshc serve drives grpc-js-xds servers and clients as simulate predicts");

const example = readFileSync("examples/grpc-echo/mesh.ts", "utf8");

E2E("the served config uses none of the constructs where grpc-js-xds knowingly differs from Envoy", () => {
  const ir = compile(["examples/grpc-echo/mesh.ts"]).ir!;
  const snap = new Snapshot(ir);
  const server = snap.answer(
    ir.workloads.find((w) => w.id === "grpc-echo/echo-v1"),
    "listener",
    { kind: "names", names: ["grpc/server?xds.resource.listening_address=127.0.0.11:17070"] },
  );
  const client = snap.answer(
    ir.workloads.find((w) => w.id === "grpc-echo/client"),
    "route",
    { kind: "names", names: ["outbound|7070||echo.grpc-echo.svc.cluster.local"] },
  );
  const json = JSON.stringify([
    ...server.resources.map((r) => Listener.toJson(Listener.fromBinary(r.any.value), { typeRegistry: TypeRegistry })),
    ...client.resources.map((r) =>
      RouteConfiguration.toJson(RouteConfiguration.fromBinary(r.any.value), { typeRegistry: TypeRegistry }),
    ),
  ]);
  assert.equal([server.resources.length, client.resources.length], [1, 1]);
  assert.equal(
    { invertMatch: json.includes('"invertMatch":true'), presentMatch: json.includes('"presentMatch"') },
    { invertMatch: false, presentMatch: false },
  );
});

E2E("split, header routes, allow/deny, --watch and shutdown match simulate", async () => {
  // GIVEN the example on a free port, a broken edit and a good edit (all of v1's and v2's traffic to v2)
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "meshc-serve-e2e-"));
  const mesh = join(dir, "mesh.ts");
  const original = example.replaceAll("17070", String(port));
  const broken = original.replace("canary(echo, { v1: 75, v2: 25 })", "canary(echo, { v1: 75, v9: 25 })");
  const edited = original.replace("canary(echo, { v1: 75, v2: 25 })", '[{ destination: echo.subset("v2") }]');
  assert.equal(
    [broken !== original, edited !== original],
    [true, true],
    "the edits apply to examples/grpc-echo/mesh.ts",
  );
  writeFileSync(mesh, original);
  const plan: Plan = {
    split: SPLIT_CALLS,
    header: headerCalls,
    authz: randomCalls,
    broken,
    edited,
    afterEach: AFTER_EACH,
  };
  writeFileSync(join(dir, "plan.json"), JSON.stringify(plan));

  // WHEN the gRPC world runs against `meshc serve`
  const report = await runHarness(mesh, port, join(dir, "plan.json"));

  // THEN it did what simulate says, for the original mesh …
  writeFileSync(mesh, original); // the harness left the edited file behind
  const before = compile([mesh]).ir!;
  const split = predict(before, { path: "/echo.Echo/Echo", headers: {} });
  assert.equal([...split.statuses], [200]);
  assert.equal(
    report.split.filter((o) => o.code !== OK),
    [],
    "every split call succeeded",
  );
  const splitCounts = splitCheck(report.split, split.subsets);
  assert.equal(
    within(splitCounts),
    allWithin(splitCounts),
    `split ${JSON.stringify(splitCounts)} vs ${JSON.stringify([...split.subsets])}`,
  );

  const headerExpected = headerCalls.map((c) => {
    const p = predict(before, c);
    assert.equal(p.subsets.size, 1, `a header route is deterministic: ${JSON.stringify([...p.subsets])}`);
    return { version: [...p.subsets.keys()][0]!, code: p.statuses.has(200) ? OK : PERMISSION_DENIED };
  });
  assert.equal(report.header, headerExpected);

  const authzExpected = randomCalls.map((c) => {
    const p = predict(before, c);
    assert.equal(p.statuses.size, 1, `authz is the same on every version: ${c.path}`);
    return [...p.statuses][0] === 200 ? OK : PERMISSION_DENIED;
  });
  assert.equal(
    report.authz.map((o) => o.code),
    authzExpected,
  );
  assert.equal(new Set(authzExpected).size, 2, "the random calls include both allowed and denied ones");

  // … while a broken edit is reported and the last good config keeps being served …
  assert.is(report.brokenReported, true);
  const brokenCounts = splitCheck(report.afterBroken, split.subsets);
  assert.equal(within(brokenCounts), allWithin(brokenCounts), `after the broken edit ${JSON.stringify(brokenCounts)}`);

  // … and for the edited mesh, followed by the same running client.
  writeFileSync(mesh, edited);
  const after = predict(compile([mesh]).ir!, { path: "/echo.Echo/Echo", headers: {} });
  assert.equal([...after.subsets], [["v2", 1]]);
  assert.equal(
    report.afterEdit,
    Array.from({ length: AFTER_EACH }, () => ({ version: "v2", code: OK })),
  );

  // No node rejected anything; the client was mapped from its Istio node id; SIGTERM ended serve cleanly.
  assert.equal(
    report.serveLog.filter((l) => l.includes("NACK")),
    [],
  );
  assert.equal(
    report.serveLog.filter((l) => l.includes("is workload")),
    [
      "meshc serve: node 'grpc-echo/echo-v1' is workload grpc-echo/echo-v1 (namespace/name)",
      "meshc serve: node 'grpc-echo/echo-v2' is workload grpc-echo/echo-v2 (namespace/name)",
      "meshc serve: node 'grpc-echo/echo-v3' is workload grpc-echo/echo-v3 (namespace/name)",
      "meshc serve: node 'sidecar~127.0.0.1~client-6d4cf56db6-x7k2p.grpc-echo~grpc-echo.svc.cluster.local' is workload grpc-echo/client (Istio node id, pod of Deployment)",
    ],
  );
  assert.is(report.serveExit, 0);
});

E2E.run();
