#!/usr/bin/env node
// The test command: the uvu suites of test/ and examples/ (through tsx), the type-level tests of the DSL (`tsc` over test/types, where each
// `@ts-expect-error` must still error), a strict type-check of the whole project and the layering rules
// (dependency-cruiser). Ends with the line `N passed, N failed, N skipped` that CI reads.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

const env = { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" };
let passed = 0;
let failed = 0;
let skipped = 0;

// test/ holds the project's suites; examples/ holds users' own tests written with meshc's TypeScript test API.
const uvu = spawnSync(
  process.execPath,
  ["--import", "tsx", "node_modules/uvu/bin.js", ".", "^(test|examples)/.*\\.test\\.ts$", "-i", "node_modules"],
  { env, encoding: "utf8" },
);
process.stdout.write(uvu.stdout);
process.stderr.write(uvu.stderr);
const count = (label) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(uvu.stdout)?.[1] ?? NaN);
const total = count("Total");
if (Number.isNaN(total)) {
  console.error("uvu did not report a total: a test file failed to load.");
  failed++;
} else {
  passed += count("Passed");
  skipped += count("Skipped");
  // uvu's Total counts the tests that ran; skipped ones are reported apart.
  failed += total - count("Passed");
  if (uvu.status !== 0 && total === count("Passed")) failed++;
}

function tscCheck(label, project) {
  if (!existsSync(project)) return;
  const r = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "--noEmit", "-p", project], {
    env,
    encoding: "utf8",
  });
  if (r.status === 0) {
    passed++;
    console.log(`✔ ${label}`);
  } else {
    failed++;
    console.log(`✘ ${label}\n${r.stdout}${r.stderr}`);
  }
}
tscCheck("type tests (test/types)", "test/types/tsconfig.json");
tscCheck("type-check of the project (tsconfig.json)", "tsconfig.json");

// The layering rules of .dependency-cruiser.cjs, run as `npm run lint:deps` runs them (one counted check).
function depsCheck() {
  const scripts = JSON.parse(readFileSync("package.json", "utf8")).scripts;
  const [, ...args] = scripts["lint:deps"].split(" ");
  const r = spawnSync(process.execPath, ["node_modules/dependency-cruiser/bin/dependency-cruise.mjs", ...args], {
    env,
    encoding: "utf8",
  });
  if (r.status === 0) {
    passed++;
    console.log("✔ layering (npm run lint:deps)");
  } else {
    failed++;
    console.log(`✘ layering (npm run lint:deps)\n${r.stdout}${r.stderr}`);
  }
}
depsCheck();

console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 ? 1 : 0;
