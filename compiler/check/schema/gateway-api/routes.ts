/**
 * The `x-kubernetes-validations` of the route CRDs that change what a route does (gateway-api `apis/v1/httproute_types.go`,
 * `grpcroute_types.go`, `shared_types.go`, `tlsroute_types.go`): filter combinations, path match values, timeouts, Service
 * ports, mirror shares, session persistence, external auth, gRPC method matches, TLSRoute versions. The API
 * server refuses such a route, so each is an error at the offending field; istiod never sees it.
 * https://gateway-api.sigs.k8s.io/reference/spec/#httproutefilter
 */
import { createDiagnostic, type Diagnostic } from "../../../diagnostics/diagnostic.ts";
import { Messages } from "../../../diagnostics/messages.ts";
import type { FieldPath } from "../../../diagnostics/span.ts";
import { externalAuthDiagnostics } from "./external-auth.ts";
import { grpcMethodDiagnostics } from "./grpc-method.ts";
import { listKeyDiagnostics } from "./list-keys.ts";
import { mirrorDiagnostics } from "./mirror.ts";
import { pathMatchDiagnostics } from "./path-match.ts";
import { sessionPersistenceDiagnostics } from "./session-persistence.ts";
import { ruleListDiagnostics } from "./rule-list.ts";
import { tlsRouteVersionDiagnostics } from "./tls-route.ts";
import type { BackendRef, Checked, RouteFilter, RouteRule, RouteSpec } from "./_types.ts";

/** `HTTPRouteFilter.type` → the field that configures it (the CEL "must be specified / must be nil" pairs). */
const FILTER_FIELDS: Readonly<Record<string, string>> = {
  RequestHeaderModifier: "requestHeaderModifier",
  ResponseHeaderModifier: "responseHeaderModifier",
  RequestMirror: "requestMirror",
  RequestRedirect: "requestRedirect",
  URLRewrite: "urlRewrite",
  CORS: "cors",
  ExternalAuth: "externalAuth",
  ExtensionRef: "extensionRef",
};

/** Filter types a rule may hold once (`HTTPRouteRule.filters` and `GRPCRouteRule.filters` CEL rules). */
const AT_MOST_ONCE: Readonly<Record<string, readonly string[]>> = {
  HTTPRoute: ["RequestHeaderModifier", "ResponseHeaderModifier", "RequestRedirect", "URLRewrite", "CORS"],
  GRPCRoute: ["RequestHeaderModifier", "ResponseHeaderModifier"],
};

function filterDiagnostics(route: Checked<RouteSpec>, filters: readonly RouteFilter[], at: FieldPath): Diagnostic[] {
  const out: Diagnostic[] = [];
  const types = filters.map((f) => f.type);
  filters.forEach((f, j) => {
    // rules: "filter.X must be nil if the filter.type is not X", "filter.X must be specified for X filter.type"
    const own = FILTER_FIELDS[f.type];
    const others = Object.values(FILTER_FIELDS).filter((field) => field !== own && f[field] !== undefined);
    if ((own !== undefined && f[own] === undefined) || others.length > 0)
      out.push(
        createDiagnostic(Messages.A_0_filter_is_configured_by_1_and_no_other_filter_field, route.at([...at, j]), [
          f.type,
          own ?? "(none)",
          others.join(", ") || "none",
        ]),
      );
  });
  // rules: "X filter cannot be repeated": self.filter(f, f.type == 'X').size() <= 1
  for (const type of AT_MOST_ONCE[route.kind] ?? []) {
    const second = types.indexOf(type, types.indexOf(type) + 1);
    if (types.indexOf(type) >= 0 && second > 0)
      out.push(
        createDiagnostic(Messages.Filter_type_0_appears_more_than_once_in_a_rule, route.at([...at, second]), [type]),
      );
  }
  // rule: "May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both"
  if (route.kind === "HTTPRoute" && types.includes("RequestRedirect") && types.includes("URLRewrite"))
    out.push(
      createDiagnostic(
        Messages.A_rule_cannot_both_redirect_and_rewrite,
        route.at([...at, types.indexOf("URLRewrite")]),
        [],
      ),
    );
  return out;
}

/** `ReplacePrefixMatch` needs the rule to have exactly one match, a `PathPrefix` one (CEL on `HTTPRouteRule`). */
function prefixDiagnostics(route: Checked<RouteSpec>, rule: RouteRule, at: FieldPath): Diagnostic[] {
  const out: Diagnostic[] = [];
  (rule.filters ?? []).forEach((f, j) => {
    const field = f.type === "RequestRedirect" ? "requestRedirect" : "urlRewrite";
    if ((field === "requestRedirect" ? f.requestRedirect : f.urlRewrite)?.path?.type !== "ReplacePrefixMatch") return;
    // Defaults apply before CEL runs: no matches is one `PathPrefix /` match, a match without a path is `PathPrefix /`.
    const matches = rule.matches ?? [];
    const pathType = matches[0]?.path?.type ?? "PathPrefix";
    if (matches.length <= 1 && pathType === "PathPrefix") return;
    out.push(
      createDiagnostic(
        Messages.ReplacePrefixMatch_needs_exactly_one_PathPrefix_match,
        route.at([...at, "filters", j, field, "path"]),
        [matches.length === 1 ? "a match of another type" : `${matches.length} matches`],
      ),
    );
  });
  return out;
}

