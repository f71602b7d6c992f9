/**
 * `meshc` entry point: parse argv, run the pipeline, print diagnostics to stderr and results to stdout, write
 * output, and return the exit code (DESIGN §2: 0 success; 1 errors found / stale output; 2 usage error, unreadable
 * input, internal error).
 */
import { relative, resolve, sep } from "node:path";
import { hasErrors, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { Messages } from "../diagnostics/messages.ts";
import { renderPretty, toJson } from "../diagnostics/render.ts";
import { renderOutputs } from "../emit/outputs.ts";
import { compile, type Compilation } from "../pipeline.ts";
import { parseCommand, USAGE } from "./args.ts";
import { staleFiles, writeOutputDir } from "./output-dir.ts";

export interface Io {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly cwd: string;
  readonly color: boolean;
}

/** Diagnostics about the invocation or unreadable inputs: exit 2, not 1. */
const INVOCATION_CODES: ReadonlySet<number> = new Set(
  [Messages.Cannot_read_input_0_Colon_1, Messages.Input_0_is_neither_a_mesh_ts_file_nor_YAML, Messages.Mixed_mesh_ts_and_YAML_inputs, Messages.No_inputs_given].map(
    (m) => m.code,
  ),
);

function exitCodeFor(diagnostics: readonly Diagnostic[]): number {
  if (diagnostics.some((d) => d.severity === "error" && d.origin !== "ts" && INVOCATION_CODES.has(d.code))) return 2;
  return hasErrors(diagnostics) ? 1 : 0;
}

/** Inputs relative to the working directory with `/` separators, so output never holds absolute paths. */
function normalizeInputs(inputs: readonly string[], cwd: string): string[] {
  return inputs.map((i) => relative(cwd, resolve(cwd, i)).split(sep).join("/") || ".");
}

function report(c: Compilation, io: Io): void {
  if (c.diagnostics.length > 0) io.stderr(renderPretty(c.diagnostics, c.sources, { color: io.color }));
}

export function main(argv: readonly string[], io: Io): number {
  const parsed = parseCommand(argv);
  if (!parsed.ok) {
    io.stderr(`meshc: ${parsed.error}\n\n${USAGE}\n`);
    return 2;
  }
  const command = parsed.command;
  switch (command.kind) {
    case "help":
      io.stdout(`${USAGE}\n`);
      return 0;
    case "version":
      io.stdout("meshc 0.1.0\n");
      return 0;
    case "check": {
      const c = compile(normalizeInputs(command.inputs, io.cwd));
      if (command.format === "json") io.stdout(`${JSON.stringify(toJson(c.diagnostics, c.sources), null, 2)}\n`);
      else report(c, io);
      return exitCodeFor(c.diagnostics);
    }
    case "build": {
      const inputs = normalizeInputs(command.inputs, io.cwd);
      const c = compile(inputs);
      report(c, io);
      if (c.ir === undefined) return exitCodeFor(c.diagnostics);
      const files = renderOutputs(c.ir, inputs, command.targets);
      const out = resolve(io.cwd, command.out);
      if (command.check) {
        const stale = staleFiles(out, files);
        if (stale.length === 0) return 0;
        io.stderr(`meshc: output in '${command.out}' is stale; run 'meshc build' to regenerate:\n${stale.map((f) => `  ${command.out}/${f}\n`).join("")}`);
        return 1;
      }
      writeOutputDir(out, files);
      io.stdout([...files.keys()].map((f) => `wrote ${command.out}/${f}\n`).join(""));
      return 0;
    }
    default:
      return command satisfies never;
  }
}
