/**
 * Source positions. A span is an offset range in one source file; line and column are derived only when a
 * diagnostic is rendered (tsc's `TextSpan` + `DiagnosticRelatedInformation` model).
 */
export interface Span {
  readonly file: string;
  readonly start: number;
  readonly length: number;
}

/**
 * Spans of the fields inside one resource, keyed by a dotted path from the resource root
 * (`spec.http.0.route.1.weight`). YAML inputs record every node; mesh.ts inputs record the lines of the
 * DSL calls that produced a field. Look up with {@link spanAt}, which falls back to the nearest recorded parent.
 */
export type FieldSpans = ReadonlyMap<string, Span>;

/** A dotted path into a resource, as used in {@link FieldSpans}. */
export type FieldPath = readonly (string | number)[];

export function pathKey(path: FieldPath): string {
  return path.join(".");
}

/** The span of `path` in a resource, or of its nearest ancestor that has one, or `fallback`. */
export function spanAt(spans: FieldSpans, path: FieldPath, fallback: Span): Span {
  for (let n = path.length; n > 0; n--) {
    const hit = spans.get(pathKey(path.slice(0, n)));
    if (hit) return hit;
  }
  return fallback;
}

/** Positions of the source files a mesh was read from; the renderer derives line/column from them. */
export interface SourceFile {
  readonly fileName: string;
  readonly text: string;
}

/** Start offsets of the lines of recently used texts: renderers ask for thousands of positions in one file. */
const lineStartCache = new Map<string, Int32Array>();

function lineStarts(text: string): Int32Array {
  let starts = lineStartCache.get(text);
  if (starts === undefined) {
    const found = [0];
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) found.push(i + 1);
    starts = Int32Array.from(found);
    if (lineStartCache.size >= 16) lineStartCache.clear();
    lineStartCache.set(text, starts);
  }
  return starts;
}

/** 1-based line and column of an offset in `text` (a binary search over the cached line starts). */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const starts = lineStarts(text);
  const limit = Math.min(offset, text.length);
  let lo = 0;
  let hi = starts.length - 1;
  // The last line whose start is at or before `limit` (a newline at limit - 1 starts a line at limit).
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= limit) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/** The text of 1-based line `line` (without its line break), or "" past the end. */
export function lineText(text: string, line: number): string {
  const starts = lineStarts(text);
  if (line < 1 || line > starts.length) return "";
  const end = line < starts.length ? starts[line]! - 1 : text.length;
  return text.slice(starts[line - 1], end);
}

/** Offset of a 1-based line and column in `text` (clamped to the text). */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf("\n", offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(offset + column - 1, text.length);
}
