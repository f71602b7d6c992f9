// VirtualService → the Envoy routes of one virtual host, and the default route of a service without one.
// istio pilot/pkg/networking/core/route/route.go `BuildHTTPRoutesForVirtualService`, `TranslateRoute`,
// `BuildDefaultHTTPOutboundRoute`, `getRouteOperation`; metadata per util.go `BuildConfigInfoMetadata`.
import { usesGatewaySemantics, usesPathSeparatedPrefix } from "../../../ir/route-semantics.ts";
import { resolveGatewayName } from "../../../ir/hosts.ts";
import type { VirtualServiceNode } from "../../../ir/ir.ts";
import type { HTTPMatchRequest, HTTPRoute } from "../../../ir/istio-api.ts";
import {
  Decorator,
  Route,
  RouteAction,
  type RouteAction_HashPolicy,
} from "../gen/envoy/config/route/v3/route_components.ts";
import { metadata } from "../proto.ts";
import type { OutboundScope } from "./scope.ts";
import { applyAction, setTimeout } from "./route-action.ts";
import { perFilterConfig, translateCors, translateFault, translateHeaders } from "./route-filters.ts";
import { isCatchAllMatch, translateRouteMatch } from "./route-match.ts";
import { retryPolicy } from "./retry-policy.ts";

/** Which VirtualService rule (and match block) a route came from. */
export interface RuleRef {
  readonly rule: number;
  readonly match: number | undefined;
  readonly name: string | undefined;
}

/**
 * util.go `BuildConfigInfoMetadata`: `filter_metadata.istio.config` names the VirtualService. meshc adds
 * `filter_metadata.meshc` `{ http: <rule index>, match: <match index>, name: <rule name> }` (istiod has no equivalent:
 * Envoy's route name joins the rule and match names, which cannot be split back), so that the Envoy engine and
 * coverage can name the rule a route came from without reading the IR.
 */
export const vsMetadata = (vs: VirtualServiceNode, ref?: RuleRef) =>
  metadata({
    istio: { config: `/apis/networking.istio.io/v1/namespaces/${vs.meta.namespace}/virtual-service/${vs.meta.name}` },
    ...(ref === undefined
      ? {}
      : {
          meshc: {
            http: ref.rule,
            ...(ref.match === undefined ? {} : { match: ref.match }),
            ...(ref.name === undefined ? {} : { name: ref.name }),
          },
        }),
  });

/** route.go `getRouteOperation`: `<host>:<port><path>` for a single cluster, else `<vsName>:<listenerPort><path>`. */
function routeOperation(route: Route, vsName: string, port: number): string {
  const ps = route.match?.pathSpecifier;
  const path =
    ps?.oneofKind === "prefix"
      ? `${ps.prefix}*`
      : ps?.oneofKind === "path"
        ? ps.path
        : ps?.oneofKind === "safeRegex"
          ? ps.safeRegex.regex
          : "/*";
  if (route.action.oneofKind === "route" && route.action.route.clusterSpecifier.oneofKind === "cluster") {
    const parts = route.action.route.clusterSpecifier.cluster.split("|");
    if (parts.length === 4) return `${parts[3]}:${parts[1]}${path}`;
  }
  return `${vsName}:${port}${path}`;
}

/** The gateways routes are generated for: a sidecar's `mesh`, or a gateway proxy's `namespace/name` Gateways. */
const MESH: ReadonlySet<string> = new Set(["mesh"]);

/**
 * route.go `translateRoute` + `sourceMatchHTTP`: a match applies to this proxy only if its `port` is the listener
 * port and its source condition holds. With `gateways`, the proxy's gateway names decide alone (`sourceLabels` and
 * `sourceNamespace` are NOT checked); without, `sourceLabels` must be a subset of the proxy's labels and
 * `sourceNamespace` (when set) its namespace. Match `gateways` resolve relative to the VirtualService's namespace
 * (model `resolveVirtualServiceShortnames`, `resolveGatewayName`).
 */
