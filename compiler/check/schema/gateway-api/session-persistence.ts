/**
 * The `SessionPersistence` rule (gateway-api `apis/v1/shared_types.go`, on HTTPRouteRule and GRPCRouteRule): a
 * permanent cookie takes its lifetime from `absoluteTimeout`, so it needs one.
 */
import { createDiagnostic, type Diagnostic } from "../../../diagnostics/diagnostic.ts";
import { Messages } from "../../../diagnostics/messages.ts";
import type { FieldPath } from "../../../diagnostics/span.ts";
import type { Checked, RouteRule, RouteSpec } from "./_types.ts";

/**
 * rule: !has(self.cookieConfig) || !has(self.cookieConfig.lifetimeType) || self.cookieConfig.lifetimeType != 'Permanent'
 *   || has(self.absoluteTimeout)   (`lifetimeType` defaults to Session)
 */
export function sessionPersistenceDiagnostics(route: Checked<RouteSpec>, rule: RouteRule, at: FieldPath): Diagnostic[] {
  const sp = rule.sessionPersistence;
  if (sp === undefined || sp.cookieConfig?.lifetimeType !== "Permanent" || sp.absoluteTimeout !== undefined) return [];
  return [
    createDiagnostic(
      Messages.AbsoluteTimeout_must_be_specified_when_cookie_lifetimeType_is_Permanent,
      route.at([...at, "sessionPersistence"]),
      [],
    ),
  ];
}
