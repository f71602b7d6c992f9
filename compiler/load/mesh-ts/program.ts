/**
 * Type-checking mesh.ts: one `ts.Program` over mesh.ts and everything it imports, with strict options and the
 * module `meshc` resolved to this compiler's own `stdlib/index.ts`. Every TypeScript diagnostic (options,
 * syntactic, semantic) is kept with tsc's own code and text, so meshc's output matches `tsc --noEmit`.
 */
import ts from "./_typescript.cts";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Diagnostic, RelatedInformation, Severity } from "../../diagnostics/diagnostic.ts";

const stdlibSource = fileURLToPath(new URL("../../../stdlib/index.ts", import.meta.url));
/**
 * This compiler's stdlib entry point; `import ... from "meshc"` in mesh.ts resolves here: the TypeScript source in a
 * checkout, the declaration file in the built package (dist/stdlib/index.d.ts, what the user's own tsc reads too).
 */
export const stdlibIndex: string = ts.sys.resolvePath(
  existsSync(stdlibSource) ? stdlibSource : stdlibSource.replace(/\.ts$/, ".d.ts"),
);
/** The stdlib directory, with a trailing slash: files under it are not user files. */
export const stdlibDir: string = stdlibIndex.slice(0, stdlibIndex.lastIndexOf("/") + 1);

/**
 * The options mesh.ts is checked with: strict, ES2022, bundler resolution with `.ts` imports allowed, no ambient
 * `@types` (mesh.ts is a description, not a Node program; this also keeps checking hermetic with in-memory hosts).
 */
export function meshCompilerOptions(): ts.CompilerOptions {
  return {
    strict: true,
    noUncheckedIndexedAccess: true,
    noImplicitOverride: true,
    noFallthroughCasesInSwitch: true,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    resolveJsonModule: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    paths: { meshc: [stdlibIndex] },
  };
}

/**
 * Build the program for `rootFile` (an absolute, normalized path). JSDoc is parsed as `tsc` parses it
 * (typescript/src/executeCommandLine/executeCommandLine.ts `performCompilation`: `host.jsDocParsingMode =
 * defaultJSDocParsingMode`, ParseForTypeErrors): in .ts files only comments with `@see`/`@link`, the only JSDoc that
 * can change a type error there, so the diagnostics are tsc's. Parsing every comment of the lib files and the
 * documented stdlib cost ~0.2 s CPU of each `meshc check` of bookinfo. The caller's host is left as it is; a host that
 * sets its own mode keeps it.
 */
export function createMeshProgram(rootFile: string, host: ts.CompilerHost): ts.Program {
  const mode = host.jsDocParsingMode ?? ts.JSDocParsingMode.ParseForTypeErrors;
  // A view of the host (its methods bound to it, so a class-based host keeps its `this`) that adds only the mode.
  const parsing = new Proxy(host, {
    get(target, key) {
      if (key === "jsDocParsingMode") return mode;
      const value: unknown = Reflect.get(target, key);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return ts.createProgram({ rootNames: [rootFile], options: meshCompilerOptions(), host: parsing });
}

/** The files of the program that the user wrote: not default libraries, not stdlib, not declaration files. */
export function userSourceFiles(program: ts.Program): ts.SourceFile[] {
  return program
    .getSourceFiles()
    .filter(
      (f) =>
        !f.isDeclarationFile &&
        !program.isSourceFileDefaultLibrary(f) &&
        !program.isSourceFileFromExternalLibrary(f) &&
        !f.fileName.startsWith(stdlibDir),
    );
}

function severityOf(category: ts.DiagnosticCategory): Severity {
  if (category === ts.DiagnosticCategory.Error) return "error";
  if (category === ts.DiagnosticCategory.Warning) return "warning";
  return "info";
}

function spanOf(d: ts.Diagnostic): Diagnostic["span"] {
  return d.file && d.start !== undefined ? { file: d.file.fileName, start: d.start, length: d.length ?? 0 } : undefined;
}

/** One TypeScript diagnostic as a meshc diagnostic (origin "ts", tsc's code and flattened text). */
export function fromTsDiagnostic(d: ts.Diagnostic): Diagnostic {
  const related: RelatedInformation[] = (d.relatedInformation ?? []).flatMap((r) => {
    const span = spanOf(r);
    return span ? [{ message: ts.flattenDiagnosticMessageText(r.messageText, "\n"), span }] : [];
  });
  const base: Diagnostic = {
    code: d.code,
    origin: "ts",
    severity: severityOf(d.category),
    message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
    span: spanOf(d),
  };
  return related.length > 0 ? { ...base, related } : base;
}

/** Every diagnostic tsc would report for the program (`ts.getPreEmitDiagnostics`), converted. */
export function typeCheck(program: ts.Program): Diagnostic[] {
  return ts.getPreEmitDiagnostics(program).map(fromTsDiagnostic);
}
