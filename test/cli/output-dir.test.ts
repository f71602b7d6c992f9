/**
 * compiler/cli/output-dir.ts: files are streamed into a staging directory and renamed into place only on success; a
 * failure after some files were staged (an internal error such as MESH3001, reported at the end of Envoy emission,
 * or an exception) leaves DIR exactly as it was. `--check` compares file by file as they are produced.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { staleFiles, writeOutputDir } from "../../compiler/cli/output-dir.ts";
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
