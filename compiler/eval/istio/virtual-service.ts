/**
 * Which VirtualService rules a client's proxy holds for a request, in the order Envoy tries them.
 *
 * Sidecars (istio `pilot/pkg/networking/core/httproute.go` `BuildSidecarOutboundVirtualHosts`, `route.go`
 * `BuildSidecarVirtualHostWrapper`): VirtualServices bound to `mesh`, exported to the client's namespace, whose hosts
 * match the service. Several VSs for one host are not merged: istiod keeps one per host, the exact host before a
 * wildcard, the most specific wildcard first, then the oldest. meshc has no creation times, so the tie-break between
 * equally specific VSs is the IR order (namespace, name); the trace names the ones left out. VSs for hosts outside
 * the registry only get a route on port 80 (route.go, "VS for unknown hosts only on port 80").
 *
 * Gateways (istio `pilot/pkg/networking/core/gateway.go` `buildGatewayHTTPRouteConfig`): every VS bound to the gateway
 * whose hosts match both a server host on the request's port and the request host; their routes are concatenated and
 * catch-all routes moved last (`route.go` `SortVHostRoutes`).
 */
import { hostMatches } from "../../ir/_hosts.ts";
import { resourcesOf, type MeshIR, type VirtualServiceNode } from "../../ir/ir.ts";
import type { HTTPMatchRequest, HTTPRoute } from "../../ir/istio-api.ts";
import type { Client, HttpView, Target } from "./_model.ts";
import { currentGateway, evaluateMatch } from "./route-match.ts";
import { visibleFrom } from "./visibility.ts";

/** One Envoy route: a match block of an http rule (or the whole rule when it has no match). */
export interface EnvoyRoute {
  readonly vs: VirtualServiceNode;
  readonly ruleIndex: number;
  readonly matchIndex: number | null;
  readonly rule: HTTPRoute;
  readonly match: HTTPMatchRequest | undefined;
}

export const vsName = (vs: VirtualServiceNode): string => `VirtualService ${vs.meta.namespace}/${vs.meta.name}`;

/** How specific a VS host is for a name: exact beats any wildcard, longer wildcards beat shorter. */
function specificity(vs: VirtualServiceNode, host: string): number {
  let best = -1;
  for (const h of vs.hosts) if (hostMatches(h, host)) best = Math.max(best, h === host ? Number.MAX_SAFE_INTEGER : h.length);
  return best;
}

/** The VirtualService a sidecar applies to the target, if any. */
export function sidecarVirtualService(ir: MeshIR, client: Client, target: Target, trace: string[]): VirtualServiceNode | undefined {
  if (target.kind === "external" && target.port !== 80) return undefined;
  const candidates = resourcesOf(ir, "virtualService")
    .filter((vs) => vs.gateways.includes("mesh") && visibleFrom(vs.exportTo, client.namespace) && specificity(vs, target.fqdn) >= 0)
    .map((vs, order) => ({ vs, order, rank: specificity(vs, target.fqdn) }))
    .sort((a, b) => b.rank - a.rank || a.order - b.order);
  const chosen = candidates[0]?.vs;
  if (chosen === undefined) return undefined;
  trace.push(`${vsName(chosen)} applies to ${target.fqdn} (hosts [${chosen.hosts.join(", ")}], gateway mesh, visible from namespace '${client.namespace}').`);
  for (const other of candidates.slice(1)) {
    trace.push(`${vsName(other.vs)} also claims ${target.fqdn}; Istio applies only one VirtualService per host for sidecars (the most specific host, then the oldest), so it is ignored.`);
  }
  return chosen;
}

/** Server hosts are `[namespace/]host`; the namespace part limits which VSs may bind (`.` is the Gateway's own). */
function serverHostAllows(serverHost: string, gatewayNs: string, vs: VirtualServiceNode, host: string): boolean {
  const slash = serverHost.indexOf("/");
  const ns = slash < 0 ? "*" : serverHost.slice(0, slash);
  const h = slash < 0 ? serverHost : serverHost.slice(slash + 1);
  const nsOk = ns === "*" || (ns === "." ? gatewayNs : ns) === vs.meta.namespace;
  return nsOk && hostMatches(h, host);
}

