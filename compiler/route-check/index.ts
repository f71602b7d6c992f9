/**
 * `meshc route-check`: Envoy's router_check_tool test format run by meshc's Envoy route evaluator.
 */
// ---- for the CLI ----
export { loadRouteConfiguration, parseYamlObject, type Loaded } from "./load-config.ts";
export { parseValidation, type TestAssert, type TestCase, type TestInput, type Validation } from "./test-file.ts";
export {
  runRouteCheckTests,
  prepareConfig,
  type RouteCheckOptions,
  type RouteCheckRun,
  type TestResult,
} from "./run.ts";
// ---- for tests and other tools ----
export { printTextFormat } from "./text-format.ts";
export { parseTextProto } from "./pb-text.ts";