function matchApplies(
  scope: OutboundScope,
  match: HTTPMatchRequest,
  port: number,
  vsNamespace: string,
  gateways: ReadonlySet<string>,
): boolean {
  if (match.port !== undefined && match.port !== port) return false;
  if (match.gateways !== undefined && match.gateways.length > 0)
    return match.gateways.some((g) => gateways.has(resolveGatewayName(g, vsNamespace)));
  if (
    match.sourceLabels !== undefined &&
    !Object.entries(match.sourceLabels).every(([k, v]) => scope.workload.labels[k] === v)
  )
    return false;
  return (
    match.sourceNamespace === undefined ||
    match.sourceNamespace === "" ||
    match.sourceNamespace === scope.workload.namespace
  );
}

/** route.go `TranslateRoute` for one (rule, match) pair; undefined when the rule has no usable action. */
function translateRoute(
  scope: OutboundScope,
  vs: VirtualServiceNode,
  rule: HTTPRoute,
  match: HTTPMatchRequest | undefined,
  port: number,
  ref: RuleRef,
): Route | undefined {
  const out = Route.create({
    name: `${rule.name ?? ""}${match?.name !== undefined && match.name !== "" ? `.${match.name}` : ""}`,
    match: translateRouteMatch(match, usesPathSeparatedPrefix(vs)),
    metadata: vsMetadata(vs, ref),
    statPrefix: match?.statPrefix ?? "",
  });
  const ops = translateHeaders(rule.headers);
  out.requestHeadersToAdd.push(...ops.requestHeadersToAdd);
  out.responseHeadersToAdd.push(...ops.responseHeadersToAdd);
  out.requestHeadersToRemove.push(...ops.requestHeadersToRemove);
  out.responseHeadersToRemove.push(...ops.responseHeadersToRemove);
  if (!applyAction(scope, rule, vs.meta.namespace, port, out, usesGatewaySemantics(vs))) return undefined;
  if (out.action.oneofKind === "route" && ops.hostRewrite !== undefined && rule.rewrite?.authority === undefined) {
    out.action.route.hostRewriteSpecifier = { oneofKind: "hostRewriteLiteral", hostRewriteLiteral: ops.hostRewrite };
  }
  out.typedPerFilterConfig = perFilterConfig(translateFault(rule.fault), translateCors(rule.corsPolicy));
  out.decorator = Decorator.create({ operation: routeOperation(out, vs.meta.name, port) });
  return out;
}

/**
 * route.go `BuildHTTPRoutesForVirtualService`: one route per applicable match (or one for a match-less rule), in
 * VirtualService order; generation stops after the first catch-all route (later rules can never match). `gateways`:
 * the proxy's gateway names (`mesh` for sidecars; a gateway proxy's Gateways, gateway.go `buildGatewayHTTPRouteConfig`).
 */
export function virtualServiceRoutes(
  scope: OutboundScope,
  vs: VirtualServiceNode,
  port: number,
  gateways: ReadonlySet<string> = MESH,
): Route[] {
  const routes: Route[] = [];
  for (const [ruleIndex, rule] of (vs.spec.http ?? []).entries()) {
    if (rule.delegate !== undefined) continue; // delegates are merged by istiod before translation; not modelled
    const matches = rule.match === undefined || rule.match.length === 0 ? [undefined] : rule.match;
    for (const [matchIndex, match] of matches.entries()) {
      if (match !== undefined && !matchApplies(scope, match, port, vs.meta.namespace, gateways)) continue;
      const ref: RuleRef = { rule: ruleIndex, match: match === undefined ? undefined : matchIndex, name: rule.name };
      const route = translateRoute(scope, vs, rule, match, port, ref);
      if (route === undefined) continue;
      routes.push(route);
      if (route.match !== undefined && isCatchAllMatch(route.match)) return routes;
    }
  }
  return routes;
}

/**
 * route.go `BuildDefaultHTTPOutboundRoute`: `default`, prefix `/`, to `outbound|port||host`, timeout 0s, the
 * default retry policy (without previous_hosts when the DestinationRule hashes), decorator `<host>:<port>/*`.
 */
export function defaultRoute(cluster: string, host: string, port: number, hashed: RouteAction_HashPolicy[]): Route {
  const action = RouteAction.create({ clusterSpecifier: { oneofKind: "cluster", cluster }, hashPolicy: hashed });
  setTimeout(action, undefined);
  action.retryPolicy = retryPolicy(undefined, hashed.length > 0);
  return Route.create({
    name: "default",
    match: translateRouteMatch(undefined),
    action: { oneofKind: "route", route: action },
    decorator: Decorator.create({ operation: `${host}:${port}/*` }),
  });
}
