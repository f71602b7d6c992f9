/**
 * Diagnostics in tsc's `.errors.txt` baseline form (tsc `src/harness/harnessIO.ts`, `Compiler.getErrorBaseline`):
 * one header line per diagnostic, then each source file echoed with `~` under every span and the message after it.
 * Related locations follow as `!!! related` lines, as tsc prints them.
 */
import type { Diagnostic } from "../../compiler/diagnostics/diagnostic.ts";
import { codeOf, positionOf, type SourceTexts } from "../../compiler/diagnostics/render.ts";
import { lineAndColumn, type Span } from "../../compiler/diagnostics/span.ts";

function where(span: Span | undefined, sources: SourceTexts): string {
  if (span === undefined) return "meshc";
  const p = positionOf(span, sources);
  return `${p.file}(${p.line},${p.column})`;
}

/** The `~~~` lines under the part of `line` (1-based) that `span` covers, or undefined when it covers none of it. */
function squiggle(span: Span, text: string, line: number, lineStart: number, lineText: string): string | undefined {
  const start = lineAndColumn(text, span.start);
  const end = lineAndColumn(text, span.start + span.length);
  if (line < start.line || line > end.line) return undefined;
  const from = line === start.line ? span.start - lineStart : lineText.length - lineText.trimStart().length;
  const to = line === end.line ? span.start + span.length - lineStart : lineText.length;
  return `    ${" ".repeat(from)}${"~".repeat(Math.max(1, Math.min(to, lineText.length) - from))}`;
}

function fileSection(file: string, text: string, diagnostics: readonly Diagnostic[], sources: SourceTexts): string[] {
  const own = diagnostics.filter((d) => d.span?.file === file);
  const out = [`==== ${file} (${own.length} ${own.length === 1 ? "diagnostic" : "diagnostics"}) ====`];
  let lineStart = 0;
  text.split("\n").forEach((raw, i) => {
    const lineText = raw.replace(/\r$/, "");
    out.push(`    ${lineText}`);
    for (const d of own) {
      const marks = squiggle(d.span!, text, i + 1, lineStart, lineText);
      if (marks === undefined) continue;
      out.push(marks);
      if (lineAndColumn(text, d.span!.start + d.span!.length).line === i + 1 || i + 1 === text.split("\n").length) {
        out.push(`!!! ${d.severity} ${codeOf(d)}: ${d.message}`);
        if (d.hint) out.push(`!!! hint: ${d.hint}`);
        for (const r of d.related ?? []) out.push(`!!! related ${where(r.span, sources)}: ${r.message}`);
      }
    }
    lineStart += raw.length + 1;
  });
  return out;
}

/**
 * The baseline text of `diagnostics` over `sources` (file name → text), files in the order given.
 *
 * @example errorsBaseline(diags, new Map([["mesh.yaml", text]])) →
 *   "mesh.yaml(5,9): warning MESH2220: Rule #1 is never reached, ...\n\n\n==== mesh.yaml (1 diagnostic) ====\n    ..."
 */
export function errorsBaseline(diagnostics: readonly Diagnostic[], sources: SourceTexts): string {
  const header = diagnostics.map((d) => `${where(d.span, sources)}: ${d.severity} ${codeOf(d)}: ${d.message}`);
  const sections = [...sources].flatMap(([file, text]) => ["", "", ...fileSection(file, text, diagnostics, sources)]);
  return `${[...header, ...sections].join("\n").replace(/\s+$/, "")}\n`;
}
