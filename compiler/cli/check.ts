/**
 * `meshc check <input>... [--format pretty|json|sarif|github] [--max-warnings N] [--failure-threshold ...]`: the
 * diagnostics of a compilation in the chosen format, and an exit code that is CI's gate (docs/cli.md).
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { renderGithub } from "../diagnostics/github.ts";
import { toJson } from "../diagnostics/render.ts";
import { toSarif } from "../diagnostics/sarif.ts";
import type { Compilation } from "../pipeline.ts";
import type { Command, Threshold } from "./args.ts";
import { compileProject, exitCodeFor, report } from "./common.ts";
import type { Io } from "./io.ts";

type CheckCommand = Extract<Command, { kind: "check" }>;

const RANK: Readonly<Record<Threshold, number>> = { error: 0, warning: 1, info: 2 };

/**
 * `check`'s exit code: 2 for invocation problems, 1 when a diagnostic reaches the failure threshold (istioctl analyze
 * `--failure-threshold`) or there are more warnings than `--max-warnings` (ESLint), else 0.
 */
function checkExitCode(diagnostics: readonly Diagnostic[], command: CheckCommand, threshold: Threshold): number {
  const code = exitCodeFor(diagnostics);
  if (code !== 0) return code;
  if (diagnostics.some((d) => RANK[d.severity] <= RANK[threshold])) return 1;
  const warnings = diagnostics.filter((d) => d.severity === "warning").length;
  return command.maxWarnings !== undefined && warnings > command.maxWarnings ? 1 : 0;
}

/** Prints `check`'s diagnostics in the chosen format: machine formats to stdout, pretty to stderr (docs/cli.md). */
function printCheck(c: Compilation, io: Io, command: CheckCommand): void {
  switch (command.format) {
    case "json":
      return io.stdout(`${JSON.stringify(toJson(c.diagnostics, c.sources), null, 2)}\n`);
    case "sarif":
      return io.stdout(`${JSON.stringify(toSarif(c.diagnostics, c.sources), null, 2)}\n`);
    case "github":
      return io.stdout(renderGithub(c.diagnostics, c.sources));
    case "pretty": {
      report(c, io, { errorsOnly: command.quiet });
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

export function checkCommand(command: CheckCommand, io: Io): number {
  const compiled = compileProject(command, io);
  if ("exitCode" in compiled) return compiled.exitCode;
  const { c, project } = compiled;
  printCheck(c, io, command);
  return checkExitCode(c.diagnostics, command, command.failureThreshold ?? project.config.failureThreshold ?? "error");
}
