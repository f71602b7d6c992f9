/**
 * `meshc init [dir]` through `main()`: the starter project it writes checks clean and its scenarios pass, every meshc
 * command its scripts and CI workflows run is one meshc accepts, and it overwrites nothing (MESH1090, exit 2, no file
 * written); its pull-request job's `meshc diff`, run as written on a change to the starter mesh, reports that change.
 * The package test (test/package/) runs the same project after `npm install` of the packed tarball.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import yaml from "js-yaml";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { parseCommand } from "../../compiler/cli/args.ts";
import { packageName } from "../../compiler/cli/init.ts";
import { main } from "../../compiler/cli/main.ts";

async function run(cwd: string, ...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, color: false });
  return { code, stdout, stderr };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split("\\").join("/"))
    .sort();
}

interface Workflows {
  readonly github: { jobs: Record<string, { steps: { run?: string }[] }> };
  readonly gitlab: Record<string, { script: string[] }>;
}

/** The starter project's GitHub Actions workflow and GitLab CI jobs, parsed. */
function workflows(dir: string): Workflows {
  return {
    github: yaml.load(readFileSync(join(dir, ".github/workflows/mesh.yml"), "utf8")) as Workflows["github"],
    gitlab: yaml.load(readFileSync(join(dir, ".gitlab-ci.yml"), "utf8")) as Workflows["gitlab"],
  };
}

const STARTER = [
  ".github/workflows/mesh.yml",
  ".gitlab-ci.yml",
  "mesh.scenarios",
  "mesh.ts",
  "package.json",
  "tsconfig.json",
];

const Init = suite("meshc init");
let root = "";
Init.before(() => {
  root = mkdtempSync(join(tmpdir(), "meshc-init-"));
});
Init.after(() => rmSync(root, { recursive: true, force: true }));

Init("writes the starter project into a new directory and says what to run next", async () => {
  const r = await run(root, "init", "shop-mesh");
  const written = ["mesh.ts", "mesh.scenarios", "tsconfig.json", "package.json", ...STARTER.slice(0, 2)];
  assert.equal(r, {
    code: 0,
    stdout:
      written.map((f) => `wrote shop-mesh/${f}\n`).join("") +
      "\nNext: cd shop-mesh && npm install && npm run check && npm test\n",
    stderr: "",
  });
  assert.equal(filesUnder(join(root, "shop-mesh")), STARTER);
  const pkg = JSON.parse(readFileSync(join(root, "shop-mesh/package.json"), "utf8")) as { name: string };
  assert.is(pkg.name, "shop-mesh");
});

Init("the starter mesh.ts checks without a finding and its scenarios pass", async () => {
  // Commands read their inputs relative to the process's working directory.
  const mesh = relative(process.cwd(), join(root, "shop-mesh/mesh.ts"));
  assert.equal(await run(process.cwd(), "check", mesh), { code: 0, stdout: "", stderr: "" });
  const t = await run(process.cwd(), "test", mesh);
  assert.is(t.stderr, "");
  assert.is(t.code, 0);
  assert.match(t.stdout, /\n4 passed, 0 failed\n$/);
});

Init("every meshc command of its npm scripts and CI workflows is accepted as written", () => {
  const dir = join(root, "shop-mesh");
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const { github, gitlab } = workflows(dir);
  const lines = [
    ...Object.values(pkg.scripts),
    ...Object.values(github.jobs).flatMap((j) => j.steps.flatMap((s) => (s.run === undefined ? [] : [s.run]))),
    ...Object.values(gitlab).flatMap((j) => j.script),
  ];
  const commands = lines
    .map((l) => /(?:npx )?meshc ([^>|&]*)/.exec(l)?.[1]?.trim())
    .filter((c): c is string => c !== undefined);
  // check (github, sarif), build, build --check, test, test --reporter junit, diff --base (GitHub, GitLab)
  assert.ok(commands.length >= 10, commands.join("; "));
  for (const c of commands) assert.ok(parseCommand(c.split(/\s+/)).ok, c);
  assert.equal(
    ["--format github", "--format sarif", "--check", "--reporter junit", "diff --base"].filter(
      (f) => !commands.some((c) => c.includes(f)),
    ),
    [],
  );
});

Init(
  "the pull-request job's meshc diff, run as written in a git checkout, comments the starter mesh's changed split",
  async () => {
    const dir = join(root, "pr-mesh");
    assert.is((await run(root, "init", "pr-mesh")).code, 0);
    const git = (...args: string[]) => {
      const r = spawnSync("git", ["-c", "user.name=meshc", "-c", "user.email=meshc@example.com", ...args], {
        cwd: dir,
        encoding: "utf8",
      });
      assert.is(r.status, 0, r.stderr);
    };
    git("init", "-q");
    git("add", ".");
    git("commit", "-q", "-m", "starter");
    const mesh = join(dir, "mesh.ts");
    const canary = "canary(checkout, { v1: 90, v2: 10 })";
    assert.ok(readFileSync(mesh, "utf8").includes(canary));
    writeFileSync(mesh, readFileSync(mesh, "utf8").replace(canary, "canary(checkout, { v1: 50, v2: 50 })"));
    const step = workflows(dir).github.jobs["diff"]!.steps.find((s) => s.run?.includes("meshc diff"))!.run!;
    const argv = /npx meshc (.*?) >/.exec(step)![1]!.replace('"$BASE"', "HEAD").split(" ");
    // The CLI as the CI job runs it: in the checkout.
    const r = spawnSync(process.execPath, [resolve("bin/meshc.js"), ...argv], { cwd: dir, encoding: "utf8" });
    assert.is(r.stderr, "");
    assert.is(r.status, 0);
    assert.match(r.stdout, /^### meshc diff\n/);
    assert.match(r.stdout, /\| Changed splits \| 1 \|/);
    assert.match(r.stdout, /→ 90% checkout\S* v1: .*; 10% checkout\S* v2: /);
    assert.match(r.stdout, /→ 50% checkout\S* v1: .*; 50% checkout\S* v2: /);
  },
);

Init("overwrites nothing: each existing file is MESH1090, exit 2, and no file is written", async () => {
  const dir = join(root, "existing");
  mkdirSync(dir);
  writeFileSync(join(dir, "mesh.ts"), "// mine\n");
  writeFileSync(join(dir, "package.json"), "{}\n");
  const r = await run(dir, "init");
  const hint = "  hint: Run 'meshc init' in a new or empty directory (meshc init DIR), or move the file away.\n";
  assert.equal(r, {
    code: 2,
    stdout: "",
    stderr:
      `meshc: error MESH1090: 'mesh.ts' already exists; meshc init overwrites nothing.\n${hint}\n` +
      `meshc: error MESH1090: 'package.json' already exists; meshc init overwrites nothing.\n${hint}`,
  });
  assert.equal(filesUnder(dir), ["mesh.ts", "package.json"]);
  assert.is(readFileSync(join(dir, "mesh.ts"), "utf8"), "// mine\n");
});

Init("a directory that cannot be created is MESH1091 and leaves nothing behind", async () => {
  writeFileSync(join(root, "a-file"), "");
  const r = await run(root, "init", "a-file/sub");
  assert.is(r.code, 2);
  assert.match(r.stderr, /^meshc: error MESH1091: Cannot write 'a-file\/sub\/mesh\.ts': /);
});

Init("the package name comes from the directory name, made a valid npm name", () => {
  assert.equal(["Shop Mesh", ".hidden", "ok-name_1.x", "___", "Ünïcode"].map(packageName), [
    "shop-mesh",
    "hidden",
    "ok-name_1.x",
    "mesh",
    "n-code",
  ]);
});

Init.run();
