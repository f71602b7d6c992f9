// The action of one VirtualService HTTP rule: route (clusters, weights, timeout, retries, mirrors, rewrites, hash
// policy), redirect or direct response. istio pilot/pkg/networking/core/route/route.go `applyHTTPRouteDestination`,
// `GetDestinationCluster`, `setTimeout`, redirect and direct-response translation in `TranslateRoute`.
import { redirectPrefixReplacement } from "../../../ir/route-semantics.ts";
import { quoteMeta } from "../authz/matchers.ts";
import { resolveShortname } from "../../../ir/hosts.ts";
import type { Destination, HTTPRoute, Percent } from "../../../ir/istio-api.ts";
import { RuntimeFractionalPercent } from "../gen/envoy/config/core/v3/base.ts";
import {
  DirectResponseAction,
  RedirectAction,
  RedirectAction_RedirectResponseCode,
  RouteAction,
  RouteAction_ClusterNotFoundResponseCode,
  RouteAction_RequestMirrorPolicy,
  WeightedCluster,
  WeightedCluster_ClusterWeight,
} from "../gen/envoy/config/route/v3/route_components.ts";
import type { Route } from "../gen/envoy/config/route/v3/route_components.ts";
import { RegexMatchAndSubstitute, RegexMatcher } from "../gen/envoy/type/matcher/v3/regex.ts";
import { FractionalPercent, FractionalPercent_DenominatorType } from "../gen/envoy/type/v3/percent.ts";
import { boolValue, duration, u32, ZERO_SECONDS } from "../proto.ts";
import type { OutboundScope } from "./scope.ts";
import { hashPolicies } from "./hash-policy.ts";
import { retryPolicy } from "./retry-policy.ts";
import { fractionalPercent, translateHeaders } from "./route-filters.ts";

/** model.BuildSubsetKey (pilot/pkg/model/service.go): `outbound|<port>|<subset>|<host>`. */
export const clusterName = (port: number, subset: string | undefined, host: string): string =>
  `outbound|${port}|${subset ?? ""}|${host}`;

/** route.go `GetDestinationCluster`'s name for a destination without a host (a Gateway API backendRef istiod refused). */
export const UNKNOWN_SERVICE = "UnknownService";

/**
 * route.go `GetDestinationCluster`: the destination's port if given, else the service's only port, else the
 * listener port. Short hosts are resolved in the VirtualService's namespace (model/config.go `ResolveShortnameToFQDN`).
 * A destination without a host ("only happens when the gateway-api BackendRef is invalid": conversion.go
 * `buildDestination` keeps an empty one for a backendRef a ReferenceGrant does not allow) is "UnknownService".
 */
export function destinationCluster(
  scope: OutboundScope,
  dest: Destination,
  vsNamespace: string,
  listenerPort: number,
): { cluster: string; host: string; port: number } {
  if (!dest.host) return { cluster: UNKNOWN_SERVICE, host: "", port: listenerPort };
  const written = resolveShortname(dest.host, vsNamespace);
  const svc = scope.services.find((s) => s.hostname === written);
  // "If this is an Alias, point to the concrete service" (one hop: istiod's TODO says Alias -> Alias is not followed).
  const host = svc?.alias ?? written;
  const port = dest.port?.number ?? (svc !== undefined && svc.ports.length === 1 ? svc.ports[0]!.port : listenerPort);
  return { cluster: clusterName(port, dest.subset, host), host, port };
}

/** route.go `setTimeout`: no VS timeout → 0s (disabled, not Envoy's 15s); `max_grpc_timeout` follows it. */
export function setTimeout(action: RouteAction, timeout: string | undefined): void {
  const t = duration(timeout) ?? ZERO_SECONDS;
  action.timeout = t;
  action.maxGrpcTimeout = t;
}

/** route.go mirror translation: `mirrorPercentage` (MILLION), legacy percent (HUNDRED), absent → 100%; 0 → none. */
function mirrorPolicy(
  scope: OutboundScope,
  dest: Destination,
  percentage: Percent | undefined,
  vsNs: string,
  port: number,
): RouteAction_RequestMirrorPolicy | undefined {
  const fraction =
    fractionalPercent(percentage, undefined) ??
    FractionalPercent.create({ numerator: 100, denominator: FractionalPercent_DenominatorType.HUNDRED });
  if (fraction.numerator === 0) return undefined;
  return RouteAction_RequestMirrorPolicy.create({
    cluster: destinationCluster(scope, dest, vsNs, port).cluster,
    runtimeFraction: RuntimeFractionalPercent.create({ defaultValue: fraction }),
    traceSampled: boolValue(false),
  });
}

