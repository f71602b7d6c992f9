/**
 * Test helpers: spans and diagnostics as `file(line,col)` text, so tests compare whole values people can read.
 */
import type { Diagnostic } from "../../compiler/diagnostics/diagnostic.ts";
import { lineAndColumn, type Span } from "../../compiler/diagnostics/span.ts";

/** `file(line,col) "text"` for a span in `files`. */
export function located(files: Readonly<Record<string, string>>, span: Span | undefined): string {
  if (span === undefined) return "(no span)";
  const text = files[span.file];
  if (text === undefined) throw new Error(`no text for ${span.file}`);
  const { line, column } = lineAndColumn(text, span.start);
  return `${span.file}(${line},${column}) ${JSON.stringify(text.slice(span.start, span.start + span.length))}`;
}

/** tsc-shaped lines: `file(line,col): error MESH1201: message`. */
export function diagnosticLines(files: Readonly<Record<string, string>>, diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => {
    const where = d.span === undefined ? "" : `${located(files, d.span).replace(/ ".*$/s, "")}: `;
    return `${where}${d.severity} MESH${d.code}: ${d.message}`;
  });
}

/** `file(line,col)-(line,col)`: where a span starts and where it ends (exclusive). */
export function extent(files: Readonly<Record<string, string>>, span: Span | undefined): string {
  if (span === undefined) return "(no span)";
  const text = files[span.file] ?? "";
  const start = lineAndColumn(text, span.start);
  const end = lineAndColumn(text, span.start + span.length);
  return `${span.file}(${start.line},${start.column})-(${end.line},${end.column})`;
}
