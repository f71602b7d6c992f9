/**
 * The contract of the Envoy route-table evaluator: a request as an HCM sees it after decoding headers, and the
 * routing decision Envoy's `Router::ConfigImpl::route()` plus header finalisation make for it
 * (envoy `source/common/router/config_impl.cc`). Free of CLI concerns: `meshc route-check` and the Envoy engine of
 * `meshc simulate` both build on it.
 */
import type { FractionalPercent } from "../../../emit/envoy/gen/envoy/type/v3/percent.ts";

/** One header line; names are lower-cased, a name may repeat (Envoy's HeaderMap keeps every value). */
export type HeaderEntry = readonly [name: string, value: string];

/** A JSON value as a google.protobuf.Value holds it (dynamic metadata). */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A JSON object: a google.protobuf.Struct. */
export type JsonObject = { readonly [key: string]: JsonValue };

/**
 * Envoy's runtime snapshot as route matching uses it (`Runtime::Snapshot::featureEnabled(key, default, random)`).
 * Real Envoy with no runtime layer answers from `defaultValue` ([pct] `evaluateFractionalPercent`).
 */
export interface RuntimeSnapshot {
  featureEnabled(key: string, defaultValue: FractionalPercent, randomValue: bigint): boolean;
  /** Runtime override of a weighted cluster's weight (`runtime_key_prefix + "." + name`); undefined: none. */
  weight?(key: string): number | undefined;
}

/**
 * A request as the HCM hands it to the router. The header list is built the way Envoy's router_check_tool does
 * (`ToolConfig::create`, test/tools/router_check/router.cc): `:authority`, `:path`, `:method`, `x-forwarded-proto`,
 * `:scheme`, `x-envoy-internal: true` when internal, then `headers` appended in order (duplicates kept).
 */
export interface EnvoyRequest {
  readonly authority: string;
  /** `:path`, query string included. */
  readonly path: string;
  readonly method: string;
  /** Extra request headers, names in any case (lower-cased on use). */
  readonly headers?: readonly HeaderEntry[];
  /** TLS to the client: `x-forwarded-proto` and `:scheme` are `https`, else `http`. */
  readonly ssl?: boolean;
  /** Adds `x-envoy-internal: true` (HCM sets it for internal clients). */
  readonly internal?: boolean;
  /** The per-stream random value used for `runtime_fraction` and `weighted_clusters` (uint64). Default 0. */
  readonly randomValue?: bigint | number;
  /** StreamInfo dynamic metadata by filter namespace (route `dynamic_metadata` matchers read it). */
  readonly dynamicMetadata?: Readonly<Record<string, JsonObject>>;
  /** Downstream TLS peer certificate state, for `tls_context` matching; undefined: plaintext. */
  readonly tls?: { readonly presented: boolean; readonly validated: boolean };
  /** Downstream remote address `ip:port` (header formatters); default `127.0.0.1:0` as in the router_check_tool. */
  readonly downstreamRemoteAddress?: string;
  /** Default: no runtime layer, every `runtime_fraction` uses its `default_value`. */
  readonly runtime?: RuntimeSnapshot;
  /** Response headers the upstream would send (finalised with the route's response header mutations). */
  readonly responseHeaders?: readonly HeaderEntry[];
}

/** Where the decision came from: indices into `virtual_hosts` and its `routes`. */
export interface RouteRefEnvoy {
  readonly virtualHostIndex: number;
  readonly routeIndex: number;
  readonly name: string;
}

/** A weighted cluster entry and its share (`weight / total`). */
export interface WeightedPick {
  readonly index: number;
  readonly name: string;
  readonly weight: number;
}

export type RouteActionDecision =
  /** No virtual host, or no route in it, matched: Envoy answers 404 (`route_not_found`). */
  | { readonly kind: "noRoute" }
  /** Forward upstream. `cluster` is "" for a `cluster_header` route whose header is missing. */
  | {
      readonly kind: "route";
      readonly cluster: string;
      /** The weighted entry picked for the random value; null unless `weighted_clusters`. */
      readonly picked: WeightedPick | null;
      /** Every weighted entry with its weight (for probabilistic use); null unless `weighted_clusters`. */
      readonly weights: readonly WeightedPick[] | null;
      readonly totalWeight: number | null;
    }
  /** `redirect` (or the vhost's `require_tls` redirect, `sslRedirect`): the Location and status. */
  | { readonly kind: "redirect"; readonly uri: string; readonly status: number; readonly sslRedirect: boolean }
  /** `direct_response`: status and body; `uri` is what the router_check_tool reports as `path_redirect`. */
  | { readonly kind: "directResponse"; readonly status: number; readonly body: string; readonly uri: string }
  /** `non_forwarding_action` or `filter_action`: matched, but nothing the router forwards. */
  | { readonly kind: "nonForwarding" };

export interface RetryPolicySummary {
  /** Where it came from: the route's policy replaces the virtual host's (config_impl.cc `buildRetryPolicy`). */
  readonly source: "route" | "virtualHost";
  readonly retryOn: string;
  /** `num_retries`, default 1 (route_components.proto RetryPolicy). */
  readonly numRetries: number;
  readonly perTryTimeout: string | null;
  readonly retriableStatusCodes: readonly number[];
}

export interface RouteDecision {
  readonly virtualHost: { readonly index: number; readonly name: string } | null;
  readonly route: RouteRefEnvoy | null;
  readonly action: RouteActionDecision;
  /** Virtual cluster stat name (`other` when the vhost has some and none matched); null when none are configured. */
  readonly virtualCluster: string | null;
  /** Request headers after route finalisation (header mutations, path and host rewrites). */
  readonly requestHeaders: readonly HeaderEntry[];
  /** Response headers after finalisation (for a direct response: the local reply's). */
  readonly responseHeaders: readonly HeaderEntry[];
  /** Route timeout in proto3 JSON form (`15s` default, `0s` disables); null without a route entry. */
  readonly timeout: string | null;
  readonly idleTimeout: string | null;
  readonly retryPolicy: RetryPolicySummary | null;
  /** One line per decision step, for explanations. */
  readonly trace: readonly string[];
}
