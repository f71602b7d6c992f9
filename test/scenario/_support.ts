/** Helpers for the scenario tests: spans by the text they cover, and diagnostics in docs/diagnostics-format.md's JSON shape. */
import type { Diagnostic } from "../../compiler/diagnostics/diagnostic.ts";
import { toJson } from "../../compiler/diagnostics/render.ts";
import type { Span } from "../../compiler/diagnostics/span.ts";

/**
 * The span of the `nth` (0-based) occurrence of `needle` in `text`, searching from the occurrence of `after`
 * when given: `span(text, "f", "reviews@v2", { after: "scenario \"b\"" })`.
 */
export function span(file: string, text: string, needle: string, options: { nth?: number; after?: string } = {}): Span {
  const from = options.after === undefined ? 0 : text.indexOf(options.after);
  if (from < 0) throw new Error(`'${options.after}' is not in the text`);
  let start = text.indexOf(needle, from);
  for (let n = options.nth ?? 0; n > 0; n--) start = text.indexOf(needle, start + 1);
  if (start < 0) throw new Error(`'${needle}' is not in the text`);
  return { file, start, length: needle.length };
}

/** Diagnostics as `meshc check --format json` prints them: code, message, line/column range, hint, related. */
export function asJson(diagnostics: readonly Diagnostic[], file: string, text: string): object[] {
  return toJson(diagnostics, new Map([[file, text]]));
}
