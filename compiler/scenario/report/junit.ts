/**
 * `meshc test --reporter junit`: JUnit XML as CI systems read it (one `<testsuite>` per scenario file, one
 * `<testcase>` per scenario, `<failure>` with expected/found and the trace). Schema:
 * https://github.com/windyroad/JUnit-Schema/blob/master/JUnit.xsd
 */
import { positionOf, type SourceTexts } from "../../diagnostics/render.ts";
import type { ScenarioRun } from "../run.ts";

const escapeXml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");

export function renderTestJunit(files: ReadonlyMap<string, readonly ScenarioRun[]>, sources: SourceTexts): string {
  const all = [...files.values()].flat();
  const failures = all.filter((r) => !r.passed).length;
  const out = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="meshc" tests="${all.length}" failures="${failures}" errors="0">`,
  ];
  for (const [file, runs] of files) {
    const failed = runs.filter((r) => !r.passed).length;
    out.push(
      `  <testsuite name="${escapeXml(file)}" tests="${runs.length}" failures="${failed}" errors="0" skipped="0">`,
    );
    for (const run of runs) {
      const at = positionOf(run.scenario.span, sources);
      out.push(
        `    <testcase name="${escapeXml(run.scenario.name)}" classname="${escapeXml(file)}" file="${escapeXml(file)}" line="${at.line}">`,
      );
      if (!run.passed) {
        const messages = [
          ...run.diagnostics.map((d) => d.message),
          ...run.failures.map((f) => `expected ${f.expected}, found ${f.found}`),
        ];
        const body = [...messages, "", ...(run.result?.trace ?? [])].join("\n");
        out.push(
          `      <failure message="${escapeXml(messages.join("; "))}" type="expectation">${escapeXml(body)}</failure>`,
        );
      }
      out.push(`    </testcase>`);
    }
    out.push(`  </testsuite>`);
  }
  out.push(`</testsuites>`);
  return out.join("\n") + "\n";
}
