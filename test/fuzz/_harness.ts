/**
 * The fuzz suite's one property: whatever the input, meshc answers with diagnostics or a result, never an exception,
 * and a mesh that passes `check` builds without an internal error (MESH3001 is unreachable from any input). Runs are
 * fixed-seed and bounded: FUZZ_RUNS (default small, for `npm test`) inputs per front end, FUZZ_SEED to vary.
 */
import * as fc from "fast-check";
import { hasErrors, type Diagnostic } from "../../compiler/diagnostics/diagnostic.ts";
import { renderPretty } from "../../compiler/diagnostics/render.ts";
import { ALL_TARGETS, renderOutputs } from "../../compiler/emit/outputs.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";

export const RUNS = Number(process.env["FUZZ_RUNS"] ?? 150);
export const SEED = Number(process.env["FUZZ_SEED"] ?? 18);
/** No single input may take longer than this (the hang threshold). */
export const HANG_MS = 10_000;

/** fast-check parameters shared by every front end. */
export function params<T>(): fc.Parameters<T> {
  return { numRuns: RUNS, seed: SEED, endOnFailure: true };
}

/** Builds a mesh that passed check; throws (failing the property) on an internal error. */
export function buildMustSucceed(
  ir: MeshIR | undefined,
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
): void {
  renderPretty(diagnostics, sources); // rendering must not throw either
  if (ir === undefined || hasErrors(diagnostics)) return;
  const out = renderOutputs(ir, ["fuzz"], ALL_TARGETS);
  if (out.diagnostics.length > 0)
    throw new Error(`check passed but build failed: ${out.diagnostics.map((d) => d.message).join("; ")}`);
}

/** Runs `f` and fails when it takes longer than HANG_MS. */
export function timed<T>(label: string, f: () => T): T {
  const start = Date.now();
  const value = f();
  const ms = Date.now() - start;
  if (ms > HANG_MS) throw new Error(`${label} took ${ms} ms`);
  return value;
}