/**
 * route.go `applyHTTPRouteDestination` for a rule with `route[]`. Under Gateway API semantics an unresolved backend
 * answers 500 and a prefix rewritten to `/` is removed (ir/route-semantics.ts).
 */
function routeAction(
  scope: OutboundScope,
  rule: HTTPRoute,
  vsNs: string,
  port: number,
  out: Route,
  gatewaySemantics: boolean,
): RouteAction {
  const action = RouteAction.create();
  if (gatewaySemantics)
    action.clusterNotFoundResponseCode = RouteAction_ClusterNotFoundResponseCode.INTERNAL_SERVER_ERROR;
  const dests = rule.route ?? [];
  const first = dests[0];
  if (dests.length === 1 && first !== undefined) {
    action.clusterSpecifier = {
      oneofKind: "cluster",
      cluster: destinationCluster(scope, first.destination, vsNs, port).cluster,
    };
    // A single destination's header operations are merged into the route's.
    const ops = translateHeaders(first.headers);
    out.requestHeadersToAdd.push(...ops.requestHeadersToAdd);
    out.responseHeadersToAdd.push(...ops.responseHeadersToAdd);
    out.requestHeadersToRemove.push(...ops.requestHeadersToRemove);
    out.responseHeadersToRemove.push(...ops.responseHeadersToRemove);
    if (ops.hostRewrite !== undefined)
      action.hostRewriteSpecifier = { oneofKind: "hostRewriteLiteral", hostRewriteLiteral: ops.hostRewrite };
  } else {
    // Weight-0 entries are dropped; no total_weight (Envoy sums the weights).
    const clusters = dests
      .filter((d) => (d.weight ?? 0) > 0)
      .map((d) => {
        const ops = translateHeaders(d.headers);
        return WeightedCluster_ClusterWeight.create({
          name: destinationCluster(scope, d.destination, vsNs, port).cluster,
          weight: u32(d.weight!),
          requestHeadersToAdd: ops.requestHeadersToAdd,
          requestHeadersToRemove: ops.requestHeadersToRemove,
          responseHeadersToAdd: ops.responseHeadersToAdd,
          responseHeadersToRemove: ops.responseHeadersToRemove,
          hostRewriteSpecifier:
            ops.hostRewrite === undefined
              ? { oneofKind: undefined }
              : { oneofKind: "hostRewriteLiteral", hostRewriteLiteral: ops.hostRewrite },
        });
      });
    action.clusterSpecifier = { oneofKind: "weightedClusters", weightedClusters: WeightedCluster.create({ clusters }) };
  }
  if (rule.rewrite?.uri !== undefined) {
    const ps = out.match?.pathSpecifier;
    if (gatewaySemantics && rule.rewrite.uri === "/") {
      // Remove the prefix, holding `/` in case the entire path is removed.
      const prefix = ps?.oneofKind === "pathSeparatedPrefix" ? ps.pathSeparatedPrefix : "";
      action.regexRewrite = RegexMatchAndSubstitute.create({
        pattern: RegexMatcher.create({ regex: `^${quoteMeta(prefix)}(/?)(.*)` }),
        substitution: "/\\2",
      });
    } else action.prefixRewrite = rule.rewrite.uri;
  }
  if (rule.rewrite?.uriRegexRewrite !== undefined) {
    const r = rule.rewrite.uriRegexRewrite;
    action.regexRewrite = RegexMatchAndSubstitute.create({
      pattern: RegexMatcher.create({ regex: r.match }),
      substitution: r.rewrite,
    });
  }
  if (rule.rewrite?.authority !== undefined)
    action.hostRewriteSpecifier = { oneofKind: "hostRewriteLiteral", hostRewriteLiteral: rule.rewrite.authority };
  setTimeout(action, rule.timeout);
  if (rule.mirror !== undefined) {
    const m = mirrorPolicy(scope, rule.mirror, rule.mirrorPercentage, vsNs, port);
    if (m !== undefined) action.requestMirrorPolicies.push(m);
  }
  for (const m of rule.mirrors ?? []) {
    const p = mirrorPolicy(scope, m.destination, m.percentage, vsNs, port);
    if (p !== undefined) action.requestMirrorPolicies.push(p);
  }
  // The hash policy of the (first) destination's DestinationRule; consistent hashing also drops previous_hosts.
  action.hashPolicy =
    first === undefined
      ? []
      : hashPolicies(scope, destinationCluster(scope, first.destination, vsNs, port), first.destination.subset);
  action.retryPolicy = retryPolicy(rule.retries, action.hashPolicy.length > 0);
  return action;
}

