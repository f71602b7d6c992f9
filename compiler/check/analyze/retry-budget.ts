/**
 * Retries that cannot all fit in the route timeout. Envoy's route timeout covers the whole request, retries
 * included, and each try may take up to `per_try_timeout`
 * (https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/route/v3/route_components.proto#envoy-v3-api-field-config-route-v3-routeaction-timeout);
 * Istio's `attempts` is the number of retries after the first try
 * (https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRetry).
 */
import { Messages } from "../../diagnostics/messages.ts";
import { parseDurationNs } from "../../ir/duration.ts";
import { forEachNode, type Rule } from "../_rule.ts";

/** `1500ms`, `3s`, `2m`: a duration as short as it can be written. */
export function formatDuration(ns: number): string {
  if (ns % 60e9 === 0 && ns >= 60e9) return `${ns / 60e9}m`;
  if (ns % 1e9 === 0) return `${ns / 1e9}s`;
  return `${ns / 1e6}ms`;
}

/** (attempts + 1) x perTryTimeout beyond the route timeout (MESH2225); routes with a fault are MESH2224's. */
export const retryBudget: Rule = forEachNode("virtualService", (vs, report) => {
  (vs.spec.http ?? []).forEach((route, i) => {
    if (typeof route.fault === "object" && route.fault !== null && !Array.isArray(route.fault)) return;
    const asString = (v: unknown) => (typeof v === "string" ? v : undefined);
    const timeout = asString(route.timeout);
    const perTry = asString(route.retries?.perTryTimeout);
    const attempts = route.retries?.attempts;
    if (timeout === undefined || perTry === undefined || typeof attempts !== "number" || attempts < 1) return;
    const [t, p] = [parseDurationNs(timeout), parseDurationNs(perTry)];
    if (t === undefined || p === undefined || t === 0 || p === 0) return;
    const total = (attempts + 1) * p;
    if (total > t)
      report(
        Messages.Retries_take_up_to_0_beyond_timeout_1,
        ["spec", "http", i, "retries", "perTryTimeout"],
        [formatDuration(total), attempts + 1, perTry, timeout],
      );
  });
});
