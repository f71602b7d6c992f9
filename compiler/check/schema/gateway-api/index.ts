/**
 * The Gateway API CRDs' `x-kubernetes-validations` (CEL) rules that matter, checked by hand: no npm package carries
 * the CRDs' CEL (`@kubernetes-models/gateway-api@0.5.1` drops it; 2.0.0 ships validators generated from the Go types),
 * so there is nothing authoritative for a CEL evaluator to run. Each check cites its CRD rule and reports its message.
 * They run on documents that passed their CRD schema, as the API server evaluates CEL on structurally valid objects.
 */
import type { Diagnostic } from "../../../diagnostics/diagnostic.ts";
import type { InputDocument } from "../../../load/document.ts";
import { gatewayRuleDiagnostics } from "./listeners.ts";
import { routeRuleDiagnostics } from "./routes.ts";
import { checked, type GatewaySpec, type RouteSpec } from "./_types.ts";

const ROUTES = new Set(["HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute"]);

/** The CEL rules of one schema-valid Gateway API document (Gateway and route kinds; others have none that matter). */
export function gatewayApiRuleDiagnostics(doc: InputDocument): Diagnostic[] {
  const kind = doc.object["kind"];
  if (kind === "Gateway") return gatewayRuleDiagnostics(checked<GatewaySpec>(doc));
  if (typeof kind === "string" && ROUTES.has(kind)) return routeRuleDiagnostics(checked<RouteSpec>(doc));
  return [];
}
