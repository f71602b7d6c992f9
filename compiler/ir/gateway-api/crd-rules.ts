/**
 * The rules the Gateway API CRDs make the API server enforce beyond their OpenAPI types (the `x-kubernetes-validations`
 * CEL rules of `config/crd/standard/gateway.networking.k8s.io_httproutes.yaml` and `_grpcroutes.yaml`, and the
 * weight bounds of `BackendRef`), for the ones that change what a route does: filter combinations and weights. The
 * API server refuses such a route, so each is an error at the offending field; istiod never sees it.
 * https://gateway-api.sigs.k8s.io/reference/spec/#httproutefilter
 */
import { createDiagnostic, type Diagnostic } from "../../diagnostics/diagnostic.ts";
import { Messages } from "../../diagnostics/messages.ts";
import type { FieldPath } from "../../diagnostics/span.ts";
import { list, record, str } from "../../load/json.ts";
import { spanOf, type GatewayApiResource } from "./_model.ts";

/** `HTTPRouteFilter.type` → the field that configures it (the CEL "must be specified / must be nil" pairs). */
const FILTER_FIELDS: Readonly<Record<string, string>> = {
  RequestHeaderModifier: "requestHeaderModifier",
  ResponseHeaderModifier: "responseHeaderModifier",
  RequestMirror: "requestMirror",
  RequestRedirect: "requestRedirect",
  URLRewrite: "urlRewrite",
  CORS: "cors",
  ExtensionRef: "extensionRef",
};

/** Filter types a rule may hold once (`HTTPRouteRule.filters` and `GRPCRouteRule.filters` CEL rules). */
const AT_MOST_ONCE: Readonly<Record<string, readonly string[]>> = {
  HTTPRoute: ["RequestHeaderModifier", "ResponseHeaderModifier", "RequestRedirect", "URLRewrite", "CORS"],
  GRPCRoute: ["RequestHeaderModifier", "ResponseHeaderModifier"],
};

/** `BackendRef.weight`: `minimum: 0`, `maximum: 1000000`. */
const MAX_WEIGHT = 1_000_000;

function filterDiagnostics(route: GatewayApiResource, filters: readonly unknown[], at: FieldPath): Diagnostic[] {
  const out: Diagnostic[] = [];
  const types = filters.map((f) => str(record(f)["type"]) ?? "");
  filters.forEach((raw, j) => {
    const f = record(raw);
    const type = types[j]!;
    const own = FILTER_FIELDS[type];
    const others = Object.values(FILTER_FIELDS).filter((field) => field !== own && f[field] !== undefined);
    if ((own !== undefined && f[own] === undefined) || others.length > 0)
      out.push(
        createDiagnostic(Messages.A_0_filter_is_configured_by_1_and_no_other_filter_field, spanOf(route, [...at, j]), [
          type,
          own ?? "(none)",
          others.join(", ") || "none",
        ]),
      );
  });
  for (const type of AT_MOST_ONCE[route.kind] ?? []) {
    const second = types.indexOf(type, types.indexOf(type) + 1);
    if (types.indexOf(type) >= 0 && second > 0)
      out.push(
        createDiagnostic(Messages.Filter_type_0_appears_more_than_once_in_a_rule, spanOf(route, [...at, second]), [
          type,
        ]),
      );
  }
  if (types.includes("RequestRedirect") && types.includes("URLRewrite"))
    out.push(
      createDiagnostic(
        Messages.A_rule_cannot_both_redirect_and_rewrite,
        spanOf(route, [...at, types.indexOf("URLRewrite")]),
        [],
      ),
    );
  return out;
}

/** `ReplacePrefixMatch` needs the rule to have exactly one match, a `PathPrefix` one (CEL on `HTTPRouteRule`). */
function prefixDiagnostics(route: GatewayApiResource, rule: Record<string, unknown>, at: FieldPath): Diagnostic[] {
  const out: Diagnostic[] = [];
  list(rule["filters"]).forEach((raw, j) => {
    const f = record(raw);
    const field = str(f["type"]) === "RequestRedirect" ? "requestRedirect" : "urlRewrite";
    const path = record(record(f[field])["path"]);
    if (str(path["type"]) !== "ReplacePrefixMatch") return;
    // Defaults apply before CEL runs: no matches is one `PathPrefix /` match, a match without a path is `PathPrefix /`.
    const matches = list(rule["matches"]);
    const pathType = str(record(record(matches[0])["path"])["type"]) ?? "PathPrefix";
    if (matches.length <= 1 && pathType === "PathPrefix") return;
    out.push(
      createDiagnostic(
        Messages.ReplacePrefixMatch_needs_exactly_one_PathPrefix_match,
        spanOf(route, [...at, "filters", j, field, "path"]),
        [matches.length === 1 ? "a match of another type" : `${matches.length} matches`],
      ),
    );
  });
  return out;
}

function backendDiagnostics(route: GatewayApiResource, refs: readonly unknown[], at: FieldPath): Diagnostic[] {
  const out: Diagnostic[] = [];
  refs.forEach((raw, k) => {
    const ref = record(raw);
    const weight = ref["weight"];
    if (typeof weight === "number" && (!Number.isInteger(weight) || weight < 0 || weight > MAX_WEIGHT))
      out.push(
        createDiagnostic(
          Messages.Backend_weight_0_is_not_an_integer_from_0_to_1000000,
          spanOf(route, [...at, k, "weight"]),
          [String(weight)],
        ),
      );
    const isService = (str(ref["group"]) ?? "") === "" && (str(ref["kind"]) ?? "Service") === "Service";
    if (isService && ref["port"] === undefined)
      out.push(
        createDiagnostic(Messages.Service_backend_0_has_no_port, spanOf(route, [...at, k]), [str(ref["name"]) ?? ""]),
      );
  });
  return out;
}

/** The CRD rules of one route (HTTPRoute, GRPCRoute, TCPRoute, TLSRoute): errors the API server would answer with. */
export function crdRuleDiagnostics(route: GatewayApiResource): Diagnostic[] {
  const out: Diagnostic[] = [];
  list(route.spec["rules"]).forEach((raw, i) => {
    const rule = record(raw);
    const at: FieldPath = ["spec", "rules", i];
    const filters = list(rule["filters"]);
    const refs = list(rule["backendRefs"]);
    if (route.kind === "HTTPRoute" || route.kind === "GRPCRoute")
      out.push(...filterDiagnostics(route, filters, [...at, "filters"]));
    if (route.kind === "HTTPRoute") {
      out.push(...prefixDiagnostics(route, rule, at));
      const redirect = filters.findIndex((f) => str(record(f)["type"]) === "RequestRedirect");
      if (redirect >= 0 && refs.length > 0)
        out.push(
          createDiagnostic(
            Messages.A_rule_with_a_RequestRedirect_filter_cannot_have_backendRefs,
            spanOf(route, [...at, "filters", redirect]),
            [],
          ),
        );
    }
    out.push(...backendDiagnostics(route, refs, [...at, "backendRefs"]));
    refs.forEach((r, k) =>
      out.push(...filterDiagnostics(route, list(record(r)["filters"]), [...at, "backendRefs", k, "filters"])),
    );
  });
  return out;
}
