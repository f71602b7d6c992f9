/**
 * `meshc diff` through `main()`: both ways of naming the sides, the three formats, `--fail-on`, usage errors, inputs
 * relative to the Io's working directory (YAML and mesh.ts), and the README's example, run for real.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { main } from "../../compiler/cli/main.ts";
import * as B from "../diff/_bookinfo.ts";

async function run(argv: string[], cwd = process.cwd()) {
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

const dir = mkdtempSync(join(tmpdir(), "meshc-diff-test-"));
writeFileSync(join(dir, "before.yaml"), B.PLATFORM + B.ALL_V1);
writeFileSync(join(dir, "after.yaml"), B.PLATFORM + B.ALL_V1 + B.RATINGS_DENY);
const [before, after] = [join(dir, "before.yaml"), join(dir, "after.yaml")];

test("diff A A: nothing changes, exit 0 even with --fail-on any", async () => {
  const r = await run(["diff", "examples/bookinfo-yaml", "--", "examples/bookinfo-yaml", "--fail-on", "any"]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /^No request changes its fate\./);
});

test("--format json: docs/diff.md's shape; --fail-on authz fails, --fail-on route does not", async () => {
  const r = await run(["diff", before, "--", after, "--format", "json", "--fail-on", "authz"]);
  assert.is(r.code, 1, r.stderr);
  const json = JSON.parse(r.stdout) as {
    changes: { kind: string; example: string; before: unknown }[];
    summary: object;
  };
  assert.equal(json.summary, { authz: 1 });
  assert.is(json.changes[0]!.kind, "authz");
  assert.match(json.changes[0]!.example, /^GET http:\/\/ratings\.bookinfo:9080\//);
  assert.is((await run(["diff", before, "--", after, "--fail-on", "route,mtls"])).code, 0);
});

test("--format markdown: summary table, then the classes most severe first", async () => {
  const r = await run(["diff", before, "--", after, "--format", "markdown"]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /\| Newly denied \| 1 \|/);
  assert.match(r.stdout, /#### Newly denied\n\n1\. any source → ratings\.bookinfo:9080/);
});

test("--base reads the inputs at a git revision (HEAD: the committed example, unchanged)", async () => {
  const r = await run(["diff", "--base", "HEAD", "examples/bookinfo-yaml"]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /No request changes its fate/);
  const bad = await run(["diff", "--base", "no-such-revision-xyz", "examples/bookinfo-yaml"]);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /MESH5204/);
});

test("relative inputs are read from the Io's working directory, a mesh.ts as much as YAML", async () => {
  // The process's working directory is the repository's root: a `mesh.ts` there does not exist.
  const r = await run(["diff", "mesh.ts", "--", "mesh.ts", "--fail-on", "any"], resolve("examples/bookinfo"));
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /^No request changes its fate\./);
  const yaml = await run(["diff", "before.yaml", "--", "after.yaml", "--fail-on", "authz"], dir);
  assert.is(yaml.code, 1, yaml.stderr);
  // Both sides' diagnostics name the files as given, relative to that directory.
  const bad = await run(["diff", "mesh.ts", "--", "missing.ts"], resolve("examples/bookinfo"));
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /missing\.ts/);
  assert.not.match(bad.stderr, /examples\/bookinfo\/mesh\.ts/);
});

test("the README's example is what meshc diff prints", async () => {
  const readme = readFileSync("README.md", "utf8");
  const shown = /^ {2}\$ npx meshc diff before\/ -- after\/\n((?:(?: {2}.*)?\n)*?) {2}```$/m.exec(readme);
  assert.ok(shown, "README.md has no `meshc diff before/ -- after/` example");
  const expected = shown[1]!.replace(/^ {2}/gm, "");
  // before/ is examples/bookinfo-yaml; after/ adds the authorization task's DENY policy on ratings.
  const work = join(dir, "readme");
  mkdirSync(work);
  for (const side of ["before", "after"])
    cpSync("examples/bookinfo-yaml", join(work, side), { recursive: true, filter: (f) => !f.endsWith(".md") });
  writeFileSync(join(work, "after", "security", "ratings-deny.yaml"), B.RATINGS_DENY);
  const r = await run(["diff", "before/", "--", "after/"], work);
  assert.is(r.code, 0, r.stderr);
  assert.fixture(r.stdout, expected);
});

test("usage errors exit 2", async () => {
  for (const argv of [
    ["diff", "a.yaml"],
    ["diff", "a.yaml", "--", "b.yaml", "--format", "xml"],
    ["diff", "a.yaml", "--", "b.yaml", "--fail-on", "weights"],
    ["diff", "--base", "HEAD", "a.yaml", "--", "b.yaml"],
  ])
    assert.is((await run(argv)).code, 2, argv.join(" "));
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
