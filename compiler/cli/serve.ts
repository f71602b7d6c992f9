/**
 * `meshc serve <input>... [--port N] [--host H] [--watch]`: runs the ADS server of compiler/serve/ until SIGINT or
 * SIGTERM. Prints `meshc serve: listening on HOST:PORT` on stdout once bound (so `--port 0` users and tests can read
 * the port); the control plane's log and diagnostics go to stderr. `main` returns as soon as serving has started;
 * the process's exit code is set when it stops (2 when the port cannot be bound).
 */
import { renderPretty } from "../diagnostics/render.ts";
import type { MeshIR } from "../ir/ir.ts";
import { compile, type Compilation } from "../pipeline.ts";
import { startServe, type ServeSession } from "../serve/index.ts";
import type { Command } from "./args.ts";
import { exitCodeFor, normalizeInputs, projectIstiod, report } from "./common.ts";
import type { Io } from "./io.ts";

/** How long a shutdown waits for in-flight calls before forcing (grpc-js `tryShutdown`, then `forceShutdown`). */
const SHUTDOWN_GRACE_MS = 2000;

/** Starts serving the compiled mesh `c`; returns 0 once started (see the module comment for the exit code). */
export function runServe(
  c: Compilation & { ir: MeshIR },
  command: Extract<Command, { kind: "serve" }>,
  io: Io,
): number {
  const log = (line: string) => io.stderr(`meshc serve: ${line}\n`);
  let session: ServeSession | undefined;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    const forced = setTimeout(() => process.exit(process.exitCode ?? 0), SHUTDOWN_GRACE_MS * 2);
    forced.unref();
    void (session?.close() ?? Promise.resolve()).then(() => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      log("stopped");
    });
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  startServe(c, {
    inputs: c.inputs,
    host: command.host,
    port: command.port,
    watch: command.watch,
    allowEmpty: command.allowEmpty,
    compile: (inputs) => compile(inputs, { istiod: c.ir.istiod }),
    log,
    report: (next) => {
      if (next.diagnostics.length > 0) io.stderr(renderPretty(next.diagnostics, next.sources, { color: io.color }));
    },
  }).then(
    (s) => {
      session = s;
      if (stopping) return void s.close();
      io.stdout(
        `meshc serve: listening on ${command.host}:${s.port}${command.watch ? " (watching the inputs)" : ""}\n`,
      );
    },
    (e: unknown) => {
      log(`cannot listen on ${command.host}:${command.port}: ${e instanceof Error ? e.message : String(e)}`);
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      process.exitCode = 2;
    },
  );
  return 0;
}

/** `meshc serve`: compile the inputs, then start serving them. */
export function serveCommand(command: Extract<Command, { kind: "serve" }>, io: Io): number {
  const project = projectIstiod(io);
  if ("exitCode" in project) return project.exitCode;
  const { istiod } = project;
  const c = compile(normalizeInputs(command.inputs, io.cwd), { istiod });
  report(c, io);
  if (c.ir === undefined) return exitCodeFor(c.diagnostics);
  return runServe({ ...c, ir: c.ir }, command, io);
}
