/**
 * The mesh.ts front end: type-check, run, lower. mesh.ts and its imports are type-checked with this compiler's
 * stdlib; on any TypeScript error nothing runs. Otherwise the user files run in memory, the DSL declarations they
 * make are lowered to documents, and every document gets the span of the mesh.ts call that declared it.
 */
import path from "node:path";
import ts from "./_typescript.cts";
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import { createDiagnostic } from "../../diagnostics/diagnostic.ts";
import { Messages } from "../../diagnostics/messages.ts";
import type { Result } from "../../diagnostics/diagnostic.ts";
import type { SourceFile, Span } from "../../diagnostics/span.ts";
import type { InputDocument } from "../document.ts";
import { lowerDsl, type LoweredDoc, type Origin } from "./lower-dsl/index.ts";
import { createMeshProgram, typeCheck, userSourceFiles } from "./program.ts";
import { runMesh } from "./run.ts";
import { findCall, nodeAtArgPath, nodeSpan, recordSpans } from "./spans.ts";
import { originalOffset, type Transpiled } from "./transpile.ts";
import { startTranspile, type PendingTranspile } from "./transpile-worker.ts";
import { packSpans } from "../field-spans.ts";
import { withParsedMeshConfig } from "../yaml/index.ts";

// ---- For the pipeline ------------------------------------------------------------------------------------------
export { createMemoryHost } from "./memory-host.ts";
export { createDiskHost } from "./disk-host.ts";
export { stdlibIndex, meshCompilerOptions } from "./program.ts";

/** What loading a mesh.ts gives: documents for lowering, and the user's files for rendering diagnostics. */
export interface MeshTsLoad {
  readonly documents: InputDocument[];
  readonly sourceFiles: SourceFile[];
}

/** Options of {@link loadMeshTs}. */
export interface LoadMeshTsOptions {
  /** Where files are read from. @default `ts.createCompilerHost` (the file system) */
  readonly host?: ts.CompilerHost;
}

/** Resolves DSL origins (generated call sites + argument paths) to mesh.ts spans, with file names mapped by `rel`. */
function spanResolver(files: ReadonlyMap<string, Transpiled>, entry: Span, rel: (file: string) => string) {
  type Located = {
    sf: ts.SourceFile;
    file: string;
    call: ts.CallExpression | ts.NewExpression | undefined;
    offset: number;
  };
  const located = new Map<string, Located>();
  const locate = (site: NonNullable<Origin["site"]>) => {
    const key = `${site.file}:${site.line}:${site.column}`;
    const t = files.get(site.file);
    if (t === undefined) return undefined;
    if (!located.has(key)) {
      const offset = originalOffset(t, site.line, site.column);
      located.set(key, {
        sf: t.sourceFile,
        file: rel(t.sourceFile.fileName),
        call: findCall(t.sourceFile, offset),
        offset,
      });
    }
    return located.get(key);
  };
  const restOfLine = ({ sf, file, offset }: Located): Span => {
    const nl = sf.text.indexOf("\n", offset);
    return { file, start: offset, length: (nl < 0 ? sf.text.length : nl) - offset };
  };
  return {
    span(origin: Origin): Span {
      const at = origin.site && locate(origin.site);
      if (at === undefined) return entry;
      if (at.call === undefined) return restOfLine(at);
      const node = origin.argPath.length === 0 ? undefined : nodeAtArgPath(at.call, origin.argPath);
      return nodeSpan(node?.whole ?? at.call, at.sf, at.file);
    },
    fields(doc: LoweredDoc): Map<string, Span> {
      const out = new Map<string, Span>();
      for (const field of doc.fields) {
        const at = field.site && locate(field.site);
        const node = at?.call && nodeAtArgPath(at.call, field.argPath);
        if (at && node) recordSpans(node, field.path, at.sf, out, at.file);
      }
      return out;
    },
  };
}

/**
 * File names as tsc prints them: relative to the working directory, with `/`. The program works on absolute paths;
 * what leaves the loader (spans, source files) is relative, so diagnostics and goldens never hold machine paths.
 */
function relativeTo(cwd: string): (file: string) => string {
  return (file) => (path.posix.isAbsolute(file) ? path.posix.relative(cwd, file) || file : file);
}

/**
 * The TS diagnostics and source files of a load made relative (document spans are made relative as they are
 * resolved: copying every field span afterwards doubled the loader's peak memory on large meshes).
 */
