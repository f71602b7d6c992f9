/**
 * compiler/cli/output-dir.ts: files are streamed into a staging directory and renamed into place only on success; a
 * failure after some files were staged (an internal error such as MESH3001, reported at the end of Envoy emission,
 * or an exception) leaves DIR exactly as it was. `--check` compares file by file as they are produced.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { spawn, spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { OutputPathError, recoverStaleStaging, staleFiles, writeOutputDir } from "../../compiler/cli/output-dir.ts";
import { ALL_TARGETS, forEachOutput, renderOutputs, type OutputSink } from "../../compiler/emit/outputs.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import { compile } from "../../compiler/pipeline.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "meshc-outdir-"));

function irOf(input: string): MeshIR {
  const c = compile([input]);
  if (c.ir === undefined) throw new Error(`${input} did not compile`);
  return c.ir;
}
const canary = irOf("examples/canary/mesh.ts");
const inputs = ["examples/canary/mesh.ts"];
const produceCanary = (sink: OutputSink) => forEachOutput(canary, inputs, ALL_TARGETS, sink);

/** Every file under `dir` (relative, `/`-separated) with its bytes as base64: a snapshot to compare whole. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const full = join(d, e);
      if (statSync(full).isDirectory()) walk(full);
      else out[relative(dir, full).split(sep).join("/")] = readFileSync(full).toString("base64");
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** An output directory from an earlier build, plus a file meshc does not own. */
function previousBuild(): string {
  const out = join(tmp(), "out");
  mkdirSync(join(out, "envoy", "old"), { recursive: true });
  writeFileSync(join(out, "istio.yaml"), "# an earlier build\n");
  writeFileSync(join(out, "envoy", "old", "gone.json"), "{}\n");
  writeFileSync(join(out, "keep.txt"), "not ours\n");
  return out;
}

const Write = suite("writeOutputDir");

Write("streams every file, then replaces the owned entries and keeps the others", () => {
  const out = previousBuild();
  const written = writeOutputDir(out, (sink) => produceCanary(sink).length === 0);
  const expected = renderOutputs(canary, inputs, ALL_TARGETS).value;
  assert.equal(written, [...expected.keys()]);
  const want: Record<string, string> = { "keep.txt": Buffer.from("not ours\n").toString("base64") };
  for (const [path, content] of expected) want[path] = Buffer.from(content).toString("base64");
  assert.equal(snapshot(out), want);
});

Write("an internal error reported after files were staged leaves DIR untouched and no staging directory", () => {
  const out = previousBuild();
  const before = snapshot(out);
  let staged = 0;
  const written = writeOutputDir(out, (sink) => {
    produceCanary((path, content) => {
      staged++;
      sink(path, content);
    });
    return false; // as runBuild does when forEachOutput returns MESH3001 diagnostics
  });
  assert.is(written, undefined);
  assert.is(staged, renderOutputs(canary, inputs, ALL_TARGETS).value.size);
  assert.equal(snapshot(out), before);
  assert.equal(readdirSync(out).sort(), ["envoy", "istio.yaml", "keep.txt"]);
});

Write("an exception midway propagates, leaves DIR untouched, and removes a DIR it created", () => {
  const out = previousBuild();
  const before = snapshot(out);
  const failAfter = (n: number) => (sink: OutputSink) => {
    let count = 0;
    produceCanary((path, content) => {
      if (count++ === n) throw new Error("disk full");
      sink(path, content);
    });
    return true;
  };
  assert.throws(() => writeOutputDir(out, failAfter(3)), /disk full/);
  assert.equal(snapshot(out), before);
  assert.equal(readdirSync(out).sort(), ["envoy", "istio.yaml", "keep.txt"]);
  const parent = tmp();
  const fresh = join(parent, "a", "b");
  assert.throws(() => writeOutputDir(fresh, failAfter(3)), /disk full/);
  assert.equal(readdirSync(parent), []);
});

Write.run();

const Stale = suite("staleFiles (--check), file by file");

Stale("fresh output is not stale; changed, missing and extra files are named, sorted", () => {
  const out = join(tmp(), "out");
  writeOutputDir(out, (sink) => produceCanary(sink).length === 0);
  assert.equal(staleFiles(out, produceCanary), []);
  const files = [...renderOutputs(canary, inputs, ALL_TARGETS).value.keys()];
  const [json, pb] = [files.find((f) => f.endsWith(".json"))!, files.find((f) => f.endsWith(".pb"))!];
  writeFileSync(join(out, json), "{}\n");
  writeFileSync(join(out, pb), readFileSync(join(out, pb)).subarray(1));
  writeFileSync(join(out, "envoy", "extra.json"), "{}\n");
  writeFileSync(join(out, "unowned.txt"), "x\n");
  assert.equal(staleFiles(out, produceCanary), ["envoy/extra.json", json, pb].sort());
});

Stale("a directory that was never built: every file is missing, and nothing is created", () => {
  const out = join(tmp(), "never");
  assert.equal(staleFiles(out, produceCanary), [...renderOutputs(canary, inputs, ALL_TARGETS).value.keys()].sort());
  assert.is(existsSync(out), false);
});

Stale.run();

const Paths = suite("writeOutputDir refuses paths outside the staging directory (defence in depth)");

