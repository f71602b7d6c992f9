#!/usr/bin/env node
// The test command: an ordered list of steps, run two at a time, each in its own process with the Node.js that runs
// this file (process.execPath, so `npx -y node@22 test/run.js` tests on Node 22 throughout):
//   - every uvu suite file of test/ and examples/ (through tsx); a file that throws while loading, exits early or times
//     out is one failure reported by its name, and the other files still run;
//   - the type-level tests of the DSL (`tsc` over test/types, where each `@ts-expect-error` must still error), a strict
//     type-check of the whole project, the layering rules (dependency-cruiser), typescript-eslint and prettier --check;
//   - the package test (test/package/): pack, install into temporary projects, run there. It is slow, so it runs last
//     and alone.
// `npm test -- <substring>...` runs only the steps whose name (a file path, or a step label) contains one of them.
// Ends with the line `N passed, N failed, N skipped` that CI reads.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
process.chdir(root);
const env = { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" };
const jobs = Math.max(1, Number(process.env.MESHC_TEST_JOBS) || 2);
// A generous bound (a loaded 2-core machine is slow), so that a hung file is reported instead of hanging CI.
const fileTimeoutMs = Number(process.env.MESHC_TEST_TIMEOUT_S || 1200) * 1000;

/** Test files under `dir`, sorted, as slash-separated paths relative to the repository root. */
function testFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name === "node_modules" || e.name.startsWith(".")) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".test.ts")) out.push(relative(root, p).split("\\").join("/"));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

const uvuCounts = (stdout) => {
  const count = (label) => Number(new RegExp(`^\\s*${label}:\\s+(\\d+)`, "m").exec(stdout)?.[1] ?? NaN);
  return { total: count("Total"), passed: count("Passed"), skipped: count("Skipped") };
};

/** An uvu suite file: its counts come from uvu's summary; no summary means the file did not load or run through. */
const uvuStep = (file) => ({
  name: file,
  // `meshc` and `meshc/test` resolve to the TypeScript sources (package.json's "meshc-source" export condition), not to
  // a possibly stale dist/.
  args: ["--conditions=meshc-source", "--import", "tsx", file],
  result(r) {
    const c = uvuCounts(r.stdout);
    // Skips are named where they are registered (test/support/skip.ts prints `SKIP <name>`): show them.
    const skips = r.stdout.split("\n").filter((l) => l.startsWith("SKIP "));
    if (r.timedOut || Number.isNaN(c.total)) {
      const why = r.timedOut
        ? `timed out after ${fileTimeoutMs / 1000} s`
        : "did not run through (threw while loading?)";
      return { passed: 0, failed: 1, skipped: 0, ok: false, summary: why };
    }
    // uvu's Total counts the tests that ran; skipped ones are reported apart.
    let failed = c.total - c.passed;
    if (r.code !== 0 && failed === 0) failed = 1;
    const summary = `${c.passed} passed${failed ? `, ${failed} failed` : ""}${c.skipped ? `, ${c.skipped} skipped` : ""}`;
    return { passed: c.passed, failed, skipped: c.skipped, ok: failed === 0, summary, notes: skips };
  },
});

/** A step that is one check: it passes when the process exits 0. */
const checkStep = (name, args, extra = {}) => ({
  name,
  args,
  ...extra,
  result(r) {
    const ok = r.code === 0 && !r.timedOut;
    return { passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, ok, summary: r.timedOut ? "timed out" : "" };
  },
});

const tsc = "node_modules/typescript/bin/tsc";
const scripts = JSON.parse(readFileSync("package.json", "utf8")).scripts;
const depcruiseArgs = scripts["lint:deps"].split(" ").slice(1);
// typescript-eslint and prettier as `npm run lint` and `npm run format:check` run them. The eslint cache keys each
// file by its own content, not by the types it imports, so under CI eslint lints from scratch.
const eslintArgs = scripts["lint"]
  .split(" ")
  .slice(1)
  .filter((a, i, all) => !process.env.CI || !(a.startsWith("--cache") || all[i - 1]?.startsWith("--cache-")));
const prettierArgs = scripts["format:check"].split(" ").slice(1);
const packageTests = testFiles("test/package");
const steps = [
  ...testFiles("test")
    .filter((f) => !packageTests.includes(f))
    .map(uvuStep),
  ...testFiles("examples").map(uvuStep),
  checkStep("type tests (test/types)", [tsc, "--noEmit", "-p", "test/types/tsconfig.json"]),
  checkStep("type-check of the project (tsconfig.json)", [tsc, "--noEmit", "-p", "tsconfig.json"]),
  checkStep("layering (npm run lint:deps)", [
    "node_modules/dependency-cruiser/bin/dependency-cruise.mjs",
    ...depcruiseArgs,
  ]),
  checkStep("lint (npm run lint: typescript-eslint)", ["node_modules/eslint/bin/eslint.js", ...eslintArgs]),
  checkStep("formatting (npm run format:check: prettier --check)", [
    "node_modules/prettier/bin/prettier.cjs",
    ...prettierArgs,
  ]),
  ...packageTests.map((f) => ({ ...uvuStep(f), alone: true })),
];

const filters = process.argv.slice(2);
const selected = filters.length === 0 ? steps : steps.filter((s) => filters.some((f) => s.name.includes(f)));
if (selected.length === 0) {
  console.error(
    `No test step matches ${filters.map((f) => `'${f}'`).join(", ")}. Steps:\n  ${steps.map((s) => s.name).join("\n  ")}`,
  );
  console.log("\n0 passed, 1 failed, 0 skipped");
  process.exit(1);
}

function runStep(step) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, step.args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8").on("data", (s) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s) => (stderr += s));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, fileTimeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut, seconds: (Date.now() - started) / 1000 });
    });
  });
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
// Results are printed in the order of the list, each as soon as every step before it has been printed.
const done = new Map();
let printed = 0;
function report(i, step, r) {
  done.set(i, [step, r]);
  while (done.has(printed)) {
    const [s, run] = done.get(printed);
    const res = s.result(run);
    totals.passed += res.passed;
    totals.failed += res.failed;
    totals.skipped += res.skipped;
    const extra = [res.summary, `${run.seconds.toFixed(1)} s`].filter(Boolean).join(", ");
    console.log(`${res.ok ? "✔" : "✘"} ${s.name} (${extra})`);
    for (const note of res.notes ?? []) console.log(`    ${note.length > 200 ? `${note.slice(0, 199)}…` : note}`);
    if (!res.ok) {
      failures.push(s.name);
      const out = `${run.stdout}${run.stderr}`.trimEnd();
      console.log(out.replace(/^/gm, "    "));
    }
    printed++;
  }
}

const parallel = selected.filter((s) => !s.alone);
const alone = selected.filter((s) => s.alone);
let next = 0;
async function worker() {
  while (next < parallel.length) {
    const i = next++;
    report(selected.indexOf(parallel[i]), parallel[i], await runStep(parallel[i]));
  }
}
await Promise.all(Array.from({ length: Math.min(jobs, parallel.length) }, worker));
for (const s of alone) report(selected.indexOf(s), s, await runStep(s));

if (failures.length > 0) console.log(`\nFailed: ${failures.join(", ")}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exitCode = totals.failed > 0 ? 1 : 0;
