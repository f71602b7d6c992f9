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
import { diffVariant } from "./gen/diff-variant.ts";
import { formatTable, slope } from "./report.ts";
import { formatStartup, measureStartup } from "./startup.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const smoke = process.argv.includes("--smoke");
const nArg = process.argv.find((a) => a.startsWith("--n="));
const NS = nArg ? nArg.slice(4).split(",").map(Number) : smoke ? [10] : [10, 100, 1000, 10000];
const TIMEOUT_MS = smoke ? 120_000 : 600_000;
const EVAL_SECONDS = smoke ? 0.2 : 2;
/** Up to this N the CLI builds both targets and the phases emit every workload's Envoy config; above, a sample. */
const FULL_ENVOY_MAX_N = 1000;
/**
 * Above this N the mesh.ts form is not built or type-checked: at N=10,000 (440,000 lines) `tsc --noEmit` alone ran
 * over 12 CPU-minutes and 2.3 GB without finishing (bench/README.md), so both would only time out. The YAML form is
 * measured at every N.
 */
const MESH_TS_MAX_N = 1000;
const work = path.join(tmpdir(), "meshc-bench");
/**
 * `--startup`: only the start-up rounds (issue 12 §4), printed, not written to results.json; `--realtime`: those
 * rounds' commands under `chrt -f 50` (bench/startup.ts).
 */
const startupOnly = process.argv.includes("--startup");
const roundsArg = process.argv.find((a) => a.startsWith("--rounds="));
const STARTUP_ROUNDS = roundsArg ? Number(roundsArg.slice(9)) : smoke ? 1 : 7;

type Measured<T> = T | { readonly notMeasured: string };

function child<T>(args: readonly string[], env: Record<string, string> = {}): Measured<T & { processWallMs: number }> {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: "utf8",
    timeout: TIMEOUT_MS,
    maxBuffer: 64 << 20,
    env: { ...process.env, ...env },
  });
  const processWallMs = performance.now() - t0;
  if (r.error || r.status !== 0) {
    const why =
      r.signal === "SIGTERM"
        ? `timed out after ${TIMEOUT_MS / 1000} s`
        : `failed: ${(r.stderr || String(r.error)).split("\n").slice(-6).join(" ").trim()}`;
    return { notMeasured: why };
  }
  const last = r.stdout.trim().split("\n").pop() ?? "{}";
  return { ...(last.startsWith("{") ? (JSON.parse(last) as T) : ({} as T)), processWallMs };
}

/** Whether a measurement was taken (a union of measured shapes narrows to those without `notMeasured`). */
const ok = <M extends object>(m: M): m is Exclude<M, { notMeasured: string }> => !("notMeasured" in m);
const tsx = ["--import", "tsx"];

/** One CLI build in a cold process, with its peak RSS (bench/rss-hook.mjs). */
function build(dir: string, input: string, targets: string, tag: string) {
  const rssFile = path.join(dir, `rss-${tag}`);
  const out = path.join(dir, `out-${tag}`);
  const m = child<object>(
    [
      "--import",
      path.join(root, "bench/rss-hook.mjs"),
      "bin/meshc.js",
      "build",
      input,
      "--out",
      out,
      "--target",
      targets,
    ],
    { MESHC_BENCH_RSS_FILE: rssFile },
  );
  rmSync(out, { recursive: true, force: true });
  return ok(m) ? { ...m, targets, peakRssMiB: Number(readFileSync(rssFile, "utf8")) / 1024 } : { ...m, targets };
}