for (const trick of [
  "envoy/../../victim.json",
  "../victim.json",
  "envoy/../../../victim.json",
  "/tmp/victim.json",
  "envoy//x.json",
  "envoy/./x.json",
  "envoy\\..\\..\\victim.json",
  "envoy/x\u0000.json",
  "envoy/x\n.json",
  "",
]) {
  Paths(`refuses ${JSON.stringify(trick)}, writes nothing, leaves nothing beside DIR`, () => {
    const parent = tmp();
    const out = join(parent, "out");
    assert.throws(
      () =>
        writeOutputDir(out, (sink) => {
          sink("istio.yaml", "x\n");
          sink(trick, "pwned\n");
          return true;
        }),
      (e: unknown) => e instanceof OutputPathError && /not a plain path inside the output directory/.test(e.message),
    );
    assert.equal(readdirSync(parent), []);
  });
}

Paths("a path written twice (a Pod and a Deployment of the same name) is refused", () => {
  const parent = tmp();
  const out = join(parent, "out");
  assert.throws(
    () =>
      writeOutputDir(out, (sink) => {
        sink("envoy/ns/w.json", "{}\n");
        sink("envoy/ns/w.json", "{}\n");
        return true;
      }),
    (e: unknown) => e instanceof OutputPathError && /twice/.test(e.message),
  );
  assert.equal(readdirSync(parent), []);
});

Paths("staleFiles (--check) refuses the same paths", () => {
  assert.throws(
    () => staleFiles(join(tmp(), "out"), (sink) => sink("../victim.json", "x")),
    (e: unknown) => e instanceof OutputPathError,
  );
});

Paths("an output directory that contains the working directory is refused (it is replaced whole)", () => {
  const refused = (e: unknown) => e instanceof OutputPathError && /refusing to use/.test(e.message);
  assert.throws(() => writeOutputDir(process.cwd(), () => true), refused);
  assert.throws(() => writeOutputDir(join(process.cwd(), ".."), () => true), refused);
  assert.throws(() => writeOutputDir("/", () => true), refused);
});

Paths.run();

const Kill = suite("writeOutputDir under SIGKILL: old output or new output, never a mix");

/** A pid that is certainly dead: a child that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "0"]);
  return r.pid;
}

function generationOf(out: string): string {
  const files = snapshot(out);
  const gens = new Set(
    Object.values(files).map((b64) => /generation[": ]+(\w+)/.exec(Buffer.from(b64, "base64").toString())![1]),
  );
  assert.is(Object.keys(files).length, 1501 + 1, `complete output (istio.yaml, 1500 envoy files, keep.txt)`);
  gens.delete(undefined);
  return [...gens].join(",");
}

function runWriter(out: string, gen: string, killAfterMs: number | undefined): Promise<void> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/cli/_kill-writer.ts", out, gen], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on("data", (d: Buffer) => {
      if (killAfterMs !== undefined && timer === undefined && d.toString().includes("start")) {
        timer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
      }
    });
    child.on("exit", () => {
      clearTimeout(timer);
      done();
    });
  });
}

Kill("killed builds leave the old or the new output; the next build cleans their staging directories", async () => {
  const parent = tmp();
  const out = join(parent, "out");
  await runWriter(out, "A", undefined);
  writeFileSync(join(out, "keep.txt"), '{"generation":"keep"}\n');
  assert.is(generationOf(out), "A,keep");
  // Kill times spread over the writer's life (about 350 ms on an idle machine), fixed so the run is reproducible.
  const seen = new Set<string>();
  for (const [i, ms] of [30, 120, 210, 300, 420].entries()) {
    const gen = `G${i}`;
    await runWriter(out, gen, ms);
    recoverStaleStaging(out); // what the next build does first (a dead writer's `ready` tree is rolled forward)
    const g = generationOf(out);
    assert.ok(g.endsWith(",keep") && !g.slice(0, -5).includes(","), `one generation plus keep.txt, found ${g}`);
    seen.add(g === `${gen},keep` ? "new" : "old");
    assert.equal(
      readdirSync(parent).filter((e) => e !== "out"),
      [],
      "no staging directory is left beside DIR",
    );
    assert.equal(
      readdirSync(out).filter((e) => e.includes("meshc")),
      [],
      "nothing of meshc's inside DIR",
    );
  }
  await runWriter(out, "Z", undefined);
  assert.is(generationOf(out), "Z,keep");
  assert.ok(seen.size > 0);
});

Kill("a kill between the commit's two renames (no DIR, a complete ready tree) is rolled forward", () => {
  const parent = tmp();
  const out = join(parent, "out");
  const pid = deadPid();
  const ready = join(parent, `.out.meshc-ready-${pid}-abc123`);
  mkdirSync(join(ready, "envoy"), { recursive: true });
  writeFileSync(join(ready, "istio.yaml"), "new\n");
  const old = join(parent, `.out.meshc-old-${pid}-abc123`);
  mkdirSync(old);
  writeFileSync(join(old, "istio.yaml"), "old\n");
  mkdirSync(join(parent, `.out.meshc-tmp-${pid}-def456`));
  mkdirSync(join(parent, `.out.meshc-tmp-${process.pid}-fff000`)); // a live build's: kept
  mkdirSync(join(parent, `.other.meshc-tmp-${pid}-def456`)); // another DIR's: kept
  recoverStaleStaging(out);
  assert.equal(snapshot(out), { "istio.yaml": Buffer.from("new\n").toString("base64") });
  assert.equal(readdirSync(parent).sort(), [
    `.other.meshc-tmp-${pid}-def456`,
    `.out.meshc-tmp-${process.pid}-fff000`,
    "out",
  ]);
});

Kill.run();
