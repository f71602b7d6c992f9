/**
 * Route timeout and retry policy with Istio's defaults (istio `pilot/pkg/networking/core/route/route.go` `setTimeout`,
 * `route/retry/retry.go` `ConvertPolicy`): no VS timeout → Envoy `timeout: 0s`, i.e. none (not Envoy's 15 s); no
 * VS retries → 2 attempts on `connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes`;
 * `attempts` 0 (or unset in a given `retries`) → no retry policy. MeshConfig `defaultHttpRetryPolicy` is not in the
 * IR yet, so the built-in default is used.
 */
import type { HTTPRoute } from "../../ir/istio-api.ts";
import type { SimulationResult } from "../types.ts";

export const DEFAULT_RETRY_ON = "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes";

/** The default route of a service without VirtualService gets the default retry policy too (route.go `BuildDefaultHTTPOutboundRoute`). */
export const DEFAULT_RETRIES: NonNullable<SimulationResult["retries"]> = {
  attempts: 2,
  perTryTimeout: null,
  retryOn: DEFAULT_RETRY_ON,
};

export function retriesOf(rule: HTTPRoute): SimulationResult["retries"] {
  const r = rule.retries;
  if (r === undefined) return DEFAULT_RETRIES;
  const attempts = r.attempts ?? 0;
  if (attempts <= 0) return null;
  return { attempts, perTryTimeout: r.perTryTimeout ?? null, retryOn: r.retryOn ?? DEFAULT_RETRY_ON };
}

/** A zero duration disables the timeout, as Envoy's `timeout: 0s` does. */
export function timeoutOf(rule: HTTPRoute): string | null {
  const t = rule.timeout;
  return t === undefined || /^0+(\.0+)?(s|ms|m|h|us|ns)?$/.test(t) ? null : t;
}