const REDIRECT_CODES: Readonly<Record<number, RedirectAction_RedirectResponseCode>> = {
  301: RedirectAction_RedirectResponseCode.MOVED_PERMANENTLY,
  302: RedirectAction_RedirectResponseCode.FOUND,
  303: RedirectAction_RedirectResponseCode.SEE_OTHER,
  307: RedirectAction_RedirectResponseCode.TEMPORARY_REDIRECT,
  308: RedirectAction_RedirectResponseCode.PERMANENT_REDIRECT,
};

/**
 * route.go `ApplyRedirect`; an unsupported code gives no action (istiod logs and drops it). Under Gateway API semantics
 * a path `%PREFIX()%x` replaces the matched prefix (`prefix_rewrite`).
 */
function redirectAction(rule: HTTPRoute, port: number, gatewaySemantics: boolean): RedirectAction | undefined {
  const r = rule.redirect!;
  const code = REDIRECT_CODES[r.redirectCode ?? 301];
  if (code === undefined) return undefined;
  const out = RedirectAction.create({ hostRedirect: r.authority ?? "", responseCode: code });
  const prefix = gatewaySemantics ? redirectPrefixReplacement(r.uri) : undefined;
  if (prefix !== undefined) out.pathRewriteSpecifier = { oneofKind: "prefixRewrite", prefixRewrite: prefix };
  else if (r.uri !== undefined) out.pathRewriteSpecifier = { oneofKind: "pathRedirect", pathRedirect: r.uri };
  if (r.scheme !== undefined && r.scheme !== "")
    out.schemeRewriteSpecifier = { oneofKind: "schemeRedirect", schemeRedirect: r.scheme };
  if (r.port !== undefined) out.portRedirect = r.port;
  else if (r.derivePort === "FROM_REQUEST_PORT") {
    // Envoy cannot derive the port; istiod uses the listener port, eliding the scheme's default one.
    const scheme = r.scheme ?? "http";
    out.portRedirect = (scheme === "http" && port === 80) || (scheme === "https" && port === 443) ? 0 : port;
  }
  return out;
}

/** route.go direct response: `{ status, body: inline_string | inline_bytes }`. */
function directResponse(rule: HTTPRoute): DirectResponseAction {
  const d = rule.directResponse!;
  const out = DirectResponseAction.create({ status: d.status });
  if (d.body !== undefined) {
    out.body =
      "string" in d.body
        ? { specifier: { oneofKind: "inlineString", inlineString: d.body.string }, watchedDirectory: undefined }
        : {
            specifier: { oneofKind: "inlineBytes", inlineBytes: Uint8Array.from(Buffer.from(d.body.bytes, "base64")) },
            watchedDirectory: undefined,
          };
  }
  return out;
}

/** Sets `out.action` for `rule`; false when istiod would produce no action (the route is then dropped). */
export function applyAction(
  scope: OutboundScope,
  rule: HTTPRoute,
  vsNs: string,
  port: number,
  out: Route,
  gatewaySemantics = false,
): boolean {
  if (rule.redirect !== undefined) {
    const redirect = redirectAction(rule, port, gatewaySemantics);
    if (redirect === undefined) return false;
    out.action = { oneofKind: "redirect", redirect };
  } else if (rule.directResponse !== undefined) {
    out.action = { oneofKind: "directResponse", directResponse: directResponse(rule) };
  } else {
    out.action = { oneofKind: "route", route: routeAction(scope, rule, vsNs, port, out, gatewaySemantics) };
  }
  return true;
}
