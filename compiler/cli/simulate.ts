/**
 * `meshc simulate <input>... --request "<request>" [--json]`: one request through the mesh. Pretty output shows the
 * decision and the trace; `--json` prints docs/results.md's result.
 */
import { renderPretty } from "../diagnostics/render.ts";
import { hasErrors } from "../diagnostics/diagnostic.ts";
import { simulate } from "../eval/index.ts";
import type { Outcome, SimulationResult } from "../eval/types.ts";
import type { Compilation } from "../pipeline.ts";
import { parseRequest, REQUEST_FILE_NAME } from "../scenario/index.ts";
import type { Command, Engine } from "./args.ts";
import { compileProject, exitCodeFor, report } from "./common.ts";
import type { Io } from "./io.ts";

function describeOutcome(o: Outcome): string {
  const pct = `${(o.probability * 100).toFixed(4).replace(/\.?0+$/, "")}%`;
  const dest = o.destination ? `${o.destination.cluster}` : "no destination";
  const authz = o.authz ? ` ${o.authz.decision}${o.authz.policy ? ` by ${o.authz.policy}` : " (default)"}` : "";
  const fault = o.fault ? ` fault ${JSON.stringify(o.fault)}` : "";
  // The connection to the destination: the last hop's, or a single-hop outcome's (docs/results.md "TLS").
  const last = o.hops?.[o.hops.length - 1];
  const originated = last !== undefined ? last.tls === "origination" : o.tls === "origination";
  const mtls = o.mtls === null ? "" : o.mtls ? " mTLS" : originated ? " TLS origination" : " plaintext";
  return `  ${pct.padStart(9)}  status ${o.status}  ${dest}${mtls}${authz}${fault}${o.error ? `  (${o.error})` : ""}`;
}

export function renderSimulation(r: SimulationResult): string {
  const lines = [
    `${r.request.method || "TCP"} ${r.request.host}:${r.request.port}${r.request.path} from ${r.request.source}`,
    `route: ${r.route ? `${r.route.resource} ${r.route.section ?? "http"}[${r.route.index}]${r.route.name ? ` '${r.route.name}'` : ""}` : "none"}`,
    `timeout: ${r.timeout ?? "none"}; retries: ${r.retries ? `${r.retries.attempts} (${r.retries.retryOn ?? "default"})` : "none"}`,
    "outcomes:",
    ...r.outcomes.map(describeOutcome),
    "trace:",
    ...r.trace.map((t) => `  ${t}`),
  ];
  return lines.join("\n") + "\n";
}

export function runSimulate(
  c: Compilation,
  request: string,
  options: { readonly json: boolean; readonly engine: Engine },
  io: Io,
): number {
  const { json } = options;
  const parsed = parseRequest(request);
  const sources = new Map([...c.sources, [REQUEST_FILE_NAME, request]]);
  if (parsed.value === undefined || c.ir === undefined) {
    io.stderr(renderPretty(parsed.diagnostics, sources, { color: io.color }));
    return 1;
  }
  const result = simulate(c.ir, parsed.value, { engine: options.engine });
  if (result.diagnostics.length > 0) io.stderr(renderPretty(result.diagnostics, sources, { color: io.color }));
  if (result.value === undefined || hasErrors(result.diagnostics)) return 1;
  io.stdout(json ? `${JSON.stringify(result.value, null, 2)}\n` : renderSimulation(result.value));
  return 0;
}

/** `meshc simulate`: compile the inputs, then evaluate the request. */
export function simulateCommand(command: Extract<Command, { kind: "simulate" }>, io: Io): number {
  const compiled = compileProject(command, io);
  if ("exitCode" in compiled) return compiled.exitCode;
  const { c } = compiled;
  // The mesh's warnings are `check`'s business; a simulation prints them on request (its errors always).
  report(c, io, { errorsOnly: !command.warnings, shownBy: "--warnings shows them" });
  if (c.ir === undefined) return exitCodeFor(c.diagnostics);
  return runSimulate(c, command.request, { json: command.json, engine: command.engine }, io);
}