/** rule on BackendObjectReference: "Must have port for Service reference" (group '' and kind Service by default). */
function portDiagnostics(route: Checked<RouteSpec>, refs: readonly BackendRef[], at: FieldPath): Diagnostic[] {
  return refs.flatMap((ref, k) =>
    (ref.group ?? "") === "" && (ref.kind ?? "Service") === "Service" && ref.port === undefined
      ? [createDiagnostic(Messages.Service_backend_0_has_no_port, route.at([...at, k]), [ref.name])]
      : [],
  );
}

/** gateway-api `Duration` (`^([0-9]{1,5}(h|m|s|ms)){1,4}$`, checked by the schema) in milliseconds, as CEL's duration(). */
function durationMs(text: string): number {
  const unit: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  return [...text.matchAll(/(\d+)(ms|h|m|s)/g)].reduce((sum, [, n, u]) => sum + Number(n) * unit[u!]!, 0);
}

/**
 * HTTPRouteTimeouts rule: !(has(self.request) && has(self.backendRequest) && duration(self.request) != duration('0s')
 *   && duration(self.backendRequest) > duration(self.request))
 */
function timeoutDiagnostics(route: Checked<RouteSpec>, rule: RouteRule, at: FieldPath): Diagnostic[] {
  const { request, backendRequest } = rule.timeouts ?? {};
  if (request === undefined || backendRequest === undefined) return [];
  if (durationMs(request) === 0 || durationMs(backendRequest) <= durationMs(request)) return [];
  return [
    createDiagnostic(
      Messages.BackendRequest_timeout_0_is_longer_than_request_timeout_1,
      route.at([...at, "timeouts"]),
      [backendRequest, request],
    ),
  ];
}

/** The CRD rules of one schema-valid route (HTTPRoute, GRPCRoute, TCPRoute, TLSRoute). */
export function routeRuleDiagnostics(route: Checked<RouteSpec>): Diagnostic[] {
  const out: Diagnostic[] = [];
  (route.spec.rules ?? []).forEach((rule, i) => {
    const at: FieldPath = ["spec", "rules", i];
    const filters = rule.filters ?? [];
    const refs = rule.backendRefs ?? [];
    if (route.kind === "HTTPRoute" || route.kind === "GRPCRoute") {
      out.push(...filterDiagnostics(route, filters, [...at, "filters"]));
      refs.forEach((r, k) =>
        out.push(...filterDiagnostics(route, r.filters ?? [], [...at, "backendRefs", k, "filters"])),
      );
      out.push(...listKeyDiagnostics(route, rule, at));
      out.push(...mirrorDiagnostics(route, filters, [...at, "filters"]));
      refs.forEach((r, k) =>
        out.push(...mirrorDiagnostics(route, r.filters ?? [], [...at, "backendRefs", k, "filters"])),
      );
      out.push(...sessionPersistenceDiagnostics(route, rule, at));
    }
    if (route.kind === "GRPCRoute") out.push(...grpcMethodDiagnostics(route, rule.matches ?? [], [...at, "matches"]));
    if (route.kind === "HTTPRoute") {
      out.push(...externalAuthDiagnostics(route, filters, [...at, "filters"]));
      refs.forEach((r, k) =>
        out.push(...externalAuthDiagnostics(route, r.filters ?? [], [...at, "backendRefs", k, "filters"])),
      );
      out.push(...prefixDiagnostics(route, rule, at));
      out.push(...pathMatchDiagnostics(route, rule.matches ?? [], [...at, "matches"]));
      out.push(...timeoutDiagnostics(route, rule, at));
      // rule on HTTPRouteRule: "RequestRedirect filter must not be used together with backendRefs"
      const redirect = filters.findIndex((f) => f.type === "RequestRedirect");
      if (redirect >= 0 && refs.length > 0)
        out.push(
          createDiagnostic(
            Messages.A_rule_with_a_RequestRedirect_filter_cannot_have_backendRefs,
            route.at([...at, "filters", redirect]),
            [],
          ),
        );
    }
    out.push(...portDiagnostics(route, refs, [...at, "backendRefs"]));
  });
  out.push(...ruleListDiagnostics(route));
  if (route.kind === "TLSRoute") out.push(...tlsRouteVersionDiagnostics(route));
  return out;
}
