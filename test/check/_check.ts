/**
 * Test helpers for the check stage: YAML text → documents (the real YAML front end) → schema diagnostics, and
 * → IR (the real lowering) → webhook diagnostics, rendered as tsc-shaped lines people can read in a diff.
 */
import type { Diagnostic } from "../../compiler/diagnostics/diagnostic.ts";
import { sortDiagnostics } from "../../compiler/diagnostics/diagnostic.ts";
import { lowerDocuments } from "../../compiler/ir/lower.ts";
import { lineAndColumn } from "../../compiler/diagnostics/span.ts";
import type { InputDocument } from "../../compiler/load/document.ts";
import { loadYamlText } from "../../compiler/load/yaml/index.ts";
import { validateDocumentSchemas, validateMesh } from "../../compiler/check/index.ts";

export const FILE = "mesh.yaml";

/** Documents of one YAML text; throws if the YAML front end itself reports an error (a broken fixture). */
export function documents(text: string): InputDocument[] {
  const loaded = loadYamlText(FILE, text);
  const errors = loaded.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(`fixture does not load: ${errors.map((d) => d.message).join("; ")}`);
  return loaded.value;
}

/** `mesh.yaml(line,col): error MESH2001: message`. */
export function lines(text: string, diagnostics: readonly Diagnostic[]): string[] {
  return sortDiagnostics(diagnostics).map((d) => {
    const at = d.span ? lineAndColumn(text, d.span.start) : undefined;
    const where = at ? `${d.span!.file}(${at.line},${at.column})` : "(no span)";
    return `${where}: ${d.severity} MESH${d.code}: ${d.message}`;
  });
}

/** Schema diagnostics of a YAML text, as lines. */
export function schemaLines(text: string): string[] {
  return lines(text, validateDocumentSchemas(documents(text)));
}

/** Webhook diagnostics of a YAML text (lowered to IR first), as lines. */
export function meshLines(text: string): string[] {
  return lines(text, validateMesh(lowerDocuments(documents(text)).value));
}

/** Webhook diagnostics of a YAML text, as full objects. */
export function meshDiagnostics(text: string): Diagnostic[] {
  return validateMesh(lowerDocuments(documents(text)).value);
}
