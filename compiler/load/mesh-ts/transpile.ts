/**
 * Transpiling user files for running, and mapping positions in the code that ran back to mesh.ts. Each file is
 * transpiled alone (`ts.transpileModule`, CommonJS) with a source map kept in memory; nothing is written.
 */
import ts from "typescript";
import { TraceMap, originalPositionFor } from "@jridgewell/trace-mapping";
import { offsetOf } from "../../ir/span.ts";

/** One user file, ready to run. */
export interface Transpiled {
  readonly sourceFile: ts.SourceFile;
  readonly code: string;
  readonly map: TraceMap;
}

/** Transpile one user file to CommonJS with a source map. */
export function transpile(sourceFile: ts.SourceFile): Transpiled {
  const out = ts.transpileModule(sourceFile.text, {
    fileName: sourceFile.fileName,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      sourceMap: true,
      inlineSources: false,
    },
    reportDiagnostics: false,
  });
  // The sourceMappingURL comment names a file that does not exist; the map is kept in memory instead.
  const code = out.outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n");
  return { sourceFile, code, map: new TraceMap(out.sourceMapText ?? "") };
}

/** The mesh.ts offset of a 1-based line/column in the transpiled code (the start of its line if unmapped). */
export function originalOffset(t: Transpiled, line: number, column: number): number {
  const pos = originalPositionFor(t.map, { line, column: Math.max(0, column - 1) });
  if (pos.line === null) return offsetOf(t.sourceFile.text, line, 1);
  return offsetOf(t.sourceFile.text, pos.line, (pos.column ?? 0) + 1);
}
