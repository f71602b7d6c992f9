/**
 * Transpiling user files for running, and mapping positions in the code that ran back to mesh.ts. Each file is
 * transpiled alone (`ts.transpileModule`, CommonJS) with a source map kept in memory; nothing is written.
 */
import ts from "./_typescript.cts";
import { TraceMap, originalPositionFor } from "@jridgewell/trace-mapping";
import { wrapTopLevelCalls } from "./wrap-calls.ts";

/** One user file, ready to run. */
export interface Transpiled {
  readonly sourceFile: ts.SourceFile;
  readonly code: string;
  readonly map: TraceMap;
  /** Offsets where the lines of `sourceFile.text` start (after each `\n`), computed once. */
  readonly lineStarts: readonly number[];
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", nl + 1)) starts.push(nl + 1);
  return starts;
}

/** What `transpileText` gives: CommonJS code and its source map (JSON text). Plain data, so a worker can send it. */
export interface TranspileOutput {
  readonly code: string;
  readonly mapText: string;
}

/** Transpile one file's text to CommonJS with a source map (pure: the same text gives the same output anywhere). */
export function transpileText(fileName: string, text: string): TranspileOutput {
  const out = ts.transpileModule(text, {
    fileName,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      sourceMap: true,
      inlineSources: false,
    },
    reportDiagnostics: false,
    transformers: { before: [wrapTopLevelCalls] },
  });
  // The sourceMappingURL comment names a file that does not exist; the map is kept in memory instead.
  const code = out.outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n");
  return { code, mapText: out.sourceMapText ?? "" };
}

/** A user file ready to run, from its transpile output (made here or in a worker, `transpile-worker.ts`). */
export function transpiled(sourceFile: ts.SourceFile, output: TranspileOutput): Transpiled {
  return {
    sourceFile,
    code: output.code,
    map: new TraceMap(output.mapText),
    lineStarts: lineStartsOf(sourceFile.text),
  };
}

/** Transpile one user file to CommonJS with a source map. */
export function transpile(sourceFile: ts.SourceFile): Transpiled {
  return transpiled(sourceFile, transpileText(sourceFile.fileName, sourceFile.text));
}

/**
 * Offset of a 1-based line and column in the file's text, clamped to the text: what `offsetOf` in diagnostics/span.ts
 * computes, from the line starts computed once (a scan from the start per site made the loader O(N²)).
 */
function offsetIn(t: Transpiled, line: number, column: number): number {
  const length = t.sourceFile.text.length;
  const start = line <= 1 ? 0 : t.lineStarts[line - 1];
  return start === undefined ? length : Math.min(start + column - 1, length);
}

/** The mesh.ts offset of a 1-based line/column in the transpiled code (the start of its line if unmapped). */
export function originalOffset(t: Transpiled, line: number, column: number): number {
  const pos = originalPositionFor(t.map, { line, column: Math.max(0, column - 1) });
  if (pos.line === null) return offsetIn(t, line, 1);
  return offsetIn(t, pos.line, (pos.column ?? 0) + 1);
}