function measureN(n: number) {
  const dir = path.join(work, `n${n}`);
  process.stderr.write(`bench: N=${n}: generating\n`);
  const mesh = generateMesh(n, DEFAULT_SEED);
  const files = writeMesh(dir, mesh);
  const meshTs = n <= MESH_TS_MAX_N;
  const notMeshTs = {
    notMeasured: `mesh.ts form skipped above N=${MESH_TS_MAX_N}: tsc --noEmit alone does not finish in the time budget`,
  };
  const fullEnvoy = n <= FULL_ENVOY_MAX_N;
  const notEnvoy = {
    notMeasured: `both targets skipped above N=${FULL_ENVOY_MAX_N}: ~10 x the N=1,000 output (22 GB), see phases for the per-workload cost`,
  };
  process.stderr.write(`bench: N=${n}: meshc build\n`);
  const cli = meshTs ? build(dir, files.meshTs, "istio", "ts-istio") : notMeshTs;
  const cliAll =
    meshTs && fullEnvoy ? build(dir, files.meshTs, "istio,envoy", "ts-all") : meshTs ? notEnvoy : notMeshTs;
  const yamlCli = build(dir, files.yamlDir, "istio", "yaml-istio");
  const yamlCliAll = fullEnvoy ? build(dir, files.yamlDir, "istio,envoy", "yaml-all") : notEnvoy;
  // issue 17 §4: `meshc diff` of two versions differing in one VirtualService and one policy, against one
  // `meshc build --target istio` of the same YAML.
  process.stderr.write(`bench: N=${n}: meshc diff\n`);
  const afterDir = path.join(dir, "yaml-after");
  mkdirSync(afterDir, { recursive: true });
  for (const [name, text] of diffVariant(mesh.yaml)) writeFileSync(path.join(afterDir, name), text);
  const diffCli = fullEnvoy
    ? child<object>(["bin/meshc.js", "diff", files.yamlDir, "--", afterDir, "--format", "json"])
    : { notMeasured: `skipped above N=${FULL_ENVOY_MAX_N}` };
  process.stderr.write(`bench: N=${n}: tsc --noEmit\n`);
  const tscCli = meshTs
    ? child<object>([path.join(root, "node_modules/typescript/bin/tsc"), "-p", files.tsconfig])
    : notMeshTs;
  const tscApi = meshTs
    ? child<{ wall: number; typeCheck: number; rssMiB: number }>([...tsx, "bench/child/phases.ts", "tsc", files.meshTs])
    : notMeshTs;
  process.stderr.write(`bench: N=${n}: phases\n`);
  const sample = fullEnvoy ? "all" : "300";
  const phasesTs = meshTs
    ? child<{ ms: Record<string, number>; measuredWall: number; rssMiB: number }>([
        ...tsx,
        "bench/child/phases.ts",
        "phases",
        files.meshTs,
        sample,
      ])
    : notMeshTs;
  const phasesYaml = child<object>([...tsx, "bench/child/phases.ts", "phases", files.yamlDir, sample]);
  process.stderr.write(`bench: N=${n}: evaluator\n`);
  const evaluator = child<object>([
    ...tsx,
    "bench/child/eval.ts",
    `n${n}`,
    files.yamlDir,
    String(n),
    String(EVAL_SECONDS),
  ]);
  const ratio = (a: Measured<{ processWallMs: number }>, b: Measured<{ processWallMs: number }>) =>
    ok(a) && ok(b) ? a.processWallMs / b.processWallMs : null;
  return {
    n,
    /** `meshc build --target istio` on the mesh.ts: the build the 1.3 x tsc target compares (type-checking is the floor). */
    meshcBuildCli: cli,
    /** Both targets: adds one Envoy config dump per workload (3 per service) to the output. */
    meshcBuildCliAllTargets: cliAll,
    yamlBuildCli: yamlCli,
    /** `meshc diff` of the YAML and a second version with one VirtualService and one policy changed (target ≤ 2 x). */
    diffCli,
    ratioDiffToYamlBuildCli: ratio(diffCli, yamlCli),
    yamlBuildCliAllTargets: yamlCliAll,
    tscNoEmitCli: tscCli,
    ratioBuildToTscCli: ratio(cli, tscCli),
    ratioBuildAllTargetsToTscCli: ratio(cliAll, tscCli),
    tscApi,
    phasesMeshTs: phasesTs,
    /** In-process: every meshc phase except emit Envoy, over the API tsc (same options, same process start-up excluded). */
    ratioMeshcToTscInProcess:
      ok(phasesTs) && ok(tscApi)
        ? Object.entries(phasesTs.ms).reduce((s, [k, v]) => (k === "emitEnvoy" ? s : s + v), 0) / tscApi.wall
        : null,
    phasesYaml,
    evaluator,
  };
}

mkdirSync(work, { recursive: true });
process.stderr.write("bench: start-up, paired rounds\n");
const startup = measureStartup(root, work, STARTUP_ROUNDS, process.argv.includes("--realtime"));
process.stdout.write(formatStartup(startup));
if (startupOnly) process.exit(0);
process.stderr.write("bench: bookinfo evaluator\n");
const bookinfo = child<object>([
  ...tsx,
  "bench/child/eval.ts",
  "bookinfo",
  "examples/bookinfo/mesh.ts",
  "0",
  String(EVAL_SECONDS),
]);
const perN = NS.map(measureN);
process.stderr.write("bench: hostile inputs (issue 18)\n");
const hostile = child<object>([...tsx, "bench/child/hostile.ts", smoke ? "smoke" : "full"]);

const points = (f: (r: (typeof perN)[number]) => number | null | undefined) =>
  perN.flatMap((r) => {
    const y = f(r);
    return typeof y === "number" && y > 0 ? [[r.n, y] as const] : [];
  });
const evalOf = (r: (typeof perN)[number]) =>
  "evaluator" in r && r.evaluator && ok(r.evaluator)
    ? (r.evaluator as unknown as { decisionsPerSecond: { istio: number } }).decisionsPerSecond.istio
    : null;
const results = {
  generatedBy: "npm run bench",
  smoke,
  seed: DEFAULT_SEED,
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "",
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  startup,
  bookinfo,
  perN,
  hostile,
  growthExponents: {
    buildCliWall: slope(points((r) => (ok(r.meshcBuildCli) ? r.meshcBuildCli.processWallMs : null))),
    yamlBuildCliWall: slope(points((r) => (ok(r.yamlBuildCli) ? r.yamlBuildCli.processWallMs : null))),
    tscCliWall: slope(
      points((r) =>
        "tscNoEmitCli" in r && r.tscNoEmitCli && ok(r.tscNoEmitCli) ? r.tscNoEmitCli.processWallMs : null,
      ),
    ),
    perDecisionIstio: slope(
      points((r) => {
        const d = evalOf(r);
        return d ? 1 / d : null;
      }),
    ),
  },
};
const out = smoke ? path.join(work, "results.smoke.json") : path.join(root, "bench/results.json");
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(formatTable(results));
process.stdout.write(`\nwrote ${out}\n`);
if (smoke) rmSync(path.join(work, "n10"), { recursive: true, force: true });
