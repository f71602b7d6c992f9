/**
 * `meshc` entry point: parse argv, then load only the module of the command that runs (a command's compiler stages,
 * gRPC for `serve`, the Envoy bindings for `build`), so `--version` and `--help` start in milliseconds. Diagnostics
 * go to stderr and results to stdout; the returned promise gives the exit code (docs/cli.md: 0 success; 1 errors found
 * / stale output; 2 usage error, unreadable input, internal error).
 */
import { renderPretty } from "../diagnostics/render.ts";
import { parseCommand, USAGE } from "./args.ts";
import { commandHelp } from "./help.ts";
import { version } from "./version.ts";
import type { Io } from "./io.ts";

export type { Io } from "./io.ts";
export { version } from "./version.ts";

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseCommand(argv);
  if (!parsed.ok) {
    // A catalog diagnostic carries its own hint (which help to read); other usage errors print the general usage.
    if (parsed.diagnostic !== undefined) io.stderr(renderPretty([parsed.diagnostic], new Map(), { color: io.color }));
    else io.stderr(`meshc: ${parsed.error}\n\n${USAGE}\n`);
    return 2;
  }
  const command = parsed.command;
  switch (command.kind) {
    case "help":
      io.stdout(`${(command.command === undefined ? undefined : commandHelp(command.command)) ?? USAGE}\n`);
      return 0;
    case "version":
      io.stdout(`meshc ${version()}\n`);
      return 0;
    case "check":
      return (await import("./check.ts")).checkCommand(command, io);
    case "simulate":
      return (await import("./simulate.ts")).simulateCommand(command, io);
    case "test":
      return (await import("./test-command.ts")).testCommand(command, io);
    case "route-check": {
      const { kind: _, ...options } = command;
      return (await import("./route-check.ts")).runRouteCheck(options, io);
    }
    case "serve":
      return (await import("./serve.ts")).serveCommand(command, io);
    case "build":
      return (await import("./build.ts")).buildCommand(command, io);
    case "import":
      return (await import("./import.ts")).importCommand(command, io);
    case "diff":
      return (await import("./diff.ts")).diffCommand(command, io);
    case "init":
      return (await import("./init.ts")).initCommand(command, io);
    default:
      return command satisfies never;
  }
}
