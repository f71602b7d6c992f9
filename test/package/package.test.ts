/**
 * meshc as a user installs it: `npm pack` (which runs `prepare`, the build), then the tarball installed with
 * `--prefer-offline` (from the npm cache where it holds the packages; on a fresh machine `npm ci` caches tarballs but
 * not the registry's package documents that `npm install <name>@<version>` asks for, so `--offline` failed there
 * with ENOTCACHED) into temporary projects: (a) `npm init -y`, CommonJS; (b) ESM with the defaults of
 * `tsc --init` (module and moduleResolution nodenext); (c) moduleResolution bundler. In each, a mesh.ts importing
 * "meshc" and a test importing "meshc/test" type-check with the project's own tsc, `npx meshc build` builds the mesh,
 * and `meshc/test` works through `require` and through `import`. Then `meshc init` from the installed package, and
 * check/test in the project it wrote.
 *
 * Slow (a build and four installs): test/run.js runs it last, alone. No timing assertions; generous timeouts.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";

const ROOT = process.cwd();
const TIMEOUT_MS = 20 * 60 * 1000;
const { version: TS_VERSION } = JSON.parse(readFileSync("node_modules/typescript/package.json", "utf8")) as {
  version: string;
};
// Children run with the Node.js that runs this test (`npx -y node@22 test/run.js` tests the package on Node 22).
const env = {
  ...process.env,
  PATH: `${dirname(process.execPath)}${delimiter}${process.env["PATH"] ?? ""}`,
  NO_COLOR: "1",
  FORCE_COLOR: "0",
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
};

function sh(cwd: string, command: string, args: readonly string[]) {
  const r = spawnSync(command, args, { cwd, env, encoding: "utf8", timeout: TIMEOUT_MS });
  return { code: r.status, stdout: r.stdout ?? "", stderr: `${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
}

/** Runs and asserts exit 0, showing the command's output when it fails. */
function ok(cwd: string, command: string, ...args: string[]): string {
  const r = sh(cwd, command, args);
  assert.is(r.code, 0, `${command} ${args.join(" ")} in ${cwd} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const MESH_TS = `import { canary, namespace, routes, service } from "meshc";

const shop = namespace("shop", { labels: { "istio-injection": "enabled" } });
export const web = service("web", {
  namespace: shop,
  ports: [{ name: "http", port: 8080 }],
  versions: { v1: {}, v2: {} },
});
routes(web, { http: [{ route: canary(web, { v1: 90, v2: 10 }) }] });
`;
/** A typed use of the test API, type-checked by the project's tsc (not run). */
const API_TS = `import { destinations, loadMesh, simulate, type SimulationResult } from "meshc/test";

const result: SimulationResult = simulate(loadMesh("mesh.ts"), "GET http://web.shop:8080/ from shop/web-v1");
export const shares: Record<string, number> = destinations(result);
`;
const REQUEST = "GET http://web.shop:8080/ from shop/web-v1";
const EXPECTED = '{"web.shop.svc.cluster.local@v1":0.9,"web.shop.svc.cluster.local@v2":0.1}';
const REQUIRE_CJS = `const { destinations, loadMesh, simulate } = require("meshc/test");
const { service } = require("meshc");
if (typeof service !== "function") throw new Error("require('meshc') has no service()");
console.log(JSON.stringify(destinations(simulate(loadMesh("mesh.ts"), ${JSON.stringify(REQUEST)}))));
`;
const IMPORT_MJS = `import { destinations, loadMesh, simulate } from "meshc/test";
import { service } from "meshc";
if (typeof service !== "function") throw new Error("import 'meshc' has no service()");
console.log(JSON.stringify(destinations(simulate(loadMesh("mesh.ts"), ${JSON.stringify(REQUEST)}))));
`;

const Package = suite("the packed package in users' projects");
let work = "";
let tarball = "";

Package.before(() => {
  work = mkdtempSync(join(tmpdir(), "meshc-package-"));
});
Package.after(() => {
  if (work !== "") rmSync(work, { recursive: true, force: true });
});

// (In a test, not in `before`: uvu does not report an exception thrown by a hook.)
Package("npm pack builds the package and packs it", () => {
  const out = ok(ROOT, "npm", "pack", "--json", "--pack-destination", work);
  // `prepare` (the build) prints to the same standard output before npm's JSON.
  const packed = JSON.parse(out.slice(out.search(/^\[/m))) as { filename: string }[];
  tarball = join(work, packed[0]!.filename);
  assert.ok(existsSync(tarball), tarball);
});

Package("the tarball holds the build (JavaScript, declarations, CommonJS entry points) and no sources", () => {
  const files = ok(work, "tar", "-tzf", tarball).split("\n");
  for (const f of [
    "package/bin/meshc.js",
    "package/dist/stdlib/index.js",
    "package/dist/stdlib/index.d.ts",
    "package/dist/compiler/api/test.js",
    "package/dist/compiler/api/test.d.ts",
    "package/dist/cjs/test.cjs",
    "package/dist/cjs/test.d.cts",
    "package/dist/compiler/load/mesh-ts/transpile-worker-entry.mjs",
  ])
    assert.ok(files.includes(f), f);
  assert.equal(
    files.filter((f) => /^package\/(compiler|stdlib|test)\//.test(f) || /\.ts$/.test(f.replace(/\.d\.c?ts$/, ""))),
    [],
  );
});

/** A project with the tarball and the repository's TypeScript installed (the npm cache preferred), and the mesh and test files. */
function project(name: string, setup: (dir: string) => void): string {
  const dir = join(work, name);
  mkdirSync(dir);
  ok(dir, "npm", "init", "-y");
  setup(dir);
  ok(dir, "npm", "install", "--prefer-offline", tarball, `typescript@${TS_VERSION}`);
  writeFileSync(join(dir, "mesh.ts"), MESH_TS);
  writeFileSync(join(dir, "api.ts"), API_TS);
  writeFileSync(join(dir, "require-test.cjs"), REQUIRE_CJS);
  writeFileSync(join(dir, "import-test.mjs"), IMPORT_MJS);
  return dir;
}

/** What every project must do: type-check with its own tsc, build with npx meshc, use meshc/test both ways. */
function works(dir: string, ...tscArgs: string[]) {
  ok(dir, "npx", "tsc", "-p", ".", ...tscArgs);
  ok(dir, "npx", "meshc", "build", "mesh.ts", "--out", "out");
  assert.ok(existsSync(join(dir, "out/istio.yaml")));
  assert.ok(existsSync(join(dir, "out/envoy/shop/web-v1.json")));
  assert.is(ok(dir, "node", "require-test.cjs").trim(), EXPECTED);
  assert.is(ok(dir, "node", "import-test.mjs").trim(), EXPECTED);
}

Package(
  "(a) npm init -y, CommonJS: node10, node16 and nodenext resolution type-check; build; require and import",
  () => {
    const dir = project("commonjs", (d) =>
      writeFileSync(
        join(d, "tsconfig.json"),
        JSON.stringify({ compilerOptions: { module: "commonjs", strict: true, noEmit: true, skipLibCheck: true } }),
      ),
    );
    works(dir);
    ok(dir, "npx", "tsc", "-p", ".", "--module", "node16", "--moduleResolution", "node16");
    ok(dir, "npx", "tsc", "-p", ".", "--module", "nodenext", "--moduleResolution", "nodenext");
  },
);

Package("(b) ESM with tsc --init's defaults (module nodenext): type-check; build; require and import", () => {
  const dir = project("esm-nodenext", (d) => ok(d, "npm", "pkg", "set", "type=module"));
  ok(dir, "npx", "tsc", "--init");
  assert.match(readFileSync(join(dir, "tsconfig.json"), "utf8"), /"module": "nodenext"/);
  works(dir);
});

Package("(c) ESM with moduleResolution bundler: type-check; build; require and import", () => {
  const dir = project("esm-bundler", (d) => {
    ok(d, "npm", "pkg", "set", "type=module");
    const compilerOptions = { module: "preserve", moduleResolution: "bundler", strict: true, noEmit: true };
    writeFileSync(
      join(d, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { ...compilerOptions, skipLibCheck: true } }),
    );
  });
  works(dir);
});

Package("meshc init from the installed package, then npm install, check and test pass in the new project", () => {
  const app = join(work, "app");
  ok(work, "node", join(work, "commonjs/node_modules/meshc/bin/meshc.js"), "init", "app");
  ok(app, "npm", "install", "--prefer-offline", "--save-dev", tarball);
  ok(app, "npx", "meshc", "check", "mesh.ts");
  assert.match(ok(app, "npx", "meshc", "test", "mesh.ts"), /\n4 passed, 0 failed\n$/);
  ok(app, "npm", "run", "check");
  ok(app, "npm", "test");
  ok(app, "npm", "run", "build");
  ok(app, "npm", "run", "build:check");
  ok(app, "npx", "tsc", "-p", ".");
});

Package.run();
