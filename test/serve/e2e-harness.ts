/**
 * The live half of test/serve/e2e.test.ts, run as a child process (so the grpc-js-xds module state, its RBAC
 * environment switch and the `listen` patch below stay out of the test runner): starts `meshc serve --watch` on the
 * given mesh.ts, three grpc-js `XdsServer`s (echo v1–v3) and an `xds:///` client, drives the requests the test asks
 * for, edits the mesh under `--watch`, stops the server with SIGTERM, and prints one JSON object of observations.
 * It decides nothing: the test compares the observations with `simulate`.
 *
 * Usage: GRPC_XDS_EXPERIMENTAL_RBAC=true node --import tsx test/serve/e2e-harness.ts <mesh.ts> <echoPort> <plan.json>
 */
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import * as grpc from "@grpc/grpc-js";
import * as grpcXds from "@grpc/grpc-js-xds";

export interface Call {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
}
export interface Observed {
  readonly version: string | null;
  readonly code: number;
}
export interface Plan {
  readonly split: number;
  readonly header: readonly Call[];
  readonly authz: readonly Call[];
  /** mesh.ts text that does not compile, then the good edit, then how many requests to send after each. */
  readonly broken: string;
  readonly edited: string;
  readonly afterEach: number;
}
export interface Report {
  readonly split: readonly Observed[];
  readonly header: readonly Observed[];
  readonly authz: readonly Observed[];
  readonly afterBroken: readonly Observed[];
  readonly afterEdit: readonly Observed[];
  readonly brokenReported: boolean;
  readonly serveLog: readonly string[];
  readonly serveExit: number | null;
}

// grpc-js-xds picks a weighted cluster with Math.random() (src/route-action.ts WeightedClusterRouteAction.getCluster).
// A fixed-seed generator (mulberry32) keeps the observed split a fair sample while making the run reproducible, so the
// 3σ checks cannot flake in CI.
let seed = 0x6d657368;
Math.random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const [meshFile, portArg, planFile] = process.argv.slice(2) as [string, string, string];
const echoPort = Number(portArg);
const plan = JSON.parse(readFileSync(planFile, "utf8")) as Plan;
const VERSIONS = [
  ["v1", "127.0.0.11"],
  ["v2", "127.0.0.12"],
  ["v3", "127.0.0.13"],
] as const;
const CLIENT_NODE = "sidecar~127.0.0.1~client-6d4cf56db6-x7k2p.grpc-echo~grpc-echo.svc.cluster.local";

// ---- meshc serve ---------------------------------------------------------------------------------------------------
const serve = spawn(process.execPath, ["bin/meshc.js", "serve", meshFile, "--port", "0", "--watch"], {
  stdio: ["ignore", "pipe", "pipe"],
});
process.on("exit", () => serve.kill("SIGKILL"));
const serveLog: string[] = [];
const waiters: { test: (line: string) => boolean; resolve: () => void }[] = [];
serve.stderr.setEncoding("utf8");
serve.stderr.on("data", (chunk: string) => {
  for (const line of chunk.split("\n").filter((l) => l !== "")) {
    serveLog.push(line);
    if (process.env["E2E_DEBUG"]) process.stderr.write(`[serve] ${line}\n`);
    for (const w of [...waiters])
      if (w.test(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
  }
});
const logLine = (test: (line: string) => boolean): Promise<void> =>
  new Promise((resolve) => waiters.push({ test, resolve }));
const adsPort = await new Promise<number>((resolve) => {
  serve.on("exit", (code) => {
    process.stderr.write(`meshc serve exited early (${code}):\n${serveLog.join("\n")}\n`);
    process.exit(1);
  });
  serve.stdout.setEncoding("utf8");
  serve.stdout.on("data", (s: string) => {
    const m = /listening on 127\.0\.0\.1:(\d+)/.exec(s);
    if (m) resolve(Number(m[1]));
  });
});

const bootstrap = (node: string) =>
  JSON.stringify({
    xds_servers: [
      { server_uri: `127.0.0.1:${adsPort}`, channel_creds: [{ type: "insecure" }], server_features: ["xds_v3"] },
    ],
    node: { id: node, locality: {} },
    server_listener_resource_name_template: "grpc/server?xds.resource.listening_address=%s",
  });
const BOOTSTRAP = "grpc.TEST_ONLY_DO_NOT_USE_IN_PROD.xds_bootstrap_config";

// ---- echo servers --------------------------------------------------------------------------------------------------
// grpc-js-xds's XdsServer calls `net.Server.listen(port)` without a host (src/server.ts `startUsingPendingConfig`), i.e.
// on every interface, where a real pod has one IP. Three versions on one port need their own loopback addresses, so
// the servers are started one at a time and each listen(port) gets the address being bound.
let bindingHost = "127.0.0.1";
// eslint-disable-next-line @typescript-eslint/unbound-method -- the original method, called below as listen.call(this, ...)
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]) {
  if (args[0] === echoPort && typeof args[1] === "function")
    return listen.call(this, { port: echoPort, host: bindingHost }, args[1] as () => void);
  return (listen as (...a: unknown[]) => net.Server).apply(this, args);
} as typeof listen;

