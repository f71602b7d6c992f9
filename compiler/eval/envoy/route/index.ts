/**
 * The Envoy route-table evaluator: a request through a RouteConfiguration as Envoy routes it.
 */
// ---- for the Envoy engine, `meshc route-check` and tests ----
export { evaluateRoute, requestHeaderList } from "./evaluate.ts";
export { validateRouteConfiguration } from "./validate-config.ts";
export { DEFAULT_RUNTIME, routerCheckRuntime, evaluateFractionalPercent } from "./runtime.ts";
export { applySetMetadata } from "./metadata-matcher.ts";
export type {
  EnvoyRequest,
  HeaderEntry,
  JsonObject,
  JsonValue,
  RetryPolicySummary,
  RouteActionDecision,
  RouteDecision,
  RouteRefEnvoy,
  RuntimeSnapshot,
  WeightedPick,
} from "./types.ts";
// ---- building blocks (one Envoy concept each) ----
export { findVirtualHost, hostForMatching } from "./virtual-host.ts";
export { matchRoute, removeQueryAndFragment, isGrpcRequest } from "./route-match.ts";
export { matchHeader, matchAllHeaders } from "./header-matcher.ts";
export { pickWeightedCluster } from "./weighted-clusters.ts";
export { newUri } from "./redirect.ts";
export { HeaderMap } from "./header-map.ts";
