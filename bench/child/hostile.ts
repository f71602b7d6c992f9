/**
 * Child process: `hostile <smoke>` times, in process, the stages that issue 18 found quadratic or worse on hostile
 * input: span computation of deeply nested YAML (`load/yaml/_spans.ts`) and `check` of many VirtualServices for one
 * host (`analyze/conflicting-hosts.ts`, whose findings used to carry every other VirtualService). Prints one JSON line
 * with the timings per size and their growth exponents (1 = linear; the nested document's size grows as depth²).
 */
import { analyzeMesh } from "../../compiler/check/analyze/index.ts";
import { validateMesh } from "../../compiler/check/validate/index.ts";
import { lowerDocuments } from "../../compiler/ir/lower.ts";
import { loadYamlText } from "../../compiler/load/yaml/load.ts";
import { nestedYaml, sameHostVirtualServices } from "../gen/hostile.ts";
import { slope } from "../report.ts";

const smoke = process.argv[2] === "smoke";
const depths = smoke ? [50, 100] : [100, 200, 400, 800];
const counts = smoke ? [50, 100] : [250, 500, 1000, 2000];

function timed(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** `check` (lower, validate, analyze) of YAML text. */
function check(text: string): void {
  const ir = lowerDocuments(loadYamlText("input.yaml", text).value).value;
  validateMesh(ir);
  analyzeMesh(ir);
}

// One untimed run of the smallest sizes, so the first timed one does not pay for compilation.
check(nestedYaml(depths[0]!));
check(sameHostVirtualServices(counts[0]!));

/** Span computation: milliseconds per nesting depth, against the text's length in bytes. */
const nested = depths.map((depth) => {
  const text = nestedYaml(depth);
  return { depth, bytes: text.length, ms: timed(() => loadYamlText("nested.yaml", text)) };
});

/** `check` of n VirtualServices for one host. */
const sameHost = counts.map((n) => {
  const text = sameHostVirtualServices(n);
  return { n, ms: timed(() => check(text)) };
});

process.stdout.write(
  `${JSON.stringify({
    nestedYaml: nested,
    sameHostVirtualServices: sameHost,
    growthExponents: {
      nestedYamlPerByte: slope(nested.map((r) => [r.bytes, r.ms] as const)),
      sameHostVirtualServices: slope(sameHost.map((r) => [r.n, r.ms] as const)),
    },
  })}\n`,
);
