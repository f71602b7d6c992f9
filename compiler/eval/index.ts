/**
 * The evaluator's public surface: `simulate` a request against a mesh (DESIGN §4).
 */
import type { Result } from "../diagnostics/diagnostic.ts";
import type { MeshIR } from "../ir/ir.ts";
import { simulateEnvoy } from "./envoy/engine/index.ts";
import { simulateIstio } from "./istio/engine.ts";
import type { CoverageSink } from "./coverage.ts";
import type { SimRequest, SimulationResult } from "./types.ts";

// ---- for the CLI, the scenario runner and the TypeScript test API ----
export type { AuthzDecision, DestinationRef, Outcome, RequestSource, RouteRef, SimRequest, SimulationResult } from "./types.ts";

export interface SimulateOptions {
  /**
   * Which engine evaluates the request: `istio` (default) evaluates the IR with Istio's semantics; `envoy` evaluates
   * the Envoy configuration `meshc build` emits for the two sidecars, as the proxies would (no ingress gateways).
   */
  readonly engine?: "istio" | "envoy";
  /** Receives the VirtualService rules, AuthorizationPolicy rules and PeerAuthentication settings exercised. */
  readonly coverage?: CoverageSink;
}

/**
 * Evaluates one request. `value` is undefined exactly when `diagnostics` has an error (unknown source, unresolvable
 * host, ambiguous port), since there is then no request to evaluate.
 *
 * @example
 * simulate(ir, { method: "GET", scheme: "http", host: "reviews.bookinfo", port: 9080, path: "/reviews/1", query: "",
 *   headers: { "end-user": "jason" }, source: { kind: "workload", namespace: "bookinfo", name: "productpage-v1" },
 *   plaintext: false })
 * // → { route: { resource: "VirtualService bookinfo/reviews", index: 0, name: "jason" }, outcomes: [{ probability: 1,
 * //      status: 200, destination: { service: "reviews.bookinfo.svc.cluster.local", subset: "v2", ... }, ... }], ... }
 */
export function simulate(ir: MeshIR, request: SimRequest, options: SimulateOptions = {}): Result<SimulationResult | undefined> {
  return options.engine === "envoy" ? simulateEnvoy(ir, request, options.coverage) : simulateIstio(ir, request, options.coverage);
}
