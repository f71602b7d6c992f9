/**
 * `meshc` entry point: parse argv, run the pipeline, print diagnostics to stderr and results to stdout, write
 * output, and return the exit code (DESIGN §2: 0 success; 1 errors found / stale output; 2 usage error, unreadable
 * input, internal error).
 */
import { relative, resolve, sep } from "node:path";
import { hasErrors, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { Messages } from "../diagnostics/messages.ts";
import { renderPretty, toJson } from "../diagnostics/render.ts";
import { renderGithub } from "../diagnostics/github.ts";
import { toSarif } from "../diagnostics/sarif.ts";
import { compile, type Compilation } from "../pipeline.ts";
import { parseCommand, USAGE, type Command, type Threshold } from "./args.ts";
import { runBuild } from "./build.ts";
import { runRouteCheck } from "./route-check.ts";
import { runServe } from "./serve.ts";
import { runSimulate } from "./simulate.ts";
import { discoverScenarioFiles, runTests } from "./test-command.ts";

export interface Io {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly cwd: string;
  readonly color: boolean;
}

/** Diagnostics about the invocation or unreadable inputs: exit 2, not 1. */
const INVOCATION_CODES: ReadonlySet<number> = new Set(
  [
    Messages.Cannot_read_input_0_Colon_1,
    Messages.Input_0_is_neither_a_mesh_ts_file_nor_YAML,
    Messages.Mixed_mesh_ts_and_YAML_inputs,
    Messages.No_inputs_given,
  ].map((m) => m.code),
);

function exitCodeFor(diagnostics: readonly Diagnostic[]): number {
  if (diagnostics.some((d) => d.severity === "error" && d.origin !== "ts" && INVOCATION_CODES.has(d.code))) return 2;
  return hasErrors(diagnostics) ? 1 : 0;
}

/** Inputs relative to the working directory with `/` separators, so output never holds absolute paths. */
function normalizeInputs(inputs: readonly string[], cwd: string): string[] {
  return inputs.map((i) => relative(cwd, resolve(cwd, i)).split(sep).join("/") || ".");
}

const RANK: Readonly<Record<Threshold, number>> = { error: 0, warning: 1, info: 2 };

/**
 * `check`'s exit code: 2 for invocation problems, 1 when a diagnostic reaches the failure threshold (istioctl analyze
 * `--failure-threshold`) or there are more warnings than `--max-warnings` (ESLint), else 0.
 */
function checkExitCode(diagnostics: readonly Diagnostic[], command: Extract<Command, { kind: "check" }>): number {
  const code = exitCodeFor(diagnostics);
  if (code !== 0) return code;
  if (diagnostics.some((d) => RANK[d.severity] <= RANK[command.failureThreshold])) return 1;
  const warnings = diagnostics.filter((d) => d.severity === "warning").length;
  return command.maxWarnings !== undefined && warnings > command.maxWarnings ? 1 : 0;
}

/** Prints `check`'s diagnostics in the chosen format: machine formats to stdout, pretty to stderr (DESIGN §2). */
function printCheck(c: Compilation, io: Io, command: Extract<Command, { kind: "check" }>): void {
  switch (command.format) {
    case "json":
      return io.stdout(`${JSON.stringify(toJson(c.diagnostics, c.sources), null, 2)}\n`);
    case "sarif":
      return io.stdout(`${JSON.stringify(toSarif(c.diagnostics, c.sources), null, 2)}\n`);
    case "github":
      return io.stdout(renderGithub(c.diagnostics, c.sources));
    case "pretty": {
      report(c, io);
      const warnings = c.diagnostics.filter((d) => d.severity === "warning").length;
      if (command.maxWarnings !== undefined && warnings > command.maxWarnings) {
        io.stderr(`meshc: ${warnings} warnings, more than --max-warnings ${command.maxWarnings} allows.\n`);
      }
      return;
    }
    default:
      return command.format satisfies never;
  }
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
      printCheck(c, io, command);
      return checkExitCode(c.diagnostics, command);
    }
    case "simulate": {
      const c = compile(normalizeInputs(command.inputs, io.cwd));
      report(c, io);
      if (c.ir === undefined) return exitCodeFor(c.diagnostics);
      return runSimulate(c, command.request, { json: command.json, engine: command.engine }, io);
    }
    case "test": {
      const inputs = normalizeInputs(command.inputs, io.cwd);
      const c = compile(inputs);
      report(c, io);
      if (c.ir === undefined) return exitCodeFor(c.diagnostics);
      const files =
        command.scenarios.length > 0 ? normalizeInputs(command.scenarios, io.cwd) : discoverScenarioFiles(inputs);
      if (files.length === 0) {
        io.stderr("meshc: no scenario files given, and none (*.scenarios) beside the inputs.\n");
        return 2;
      }
      return runTests(c, files, command, io);
    }
    case "route-check": {
      const { kind: _, ...options } = command;
      return runRouteCheck(options, io);
    }
    case "serve": {
      const c = compile(normalizeInputs(command.inputs, io.cwd));
      report(c, io);
      if (c.ir === undefined) return exitCodeFor(c.diagnostics);
      return runServe({ ...c, ir: c.ir }, command, io);
    }
    case "build": {
      const inputs = normalizeInputs(command.inputs, io.cwd);
      const c = compile(inputs);
      report(c, io);
      if (c.ir === undefined) return exitCodeFor(c.diagnostics);
      return runBuild({ ...c, ir: c.ir }, inputs, command, io);
    }
    default:
      return command satisfies never;
  }
}
