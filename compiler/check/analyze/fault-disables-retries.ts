/**
 * Istio does not apply a route's retries or timeout when the route injects a fault: virtual_service.proto,
 * `HTTPRoute.fault`: "Note that timeouts or retries will not be enabled when faults are enabled on the client side."
 * (https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute, istio/istio#20928).
 */
import { Messages } from "../../diagnostics/messages.ts";
import { forEachNode, type Rule } from "../_rule.ts";

/** Retries and timeouts on routes with a fault (MESH2224). */
export const faultDisablesRetries: Rule = forEachNode("virtualService", (vs, report) => {
  (vs.spec.http ?? []).forEach((route, i) => {
    if (typeof route.fault !== "object" || route.fault === null || Array.isArray(route.fault)) return;
    const attempts = route.retries?.attempts;
    if (typeof attempts === "number" && attempts > 0)
      report(Messages.Fault_disables_0, ["spec", "http", i, "retries"], ["retry policy"]);
    if (typeof route.timeout === "string" && route.timeout !== "0s")
      report(Messages.Fault_disables_0, ["spec", "http", i, "timeout"], ["timeout"]);
  });
});
