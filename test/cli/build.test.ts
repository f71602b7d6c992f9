/**
 * `meshc build` / `meshc check` end to end through `main()`, on real files: exit codes, what is written (and that
 * nothing is written on failure), `--check` staleness, diagnostics on stderr.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { main } from "../../compiler/cli/main.ts";

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(...argv: string[]): Promise<Run> {
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

const tmp = () => mkdtempSync(join(tmpdir(), "meshc-cli-"));

const Build = suite("meshc build");

Build("writes istio.yaml for bookinfo, identical to the golden", async () => {
  const out = join(tmp(), "out");
  const r = await run("build", "examples/bookinfo/mesh.ts", "--out", out);
  assert.equal({ code: r.code, stderr: r.stderr }, { code: 0, stderr: "" });
  assert.fixture(readFileSync(join(out, "istio.yaml"), "utf8"), readFileSync("golden/bookinfo/istio.yaml", "utf8"));
});

Build("--check passes on fresh output and names the hand-edited file after an edit", async () => {
  const out = join(tmp(), "out");
  assert.is((await run("build", "examples/bookinfo/mesh.ts", "--out", out)).code, 0);
  assert.equal(await run("build", "examples/bookinfo/mesh.ts", "--out", out, "--check"), {
    code: 0,
    stdout: "",
    stderr: "",
  });
  writeFileSync(
    join(out, "istio.yaml"),
    readFileSync(join(out, "istio.yaml"), "utf8").replace("weight: 90", "weight: 80"),
  );
  const r = await run("build", "examples/bookinfo/mesh.ts", "--out", out, "--check");
  assert.is(r.code, 1);
  assert.match(r.stderr, `${out}/istio.yaml`);
});

Build("--check reports missing output", async () => {
  const out = join(tmp(), "never-built");
  const r = await run("build", "examples/canary/mesh.ts", "--out", out, "--check");
  assert.is(r.code, 1);
  assert.match(r.stderr, `${out}/istio.yaml`);
  assert.is(existsSync(out), false);
});

Build("a mesh.ts with a type error fails like tsc, exits 1 and writes nothing", async () => {
  const dir = tmp();
  const mesh = join(dir, "mesh.ts");
  writeFileSync(mesh, `const weight: number = "ninety";\nexport {};\n`);
  const out = join(dir, "out");
  const r = await run("build", mesh, "--out", out);
  assert.is(r.code, 1);
  assert.match(r.stderr, /mesh\.ts\(1,7\): error TS2322: Type 'string' is not assignable to type 'number'\./);
  assert.is(existsSync(out), false);
});

Build("invalid YAML reports file(line,col), exits 1 and writes nothing", async () => {
  const dir = tmp();
  writeFileSync(join(dir, "bad.yaml"), "apiVersion: v1\nkind: Service\nmetadata:\n  name: [unclosed\n");
  const out = join(dir, "out");
  const r = await run("build", join(dir, "bad.yaml"), "--out", out);
  assert.is(r.code, 1);
  assert.match(r.stderr, /bad\.yaml\(\d+,\d+\): error MESH12\d\d: /);
  assert.is(existsSync(out), false);
});

Build("several YAML files and directories form one mesh", async () => {
  const out = join(tmp(), "out");
  const r = await run(
    "build",
    "examples/bookinfo-yaml/platform",
    "examples/bookinfo-yaml/networking",
    "examples/bookinfo-yaml/security",
    "--out",
    out,
  );
  assert.equal({ code: r.code, stderr: r.stderr }, { code: 0, stderr: "" });
  const yaml = readFileSync(join(out, "istio.yaml"), "utf8");
  assert.match(yaml, "kind: VirtualService");
  assert.match(yaml, "kind: AuthorizationPolicy");
});

Build("a rebuild replaces the output and leaves no staging directory behind", async () => {
  const out = join(tmp(), "out");
  mkdirSync(out);
  writeFileSync(join(out, "keep.txt"), "not ours");
  assert.is((await run("build", "examples/canary/mesh.ts", "--out", out)).code, 0);
  assert.is((await run("build", "examples/canary/mesh.ts", "--out", out)).code, 0);
  assert.equal(readdirSync(out).sort(), ["envoy", "istio.yaml", "keep.txt"]);
});

Build.run();

const Usage = suite("exit codes for usage and unreadable input");

Usage("an unknown command is a usage error (2)", async () => {
  const r = await run("frobnicate");
  assert.is(r.code, 2);
  assert.match(r.stderr, "Unknown command 'frobnicate'.");
});

Usage("an input that does not exist exits 2", async () => {
  const r = await run("check", "no/such/file.yaml");
  assert.is(r.code, 2);
  assert.match(r.stderr, "no/such/file.yaml");
});

Usage("no input exits 2", async () => {
  assert.is((await run("check")).code, 2);
});

Usage.run();

const Check = suite("meshc check");

Check("a clean example prints nothing and exits 0", async () => {
  assert.equal(await run("check", "examples/bookinfo/mesh.ts"), { code: 0, stdout: "", stderr: "" });
});

Check("--format json prints docs/diagnostics-format.md objects", async () => {
  const dir = tmp();
  writeFileSync(join(dir, "bad.yaml"), "apiVersion: v1\nkind: Service\nmetadata:\n  name: [unclosed\n");
  const r = await run("check", join(dir, "bad.yaml"), "--format", "json");
  assert.is(r.code, 1);
  const [first] = JSON.parse(r.stdout) as Record<string, unknown>[];
  assert.equal(Object.keys(first!).sort(), [
    "code",
    "column",
    "endColumn",
    "endLine",
    "file",
    "line",
    "message",
    "severity",
  ]);
  assert.is(first!["severity"], "error");
});

Check.run();

const Inputs = suite("inputs of an unknown kind");

Inputs("a file that is neither TypeScript nor YAML is a usage error (MESH1002, exit 2)", async () => {
  const dir = tmp();
  writeFileSync(join(dir, "notes.txt"), "kind: Service\n");
  const r = await run("check", join(dir, "notes.txt"));
  assert.is(r.code, 2);
  assert.match(
    r.stderr,
    /^meshc: error MESH1002: Input '[^']*notes\.txt' is neither a TypeScript file nor a YAML file or directory\.$/m,
  );
});

Inputs.run();
