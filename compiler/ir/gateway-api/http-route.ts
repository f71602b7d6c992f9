/**
 * One HTTPRoute or GRPCRoute rule (with at most one match) → one VirtualService HTTP route (istio
 * `pilot/pkg/config/kube/gateway/conversion.go` `convertHTTPRoute`, `convertGRPCRoute`, `createURIMatch`,
 * `createHeadersMatch`, `createQueryParamsMatch`, `createMethodMatch`, `createGRPCURIMatch`).
 */
import { list, record, str, type Json } from "../../load/json.ts";
import type { ConfigError, GatewayApiResource, RouteKind } from "./_model.ts";
import { buildDestinations, weightSum, type RouteContext } from "./backends.ts";
import { cors, headerOperations, mirror, redirect, rewrite } from "./http-filters.ts";

/** A converted rule: the route (undefined on a hard error) and the error istiod reports in `ResolvedRefs`. */
export interface ConvertedRule {
  readonly route: Json | undefined;
  readonly error: ConfigError | undefined;
  /** `spec.rules.<n>` of the rule. */
  readonly rulePath: readonly (string | number)[];
}

/** A Gateway API duration (`1h2m3s4ms`) as a protobuf JSON Duration (`3723.004s`); undefined when zero. */
export function protoDuration(d: string): string | undefined {
  const units: Record<string, number> = { h: 3600000, m: 60000, s: 1000, ms: 1 };
  let ms = 0;
  for (const m of d.matchAll(/(\d+)(ms|h|m|s)/g)) ms += Number(m[1]) * units[m[2]!]!;
  if (ms === 0) return undefined;
  return `${ms / 1000}s`;
}

function stringMatches(items: readonly unknown[], regexType: string): Record<string, Json> | undefined {
  if (items.length === 0) return undefined;
  const out: Record<string, Json> = {};
  for (const h of items.map(record)) {
    const value = str(h["value"]) ?? "";
    out[str(h["name"]) ?? ""] = str(h["type"]) === regexType ? { regex: value } : { exact: value };
  }
  return out;
}

/** `createURIMatch`: PathPrefix (trailing `/` ignored), Exact, RegularExpression; default PathPrefix `/`. */
function uriMatch(path: Json): Json {
  const type = str(path["type"]) ?? "PathPrefix";
  let value = str(path["value"]) ?? "/";
  if (type === "Exact") return { exact: value };
  if (type === "RegularExpression") return { regex: value };
  if (value !== "/") value = value.replace(/\/$/, "");
  return { prefix: value };
}

function httpMatch(m: Json): Json {
  const headers = stringMatches(list(m["headers"]), "RegularExpression");
  const queryParams = stringMatches(list(m["queryParams"]), "RegularExpression");
  const method = str(m["method"]);
  return {
    uri: uriMatch(record(m["path"])),
    ...(headers ? { headers } : {}),
    ...(queryParams ? { queryParams } : {}),
    ...(method ? { method: { exact: method } } : {}),
  };
}

/** `createGRPCURIMatch`: gRPC's `/<service>/<method>` as a path match. */
function grpcMatch(m: Json): { match?: Json; error?: ConfigError } {
  const headers = stringMatches(list(m["headers"]), "RegularExpression");
  const method = m["method"] === undefined ? undefined : record(m["method"]);
  let uri: Json | undefined;
  if (method !== undefined) {
    const service = str(method["service"]);
    const name = str(method["method"]);
    const regex = str(method["type"]) === "RegularExpression";
    if (service === undefined && name === undefined)
      return { error: { reason: "InvalidConfiguration", detail: "gRPC match must have method or service defined" } };
    if (name === undefined) uri = regex ? { regex: `/${service}/.+` } : { prefix: `/${service}/` };
    else if (service === undefined) uri = { regex: `/[^/]+/${name}` };
    else uri = regex ? { regex: `/${service}/${name}` } : { exact: `/${service}/${name}` };
  }
  return { match: { ...(uri ? { uri } : {}), ...(headers ? { headers } : {}) } };
}

function headerFilters(filters: readonly unknown[], kind: RouteKind): { headers?: Json; error?: ConfigError } {
  const headers: Record<string, unknown> = {};
  for (const f of filters.map(record)) {
    const type = str(f["type"]);
    if (type === "RequestHeaderModifier") {
      const h = headerOperations(f["requestHeaderModifier"]);
      if (h) headers["request"] = h;
    } else if (type === "ResponseHeaderModifier") {
      const h = headerOperations(f["responseHeaderModifier"]);
      if (h) headers["response"] = h;
    } else return { error: unsupportedFilter(type, kind) };
  }
  return Object.keys(headers).length > 0 ? { headers } : {};
}

const unsupportedFilter = (type: string | undefined, _kind: RouteKind): ConfigError => ({
  reason: "InvalidFilter",
  detail: `unsupported filter type "${type ?? ""}"`,
});

