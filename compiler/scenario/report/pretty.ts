/**
 * `meshc test` pretty reporter: one line per scenario, and for each failure what was expected, what was found, the
 * `expect` line (tsc-style, with its code frame) and the simulation trace.
 */
import { renderPretty, type SourceTexts } from "../../diagnostics/render.ts";
import type { ScenarioRun } from "../run.ts";

export function renderTestPretty(runs: readonly ScenarioRun[], sources: SourceTexts): string {
  const lines: string[] = [];
  for (const run of runs) {
    lines.push(`${run.passed ? "✔" : "✘"} ${run.scenario.name}`);
    if (run.passed) continue;
    const diagnostics = [...run.diagnostics, ...run.failures.map((f) => f.diagnostic)];
    lines.push(
      renderPretty(diagnostics, sources)
        .trimEnd()
        .split("\n")
        .map((l) => `    ${l}`)
        .join("\n"),
    );
    if (run.result) {
      lines.push("    trace:");
      for (const t of run.result.trace) lines.push(`      ${t}`);
    }
  }
  const passed = runs.filter((r) => r.passed).length;
  lines.push("", `${passed} passed, ${runs.length - passed} failed`);
  return lines.join("\n") + "\n";
}
