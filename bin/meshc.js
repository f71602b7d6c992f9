#!/usr/bin/env node
// The meshc command. An installed package runs the compiled JavaScript in dist/ (built by `npm run build`, which npm
// runs as `prepare`): no TypeScript loader at start-up. In a checkout, dist/ is used while it is at least as new as
// the sources (compiler/, stdlib/); without dist/, or when a source changed since it was built, the TypeScript
// sources run through tsx (a devDependency), so an edit is never masked by a stale build.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import module from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// V8's compile cache for the modules loaded from here on (Node >= 22.1; absent on Node 20), as `tsc` enables it
// (typescript/lib/tsc.js): a `check` otherwise compiles the 9 MB typescript.js and meshc's modules at every start.
module.enableCompileCache?.();

const root = new URL("../", import.meta.url);

/** When dist/ was built (dist/build-info.json, written in a checkout, not packed), or undefined. */
function builtAt() {
  try {
    return JSON.parse(readFileSync(new URL("dist/build-info.json", root), "utf8")).started;
  } catch {
    return undefined;
  }
}

/** Whether this is a checkout (the TypeScript sources are here) with a source file changed after `time`. */
function sourcesNewerThan(time) {
  // Plain paths, not a URL per file: building ~600 URLs was most of `meshc --version` in a checkout (node --cpu-prof).
  const base = fileURLToPath(root);
  for (const dir of ["compiler", "stdlib"]) {
    for (const name of readdirSync(join(base, dir), { recursive: true, encoding: "utf8" }))
      if (/\.(c?ts|mjs)$/.test(name) && statSync(join(base, dir, name)).mtimeMs > time) return true;
  }
  return false;
}

/** Runs the command through compiler/cli/main (from dist/ or the sources) and sets the exit code. */
async function runMain(argv) {
  const checkout = existsSync(new URL("compiler/cli/main.ts", root));
  const compiled = existsSync(new URL("dist/compiler/cli/main.js", root));
  const built = builtAt();
  const useDist = compiled && (!checkout || (built !== undefined && !sourcesNewerThan(built)));
  let main;
  if (useDist) ({ main } = await import("../dist/compiler/cli/main.js"));
  else {
    const { register } = await import("tsx/esm/api");
    register();
    ({ main } = await import("../compiler/cli/main.ts"));
  }
  try {
    process.exitCode = await main(argv, {
      stdout: (s) => process.stdout.write(s),
      stderr: (s) => process.stderr.write(s),
      cwd: process.cwd(),
      color: Boolean(process.stderr.isTTY) && !process.env.NO_COLOR,
      stdin: () => readFileSync(0, "utf8"),
    });
  } catch (e) {
    process.stderr.write(`meshc: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 2;
  }
}

const argv = process.argv.slice(2);
// `meshc --version` (`-v`, `version`: a first argument compiler/cli/args.ts parseCommand reads as the version command,
// whatever follows) prints package.json's version, as compiler/cli/version.ts does: answered here, without loading the
// compiler or, in a checkout, scanning the sources for a stale dist/ (~45 ms of a ~0.3 s target).
// test/cli/bin.test.ts checks that it prints what `main` prints.
if (argv[0] === "--version" || argv[0] === "-v" || argv[0] === "version") {
  const { version } = JSON.parse(readFileSync(new URL("package.json", root), "utf8"));
  process.stdout.write(`meshc ${version}\n`);
} else await runMain(argv);
