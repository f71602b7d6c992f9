/**
 * `evaluateRoute`: one request through a RouteConfiguration, as Envoy's router resolves and finalises it
 * (envoy `source/common/router/config_impl.cc` `ConfigImpl::route` → `RouteMatcher::route` → `findVirtualHost` →
 * `VirtualHostImpl::getRouteFromEntries`, then `finalizeRequestHeaders` / `finalizeResponseHeaders`; the request is
 * built as test/tools/router_check/router.cc `ToolConfig::create` builds it).
 */
import type { RouteConfiguration } from "../../../emit/envoy/gen/envoy/config/route/v3/route.ts";
import {
  VirtualHost_TlsRequirementType as Tls,
  type Route,
  type RouteAction,
  type VirtualHost,
} from "../../../emit/envoy/gen/envoy/config/route/v3/route_components.ts";
import { finalizeRequest, finalizeResponse, type Level } from "./finalize.ts";
import { HeaderMap } from "./header-map.ts";
import { idleTimeout, retryPolicy, routeTimeout, virtualClusterName } from "./policies.ts";
import { localReplyHeaders, newUri, redirectStatus, sslRedirectUri } from "./redirect.ts";
import { applyPathRewrite } from "./rewrite.ts";
import { matchRoute, type MatchContext } from "./route-match.ts";
import { DEFAULT_RUNTIME } from "./runtime.ts";
import type { EnvoyRequest, HeaderEntry, RouteActionDecision, RouteDecision } from "./types.ts";
import { findVirtualHost } from "./virtual-host.ts";
import { pickWeightedCluster } from "./weighted-clusters.ts";

/** The request headers the router sees, in the router_check_tool's order. */
export function requestHeaderList(r: EnvoyRequest): HeaderEntry[] {
  const scheme = r.ssl === true ? "https" : "http";
  const list: HeaderEntry[] = [
    [":authority", r.authority],
    [":path", r.path],
    [":method", r.method],
    ["x-forwarded-proto", scheme],
    [":scheme", scheme],
  ];
  if (r.internal === true) list.push(["x-envoy-internal", "true"]);
  for (const [k, v] of r.headers ?? []) list.push([k.toLowerCase(), v]);
  return list;
}

/**
 * Routes `request` through `config`.
 *
 * @example
 * evaluateRoute(RouteConfiguration.fromJson({ virtual_hosts: [{ name: "web", domains: ["*"],
 *   routes: [{ match: { prefix: "/" }, route: { cluster: "web" } }] }] }), { authority: "a.com", path: "/x", method: "GET" })
 * // → { virtualHost: { index: 0, name: "web" }, route: { virtualHostIndex: 0, routeIndex: 0, name: "" },
 * //     action: { kind: "route", cluster: "web", picked: null, weights: null, totalWeight: null }, timeout: "15s", ... }
 */