// register() installs the xds: resolver and the HTTP filter registry (router, fault, RBAC) that servers validate with.
grpcXds.register();
const debug = (s: string) => void (process.env["E2E_DEBUG"] && process.stderr.write(`[harness] ${s}\n`));
const raw = { serialize: (b: Buffer) => b, deserialize: (b: Buffer) => b };
const methods = ["Echo", "Whoami", "Admin", "AdminReset", "Delete", "DeleteAll", "Other"];
const servers: grpcXds.XdsServer[] = [];
for (const [version, host] of VERSIONS) {
  const server = new grpcXds.XdsServer({ [BOOTSTRAP]: bootstrap(`grpc-echo/echo-${version}`) });
  const service: grpc.ServiceDefinition = Object.fromEntries(
    methods.map((m) => [
      m,
      {
        path: `/echo.Echo/${m}`,
        requestStream: false,
        responseStream: false,
        requestSerialize: raw.serialize,
        requestDeserialize: raw.deserialize,
        responseSerialize: raw.serialize,
        responseDeserialize: raw.deserialize,
      },
    ]),
  );
  const reply: grpc.handleUnaryCall<Buffer, Buffer> = (_call, cb) => cb(null, Buffer.from(version));
  server.addService(service, Object.fromEntries(methods.map((m) => [m, reply])));
  bindingHost = host;
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`${host}:${echoPort}`, grpc.ServerCredentials.createInsecure(), (e) =>
      e ? reject(e) : resolve(),
    ),
  );
  servers.push(server);
  debug(`echo ${version} bound on ${host}:${echoPort}`);
}

// ---- the client ----------------------------------------------------------------------------------------------------
const client = new grpc.Client("xds:///echo.grpc-echo.svc.cluster.local:7070", grpc.credentials.createInsecure(), {
  [BOOTSTRAP]: bootstrap(CLIENT_NODE),
});

function call(c: Call): Promise<Observed> {
  const md = new grpc.Metadata();
  for (const [k, v] of Object.entries(c.headers)) md.set(k, v);
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      c.path,
      raw.serialize,
      raw.deserialize,
      Buffer.alloc(0),
      md,
      { deadline: Date.now() + 5000 },
      (err, value) =>
        resolve(err ? { version: null, code: err.code ?? -1 } : { version: value?.toString() ?? null, code: 0 }),
    );
  });
}

/** Sends `calls` with up to 32 in flight; results in call order. */
async function run(calls: readonly Call[]): Promise<Observed[]> {
  const out = new Array<Observed>(calls.length);
  let next = 0;
  const worker = async () => {
    while (next < calls.length) {
      const i = next++;
      out[i] = await call(calls[i]!);
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  return out;
}

const echoCall: Call = { path: "/echo.Echo/Echo", headers: {} };
const repeat = (n: number) => Array.from({ length: n }, () => echoCall);
debug("client created");
const split = await run(repeat(plan.split));
debug("split done");
const header = await run(plan.header);
const authz = await run(plan.authz);

// ---- --watch: a broken edit keeps the last good config; a good one is followed without restarting the client -------
const acked = () => logLine((l) => l.startsWith("meshc serve: ACK of route from 'sidecar~"));
let reported = logLine((l) => l.includes("still serving the last good configuration"));
writeFileSync(meshFile, plan.broken);
await reported;
const afterBroken = await run(repeat(plan.afterEach));
const routeAcked = acked();
reported = logLine((l) => l.includes("recompiled"));
writeFileSync(meshFile, plan.edited);
await reported;
await routeAcked;
const afterEdit = await run(repeat(plan.afterEach));

client.close();
for (const s of servers) s.forceShutdown();
serve.removeAllListeners("exit");
const exited = new Promise<number | null>((resolve) => serve.on("exit", (code) => resolve(code)));
serve.kill("SIGTERM");
const serveExit = await exited;
const report: Report = {
  split,
  header,
  authz,
  afterBroken,
  afterEdit,
  brokenReported: serveLog.some((l) => /error (TS|MESH)\d+/.test(l)),
  serveLog,
  serveExit,
};
process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit(0));
