/**
 * What the commands that compile share: inputs made relative, the compilation, diagnostics on stderr, and the exit
 * code of a failed compilation (docs/cli.md: 1 errors found; 2 usage error or unreadable input).
 */
import { isAbsolute, relative, resolve, sep } from "node:path";
import type ts from "typescript";
import { parseSuppression, type Suppression } from "../check/suppress.ts";
import { createDiagnostic, hasErrors, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { Messages } from "../diagnostics/messages.ts";
import { renderPretty } from "../diagnostics/render.ts";
import { createDiskHost } from "../load/mesh-ts/index.ts";
import { nodeFileSystem, STDIN, withStdin, type FileSystem } from "../load/fs.ts";
import { compile, type Compilation } from "../pipeline.ts";
import { loadConfig, type MeshcConfig } from "./config.ts";
import type { IstiodFeatures } from "../ir/istiod-features.ts";
import type { Io } from "./io.ts";

/** Diagnostics about the invocation or unreadable inputs: exit 2, not 1. */
const INVOCATION_CODES: ReadonlySet<number> = new Set(
  [
    Messages.Cannot_read_input_0_Colon_1,
    Messages.Input_0_is_neither_a_mesh_ts_file_nor_YAML,
    Messages.Mixed_mesh_ts_and_YAML_inputs,
    Messages.No_inputs_given,
    Messages.Invalid_suppression_0,
    Messages.Invalid_configuration_0,
    Messages.Directory_0_contains_no_YAML_files,
  ].map((m) => m.code),
);

export function exitCodeFor(diagnostics: readonly Diagnostic[]): number {
  if (diagnostics.some((d) => d.severity === "error" && d.origin !== "ts" && INVOCATION_CODES.has(d.code))) return 2;
  return hasErrors(diagnostics) ? 1 : 0;
}

/** Inputs relative to the working directory with `/` separators, so output never holds absolute paths. */
export function normalizeInputs(inputs: readonly string[], cwd: string): string[] {
  return inputs.map((i) => (i === "-" ? STDIN : relative(cwd, resolve(cwd, i)).split(sep).join("/") || "."));
}

/** The real file system, with relative paths taken from the Io's working directory (not the process's). */
function fileSystemAt(cwd: string): FileSystem {
  const at = (p: string) => (isAbsolute(p) ? p : resolve(cwd, p));
  return {
    readFile: (p) => nodeFileSystem.readFile(at(p)),
    stat: (p) => nodeFileSystem.stat(at(p)),
    readDirectory: (p) => nodeFileSystem.readDirectory(at(p)),
  };
}

/**
 * The file system the YAML inputs are read through: the real one at the Io's working directory, plus standard input
 * when `-` is an input. (A mesh.ts is read by the TypeScript compiler, from the process's working directory.)
 */
export function inputFileSystem(inputs: readonly string[], io: Io): FileSystem {
  const fs = fileSystemAt(io.cwd);
  return inputs.includes(STDIN) ? withStdin(fs, io.stdin?.() ?? "") : fs;
}

/**
 * The compiler host a mesh.ts input is read through: the real file system, with the Io's working directory as the
 * current directory, so a relative mesh.ts is found where the YAML inputs are (not at the process's working
 * directory) and its diagnostics are named relative to it, as the YAML inputs' are.
 */
export function meshTsHostAt(io: Io): ts.CompilerHost {
  return createDiskHost(io.cwd);
}

/** What `report` prints: every diagnostic (the default), or errors only (`--quiet`; `simulate`/`test` without `--warnings`). */
export interface ReportOptions {
  readonly errorsOnly?: boolean;
  /** The flag that would show what `errorsOnly` hides, named in the count of hidden findings. */
  readonly shownBy?: string;
}

/**
 * Prints the compilation's diagnostics (pretty, to stderr), then what was left out, so nothing disappears silently:
 * how many findings suppressions removed, and how many warnings `errorsOnly` hid.
 */
export function report(c: Compilation, io: Io, options: ReportOptions = {}): void {
  const shown = options.errorsOnly ? c.diagnostics.filter((d) => d.severity === "error") : c.diagnostics;
  if (shown.length > 0) io.stderr(renderPretty(shown, c.sources, { color: io.color }));
  io.stderr(omitted(c, c.diagnostics.length - shown.length, options.shownBy));
}

/** `meshc: 3 findings suppressed; 2 warnings not shown (--warnings shows them).`, or "" when nothing was left out. */
export function omitted(c: Compilation, hidden: number, shownBy = "--quiet leaves them out"): string {
  const parts = [
    ...(c.suppressed > 0 ? [`${c.suppressed} ${c.suppressed === 1 ? "finding" : "findings"} suppressed`] : []),
    ...(hidden > 0 ? [`${hidden} ${hidden === 1 ? "warning" : "warnings"} not shown (${shownBy})`] : []),
  ];
  return parts.length === 0 ? "" : `meshc: ${parts.join("; ")}.\n`;
}

/** What a command that compiles takes from the command line, besides its own options. */
export interface ProjectArgs {
  readonly inputs: readonly string[];
  /** `--suppress` values, as written. */
  readonly suppress: readonly string[];
}

/** The configuration, merged with the command line: inputs (the command line's if any), suppressions (both). */
export type Project =
  | {
      readonly ok: true;
      readonly config: MeshcConfig;
      readonly inputs: readonly string[];
      readonly suppressions: readonly Suppression[];
      /** The configuration file's text, which diagnostics about its suppressions point into. */
      readonly sources: ReadonlyMap<string, string>;
    }
  | { readonly ok: false; readonly exitCode: number };

/**
 * Reads the project configuration in the Io's working directory and merges the command line into it. A bad
 * configuration or `--suppress` is printed and gives exit 2 (usage error).
 */
export function resolveProject(args: ProjectArgs, io: Io): Project {
  const loaded = loadConfig(io.cwd);
  const problems: Diagnostic[] = [...loaded.diagnostics];
  const cli = args.suppress.flatMap((text) => {
    const s = parseSuppression(text);
    if (s === undefined) problems.push(createDiagnostic(Messages.Invalid_suppression_0, undefined, [text]));
    return s === undefined ? [] : [s];
  });
  if (problems.length > 0) io.stderr(renderPretty(problems, loaded.sources, { color: io.color }));
  if (hasErrors(problems)) return { ok: false, exitCode: 2 };
  const { config } = loaded;
  const inputs = args.inputs.length > 0 ? args.inputs : (config.inputs ?? []);
  return {
    ok: true,
    config,
    inputs: normalizeInputs(inputs, io.cwd),
    suppressions: [...config.suppressions, ...cli],
    sources: loaded.sources,
  };
}

/** Resolves the project and compiles it: the compilation and its normalized inputs, or the exit code of a bad invocation. */
export function compileProject(
  args: ProjectArgs,
  io: Io,
): { readonly c: Compilation; readonly project: Extract<Project, { ok: true }> } | { readonly exitCode: number } {
  const project = resolveProject(args, io);
  if (!project.ok) return { exitCode: project.exitCode };
  const c = compile(project.inputs, {
    fs: inputFileSystem(project.inputs, io),
    suppressions: project.suppressions,
    istiod: project.config.istiod,
  });
  return { c: { ...c, sources: new Map([...project.sources, ...c.sources]) }, project };
}

/**
 * The istiod feature flags of the project in the Io's working directory (meshc.config.json `istiod.env`), for
 * commands that take their inputs from the command line only (`serve`, `diff`); a bad configuration is printed and
 * gives exit 2, as for every command.
 */
export function projectIstiod(io: Io): { readonly istiod: IstiodFeatures } | { readonly exitCode: number } {
  const loaded = loadConfig(io.cwd);
  if (loaded.diagnostics.length > 0) io.stderr(renderPretty(loaded.diagnostics, loaded.sources, { color: io.color }));
  return hasErrors(loaded.diagnostics) ? { exitCode: 2 } : { istiod: loaded.config.istiod };
}