export function evaluateRoute(config: RouteConfiguration, request: EnvoyRequest): RouteDecision {
  const headers = new HeaderMap(requestHeaderList(request));
  const responseHeaders = new HeaderMap(request.responseHeaders ?? []);
  const random = BigInt.asUintN(64, BigInt(request.randomValue ?? 0));
  const trace: string[] = [];
  const base = { virtualCluster: null, timeout: null, idleTimeout: null, retryPolicy: null, trace } as const;
  const found = findVirtualHost(config, request.authority);
  if (found === undefined) {
    trace.push(`no virtual host matches authority '${request.authority}'`);
    return {
      ...base,
      virtualHost: null,
      route: null,
      action: { kind: "noRoute" },
      requestHeaders: headers.toList(),
      responseHeaders: responseHeaders.toList(),
    };
  }
  const vhost = config.virtualHosts[found.index] as VirtualHost;
  const virtualHost = { index: found.index, name: vhost.name };
  trace.push(`virtual host '${vhost.name}' (${found.how})`);
  const scheme = headers.getFirst("x-forwarded-proto") ?? headers.getFirst(":scheme");
  const internal = headers.getFirst("x-envoy-internal") === "true";
  if (scheme !== "https" && (vhost.requireTls === Tls.ALL || (vhost.requireTls === Tls.EXTERNAL_ONLY && !internal))) {
    trace.push(`require_tls ${Tls[vhost.requireTls]}: redirect to https`);
    for (const [k, v] of localReplyHeaders(301, "")) responseHeaders.add(k, v);
    const action: RouteActionDecision = {
      kind: "redirect",
      uri: sslRedirectUri(headers),
      status: 301,
      sslRedirect: true,
    };
    return {
      ...base,
      virtualHost,
      route: null,
      action,
      requestHeaders: headers.toList(),
      responseHeaders: responseHeaders.toList(),
    };
  }
  const ctx: MatchContext = {
    headers,
    randomValue: random,
    runtime: request.runtime ?? DEFAULT_RUNTIME,
    dynamicMetadata: request.dynamicMetadata ?? {},
    tls: request.tls,
    ignorePathParameters: config.ignorePathParametersInPathMatching,
  };
  for (const [routeIndex, route] of vhost.routes.entries()) {
    const m = matchRoute(route.match, ctx);
    const label = route.name === "" ? `route #${routeIndex}` : `route '${route.name}'`;
    if (!m.matched) {
      trace.push(`${label}: ${m.reason}`);
      continue;
    }
    trace.push(`${label} matched`);
    const ref = { virtualHostIndex: found.index, routeIndex, name: route.name };
    const levels: Level[] = [route, vhost, config];
    const format = {
      downstreamRemoteAddress: request.downstreamRemoteAddress ?? "127.0.0.1:0",
      requestHeaders: headers,
    };
    if (route.action.oneofKind === "route") {
      const ra = route.action.route;
      const originalHeaders = new HeaderMap(headers.toList());
      const action = clusterDecision(ra, headers, ctx, trace);
      const weighted =
        action.picked === null || ra.clusterSpecifier.oneofKind !== "weightedClusters"
          ? undefined
          : ra.clusterSpecifier.weightedClusters.clusters[action.picked.index];
      const all: Level[] = weighted === undefined ? levels : [weighted, ...levels];
      finalizeRequest(headers, all, config.mostSpecificHeaderMutationsWins, format, ra, weighted, m.matchedPath);
      finalizeResponse(responseHeaders, all, config.mostSpecificHeaderMutationsWins, format);
      return {
        virtualHost,
        route: ref,
        action,
        trace,
        virtualCluster: virtualClusterName(vhost, originalHeaders),
        requestHeaders: headers.toList(),
        responseHeaders: responseHeaders.toList(),
        timeout: routeTimeout(ra),
        idleTimeout: idleTimeout(ra),
        retryPolicy: retryPolicy(ra, vhost),
      };
    }
    const action = directAction(route, headers, m.matchedPath);
    if (action.kind === "redirect" || action.kind === "directResponse") {
      for (const [k, v] of localReplyHeaders(action.status, action.kind === "directResponse" ? action.body : ""))
        responseHeaders.add(k, v);
      finalizeResponse(responseHeaders, levels, config.mostSpecificHeaderMutationsWins, format);
    }
    return {
      ...base,
      virtualHost,
      route: ref,
      action,
      requestHeaders: headers.toList(),
      responseHeaders: responseHeaders.toList(),
    };
  }
  trace.push(`no route of virtual host '${vhost.name}' matched`);
  return {
    ...base,
    virtualHost,
    route: null,
    action: { kind: "noRoute" },
    requestHeaders: headers.toList(),
    responseHeaders: responseHeaders.toList(),
  };
}

function clusterDecision(
  ra: RouteAction,
  headers: HeaderMap,
  ctx: MatchContext,
  trace: string[],
): Extract<RouteActionDecision, { kind: "route" }> {
  const spec = ra.clusterSpecifier;
  const plain = (cluster: string) =>
    ({ kind: "route", cluster, picked: null, weights: null, totalWeight: null }) as const;
  switch (spec.oneofKind) {
    case "cluster":
      return plain(spec.cluster);
    case "clusterHeader":
      // config_impl.cc clusterEntry: the first value of the header; missing ⇒ "" (the router then fails the request).
      return plain(headers.getFirst(spec.clusterHeader) ?? "");
    case "weightedClusters": {
      const sel = pickWeightedCluster(spec.weightedClusters, headers, ctx.randomValue, ctx.runtime);
      trace.push(`weighted clusters: ${sel.selectedValue} of ${sel.total} picks '${sel.picked?.name ?? ""}'`);
      return {
        kind: "route",
        cluster: sel.picked?.name ?? "",
        picked: sel.picked ?? null,
        weights: sel.weights,
        totalWeight: sel.total,
      };
    }
    case "clusterSpecifierPlugin":
    case "inlineClusterSpecifierPlugin":
      trace.push("cluster specifier plugins are not modelled: cluster ''");
      return plain("");
    case undefined:
      return plain("");
    default:
      return spec satisfies never;
  }
}

/** Redirect (the request path first rewritten by its prefix/regex rewrite, as the router does), direct response, other. */
function directAction(route: Route, headers: HeaderMap, matchedPath: string): RouteActionDecision {
  const a = route.action;
  if (a.oneofKind === "redirect") {
    const p = a.redirect.pathRewriteSpecifier;
    applyPathRewrite(
      headers,
      matchedPath,
      p.oneofKind === "prefixRewrite" ? p.prefixRewrite : "",
      p.oneofKind === "regexRewrite" ? p.regexRewrite : undefined,
    );
    return {
      kind: "redirect",
      uri: newUri(a.redirect, headers),
      status: redirectStatus(a.redirect.responseCode),
      sslRedirect: false,
    };
  }
  if (a.oneofKind === "directResponse") {
    const b = a.directResponse.body?.specifier;
    const body =
      b?.oneofKind === "inlineString"
        ? b.inlineString
        : b?.oneofKind === "inlineBytes"
          ? new TextDecoder().decode(b.inlineBytes)
          : "";
    return { kind: "directResponse", status: a.directResponse.status, body, uri: newUri(undefined, headers) };
  }
  return { kind: "nonForwarding" };
}
