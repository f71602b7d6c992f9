/**
 * `meshc build <input>... [--out DIR] [--check] [--target istio,envoy]` once the mesh compiled (docs/cli.md): renders
 * each output file and streams it into DIR's staging directory (or, with `--check`, compares it with DIR), so peak
 * memory does not grow with the size of the output. Exit 0 written / up to date; 1 stale (`--check`); 2 internal
 * error (generated Envoy config Envoy would reject: printed, and nothing written).
 */
import { resolve } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { renderPretty } from "../diagnostics/render.ts";
import { forEachOutput } from "../emit/outputs.ts";
import type { MeshIR } from "../ir/ir.ts";
import type { Compilation } from "../pipeline.ts";
import type { Command } from "./args.ts";
import { compileProject, exitCodeFor, report } from "./common.ts";
import type { Io } from "./io.ts";
import { OutputPathError, staleFiles, writeOutputDir } from "./output-dir.ts";

/** `build`'s options with the output directory decided (the command line's, the configuration's, or `dist`). */
type BuildRun = Extract<Command, { kind: "build" }> & { readonly out: string };

/** Builds (or checks) the output of the compiled mesh `c`; `inputs` as normalized for the generated header. */
export function runBuild(
  c: Compilation & { ir: MeshIR },
  inputs: readonly string[],
  command: BuildRun,
  io: Io,
): number {
  try {
    return buildOrCheck(c, inputs, command, io);
  } catch (e) {
    if (!(e instanceof OutputPathError)) throw e;
    io.stderr(`meshc: ${e.message}; nothing was written.\n`);
    return 2;
  }
}

function buildOrCheck(c: Compilation & { ir: MeshIR }, inputs: readonly string[], command: BuildRun, io: Io): number {
  const out = resolve(io.cwd, command.out);
  let internal: Diagnostic[] = [];
  if (command.check) {
    const stale = staleFiles(out, (sink) => {
      internal = forEachOutput(c.ir, inputs, command.targets, sink);
    });
    if (internal.length > 0) return reportInternal(internal, c, io);
    if (stale.length === 0) return 0;
    io.stderr(
      `meshc: output in '${command.out}' is stale; run 'meshc build' to regenerate:\n${stale.map((f) => `  ${command.out}/${f}\n`).join("")}`,
    );
    return 1;
  }
  const written = writeOutputDir(out, (sink) => {
    internal = forEachOutput(c.ir, inputs, command.targets, sink);
    return internal.length === 0;
  });
  if (written === undefined) return reportInternal(internal, c, io);
  io.stdout(written.map((f) => `wrote ${command.out}/${f}\n`).join(""));
  return 0;
}

function reportInternal(diagnostics: readonly Diagnostic[], c: Compilation, io: Io): number {
  io.stderr(renderPretty(diagnostics, c.sources, { color: io.color }));
  return 2;
}

/** `meshc build`: compile the inputs, then write (or check) the output directory. */
export function buildCommand(command: Extract<Command, { kind: "build" }>, io: Io): number {
  const compiled = compileProject(command, io);
  if ("exitCode" in compiled) return compiled.exitCode;
  const { c, project } = compiled;
  report(c, io);
  if (c.ir === undefined) return exitCodeFor(c.diagnostics);
  const out = command.out ?? project.config.out ?? "dist";
  return runBuild({ ...c, ir: c.ir }, project.inputs, { ...command, out }, io);
}
