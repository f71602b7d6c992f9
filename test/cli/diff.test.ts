/** `meshc diff` through `main()`: both ways of naming the sides, the three formats, `--fail-on` and usage errors. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { main } from "../../compiler/cli/main.ts";
import * as B from "../diff/_bookinfo.ts";

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    cwd: process.cwd(),
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
