/**
 * `npm run bench` (issue 6 §2): for N = 10, 100, 1,000, 10,000 generated services, the `meshc build` wall time and its
 * phases, the ratio to `tsc --noEmit` on the same mesh.ts, peak RSS, evaluator throughput against grpc-js-xds, and the
 * growth exponents. Every measurement runs in a fresh child process. Prints a table and writes bench/results.json.
 * `--smoke`: N=10 only, short runs, results to the temp directory (CI keeps the benchmark from rotting).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_SEED, generateMesh, writeMesh } from "./gen/index.ts";
import { formatTable, slope } from "./report.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const smoke = process.argv.includes("--smoke");
const nArg = process.argv.find((a) => a.startsWith("--n="));
const NS = nArg ? nArg.slice(4).split(",").map(Number) : smoke ? [10] : [10, 100, 1000, 10000];
const TIMEOUT_MS = smoke ? 120_000 : 600_000;
const EVAL_SECONDS = smoke ? 0.2 : 2;
/** Above this N, Envoy emission is timed on a sample of workloads and extrapolated (see README: it is O(W·S²)). */
const FULL_ENVOY_MAX_N = 10;
const work = path.join(tmpdir(), "meshc-bench");

type Measured<T> = T | { readonly notMeasured: string };

function child<T>(args: readonly string[], env: Record<string, string> = {}): Measured<T & { processWallMs: number }> {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", timeout: TIMEOUT_MS, maxBuffer: 64 << 20, env: { ...process.env, ...env } });
  const processWallMs = performance.now() - t0;
  if (r.error || r.status !== 0) {
    const why = r.signal === "SIGTERM" ? `timed out after ${TIMEOUT_MS / 1000} s` : `failed: ${(r.stderr || String(r.error)).split("\n").slice(-6).join(" ").trim()}`;
    return { notMeasured: why };
  }
  const last = r.stdout.trim().split("\n").pop() ?? "{}";
  return { ...(last.startsWith("{") ? (JSON.parse(last) as T) : ({} as T)), processWallMs };
}

const ok = <T>(m: Measured<T>): m is T => !("notMeasured" in (m as object));
const tsx = ["--import", "tsx"];

function measureN(n: number) {
  const dir = path.join(work, `n${n}`);
  process.stderr.write(`bench: N=${n}: generating\n`);
  const files = writeMesh(dir, generateMesh(n, DEFAULT_SEED));
  const envoyTargets = n <= FULL_ENVOY_MAX_N ? "istio,envoy" : "istio";
  process.stderr.write(`bench: N=${n}: meshc build (--target ${envoyTargets})\n`);
  const rssFile = path.join(dir, "rss");
  const cli = child<object>(["--import", path.join(root, "bench/rss-hook.mjs"), "bin/meshc.js", "build", files.meshTs, "--out", path.join(dir, "out"), "--target", envoyTargets], { MESHC_BENCH_RSS_FILE: rssFile });
  const cliRssMiB = ok(cli) ? Number(readFileSync(rssFile, "utf8")) / 1024 : null;
  if (!ok(cli)) return { n, meshcBuildCli: cli };
  process.stderr.write(`bench: N=${n}: tsc --noEmit\n`);
  const tscCli = child<object>([path.join(root, "node_modules/typescript/bin/tsc"), "-p", files.tsconfig]);
  const tscApi = child<{ wall: number; typeCheck: number; rssMiB: number }>([...tsx, "bench/child/phases.ts", "tsc", files.meshTs]);
  process.stderr.write(`bench: N=${n}: phases\n`);
  const sample = n <= FULL_ENVOY_MAX_N ? "all" : "2";
  const phasesTs = child<{ ms: Record<string, number>; measuredWall: number; rssMiB: number }>([...tsx, "bench/child/phases.ts", "phases", files.meshTs, sample]);
  const phasesYaml = n <= 1000 ? child<object>([...tsx, "bench/child/phases.ts", "phases", files.yamlDir, sample]) : { notMeasured: "skipped above N=1000 (time budget)" };
  process.stderr.write(`bench: N=${n}: evaluator\n`);
  const evaluator = n <= 1000 ? child<object>([...tsx, "bench/child/eval.ts", `n${n}`, files.yamlDir, String(n), String(EVAL_SECONDS)]) : { notMeasured: "skipped above N=1000 (time budget)" };
  const ratio = (a: Measured<{ processWallMs: number }>, b: Measured<{ processWallMs: number }>) => (ok(a) && ok(b) ? a.processWallMs / b.processWallMs : null);
  return {
    n,
    meshcBuildCli: { ...cli, targets: envoyTargets, peakRssMiB: cliRssMiB },
    tscNoEmitCli: tscCli,
    ratioBuildToTscCli: ratio(cli, tscCli),
    tscApi,
    phasesMeshTs: phasesTs,
    /** In-process: every meshc phase except emit Envoy, over the API tsc (same options, same process start-up excluded). */
    ratioMeshcToTscInProcess:
      ok(phasesTs) && ok(tscApi) ? Object.entries(phasesTs.ms).reduce((s, [k, v]) => (k === "emitEnvoy" ? s : s + v), 0) / tscApi.wall : null,
    phasesYaml,
    evaluator,
  };
}

mkdirSync(work, { recursive: true });
process.stderr.write("bench: bookinfo evaluator\n");
const bookinfo = child<object>([...tsx, "bench/child/eval.ts", "bookinfo", "examples/bookinfo/mesh.ts", "0", String(EVAL_SECONDS)]);
const perN = NS.map(measureN);

const points = (f: (r: (typeof perN)[number]) => number | null | undefined) =>
  perN.flatMap((r) => {
    const y = f(r);
    return typeof y === "number" && y > 0 ? [[r.n, y] as const] : [];
  });
const evalOf = (r: (typeof perN)[number]) => ("evaluator" in r && r.evaluator && ok(r.evaluator) ? (r.evaluator as unknown as { decisionsPerSecond: { istio: number } }).decisionsPerSecond.istio : null);
const results = {
  generatedBy: "npm run bench",
  smoke,
  seed: DEFAULT_SEED,
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "", memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  bookinfo,
  perN,
  growthExponents: {
    buildCliWall: slope(points((r) => (ok(r.meshcBuildCli) ? r.meshcBuildCli.processWallMs : null))),
    tscCliWall: slope(points((r) => ("tscNoEmitCli" in r && r.tscNoEmitCli && ok(r.tscNoEmitCli) ? r.tscNoEmitCli.processWallMs : null))),
    perDecisionIstio: slope(points((r) => { const d = evalOf(r); return d ? 1 / d : null; })),
  },
};
const out = smoke ? path.join(work, "results.smoke.json") : path.join(root, "bench/results.json");
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(formatTable(results));
process.stdout.write(`\nwrote ${out}\n`);
if (smoke) rmSync(path.join(work, "n10"), { recursive: true, force: true });
