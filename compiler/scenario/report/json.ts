/** `meshc test --reporter json`: every scenario with its verdict, failures and the full docs/results.md result. */
import { positionOf, toJson, type SourceTexts } from "../../diagnostics/render.ts";
import type { ScenarioRun } from "../run.ts";

export function renderTestJson(runs: readonly ScenarioRun[], sources: SourceTexts, coverage?: object): string {
  const scenarios = runs.map((run) => ({
    name: run.scenario.name,
    ...positionOf(run.scenario.span, sources),
    passed: run.passed,
    failures: run.failures.map((f) => ({
      expected: f.expected,
      found: f.found,
      ...toJson([f.diagnostic], sources)[0],
    })),
    errors: toJson(run.diagnostics, sources),
    result: run.result ?? null,
  }));
  const passed = runs.filter((r) => r.passed).length;
  return `${JSON.stringify({ passed, failed: runs.length - passed, ...(coverage ? { coverage } : {}), scenarios }, null, 2)}\n`;
}