function relativeSpans(load: Result<MeshTsLoad>, rel: (file: string) => string): Result<MeshTsLoad> {
  const span = (s: Span): Span => ({ ...s, file: rel(s.file) });
  const documents = load.value.documents;
  const sourceFiles = load.value.sourceFiles.map((f) => ({ ...f, fileName: rel(f.fileName) }));
  const diagnostics = load.diagnostics.map((d) => ({
    ...d,
    span: d.span && span(d.span),
    ...(d.related ? { related: d.related.map((r) => ({ ...r, span: span(r.span) })) } : {}),
  }));
  return { value: { documents, sourceFiles }, diagnostics };
}

/**
 * Load a mesh.ts: type-check it (TS diagnostics keep tsc's codes and text), run it, lower its declarations.
 * @example `loadMeshTs("examples/bookinfo/mesh.ts")` → `{ value: { documents: [Namespace bookinfo, ...], sourceFiles }, diagnostics: [] }`
 */
export function loadMeshTs(fileName: string, options: LoadMeshTsOptions = {}): Result<MeshTsLoad> {
  const host = options.host ?? ts.createCompilerHost({});
  const rel = relativeTo(host.getCurrentDirectory().replace(/\\/g, "/"));
  return relativeSpans(loadAbsolute(fileName, host, rel), rel);
}

/** What type-checking leaves for running: the user's files (ASTs kept for spans), the diagnostics, the transpiles. */
interface Checked {
  readonly users: readonly ts.SourceFile[];
  readonly tsDiagnostics: Diagnostic[];
  /** Transpiles of `users`, started before type-checking; undefined when there is nothing to run. */
  readonly transpiles: PendingTranspile | undefined;
}

/**
 * Builds the program and type-checks it, transpiling the user files meanwhile (`transpile-worker.ts`). Only the
 * user files' ASTs outlive this function: the program, its checker and the lib files are garbage once it returns,
 * before the mesh is run (peak memory on large meshes).
 */
function check(root: string, host: ts.CompilerHost): Checked {
  const program = createMeshProgram(root, host);
  const users = userSourceFiles(program);
  const pending = startTranspile(users);
  const tsDiagnostics = typeCheck(program);
  if (!tsDiagnostics.some((d) => d.severity === "error") && program.getSourceFile(root) !== undefined) {
    return { users, tsDiagnostics, transpiles: pending };
  }
  pending.cancel();
  return { users, tsDiagnostics, transpiles: undefined };
}

function loadAbsolute(fileName: string, host: ts.CompilerHost, rel: (file: string) => string): Result<MeshTsLoad> {
  const root = path.posix.resolve(host.getCurrentDirectory().replace(/\\/g, "/"), fileName.replace(/\\/g, "/"));
  const { users, tsDiagnostics, transpiles } = check(root, host);
  const sourceFiles = users.map((f) => ({ fileName: f.fileName, text: f.text }));
  if (transpiles === undefined) return { value: { documents: [], sourceFiles }, diagnostics: tsDiagnostics };
  const files = transpiles.collect();
  const entry: Span = { file: rel(root), start: 0, length: 0 };
  const spans = spanResolver(files, entry, rel);
  const outcome = runMesh(root, files);
  if (!outcome.ok) {
    const frame = outcome.frame;
    const span = frame ? spans.span({ site: frame, argPath: [] }) : entry;
    const thrown = createDiagnostic(Messages.An_error_was_thrown_while_running_the_mesh_Colon_0, span, [
      outcome.message,
    ]);
    return { value: { documents: [], sourceFiles }, diagnostics: [...tsDiagnostics, thrown] };
  }
  const lowered = lowerDsl(outcome.declarations);
  const documents: InputDocument[] = lowered.documents.map((doc) =>
    withParsedMeshConfig({ object: doc.object, span: spans.span(doc.origin), spans: packSpans(spans.fields(doc)) }),
  );
  const problems: Diagnostic[] = lowered.problems.map((p) =>
    createDiagnostic(
      p.message,
      spans.span(p.origin),
      p.args,
      p.related?.map((r) => ({ message: r.message, span: spans.span(r.origin) })),
    ),
  );
  return { value: { documents, sourceFiles }, diagnostics: [...tsDiagnostics, ...problems] };
}
