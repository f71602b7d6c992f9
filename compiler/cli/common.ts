/**
 * What the commands that compile share: inputs made relative, the compilation, diagnostics on stderr, and the exit
 * code of a failed compilation (docs/cli.md: 1 errors found; 2 usage error or unreadable input).
 */
import { relative, resolve, sep } from "node:path";
import { hasErrors, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { Messages } from "../diagnostics/messages.ts";
import { renderPretty } from "../diagnostics/render.ts";
import { nodeFileSystem, STDIN, withStdin, type FileSystem } from "../load/fs.ts";
import type { Compilation } from "../pipeline.ts";
import type { Io } from "./io.ts";

/** Diagnostics about the invocation or unreadable inputs: exit 2, not 1. */
const INVOCATION_CODES: ReadonlySet<number> = new Set(
  [
    Messages.Cannot_read_input_0_Colon_1,
    Messages.Input_0_is_neither_a_mesh_ts_file_nor_YAML,
    Messages.Mixed_mesh_ts_and_YAML_inputs,
    Messages.No_inputs_given,
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

/** The file system the inputs are read through: the real one, plus standard input when `-` is an input. */
export function inputFileSystem(inputs: readonly string[], io: Io): FileSystem {
  return inputs.includes(STDIN) ? withStdin(nodeFileSystem, io.stdin?.() ?? "") : nodeFileSystem;
}

/** Prints the compilation's diagnostics (pretty, to stderr). */
export function report(c: Compilation, io: Io): void {
  if (c.diagnostics.length > 0) io.stderr(renderPretty(c.diagnostics, c.sources, { color: io.color }));
}
