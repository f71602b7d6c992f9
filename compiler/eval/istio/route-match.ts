/**
 * One `HTTPMatchRequest` against a request, as Envoy evaluates the route Istio generates for it
 * (istio `pilot/pkg/networking/core/route/route.go` `TranslateRouteMatch`; envoy `source/common/router/config_impl.cc`
 * `RouteEntryImplBase::matchRoute`). All conditions of a block must hold (AND); blocks are OR-ed by the caller.
 * `port`, `sourceLabels`, `sourceNamespace` and `gateways` are not Envoy matchers: istiod drops the route for
 * proxies they exclude (route.go `sourceMatchHTTP`, the `match.Port` check), which has the same effect here.
 */
import { matchesPathSeparatedPrefix, pathSeparatedPrefix } from "../../ir/route-semantics.ts";
import { resolveGatewayName } from "../../ir/hosts.ts";
import type { HTTPMatchRequest, StringMatch } from "../../ir/istio-api.ts";
import type { Client, HttpView } from "../_shared/model.ts";
import type { Check } from "./_model.ts";
import { routingClaim } from "../../ir/request-authn.ts";
import type { Json, JsonObject } from "../_shared/jwt.ts";
import { describeStringMatch, isPresenceMatch, matchString } from "./string-match.ts";

/** The gateway a route is generated for: `mesh` for sidecars, `namespace/name` for an ingress gateway. */
export function currentGateway(client: Client): string {
  return client.gateway === undefined ? "mesh" : `${client.gateway.meta.namespace}/${client.gateway.meta.name}`;
}

/**
 * Envoy `HeaderMatcher` on a possibly missing header (envoy `source/common/http/header_utility.cc` `matchHeaders`):
 * a missing header fails every matcher except `present_match: false`; with `treat_missing_header_as_empty` (Istio's
 * `withoutHeaders`) it is matched as "" and then inverted.
 */
function headerCheck(label: string, m: StringMatch, value: string | undefined, invert: boolean): Check {
  const what = `${label} ${describeStringMatch(m)}`;
  if (isPresenceMatch(m)) {
    const ok = (value !== undefined) !== invert;
    return {
      ok,
      text: invert
        ? `${label} is ${ok ? "absent" : "present"} (withoutHeaders)`
        : ok
          ? `${label} present`
          : `${label} is absent`,
    };
  }
  if (value === undefined && !invert)
    return { ok: false, text: `${label} is absent (wanted ${describeStringMatch(m)})` };
  const hit = matchString(m, value ?? "");
  const ok = hit !== invert;
  if (invert)
    return {
      ok,
      text: ok ? `not ${what}` : `${label} '${value ?? ""}' matches ${describeStringMatch(m)} (withoutHeaders)`,
    };
  return { ok, text: ok ? what : `${label} '${value}' does not match ${describeStringMatch(m)}` };
}

/**
 * A query parameter's value (the first of a repeated key, not URL-decoded, as Envoy's query matcher sees it); "" for
 * a key without `=`, undefined when absent.
 */
export function queryParam(query: string, name: string): string | undefined {
  let start = 0;
  while (start <= query.length) {
    let end = query.indexOf("&", start);
    if (end < 0) end = query.length;
    if (end > start) {
      const eq = query.indexOf("=", start);
      const keyEnd = eq < 0 || eq > end ? end : eq;
      if (keyEnd - start === name.length && query.startsWith(name, start))
        return keyEnd === end ? "" : query.slice(keyEnd + 1, end);
    }
    start = end + 1;
  }
  return undefined;
}

/**
 * The path part of a match block. Under Gateway API semantics (ir/route-semantics.ts) a prefix other than `/` is a
 * `path_separated_prefix`: whole path elements only.
 */
function uriCheck(m: StringMatch, path: string, ignoreCase: boolean, gatewaySemantics: boolean): Check {
  const separated = gatewaySemantics && "prefix" in m ? pathSeparatedPrefix(m.prefix) : undefined;
  if (separated !== undefined) {
    const ok = matchesPathSeparatedPrefix(separated, path, ignoreCase);
    const how = `path-separated prefix '${separated}' (Gateway API)${ignoreCase ? " (ignoreUriCase)" : ""}`;
    return { ok, text: ok ? `uri ${how}` : `uri '${path}' is not '${separated}' or below it` };
  }
  const ok = matchString(m, path, ignoreCase && !("regex" in m));
  const how = `${describeStringMatch(m)}${ignoreCase ? " (ignoreUriCase)" : ""}`;
  return { ok, text: ok ? `uri ${how}` : `uri '${path}' does not match ${how}` };
}

