/**
 * The AST of scenario files (docs/scenarios.md). Requests are the evaluator's own `SimRequest` (with its span), so a parsed
 * request goes to an engine unchanged. Every node has a `kind` and a `span`.
 */
import type { SimRequest } from "../eval/types.ts";
import type { Span } from "../diagnostics/span.ts";

/** A parsed `.scenarios` file. */
export interface ScenarioFile {
  readonly kind: "scenarioFile";
  readonly span: Span;
  readonly scenarios: readonly Scenario[];
}

/** `scenario "name"`, one request and the expectations that must all hold for it. */
export interface Scenario {
  readonly kind: "scenario";
  readonly span: Span;
  readonly name: string;
  readonly nameSpan: Span;
  readonly request: SimRequest & { readonly span: Span };
  readonly expectations: readonly Expectation[];
}

/** One `expect` line. */
export type Expectation =
  | DistributionExpectation
  | AuthzExpectation
  | StatusExpectation
  | NoRouteExpectation
  | MtlsExpectation
  | OriginationExpectation
  | PlaintextExpectation
  | TimeoutExpectation
  | RetriesExpectation
  | PrincipalExpectation
  | HopExpectation;

/**
 * `expect reviews@v2` (all traffic), `expect reviews` (all traffic, any subset) or
 * `expect reviews@v1 90%, reviews@v2 10%`. A lone target without a percentage means 100%.
 */
export interface DistributionExpectation {
  readonly kind: "distribution";
  readonly span: Span;
  readonly targets: readonly DestinationTarget[];
}

export interface DestinationTarget {
  readonly kind: "target";
  readonly span: Span;
  /** As written: a short name, `name.namespace` or a full host name. */
  readonly service: string;
  /** null: any subset. */
  readonly subset: string | null;
  /** 0–100; 100 when a lone target has none. */
  readonly percent: number;
}

/** `expect allow` / `expect deny`, optionally `by <namespace>/<policy>` or `by default` (no policy decided). */
export interface AuthzExpectation {
  readonly kind: "authz";
  readonly span: Span;
  readonly decision: "ALLOW" | "DENY";
  /** undefined: any reason; null: `by default`; otherwise `namespace/name` of the deciding policy. */
  readonly policy: string | null | undefined;
}

/** `expect status N` (every outcome) or `expect status N P%` (that share of the outcomes). */
export interface StatusExpectation {
  readonly kind: "status";
  readonly span: Span;
  readonly status: number;
  /** null: every outcome. */
  readonly percent: number | null;
}

/** `expect no route`: no route of any VirtualService matched. */
export interface NoRouteExpectation {
  readonly kind: "noRoute";
  readonly span: Span;
}

/** `expect mtls`: every outcome's connection used mutual TLS. */
export interface MtlsExpectation {
  readonly kind: "mtls";
  readonly span: Span;
}

/** `expect plaintext`: every outcome's connection was plaintext (neither Istio mTLS nor TLS the proxy originated). */
export interface PlaintextExpectation {
  readonly kind: "plaintext";
  readonly span: Span;
}

/** `expect origination`: every outcome's connection to its destination was TLS the last proxy originated. */
export interface OriginationExpectation {
  readonly kind: "origination";
  readonly span: Span;
}

/** `expect timeout 10s`. `0s` also matches a route without a timeout (Istio: 0s disables it). */
export interface TimeoutExpectation {
  readonly kind: "timeout";
  readonly span: Span;
  /** As written, e.g. `1.5s`. */
  readonly duration: string;
  readonly milliseconds: number;
}

/** `expect retries N`: the route's retry attempts (0 when it has no retry policy). */
export interface RetriesExpectation {
  readonly kind: "retries";
  readonly span: Span;
  readonly attempts: number;
}

/** `expect principal "iss/sub"` (every outcome's verified request principal) or `expect principal none`. */
export interface PrincipalExpectation {
  readonly kind: "principal";
  readonly span: Span;
  /** null: no outcome has a request principal. */
  readonly principal: string | null;
}

/**
 * `expect hop N [at <ns>/<workload>] [to <svc>[@<subset>]] [mtls|plaintext|origination] [allow|deny [by ...]]`: the
 * Nth proxy of every outcome's `hops` (docs/results.md "Hops"; 1 is the client's proxy) is that proxy, sent the
 * request there, opened that kind of connection and decided so. Only the parts written are checked.
 */
export interface HopExpectation {
  readonly kind: "hop";
  readonly span: Span;
  /** 1-based, as written. */
  readonly hop: number;
  /** `namespace/workload` as `hops[].proxy` names it. */
  readonly proxy?: string;
  readonly destination?: { readonly span: Span; readonly service: string; readonly subset: string | null };
  readonly tls?: "mtls" | "plaintext" | "origination";
  readonly authz?: Omit<AuthzExpectation, "kind" | "span">;
}
