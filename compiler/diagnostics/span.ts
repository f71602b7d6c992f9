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

/** 1-based line and column of an offset in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
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
