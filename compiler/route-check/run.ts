/**
 * Runs a router_check_tool test file against a route table with meshc's Envoy route evaluator, reproducing the
 * tool (test/tools/router_check/router.cc `RouterCheckTool::compareEntries`, `printResults`; router_check.cc `main`):
 * route names are uniquified and `runtime_fraction` numerators of 0 bumped to 1 before loading; each test's request
 * is routed once with the test's runtime key as the only enabled one; failures are listed per test; coverage is
 * printed only when every test passed, and `--fail-under` then applies. Pure: returns the text to print.
 */
import type { RouteConfiguration } from "../emit/envoy/gen/envoy/config/route/v3/route.ts";
import { RouteConfiguration as RouteConfigurationType } from "../emit/envoy/gen/envoy/config/route/v3/route.ts";
import { applySetMetadata } from "../eval/envoy/route/metadata-matcher.ts";
import { evaluateRoute } from "../eval/envoy/route/evaluate.ts";
import { routerCheckRuntime } from "../eval/envoy/route/runtime.ts";
import type { RouteDecision } from "../eval/envoy/route/types.ts";
import { validateRouteConfiguration } from "../eval/envoy/route/validate-config.ts";
import { runChecks } from "./checks.ts";
import { formatDouble, RouteCoverage, uniqueRouteNames, type CoverageTarget } from "./coverage.ts";
import type { TestCase, Validation } from "./test-file.ts";

export interface RouteCheckOptions {
  /** `--details`: print every test name. */
  readonly details: boolean;
  readonly onlyShowFailures: boolean;
  /** `--covall`. */
  readonly comprehensiveCoverage: boolean;
  readonly detailedCoverage: boolean;
  /** `--fail-under N` (percent); 0 disables, as in the tool. */
  readonly failUnder: number;
}

export interface TestResult {
  readonly testName: string;
  readonly passed: boolean;
  readonly failures: readonly string[];
}

export interface RouteCheckRun {
  readonly results: readonly TestResult[];
  /** Undefined when a test failed (the tool then prints no coverage). */
  readonly coverage: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: 0 | 1;
}

/** The tool's load-time changes: numerator 0 → 1 on every `runtime_fraction` (`assignRuntimeFraction`). */
export function prepareConfig(config: RouteConfiguration): RouteConfiguration {
  const copy = RouteConfigurationType.clone(config);
  for (const vh of copy.virtualHosts) {
    for (const r of vh.routes) {
      const dv = r.match?.runtimeFraction?.defaultValue;
      if (dv !== undefined && dv.numerator === 0) dv.numerator = 1;
    }
  }
  return copy;
}

export function runRouteCheckTests(
  loaded: RouteConfiguration,
  validation: Validation,
  options: RouteCheckOptions,
): RouteCheckRun {
  const errors = validateRouteConfiguration(loaded);
  if (errors.length > 0)
    return { results: [], coverage: undefined, stdout: "", stderr: `${errors.join("\n")}\n`, exitCode: 1 };
  const config = prepareConfig(loaded);
  const names = uniqueRouteNames(config);
  const coverage = new RouteCoverage(config, names);
  const results = validation.tests.map((t) => runOne(config, names, coverage, t));
  let stdout = "";
  let stderr = "";
  for (const r of results) {
    const show = (options.details && !options.onlyShowFailures) || (options.onlyShowFailures && !r.passed);
    if (!show) continue;
    if (r.passed) stdout += `${r.testName}\n`;
    else stderr += `${r.testName}\n${r.failures.map((f) => `${f}\n`).join("")}`;
  }
  if (results.some((r) => !r.passed)) return { results, coverage: undefined, stdout, stderr, exitCode: 1 };
  const report = options.comprehensiveCoverage
    ? coverage.comprehensiveReport()
    : coverage.report(options.detailedCoverage);
  for (const line of report.lines) stdout += `${line}\n`;
  stdout += `Current route coverage: ${formatDouble(report.percent)}%\n`;
  if (options.failUnder !== 0 && report.percent < options.failUnder) {
    stderr += `Failed to meet coverage requirement: ${formatDouble(options.failUnder)}%\n`;
    return { results, coverage: report.percent, stdout, stderr, exitCode: 1 };
  }
  return { results, coverage: report.percent, stdout, stderr, exitCode: 0 };
}

function runOne(
  config: RouteConfiguration,
  names: readonly (readonly string[])[],
  coverage: RouteCoverage,
  t: TestCase,
): TestResult {
  const i = t.input;
  const decision = evaluateRoute(config, {
    authority: i.authority,
    path: i.path,
    method: i.method,
    headers: i.additionalRequestHeaders.map((h) => [h.key, h.value] as const),
    responseHeaders: i.additionalResponseHeaders.map((h) => [h.key, h.value] as const),
    ssl: i.ssl,
    internal: i.internal,
    // ToolConfig keeps random_value in an int before passing it on as uint64.
    randomValue: BigInt.asUintN(64, BigInt.asIntN(32, i.randomValue)),
    runtime: routerCheckRuntime(i.runtime),
    dynamicMetadata: applySetMetadata(i.dynamicMetadata),
    downstreamRemoteAddress: "127.0.0.1:0",
  });
  const failures = runChecks(t.validate, { config, decision, target: coverageTarget(decision, names), coverage });
  return { testName: t.testName, passed: failures.length === 0, failures };
}

function coverageTarget(d: RouteDecision, names: readonly (readonly string[])[]): CoverageTarget | undefined {
  const a = d.action;
  if (a.kind === "redirect" && a.sslRedirect) return { key: "require-tls-redirect", routeName: "", direct: true };
  if (d.route === null || (a.kind !== "route" && a.kind !== "redirect" && a.kind !== "directResponse"))
    return undefined;
  const weighted = a.kind === "route" && a.picked !== null ? `/${a.picked.index}` : "";
  const routeName = names[d.route.virtualHostIndex]?.[d.route.routeIndex] ?? "";
  return { key: `${d.route.virtualHostIndex}/${d.route.routeIndex}${weighted}`, routeName, direct: a.kind !== "route" };
}
