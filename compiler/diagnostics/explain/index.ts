/**
 * Documentation of every catalog code (one line on why it matters, a bad and a fixed example), keyed by code. Read by
 * `catalog-doc.ts` for docs/diagnostics.md and by the SARIF renderer; a test checks every code has an entry.
 */
import type { CodeDoc, DocRow } from "./_types.ts";
import { analyzeDocs } from "./analyze.ts";
import { emitDocs } from "./emit.ts";
import { loadDocs } from "./load.ts";
import { scenarioDocs } from "./scenario.ts";
import { validateDocs } from "./validate.ts";

export type { CodeDoc } from "./_types.ts";

const rows: ReadonlyMap<number, DocRow> = new Map(
  [loadDocs, validateDocs, analyzeDocs, emitDocs, scenarioDocs].flatMap((t) =>
    Object.entries(t).map(([code, row]) => [Number(code), row] as const),
  ),
);

/** The documentation of `code`, or undefined when it has none (a test keeps that from happening). */
export function docFor(code: number): CodeDoc | undefined {
  const row = rows.get(code);
  if (row === undefined) return undefined;
  const [why, bad, fixed, lang] = row;
  return { why, bad, fixed, lang: lang ?? "yaml" };
}

/** Every documented code, sorted. */
export function documentedCodes(): number[] {
  return [...rows.keys()].sort((a, b) => a - b);
}
