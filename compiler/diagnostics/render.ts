/**
 * Diagnostic renderers. `pretty` prints tsc's one-line shape `file(line,col): error MESH2001: message.` followed by
 * a code frame (tsc `formatDiagnosticsWithColorAndContext`), the hint and related locations; `json` prints docs/diagnostics-format.md's
 * array. Line and column are derived here, and only here, from spans.
 */
import { lineAndColumn, lineText, type Span } from "./span.ts";
import { MAX_RELATED, type Diagnostic } from "./diagnostic.ts";

export type SourceTexts = ReadonlyMap<string, string>;

export interface RenderOptions {
  /** ANSI colours; the CLI enables them only on a TTY without NO_COLOR. */
  readonly color?: boolean;
}

export function codeOf(d: Diagnostic): string {
  return `${d.origin === "ts" ? "TS" : "MESH"}${d.code}`;
}

interface Position {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export function positionOf(span: Span, sources: SourceTexts): Position {
  const text = sources.get(span.file) ?? "";
  const start = lineAndColumn(text, span.start);
  const end = lineAndColumn(text, span.start + span.length);
  return { file: span.file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

const paint = (on: boolean, code: number, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

function location(span: Span | undefined, sources: SourceTexts): string {
  if (span === undefined) return "meshc";
  const p = positionOf(span, sources);
  return `${p.file}(${p.line},${p.column})`;
}

/** Echoed source lines are cut to this many characters around the span, so a 300 KB line prints as one screen line. */
const MAX_FRAME_WIDTH = 120;

/** Control characters (other than tab) print as `?`, so an input cannot drive the terminal; columns stay aligned. */
const visible = (s: string) => s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "?");

/** One echoed line and its marks: the window of at most MAX_FRAME_WIDTH characters that starts near `from`. */
function frameLine(src: string, from: number, to: number): { text: string; marks: string } {
  const width = Math.max(1, to - from);
  if (src.length <= MAX_FRAME_WIDTH) return { text: visible(src), marks: " ".repeat(from) + "~".repeat(width) };
  const start = Math.max(0, Math.min(from - 20, src.length - MAX_FRAME_WIDTH));
  const end = Math.min(src.length, start + MAX_FRAME_WIDTH);
  const lead = start > 0 ? "…" : "";
  const text = lead + visible(src.slice(start, end)) + (end < src.length ? "…" : "");
  const markFrom = Math.max(0, from - start);
  const markTo = Math.min(end - start, Math.max(markFrom + 1, to - start));
  return { text, marks: " ".repeat(lead.length + markFrom) + "~".repeat(Math.max(1, markTo - markFrom)) };
}

/** The source lines of a span with `~` under it, as tsc's pretty output shows. */
export function codeFrame(span: Span, sources: SourceTexts, color = false): string {
  const text = sources.get(span.file);
  if (text === undefined) return "";
  const p = positionOf(span, sources);
  const last = Math.min(p.endLine, p.line + 3);
  const width = String(last).length;
  const out: string[] = [];
  for (let l = p.line; l <= last; l++) {
    const src = lineText(text, l).replace(/\r$/, "");
    const from = l === p.line ? p.column - 1 : src.length - src.trimStart().length;
    const to = l === p.endLine ? p.endColumn - 1 : src.length;
    const frame = frameLine(src, from, to);
    out.push(`${paint(color, 7, String(l).padStart(width))} ${frame.text}`);
    out.push(`${" ".repeat(width)} ${paint(color, 31, frame.marks)}`);
  }
  return out.join("\n");
}

export function renderPretty(
  diagnostics: readonly Diagnostic[],
  sources: SourceTexts,
  options: RenderOptions = {},
): string {
  const color = options.color ?? false;
  return diagnostics
    .map((d) => {
      const sev = paint(color, d.severity === "error" ? 31 : d.severity === "warning" ? 33 : 36, d.severity);
      const lines = [`${location(d.span, sources)}: ${sev} ${paint(color, 90, codeOf(d))}: ${d.message}`];
      if (d.span) {
        const frame = codeFrame(d.span, sources, color);
        if (frame) lines.push("", frame);
      }
      if (d.hint) lines.push(`  hint: ${d.hint}`);
      // createDiagnostic keeps at most MAX_RELATED; TypeScript's diagnostics of mesh.ts come with theirs uncapped.
      const related = d.related ?? [];
      for (const r of related.slice(0, MAX_RELATED)) lines.push(`  ${location(r.span, sources)}: ${r.message}`);
      const more = Math.max(0, related.length - MAX_RELATED) + (d.relatedOmitted ?? 0);
      if (more > 0) lines.push(`  ... and ${more} more.`);
      return lines.join("\n") + "\n";
    })
    .join("\n");
}

/** docs/diagnostics-format.md: `{ code, severity, message, file, line, column, endLine, endColumn, hint?, related? }`. */
export function toJson(diagnostics: readonly Diagnostic[], sources: SourceTexts): object[] {
  return diagnostics.map((d) => {
    const pos = d.span
      ? positionOf(d.span, sources)
      : { file: null, line: null, column: null, endLine: null, endColumn: null };
    return {
      code: codeOf(d),
      severity: d.severity,
      message: d.message,
      ...pos,
      ...(d.hint ? { hint: d.hint } : {}),
      ...(d.related?.length
        ? { related: d.related.map((r) => ({ message: r.message, ...positionOf(r.span, sources) })) }
        : {}),
      ...(d.relatedOmitted ? { relatedOmitted: d.relatedOmitted } : {}),
    };
  });
}

/** One line per diagnostic, no frame: for tests and compact logs. */
export function renderLines(diagnostics: readonly Diagnostic[], sources: SourceTexts): string {
  return diagnostics.map((d) => `${location(d.span, sources)}: ${d.severity} ${codeOf(d)}: ${d.message}`).join("\n");
}
