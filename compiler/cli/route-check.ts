/**
 * `meshc route-check --config <RouteConfiguration> --tests <file> [--details] [--only-show-failures] [--covall]
 * [--detailed-coverage] [--fail-under N]`: Envoy's router_check_tool, run by meshc's Envoy route evaluator
 * (flags and output as test/tools/router_check/router.cc `Options` and router_check.cc `main`). The config is YAML or
 * JSON (a RouteConfiguration, or a Bootstrap whose HCM has an inline route_config); the tests are YAML, JSON or
 * `.pb_text`. Exit 1 when the config or tests do not load, a test fails, or coverage is under `--fail-under`.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadRouteConfiguration, parseValidation, runRouteCheckTests } from "../route-check/index.ts";

export interface RouteCheckCliOptions {
  readonly config: string;
  readonly tests: string;
  readonly details?: boolean;
  readonly onlyShowFailures?: boolean;
  readonly covall?: boolean;
  readonly detailedCoverage?: boolean;
  /** Percent; 0 or undefined: not enforced. */
  readonly failUnder?: number;
}

export interface RouteCheckIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly cwd: string;
}

/** Runs the tests and prints as the tool does; returns the exit code (0 or 1). */
export function runRouteCheck(options: RouteCheckCliOptions, io: RouteCheckIo): number {
  const read = (path: string): string | undefined => {
    try {
      return readFileSync(resolve(io.cwd, path), "utf8");
    } catch (e) {
      io.stderr(`meshc: cannot read '${path}': ${(e as Error).message}\n`);
      return undefined;
    }
  };
  const configText = read(options.config);
  const testText = read(options.tests);
  if (configText === undefined || testText === undefined) return 1;
  const config = loadRouteConfiguration(configText);
  if (!config.ok) {
    io.stderr(`${options.config}: ${config.error}\n`);
    return 1;
  }
  const validation = parseValidation(testText, options.tests.endsWith(".pb_text"));
  if (!validation.ok) {
    io.stderr(`${options.tests}: ${validation.error}\n`);
    return 1;
  }
  const run = runRouteCheckTests(config.value, validation.value, {
    details: options.details ?? false,
    onlyShowFailures: options.onlyShowFailures ?? false,
    comprehensiveCoverage: options.covall ?? false,
    detailedCoverage: options.detailedCoverage ?? false,
    failUnder: options.failUnder ?? 0,
  });
  if (run.stdout !== "") io.stdout(run.stdout);
  if (run.stderr !== "") io.stderr(run.stderr);
  return run.exitCode;
}
