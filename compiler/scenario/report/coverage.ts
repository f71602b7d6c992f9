/** The coverage section of `meshc test --coverage`: a percentage and every item no scenario exercised, with its location. */
import type { CoverageReport } from "../../eval/coverage.ts";
import { positionOf, type SourceTexts } from "../../diagnostics/render.ts";

export function renderCoverage(report: CoverageReport, sources: SourceTexts): string {
  const lines = [
    `Coverage: ${report.percent.toFixed(2)}% (${report.covered} of ${report.total} VirtualService rules and match blocks, AuthorizationPolicy rules, RequestAuthentication JWT rules, PeerAuthentication settings)`,
  ];
  if (report.uncovered.length > 0) lines.push("Not exercised by any scenario:");
  for (const u of report.uncovered) {
    const p = positionOf(u.span, sources);
    lines.push(`  ${p.file}(${p.line},${p.column}): ${u.key}`);
  }
  return lines.join("\n") + "\n";
}

export function coverageJson(report: CoverageReport, sources: SourceTexts): object {
  return {
    percent: report.percent,
    covered: report.covered,
    total: report.total,
    uncovered: report.uncovered.map((u) => ({ item: u.key, ...positionOf(u.span, sources) })),
  };
}
