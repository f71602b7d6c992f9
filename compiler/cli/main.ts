/**
 * `meshc` entry point: parse argv, then load only the module of the command that runs (a command's compiler stages,
 * gRPC for `serve`, the Envoy bindings for `build`), so `--version` and `--help` start in milliseconds. Diagnostics
 * go to stderr and results to stdout; the returned promise gives the exit code (DESIGN §2: 0 success; 1 errors found
 * / stale output; 2 usage error, unreadable input, internal error).
 */
import { createRequire } from "node:module";
import { parseCommand, USAGE } from "./args.ts";
import type { Io } from "./io.ts";

export type { Io } from "./io.ts";

/** meshc's version, from its package.json (found by the package's own name, as in src/ and in the built dist/). */
export function version(): string {
  return (createRequire(import.meta.url)("meshc/package.json") as { version: string }).version;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
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
    default:
      return command satisfies never;
  }
}
