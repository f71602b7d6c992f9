/**
 * Findings a team can live with, through the CLI: `--suppress`/`-S`, `--quiet`, `simulate`/`test` printing the mesh's
 * warnings only with `--warnings`, and meshc.config.json (or the `meshc` key of package.json) read from the Io's
 * working directory, with a located error (exit 2) for a configuration that does not validate.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { main } from "../../compiler/cli/main.ts";

/** Three warnings: MESH2209 and MESH2208 on DestinationRule shop/reviews, MESH2207 on DestinationRule shop/ratings. */
const FIXTURE = resolve("test/cases/destination-rule-references/mesh.yaml");

async function run(cwd: string, ...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    cwd,
    color: false,
  });
  return { code, stdout, stderr };
}

/** A project directory holding the fixture as mesh.yaml and the given files. */
function project(files: Readonly<Record<string, string>> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "meshc-config-"));
  copyFileSync(FIXTURE, join(dir, "mesh.yaml"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const codes = (stderr: string) => [...stderr.matchAll(/ (MESH\d+):/g)].map((m) => m[1]);

const Flags = suite("--suppress, --quiet, --warnings");

Flags("check -S (repeatable) suppresses, counts what it suppressed, and warns about a stale one", async () => {
  const dir = project();
  const r = await run(
    dir,
    "check",
    "mesh.yaml",
    "-S",
    "MESH2209=DestinationRule shop/reviews",
    "--suppress",
    "MESH2001=VirtualService *",
  );
  assert.is(r.code, 0);
  assert.equal(codes(r.stderr), ["MESH1403", "MESH2208", "MESH2207"]);
  assert.match(r.stderr, /^meshc: 1 finding suppressed\.$/m);
});

Flags("MESH1401: a suppression without 'CODE=' is a usage error (exit 2)", async () => {
  const r = await run(project(), "check", "mesh.yaml", "--suppress", "MESH2209 DestinationRule *");
  assert.is(r.code, 2);
  assert.match(r.stderr, /^meshc: error MESH1401: 'MESH2209 DestinationRule \*' is not a valid suppression\.$/m);
});

Flags("check --quiet prints errors only, and says how many warnings it left out", async () => {
  const r = await run(project(), "check", "mesh.yaml", "--quiet", "--failure-threshold", "warning");
  assert.is(r.code, 1, "the exit code still counts the warnings");
  assert.equal(codes(r.stderr), []);
  assert.is(r.stderr, "meshc: 3 warnings not shown (--quiet leaves them out).\n");
});

Flags("simulate prints the mesh's warnings only with --warnings", async () => {
  const dir = project();
  const request = ["--request", "GET http://reviews.shop:9080/ from shop/reviews-v1"];
  const quiet = await run(dir, "simulate", "mesh.yaml", ...request);
  assert.is(quiet.code, 0);
  assert.is(quiet.stderr, "meshc: 3 warnings not shown (--warnings shows them).\n");
  const loud = await run(dir, "simulate", "mesh.yaml", ...request, "--warnings");
  assert.equal(codes(loud.stderr), ["MESH2209", "MESH2208", "MESH2207"]);
  assert.is(loud.stdout, quiet.stdout);
});

Flags("test prints the mesh's warnings only with --warnings", async () => {
  const dir = project({
    "a.scenarios": 'scenario "reviews"\n  GET http://reviews.shop:9080/ from shop/reviews-v1\n  expect reviews\n',
  });
  const quiet = await run(dir, "test", "mesh.yaml", "a.scenarios");
  assert.is(quiet.code, 0);
  assert.match(quiet.stderr, /^meshc: 3 warnings not shown \(--warnings shows them\)\.$/m);
  assert.equal(codes(quiet.stderr), []);
  const loud = await run(dir, "test", "mesh.yaml", "a.scenarios", "--warnings");
  assert.equal(codes(loud.stderr), ["MESH2209", "MESH2208", "MESH2207"]);
});

const Config = suite("meshc.config.json and package.json's meshc key");

Config(
  "meshc.config.json in the Io's working directory gives inputs, suppressions and the failure threshold",
  async () => {
    const dir = project({
      "meshc.config.json": JSON.stringify({
        inputs: ["mesh.yaml"],
        suppress: ["MESH2209=DestinationRule *", "IST0173=DestinationRule reviews.shop"],
        failureThreshold: "warning",
      }),
    });
    const r = await run(dir, "check");
    assert.is(r.code, 1, "MESH2207 remains, and the configured threshold is warning");
    assert.equal(codes(r.stderr), ["MESH2207"]);
    assert.match(r.stderr, /^meshc: 2 findings suppressed\.$/m);
    assert.is((await run(dir, "check", "--failure-threshold", "error")).code, 0, "the command line wins");
  },
);

Config("a stale suppression in the configuration is reported at its line", async () => {
  const dir = project({
    "meshc.config.json": '{\n  "inputs": ["mesh.yaml"],\n  "suppress": ["MESH2209=DestinationRule *.other"]\n}\n',
  });
  const r = await run(dir, "check");
  assert.match(
    r.stderr,
    /^meshc\.config\.json\(3,16\): warning MESH1403: The suppression 'MESH2209=DestinationRule \*\.other' matched no finding\.$/m,
  );
});

Config("MESH1410: a configuration that does not validate is an error at the offending field (exit 2)", async () => {
  const dir = project({
    "meshc.config.json": '{\n  "inputs": ["mesh.yaml"],\n  "supress": [],\n  "failureThreshold": "fatal"\n}\n',
  });
  const r = await run(dir, "check");
  assert.is(r.code, 2);
  assert.match(
    r.stderr,
    /^meshc\.config\.json\(3,3\): error MESH1410: Invalid meshc configuration: 'supress' is not a setting/m,
  );
  assert.match(
    r.stderr,
    /^meshc\.config\.json\(4,23\): error MESH1410: Invalid meshc configuration: 'failureThreshold' must be one of error, warning, info\.$/m,
  );
});

Config("the meshc key of package.json, when there is no meshc.config.json; build's output directory", async () => {
  const dir = project({
    "package.json": JSON.stringify({
      name: "team-mesh",
      meshc: { inputs: ["mesh.yaml"], out: "generated", suppress: ["MESH2207=DestinationRule ratings.shop"] },
    }),
  });
  const r = await run(dir, "build", "--target", "istio");
  assert.is(r.code, 0);
  assert.is(r.stdout, "wrote generated/istio.yaml\n");
  assert.match(r.stderr, /^meshc: 1 finding suppressed\.$/m);
  assert.match(readFileSync(join(dir, "generated/istio.yaml"), "utf8"), /kind: DestinationRule/);
});

Config("bin/meshc.js reads the configuration of the directory it runs in", () => {
  const dir = project({
    "meshc.config.json": JSON.stringify({ inputs: ["mesh.yaml"], suppress: ["MESH2209=DestinationRule *"] }),
  });
  const r = spawnSync(process.execPath, [resolve("bin/meshc.js"), "check", "--format", "json"], {
    cwd: dir,
    encoding: "utf8",
  });
  assert.is(r.status, 0, r.stderr);
  assert.equal(
    (JSON.parse(r.stdout) as { code: string }[]).map((d) => d.code),
    ["MESH2208", "MESH2207"],
  );
});

Flags.run();
Config.run();