/** JWT claim pseudo-headers (`@request.auth.claims.*`) match the payload of the JWT the routing proxy verified. */
export const CLAIM = /^@request\.auth\.claims[.[]/;

/**
 * route.go `translateMetadataMatch`: the claim at the header's path (`ToRoutingClaim`) of the payload the proxy's
 * jwt_authn filter verified matches (a list claim: one element does); `withoutHeaders` inverts it, so a missing claim
 * (or no JWT) matches. Only gateways verify a JWT before routing; a sidecar's outbound routes never see a payload.
 */
function claimCheck(name: string, m: StringMatch, req: HttpView, invert: boolean): Check {
  const path = routingClaim(name) ?? [];
  let v: Json | undefined = req.jwt;
  for (const k of path) v = typeof v === "object" && v !== null && !Array.isArray(v) ? (v as JsonObject)[k] : undefined;
  const one = (x: Json | undefined) =>
    x !== undefined && (isPresenceMatch(m) || (typeof x === "string" && matchString(m, x, false)));
  const matched = path.length > 0 && (one(v) || (Array.isArray(v) && v.some(one)));
  const ok = matched !== invert;
  const shown =
    req.jwt === undefined
      ? "the request has no verified JWT"
      : v === undefined
        ? "the claim is absent"
        : `the claim is ${JSON.stringify(v)}`;
  return { ok, text: `${name} ${describeStringMatch(m)}${invert ? " (withoutHeaders)" : ""}: ${shown}` };
}

function* conditions(
  m: HTTPMatchRequest,
  client: Client,
  req: HttpView,
  vsNamespace: string,
  gatewaySemantics: boolean,
): Generator<Check> {
  if (m.port !== undefined)
    yield {
      ok: m.port === req.port,
      text: m.port === req.port ? `port ${m.port}` : `port ${req.port} is not ${m.port}`,
    };
  // route.go `sourceMatchHTTP`: a match with `gateways` is decided by the proxy's gateway names alone; only without
  // them do `sourceLabels` (a subset of the proxy's labels) and `sourceNamespace` apply.
  if (m.gateways !== undefined && m.gateways.length > 0) {
    const gw = currentGateway(client);
    // Resolved like the VirtualService's own gateways, relative to its namespace (istio `resolveGatewayName`).
    const ok = m.gateways.some((g) => resolveGatewayName(g, vsNamespace) === gw);
    const ignored =
      m.sourceLabels !== undefined || (m.sourceNamespace ?? "") !== ""
        ? " (sourceLabels/sourceNamespace are not checked when gateways is set)"
        : "";
    yield {
      ok,
      text: `${ok ? `gateways include '${gw}'` : `gateway '${gw}' is not in [${m.gateways.join(", ")}]`}${ignored}`,
    };
  } else {
    if (m.sourceLabels !== undefined) {
      const missing = Object.entries(m.sourceLabels).find(([k, v]) => client.labels[k] !== v);
      yield missing === undefined
        ? { ok: true, text: `sourceLabels ${JSON.stringify(m.sourceLabels)}` }
        : {
            ok: false,
            text: `source label '${missing[0]}' is ${client.labels[missing[0]] === undefined ? "absent" : `'${client.labels[missing[0]]}'`}, not '${missing[1]}'`,
          };
    }
    if (m.sourceNamespace !== undefined && m.sourceNamespace !== "") {
      const ok = m.sourceNamespace === client.namespace;
      yield {
        ok,
        text: ok
          ? `sourceNamespace '${m.sourceNamespace}'`
          : `source namespace '${client.namespace}' is not '${m.sourceNamespace}'`,
      };
    }
  }
  if (m.uri !== undefined) yield uriCheck(m.uri, req.path, m.ignoreUriCase === true, gatewaySemantics);
  if (m.scheme !== undefined) yield headerCheck(":scheme", m.scheme, req.scheme, false);
  if (m.method !== undefined) yield headerCheck(":method", m.method, req.method, false);
  if (m.authority !== undefined) yield headerCheck(":authority", m.authority, req.authority, false);
  for (const [name, sm] of Object.entries(m.headers ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (routingClaim(name) !== undefined) yield claimCheck(name, sm, req, false);
    else yield headerCheck(`header '${name.toLowerCase()}'`, sm, req.headers[name.toLowerCase()], false);
  }
  for (const [name, sm] of Object.entries(m.withoutHeaders ?? {})) {
    if (routingClaim(name) !== undefined) yield claimCheck(name, sm, req, true);
    else yield headerCheck(`header '${name.toLowerCase()}'`, sm, req.headers[name.toLowerCase()], true);
  }
  for (const [name, sm] of Object.entries(m.queryParams ?? {})) {
    const v = queryParam(req.query, name);
    yield v === undefined
      ? { ok: false, text: `query parameter '${name}' is absent` }
      : headerCheck(`query parameter '${name}'`, sm, v, false);
  }
}

/**
 * istio route.go `sourceMatchHTTP`: with `gateways`, the proxy's gateway name (`mesh` for a sidecar) must be one of
 * them and `sourceLabels` / `sourceNamespace` are NOT checked; without, `sourceLabels` must be a subset of the proxy's
 * labels and `sourceNamespace` (when set) its namespace. Match gateways are resolved against the VirtualService's
 * namespace as istiod's `resolveVirtualServiceShortnames` does.
 */
export function sourceMatches(m: HTTPMatchRequest, client: Client, vsNamespace: string): boolean {
  if (m.gateways !== undefined && m.gateways.length > 0) {
    const gw = currentGateway(client);
    return m.gateways.some((g) => resolveGatewayName(g, vsNamespace) === gw);
  }
  if (m.sourceLabels !== undefined && Object.entries(m.sourceLabels).some(([k, v]) => client.labels[k] !== v))
    return false;
  return m.sourceNamespace === undefined || m.sourceNamespace === "" || m.sourceNamespace === client.namespace;
}

/**
 * Whether istiod generates the Envoy route of a match block for this proxy at all (route.go `translateRoute`: the
 * match's `port` against the listener port, then `sourceMatchHTTP`). Checked the same way `conditions` checks them
 * at request time.
 */
export function generatedFor(m: HTTPMatchRequest, client: Client, port: number, vsNamespace: string): boolean {
  if (m.port !== undefined && m.port !== port) return false;
  return sourceMatches(m, client, vsNamespace);
}

/** Evaluates one match block: the first failing condition, or every condition that held. */
export function evaluateMatch(
  m: HTTPMatchRequest,
  client: Client,
  req: HttpView,
  vsNamespace: string,
  gatewaySemantics = false,
): Check {
  const held: string[] = [];
  for (const c of conditions(m, client, req, vsNamespace, gatewaySemantics)) {
    if (!c.ok) return c;
    held.push(c.text);
  }
  return { ok: true, text: held.length === 0 ? "an empty match (every request)" : held.join(", ") };
}
