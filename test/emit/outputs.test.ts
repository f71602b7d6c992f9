/**
 * compiler/emit/outputs.ts: `forEachOutput` hands over the files of docs/cli.md one at a time, in output order;
 * `renderOutputs` is the same files collected into a Map.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { ALL_TARGETS, forEachOutput, renderOutputs, type OutputContent } from "../../compiler/emit/outputs.ts";
import { compile } from "../../compiler/pipeline.ts";

const c = compile(["examples/bookinfo/mesh.ts"]);
const ir = c.ir!;
const inputs = ["examples/bookinfo/mesh.ts"];

const Outputs = suite("forEachOutput");

Outputs("istio.yaml first, then per workload .json then .pb, workloads in (namespace, name) order", () => {
  const paths: string[] = [];
  const diagnostics = forEachOutput(ir, inputs, ALL_TARGETS, (path) => paths.push(path));
  assert.equal(diagnostics, []);
  const workloads = paths
    .slice(1)
    .filter((p) => p.endsWith(".json"))
    .map((p) => p.slice("envoy/".length, -".json".length));
  assert.equal(workloads, [...workloads].sort());
  assert.equal(paths, ["istio.yaml", ...workloads.flatMap((w) => [`envoy/${w}.json`, `envoy/${w}.pb`])]);
});

Outputs("--target istio hands over istio.yaml only; --target envoy no istio.yaml", () => {
  const istio: string[] = [];
  forEachOutput(ir, inputs, ["istio"], (path) => istio.push(path));
  assert.equal(istio, ["istio.yaml"]);
  const envoy: string[] = [];
  forEachOutput(ir, inputs, ["envoy"], (path) => envoy.push(path));
  assert.equal(
    envoy,
    [...renderOutputs(ir, inputs, ALL_TARGETS).value.keys()].filter((p) => p !== "istio.yaml"),
  );
});

Outputs("renderOutputs is forEachOutput collected, content for content", () => {
  const streamed: [string, OutputContent][] = [];
  forEachOutput(ir, inputs, ALL_TARGETS, (path, content) => streamed.push([path, content]));
  const rendered = renderOutputs(ir, inputs, ALL_TARGETS);
  assert.equal(rendered.diagnostics, []);
  assert.equal(
    [...rendered.value].map(([p, v]) => [p, Buffer.from(v).toString("base64")]),
    streamed.map(([p, v]) => [p, Buffer.from(v).toString("base64")]),
  );
});

Outputs.run();
