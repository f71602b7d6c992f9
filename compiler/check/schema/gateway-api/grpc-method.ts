/**
 * The `GRPCMethodMatch` rules (gateway-api `apis/v1/grpcroute_types.go`): a match names a service and/or a method, and
 * an Exact one names them in protobuf's syntax. The CRD's messages, verbatim. `type` defaults to Exact before the
 * rules run, so `has(self.type)` always holds.
 */
import { createDiagnostic, type Diagnostic } from "../../../diagnostics/diagnostic.ts";
import { Messages } from "../../../diagnostics/messages.ts";
import type { FieldPath } from "../../../diagnostics/span.ts";
import type { Checked, GrpcMethodMatch, RouteMatch, RouteSpec } from "./_types.ts";

/** rule: `(!has(self.type) || self.type == 'Exact') && has(self.service) ? self.service.matches(...) : true`. */
const SERVICE = /^\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$/i;
/** rule: `(!has(self.type) || self.type == 'Exact') && has(self.method) ? self.method.matches(...) : true`. */
const METHOD = /^[A-Za-z_][A-Za-z_0-9]*$/;

function methodDiagnostics(route: Checked<RouteSpec>, m: GrpcMethodMatch, at: FieldPath): Diagnostic[] {
  const invalid = (message: string, field: FieldPath) =>
    createDiagnostic(Messages.GRPC_method_match_is_invalid_Colon_0, route.at(field), [message]);
  // rule: has(self.type) ? has(self.service) || has(self.method) : true  (an empty string is present)
  if (m.service === undefined && m.method === undefined)
    return [invalid("One or both of 'service' or 'method' must be specified", at)];
  if ((m.type ?? "Exact") !== "Exact") return [];
  const out: Diagnostic[] = [];
  if (m.service !== undefined && !SERVICE.test(m.service))
    out.push(
      invalid(
        "service must only contain valid characters (matching ^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$)",
        [...at, "service"],
      ),
    );
  if (m.method !== undefined && !METHOD.test(m.method))
    out.push(
      invalid("method must only contain valid characters (matching ^[A-Za-z_][A-Za-z_0-9]*$)", [...at, "method"]),
    );
  return out;
}

/** The method rules of a GRPCRoute rule's matches (a match without `method` matches every service and method). */
export function grpcMethodDiagnostics(
  route: Checked<RouteSpec>,
  matches: readonly RouteMatch[],
  at: FieldPath,
): Diagnostic[] {
  return matches.flatMap((m, i) =>
    m.method === undefined ? [] : methodDiagnostics(route, m.method, [...at, i, "method"]),
  );
}
