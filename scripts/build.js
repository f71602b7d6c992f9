#!/usr/bin/env node
// The published build (`npm run build`; npm runs it as `prepare` on `npm ci` / `npm install` in a clone, before
// `npm pack` / `npm publish`, and when a git URL is installed): compiler/ and stdlib/ compiled by tsc to dist/ as ES
// modules with declaration files (tsconfig.build.json), so an installed meshc runs without a TypeScript loader.
//   - tsc rewrites relative `.ts` imports to `.js` in the JavaScript (rewriteRelativeImportExtensions) but not in the
//     declaration files, which a user's tsc reads under moduleResolution nodenext: they are rewritten here.
//   - transpile-worker-entry.mjs (plain JavaScript, started as a worker) is copied beside transpile.js, and the
//     precompiled CRD validators (compiler/check/schema/gen/validators/*.cjs) beside validate-schemas.js.
//   - dist/cjs/ holds the `require` entry points: CommonJS files that `require()` the ES modules (Node's require(esm),
//     unflagged since Node 20.19 and 22.12; from a file inside node_modules it prints no ExperimentalWarning), with
//     .d.cts declarations, so `require("meshc/test")` and a CommonJS project's tsc both work. One build, one module
//     instance: no dual-package copy of the compiler.
// The tree is built beside dist/ and renamed into place, so a failed or interrupted build leaves the last good one.
// Plain JavaScript: it runs before anything is compiled.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "dist");
const staging = join(root, `dist.building-${process.pid}`);
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

function fail(message) {
  rmSync(staging, { recursive: true, force: true });
  console.error(`build: ${message}`);
  process.exit(1);
}

/** Every file under `dir` whose name ends with `suffix`. */
function filesUnder(dir, suffix) {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(suffix))
    .map((f) => join(dir, f));
}

rmSync(staging, { recursive: true, force: true });
const started = Date.now();
const compiled = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--outDir", staging], {
  cwd: root,
  stdio: "inherit",
});
if (compiled.status !== 0) fail("tsc -p tsconfig.build.json failed");

// `from "./x.ts"`, `import("./x.ts")` and `export ... from "../x.ts"` in declaration files (relative specifiers only):
// .ts → .js, .cts → .cjs, .mts → .mjs, as tsc rewrites them in the JavaScript.
const relativeTs = /((?:\bfrom|\bimport\s*\()\s*["'])(\.\.?\/[^"']*?)\.([cm]?)ts(["'])/g;
const declarations = [".d.ts", ".d.cts", ".d.mts"].flatMap((suffix) => filesUnder(staging, suffix));
for (const file of declarations) {
  const text = readFileSync(file, "utf8");
  const rewritten = text.replace(relativeTs, "$1$2.$3js$4");
  if (rewritten !== text) writeFileSync(file, rewritten);
}
const emitted = [...declarations, ...[".js", ".cjs", ".mjs"].flatMap((suffix) => filesUnder(staging, suffix))];
const leftover = emitted.filter((f) =>
  /(?:\bfrom|\bimport\s*\(|\brequire\s*\()\s*["']\.\.?\/[^"']*\.[cm]?ts["']/.test(readFileSync(f, "utf8")),
);
if (leftover.length > 0) fail(`relative .ts imports left in ${leftover.join(", ")}`);

cpSync(
  join(root, "compiler/load/mesh-ts/transpile-worker-entry.mjs"),
  join(staging, "compiler/load/mesh-ts/transpile-worker-entry.mjs"),
);
// The precompiled CRD validators are plain CommonJS (one per schema, required on first use by
// compiler/check/schema/validate-schemas.ts): tsc does not emit them, so the folder is copied as it is.
cpSync(join(root, "compiler/check/schema/gen/validators"), join(staging, "compiler/check/schema/gen/validators"), {
  recursive: true,
});

// chevrotain's package entry (lib/src/api.js) loads ~150 modules of its own and of lodash-es: ~0.45 s of CPU at every
// `simulate` and `test`. The package also ships the same code as one ES module (lib/chevrotain.mjs, lodash-es
// bundled, ~0.1 s to load); its `exports` do not expose that file, so the build copies it (with its licence) to
// dist/vendor/ and points the compiled scenario parser at it. Types still come from the `chevrotain` dependency.
const chevrotainEntry = createRequire(import.meta.url).resolve("chevrotain"); // <pkg>/lib/src/api.js
const chevrotainRoot = join(chevrotainEntry, "..", "..", "..");
const vendor = join(staging, "vendor");
mkdirSync(vendor);
const bundle = readFileSync(join(chevrotainRoot, "lib", "chevrotain.mjs"), "utf8");
writeFileSync(join(vendor, "chevrotain.mjs"), bundle.replace(/^\/\/# sourceMappingURL=.*$/m, ""));
cpSync(join(chevrotainRoot, "LICENSE.txt"), join(vendor, "chevrotain.LICENSE.txt"));
const fromChevrotain = /(\bfrom\s*["'])chevrotain(["'])/g;
for (const file of filesUnder(staging, ".js")) {
  const text = readFileSync(file, "utf8");
  const target = relative(dirname(file), join(vendor, "chevrotain.mjs")).split(sep).join("/");
  const rewritten = text.replace(fromChevrotain, `$1${target.startsWith(".") ? target : `./${target}`}$2`);
  if (rewritten !== text) writeFileSync(file, rewritten);
}

const cjs = join(staging, "cjs");
mkdirSync(cjs);
for (const [name, target] of [
  ["index", "../stdlib/index.js"],
  ["test", "../compiler/api/test.js"],
]) {
  writeFileSync(
    join(cjs, `${name}.cjs`),
    `"use strict";\n// CommonJS entry point: the ES module through Node's require(esm) (Node >= 20.19, 22.12).\nmodule.exports = require(${JSON.stringify(target)});\n`,
  );
  writeFileSync(join(cjs, `${name}.d.cts`), `export * from ${JSON.stringify(target)};\n`);
}

// When the build started: bin/meshc.js in a checkout runs the sources instead of dist/ when one changed since then.
writeFileSync(join(staging, "build-info.json"), `${JSON.stringify({ started })}\n`);

if (existsSync(dist)) renameSync(dist, `${staging}.old`);
renameSync(staging, dist);
rmSync(`${staging}.old`, { recursive: true, force: true });
console.log("build: dist/ written");
