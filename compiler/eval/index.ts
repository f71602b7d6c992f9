/**
 * The evaluator's public surface: `simulate` a request against a mesh (docs/results.md).
 */
import type { Result } from "../diagnostics/diagnostic.ts";
import { resourcesOf, type MeshIR } from "../ir/ir.ts";
import { simulateEnvoy } from "./envoy/engine/index.ts";
import { simulateIstioCompiled } from "./istio/compiled/index.ts";
import { simulateIstio } from "./istio/engine.ts";
import type { CoverageSink } from "./coverage.ts";
import type { SimRequest, SimulationResult } from "./types.ts";

// ---- for the CLI, the scenario runner and the TypeScript test API ----
/** For `meshc diff`'s token partition (docs/diff.md): the `jwt` clause's token, and Envoy's audience check. */
export { audiencesAllowed, symbolicToken, type ParsedJwt } from "./_shared/jwt.ts";
export type {
  AuthzDecision,
  DestinationRef,
  Hop,
  Outcome,
  RequestAuth,
  RequestJwt,
  RequestSource,
  RouteRef,
  SimRequest,
  SimulationResult,
} from "./types.ts";

export interface SimulateOptions {
  /**
   * Which engine evaluates the request: `istio` (default) evaluates the IR with Istio's semantics; `envoy` evaluates
   * the Envoy configuration `meshc build` emits for the proxies (sidecars, ingress gateway pods), as they would.
   */
  readonly engine?: "istio" | "envoy";
  /** Receives the VirtualService rules, AuthorizationPolicy rules and PeerAuthentication settings exercised. */
  readonly coverage?: CoverageSink;
  /**
   * `false`: the result's `trace` is empty and every other field is the same. The Istio engine then evaluates
   * through per-IR compiled plans (`istio/compiled/`), which is what makes many decisions per second possible; with
   * `coverage` it still takes the traced path. Default `true` (the CLI, scenario runner and test API print traces).
   */
  readonly trace?: boolean;
}

const gatewayEndpoints = new WeakMap<MeshIR, boolean>();

/** Whether a Service selects a gateway pod, so that a request can cross it as a hop (_shared/hops.ts). */
function hasGatewayEndpoints(ir: MeshIR): boolean {
  let v = gatewayEndpoints.get(ir);
  if (v === undefined) {
    const pods = new Set(resourcesOf(ir, "gateway").flatMap((g) => g.selectedWorkloads));
    v = ir.services.some((s) => s.workloads.some((w) => pods.has(w)));
    gatewayEndpoints.set(ir, v);
  }
  return v;
}

const splitHeaders = new WeakMap<MeshIR, boolean>();

/** Whether a VirtualService splits traffic over destinations with their own request header operations. */
function hasSplitHeaders(ir: MeshIR): boolean {
  let v = splitHeaders.get(ir);
  if (v === undefined) {
    v = resourcesOf(ir, "virtualService").some((vs) =>
      (vs.spec.http ?? []).some((r) => (r.route?.length ?? 0) > 1 && r.route!.some((d) => d.headers?.request)),
    );
    splitHeaders.set(ir, v);
  }
  return v;
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
export function simulate(
  ir: MeshIR,
  request: SimRequest,
  options: SimulateOptions = {},
): Result<SimulationResult | undefined> {
  // The compiled plans know no RequestAuthentication, no gateway pod behind a Service (hops) and no per-destination
  // request headers of a weighted split: a mesh with one takes the traced path (then drops the trace).
  if (
    options.trace === false &&
    options.engine !== "envoy" &&
    options.coverage === undefined &&
    resourcesOf(ir, "requestAuthentication").length === 0 &&
    !hasGatewayEndpoints(ir) &&
    !hasSplitHeaders(ir)
  )
    return simulateIstioCompiled(ir, request);
  const r =
    options.engine === "envoy"
      ? simulateEnvoy(ir, request, options.coverage)
      : simulateIstio(ir, request, options.coverage);
  return options.trace === false && r.value !== undefined
    ? { value: { ...r.value, trace: [] }, diagnostics: r.diagnostics }
    : r;
}
