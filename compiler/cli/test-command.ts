/**
 * `meshc test <input>... [<file.scenarios>...] [--reporter pretty|junit|json]`: runs scenario files against the mesh.
 * Without scenario files, the `*.scenarios` files beside the inputs (next to a mesh.ts, or inside a YAML directory)
 * are run. Exit 1 when a scenario fails or a file has syntax errors.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { Messages } from "../diagnostics/messages.ts";
import { renderPretty } from "../diagnostics/render.ts";
import type { Compilation } from "../pipeline.ts";
import { parseScenarios } from "../scenario/index.ts";
import { renderTestJson } from "../scenario/report/json.ts";
import { renderTestJunit } from "../scenario/report/junit.ts";
import { renderTestPretty } from "../scenario/report/pretty.ts";
import { runScenarioFile, type ScenarioRun } from "../scenario/run.ts";
import { collectingSink, coverageReport } from "../eval/coverage.ts";
import { coverageJson, renderCoverage } from "../scenario/report/coverage.ts";
import type { Command, Engine, Reporter } from "./args.ts";
import { compileProject, exitCodeFor, normalizeInputs, report } from "./common.ts";
import type { Io } from "./io.ts";

/** Scenario files next to the inputs (relative to `cwd`), sorted. */
export function discoverScenarioFiles(inputs: readonly string[], cwd = "."): string[] {
  const at = (p: string) => resolve(cwd, p);
  const dirs = inputs.map((i) => (existsSync(at(i)) && statSync(at(i)).isDirectory() ? i : dirname(i)));
  const found = [...new Set(dirs)].flatMap((d) =>
    existsSync(at(d))
      ? readdirSync(at(d))
          .filter((f) => f.endsWith(".scenarios"))
          .map((f) => join(d, f).split("\\").join("/"))
      : [],
  );
  return [...new Set(found)].sort();
}

export interface TestOptions {
  readonly reporter: Reporter;
  readonly coverage: boolean;
  readonly failUnder: number | undefined;
  readonly engine: Engine;
}

export function runTests(c: Compilation, scenarioFiles: readonly string[], options: TestOptions, io: Io): number {
  if (c.ir === undefined) return 1;
  const { reporter } = options;
  const sink = options.coverage ? collectingSink() : undefined;
  const sources = new Map(c.sources);
  const runs = new Map<string, ScenarioRun[]>();
  const syntax: Diagnostic[] = [];
  for (const file of scenarioFiles) {
    const text = readFileSync(resolve(io.cwd, file), "utf8");
    sources.set(file, text);
    const parsed = parseScenarios(text, file);
    syntax.push(...parsed.diagnostics);
    if (parsed.diagnostics.some((d) => d.severity === "error")) continue;
    runs.set(
      file,
      runScenarioFile(
        c.ir,
        parsed.value,
        sink === undefined ? { engine: options.engine } : { engine: options.engine, coverage: sink },
      ),
    );
  }
  if (syntax.length > 0) io.stderr(renderPretty(syntax, sources, { color: io.color }));
  const all = [...runs.values()].flat();
  const coverage = sink === undefined ? undefined : coverageReport(c.ir, sink.keys);
  if (reporter === "junit") io.stdout(renderTestJunit(runs, sources));
  else if (reporter === "json") io.stdout(renderTestJson(all, sources, coverage && coverageJson(coverage, sources)));
  else io.stdout(renderTestPretty(all, sources));
  // With junit and json on stdout, the coverage summary goes to stderr so the machine-readable output stays valid.
  if (coverage !== undefined) (reporter === "pretty" ? io.stdout : io.stderr)(renderCoverage(coverage, sources));
  const failed = syntax.some((d) => d.severity === "error") || all.some((r) => !r.passed);
  const under = coverage !== undefined && options.failUnder !== undefined && coverage.percent < options.failUnder;
  if (under)
    io.stderr(`meshc: coverage ${coverage.percent.toFixed(2)}% is below --fail-under ${options.failUnder}%.\n`);
  return failed || under ? 1 : 0;
}

/** `meshc test`: compile the inputs, then run the scenario files given, or those beside the inputs. */
export function testCommand(command: Extract<Command, { kind: "test" }>, io: Io): number {
  const compiled = compileProject(command, io);
  if ("exitCode" in compiled) return compiled.exitCode;
  const { c, project } = compiled;
  const inputs = project.inputs;
  // The mesh's warnings are `check`'s business; a test run prints them on request (its errors always).
  report(c, io, { errorsOnly: !command.warnings, shownBy: "--warnings shows them" });
  if (c.ir === undefined) return exitCodeFor(c.diagnostics);
  const files =
    command.scenarios.length > 0 ? normalizeInputs(command.scenarios, io.cwd) : discoverScenarioFiles(inputs, io.cwd);
  if (files.length === 0) {
    io.stderr("meshc: no scenario files given, and none (*.scenarios) beside the inputs.\n");
    return 2;
  }
  // A scenario file that cannot be read is an unreadable input like any other (MESH1001, exit 2).
  const at = (f: string) => resolve(io.cwd, f);
  const unreadable = files.filter((f) => !existsSync(at(f)) || !statSync(at(f)).isFile());
  if (unreadable.length > 0) {
    const reason = (f: string) => (existsSync(at(f)) ? "is a directory" : "no such file or directory");
    const diagnostics = unreadable.map((f) =>
      createDiagnostic(Messages.Cannot_read_input_0_Colon_1, undefined, [f, reason(f)]),
    );
    io.stderr(renderPretty(diagnostics, new Map(), { color: io.color }));
    return exitCodeFor(diagnostics);
  }
  return runTests(c, files, command, io);
}
