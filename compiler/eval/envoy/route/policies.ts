/**
 * Per-route values the router uses after the route is chosen (route_components.proto `RouteAction`, `RetryPolicy`;
 * envoy `source/common/router/config_impl.cc` `RouteEntryImplBase` constructor and `buildRetryPolicy`):
 * `timeout` defaults to 15 s (`0s` disables), `idle_timeout` has no default; the route's `retry_policy` replaces the
 * virtual host's entirely; `num_retries` defaults to 1; virtual clusters are matched in order on request headers,
 * with the catch-all `other` when a virtual host has some and none matched (`virtualClusterFromEntries`).
 */
import type {
  RouteAction,
  RetryPolicy,
  VirtualHost,
} from "../../../emit/envoy/gen/envoy/config/route/v3/route_components.ts";
import { Duration } from "../../../emit/envoy/gen/google/protobuf/duration.ts";
import { matchAllHeaders } from "./header-matcher.ts";
import type { HeaderMap } from "./header-map.ts";
import type { RetryPolicySummary } from "./types.ts";

/** Duration in proto3 JSON form: `30s`, `0.500s`. */
export function durationString(d: Duration): string {
  return Duration.toJson(d) as string;
}

/** Duration in milliseconds (for comparisons). */
export function durationMs(d: Duration): number {
  return Number(d.seconds) * 1000 + d.nanos / 1e6;
}

export function routeTimeout(action: RouteAction): string {
  return action.timeout === undefined ? "15s" : durationString(action.timeout);
}

export function idleTimeout(action: RouteAction): string | null {
  return action.idleTimeout === undefined ? null : durationString(action.idleTimeout);
}

export function retryPolicy(action: RouteAction, vhost: VirtualHost): RetryPolicySummary | null {
  if (action.retryPolicy !== undefined) return summarize(action.retryPolicy, "route");
  if (vhost.retryPolicy !== undefined) return summarize(vhost.retryPolicy, "virtualHost");
  return null;
}

function summarize(p: RetryPolicy, source: RetryPolicySummary["source"]): RetryPolicySummary {
  return {
    source,
    retryOn: p.retryOn,
    numRetries: p.numRetries?.value ?? 1,
    perTryTimeout: p.perTryTimeout === undefined ? null : durationString(p.perTryTimeout),
    retriableStatusCodes: [...p.retriableStatusCodes],
  };
}

/** The virtual cluster's name, `other` when none matched, null when the virtual host has none. */
export function virtualClusterName(vhost: VirtualHost, headers: HeaderMap): string | null {
  if (vhost.virtualClusters.length === 0) return null;
  return vhost.virtualClusters.find((vc) => matchAllHeaders(vc.headers, headers))?.name ?? "other";
}