/** The VSs a gateway applies on the request's port, or "no listener" when no server listens on it. */
export function gatewayVirtualServices(
  ir: MeshIR,
  client: Client,
  req: HttpView,
  host: string,
  trace: string[],
): { readonly listener: boolean; readonly services: readonly VirtualServiceNode[] } {
  const gw = client.gateway!;
  const servers = gw.spec.servers.filter((s) => s.port.number === req.port);
  if (servers.length === 0) {
    trace.push(`Gateway ${currentGateway(client)} has no server on port ${req.port}: the connection is refused.`);
    return { listener: false, services: [] };
  }
  const name = currentGateway(client);
  const services = resourcesOf(ir, "virtualService").filter(
    (vs) =>
      vs.gateways.includes(name) &&
      visibleFrom(vs.exportTo, client.namespace) &&
      vs.hosts.some((h) => hostMatches(h, host)) &&
      servers.some((s) => s.hosts.some((sh) => serverHostAllows(sh, gw.meta.namespace, vs, host))),
  );
  for (const vs of services) trace.push(`${vsName(vs)} is bound to gateway ${name} for host '${host}' on port ${req.port}.`);
  return { listener: true, services };
}

/** istio `route.go` `IsCatchAllRoute`: prefix `/` or regex `.*` with no other matcher. */
function isCatchAll(match: HTTPMatchRequest | undefined): boolean {
  if (match === undefined) return true;
  const keys = Object.keys(match).filter((k) => k !== "name" && k !== "ignoreUriCase" && k !== "statPrefix");
  if (keys.length === 0) return true;
  if (keys.length !== 1 || match.uri === undefined) return false;
  const u = match.uri as { prefix?: string; regex?: string };
  return u.prefix === "/" || u.regex === "*" || u.regex === ".*";
}

/** The Envoy routes of some VSs, in Envoy's order (gateways move catch-all routes last). */
export function flattenRoutes(services: readonly VirtualServiceNode[], gateway: boolean): EnvoyRoute[] {
  const routes: EnvoyRoute[] = [];
  for (const vs of services) {
    (vs.spec.http ?? []).forEach((rule, ruleIndex) => {
      const matches = rule.match ?? [];
      if (matches.length === 0) routes.push({ vs, ruleIndex, matchIndex: null, rule, match: undefined });
      else matches.forEach((match, matchIndex) => routes.push({ vs, ruleIndex, matchIndex, rule, match }));
    });
  }
  if (!gateway) return routes;
  return [...routes.filter((r) => !isCatchAll(r.match)), ...routes.filter((r) => isCatchAll(r.match))];
}

const ruleLabel = (r: EnvoyRoute): string => `${vsName(r.vs)} http[${r.ruleIndex}]${r.rule.name ? ` '${r.rule.name}'` : ""}`;

/** First match wins (envoy `config_impl.cc` `VirtualHostImpl::getRouteFromEntries`); the trace explains every miss. */
export function firstMatch(routes: readonly EnvoyRoute[], client: Client, req: HttpView, trace: string[]): EnvoyRoute | undefined {
  for (const r of routes) {
    const check = r.match === undefined ? { ok: true, text: "it has no match conditions (every request)" } : evaluateMatch(r.match, client, req, r.vs.meta.namespace);
    const where = r.matchIndex === null ? "" : ` match[${r.matchIndex}]${r.match?.name ? ` '${r.match.name}'` : ""}`;
    if (check.ok) {
      trace.push(`${ruleLabel(r)} matched${where}: ${check.text}.`);
      return r;
    }
    trace.push(`${ruleLabel(r)}${where} did not match: ${check.text}.`);
  }
  return undefined;
}

