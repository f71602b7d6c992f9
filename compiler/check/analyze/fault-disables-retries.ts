/**
 * Istio does not apply a route's retries or timeout when the route injects a fault: virtual_service.proto,
 * `HTTPRoute.fault`: "Note that timeouts or retries will not be enabled when faults are enabled on the client side."
 * (https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute, istio/istio#20928).
 */
import { Messages } from "../../diagnostics/messages.ts";
import { isRecord, list, record } from "../../ir/_read.ts";
import { forEachOfKind, type Rule } from "../validate/_report.ts";

/** Retries and timeouts on routes with a fault (MESH2224). */
export const faultDisablesRetries: Rule = (ir) =>
  forEachOfKind(ir, "virtualService", (vs, report) => {
    list(vs.spec.http).forEach((r, i) => {
      const route = record(r);
      if (!isRecord(route["fault"])) return;
      const retries = record(route["retries"]);
      if (typeof retries["attempts"] === "number" && retries["attempts"] > 0)
        report(Messages.Fault_disables_0, ["spec", "http", i, "retries"], ["retry policy"]);
      if (typeof route["timeout"] === "string" && route["timeout"] !== "0s")
        report(Messages.Fault_disables_0, ["spec", "http", i, "timeout"], ["timeout"]);
    });
  });
