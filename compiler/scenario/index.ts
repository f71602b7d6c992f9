/**
 * The request and scenario language (docs/requests.md, docs/scenarios.md): parsing to an AST with diagnostics, and checking a scenario's
 * expectations against a simulation result.
 */

// For `meshc simulate --request` and `meshc test`: text → AST.
export { parseRequest, parseScenarios, REQUEST_FILE_NAME } from "./parse.ts";
export type { ParsedRequest } from "./visitor.ts";

// The AST, for runners and reporters.
export type {
  AuthzExpectation,
  DestinationTarget,
  DistributionExpectation,
  Expectation,
  MtlsExpectation,
  NoRouteExpectation,
  PlaintextExpectation,
  RetriesExpectation,
  Scenario,
  ScenarioFile,
  StatusExpectation,
  TimeoutExpectation,
} from "./ast.ts";

// For `meshc test` and the TypeScript test API: expectations against a `SimulationResult`.
export { checkExpectations, type ExpectationFailure } from "./expect.ts";
export { serviceResolver, type ServiceResolution, type ServiceResolver } from "./resolve.ts";
