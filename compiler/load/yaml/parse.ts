/**
 * One YAML text → its documents, each with the span of every node. Pure: no file access.
 */
import { createDiagnostic, type Diagnostic, type Result } from "../../diagnostics/diagnostic.ts";
import { Messages } from "../../diagnostics/messages.ts";
import type { Span } from "../../diagnostics/span.ts";
import { recordYaml } from "./_events.ts";
import { aliasProblem } from "./_limits.ts";
import { documentRanges, type Range } from "./_spans.ts";
import { packRanges } from "../field-spans.ts";

/** One non-empty YAML document: its plain JSON value and where each of its nodes is. */
export interface ParsedYamlDocument {
  readonly value: unknown;
  /** The document's content (its root node). */
  readonly span: Span;
  /** Node spans by dotted path; mapping keys under `path + "#key"` (see `_spans.ts` for the key rule). */
  readonly spans: ReadonlyMap<string, Span>;
}

/**
 * Parse every document of `text` (multi-document YAML, js-yaml CORE_SCHEMA, see `_events.ts`). Empty documents
 * are left out. A syntax error is reported at js-yaml's position and ends the file; the documents before it are
 * kept, so their own problems are reported in the same run.
 *
 * @example parseYamlText("a.yaml", "kind: Service\n---\nkind: Pod\n").value.map((d) => d.value)
 *   // [{ kind: "Service" }, { kind: "Pod" }]
 */
export function parseYamlText(fileName: string, text: string): Result<ParsedYamlDocument[]> {
  // js-yaml strips a byte order mark itself and then reports offsets without it; strip it here to know the shift.
  const base = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const input = text.slice(base);
  const span = (range: Range): Span => ({ file: fileName, start: base + range.start, length: range.end - range.start });
  const recorded = recordYaml(input);
  const documents: ParsedYamlDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const root of recorded.roots) {
    // go-yaml's alias limits (`_limits.ts`), before anything walks the value as a tree.
    const aliasing = aliasProblem(root.result);
    if (aliasing !== undefined) {
      const start = root.open;
      diagnostics.push(createDiagnostic(Messages.Invalid_YAML_Colon_0, span({ start, end: start }), [aliasing]));
      continue;
    }
    const ranges = documentRanges(input, root);
    if (ranges === undefined) continue;
    documents.push({ value: root.result, span: span(ranges.root), spans: packRanges(fileName, base, ranges.ranges) });
    for (const range of ranges.yaml11Booleans) {
      const word = input.slice(range.start, range.end);
      diagnostics.push(createDiagnostic(Messages.Plain_scalar_0_is_a_boolean_in_Kubernetes, span(range), [word]));
    }
  }
  if (recorded.error !== undefined) {
    // Point at the offending character (none at the end of the text or of a line).
    const start = Math.min(recorded.error.offset, input.length);
    const end = start < input.length && input[start] !== "\n" && input[start] !== "\r" ? start + 1 : start;
    diagnostics.push(createDiagnostic(Messages.Invalid_YAML_Colon_0, span({ start, end }), [recorded.error.reason]));
  }
  return { value: documents, diagnostics };
}
