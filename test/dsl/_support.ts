/** Helpers for the DSL tests: load in-memory meshes, and turn spans into line/column and text. */
import { createMemoryHost, loadMeshTs } from "../../compiler/load/mesh-ts/index.ts";
import { lineAndColumn, type Span } from "../../compiler/diagnostics/span.ts";
import type { InputDocument } from "../../compiler/load/document.ts";

/** Load `/virtual/mesh.ts` (plus any other files given) from memory. */
export function loadVirtual(files: Readonly<Record<string, string>>) {
  const withRoot = Object.fromEntries(Object.entries(files).map(([name, text]) => [`/virtual/${name}`, text]));
  return loadMeshTs("/virtual/mesh.ts", { host: createMemoryHost(withRoot, "/virtual") });
}

/** `file:line:col` of a span, resolved against the given texts. */
export function where(span: Span | undefined, texts: Readonly<Record<string, string>>): string {
  if (span === undefined) return "<none>";
  const text = texts[span.file] ?? "";
  const { line, column } = lineAndColumn(text, span.start);
  return `${span.file}:${line}:${column}`;
}

/** The source text a span covers. */
export function textOf(span: Span | undefined, texts: Readonly<Record<string, string>>): string {
  if (span === undefined) return "<none>";
  return (texts[span.file] ?? "").slice(span.start, span.start + span.length);
}

/** `Kind namespace/name` of a document. */
export function idOf(doc: InputDocument): string {
  const m = doc.object["metadata"] as { name: string; namespace?: string };
  return `${String(doc.object["kind"])} ${m.namespace === undefined ? "" : `${m.namespace}/`}${m.name}`;
}

/** The one document with that id (throws when missing, which fails the test with its name). */
export function docById(docs: readonly InputDocument[], id: string): Record<string, unknown> {
  const doc = docs.find((d) => idOf(d) === id);
  if (!doc) throw new Error(`no document ${id}; have ${docs.map(idOf).join(", ")}`);
  return doc.object;
}

/** The mesh.ts header every in-memory test mesh starts with. */
export const header = `import * as m from "meshc";\n`;