/** `convertHTTPRoute` and `convertGRPCRoute`. `match` is the rule's one match (istiod splits rules per match). */
export function convertRule(
  ctx: RouteContext,
  route: GatewayApiResource,
  kind: "HTTPRoute" | "GRPCRoute",
  rule: Json,
  ruleIndex: number,
  match: Json | undefined,
  enforceRefGrant: boolean,
): ConvertedRule {
  const rulePath = ["spec", "rules", ruleIndex];
  const fail = (error: ConfigError): ConvertedRule => ({
    route: undefined,
    error: { ...error, path: error.path ?? rulePath },
    rulePath,
  });
  const vs: Record<string, unknown> = { name: str(rule["name"]) ?? `${route.namespace}.${route.name}.${ruleIndex}` };
  if (match !== undefined) {
    if (kind === "HTTPRoute") vs["match"] = [httpMatch(match)];
    else {
      const g = grpcMatch(match);
      if (g.error) return fail(g.error);
      vs["match"] = [g.match];
    }
  }
  let mirrorError: ConfigError | undefined;
  const headers: Record<string, unknown> = {};
  list(rule["filters"]).forEach((raw, i) => {
    const f = record(raw);
    const type = str(f["type"]);
    const at = [...rulePath, "filters", i];
    if (type === "RequestHeaderModifier" || type === "ResponseHeaderModifier") {
      const h = headerFilters([f], kind).headers;
      if (h) Object.assign(headers, h);
    } else if (type === "RequestMirror") {
      const m = mirror(ctx, f["requestMirror"], route.namespace, enforceRefGrant, kind, at);
      if (m.error) mirrorError = m.error;
      else vs["mirrors"] = [...list(vs["mirrors"]), m.mirror];
    } else if (kind === "HTTPRoute" && type === "RequestRedirect") vs["redirect"] = redirect(f["requestRedirect"]);
    else if (kind === "HTTPRoute" && type === "URLRewrite") {
      const r = rewrite(f["urlRewrite"]);
      if (r) vs["rewrite"] = r;
    } else if (kind === "HTTPRoute" && type === "CORS") vs["corsPolicy"] = cors(f["cors"]);
    else vs["__error"] = { ...unsupportedFilter(type, kind), path: [...at, "type"] };
  });
  if (vs["__error"] !== undefined) return fail(vs["__error"] as ConfigError);
  if (Object.keys(headers).length > 0) vs["headers"] = headers;
  if (kind === "HTTPRoute") applyRetriesAndTimeouts(vs, rule);
  const backendRefs = list(rule["backendRefs"]);
  if (weightSum(backendRefs) === 0 && vs["redirect"] === undefined) {
    // "The spec requires us to return 500 when there are no >0 weight backends".
    vs["directResponse"] = { status: 500 };
    return { route: vs, error: mirrorError, rulePath };
  }
  if (rule["backendRefs"] !== undefined) {
    const dst = buildDestinations(
      ctx,
      backendRefs,
      route.namespace,
      enforceRefGrant,
      kind,
      [...rulePath, "backendRefs"],
      (filters) => headerFilters(filters, kind),
    );
    if (dst.fatal) return fail(dst.fatal);
    vs["route"] = dst.route;
    return { route: vs, error: dst.invalid ?? mirrorError, rulePath };
  }
  return { route: vs, error: mirrorError, rulePath };
}

/** `convertHTTPRoute`'s `retry` and `timeouts`: connection errors are always retried; backendRequest is per try. */
function applyRetriesAndTimeouts(vs: Record<string, unknown>, rule: Json): void {
  if (rule["retry"] !== undefined) {
    const retry = record(rule["retry"]);
    const codes = list(retry["codes"]).map(String);
    const attempts = typeof retry["attempts"] === "number" ? retry["attempts"] : 2;
    const retries: Record<string, unknown> = { attempts };
    if (attempts !== 0)
      retries["retryOn"] = ["connect-failure", "refused-stream", "unavailable", "cancelled", ...codes].join(",");
    const backoff = str(retry["backoff"]);
    if (backoff !== undefined) {
      const d = protoDuration(backoff);
      if (d) retries["backoff"] = d;
    }
    vs["retries"] = retries;
  }
  const timeouts = record(rule["timeouts"]);
  const request = str(timeouts["request"]);
  if (request !== undefined) {
    const d = protoDuration(request);
    if (d) vs["timeout"] = d;
  }
  const backend = str(timeouts["backendRequest"]);
  if (backend !== undefined) {
    const d = protoDuration(backend);
    if (d && vs["retries"] !== undefined) (vs["retries"] as Record<string, unknown>)["perTryTimeout"] = d;
    else if (d) vs["timeout"] = d;
  }
}
