/**
 * Which VirtualService rules a client's proxy holds for a request, in the order Envoy tries them.
 *
 * Sidecars (istio `pilot/pkg/networking/core/httproute.go` `BuildSidecarOutboundVirtualHosts`, `route.go`
 * `BuildSidecarVirtualHostWrapper`): VirtualServices bound to `mesh`, exported to the client's namespace, whose hosts
 * match the service. Several VSs for one host are not merged: istiod keeps one per host, the exact host before a
 * wildcard, the most specific wildcard first, then the first in the order the proxy holds them (compiler/ir/
 * sidecar-vs-order.ts: by visibility, the client namespace's Gateway API routes first, then the oldest by
 * creationTimestamp, name, namespace: compiler/ir/creation-order.ts); the trace names the ones left out. A Gateway API
 * route applies only to clients in its namespace or to a service in its namespace (`gatewayRouteBuilds`). A VS that yields no
 * route for the client (every match excluded by `port`, `sourceLabels`, `sourceNamespace` or `gateways`) claims
 * nothing: the service keeps its default route (`sidecarVirtualService`). VSs for hosts outside the registry only
 * get a route on port 80 (route.go, "VS for unknown hosts only on port 80").
 *
 * Each VS's rules become Envoy routes up to its first catch-all (`virtualServiceRoutes`). Gateways build their
 * virtual hosts from these in `gateway.ts`.
 */
import { gatewayRouteBuildsFor, usesGatewaySemantics, usesPathSeparatedPrefix } from "../../ir/route-semantics.ts";
import { sidecarVirtualServiceOrder } from "../../ir/sidecar-vs-order.ts";
import { importsVirtualService } from "../../ir/sidecar-egress.ts";
import { clientEgress, registryOnPort } from "./_egress.ts";
import { hasHttpListener } from "./listener.ts";
import { hostMatches, hostsOverlap } from "../../ir/hosts.ts";
import type { MeshIR, VirtualServiceNode } from "../../ir/ir.ts";
import type { HTTPMatchRequest, HTTPRoute } from "../../ir/istio-api.ts";
import type { Client, HttpView, Target } from "../_shared/model.ts";
import { evaluateMatch, generatedFor } from "./route-match.ts";
import { visibleFrom } from "../../ir/visibility.ts";
import { virtualServicesByPrecedence } from "../../ir/creation-order.ts";

/** One Envoy route: a match block of an http rule (or the whole rule when it has no match). */
export interface EnvoyRoute {
  readonly vs: VirtualServiceNode;
  readonly ruleIndex: number;
  readonly matchIndex: number | null;
  readonly rule: HTTPRoute;
  readonly match: HTTPMatchRequest | undefined;
  /**
   * The proxy the route was generated for, when its `gateways` condition must be read for another Gateway than the
   * request's (a Gateway merged onto the same gateway pod).
   */
  readonly proxy?: Client;
}

export const vsName = (vs: VirtualServiceNode): string => `VirtualService ${vs.meta.namespace}/${vs.meta.name}`;

/** How specific a VS host is for a name: exact beats any wildcard, longer wildcards beat shorter. */
function specificity(vs: VirtualServiceNode, host: string): number {
  let best = -1;
  for (const h of vs.hosts)
    if (hostMatches(h, host)) best = Math.max(best, h === host ? Number.MAX_SAFE_INTEGER : h.length);
  return best;
}

interface MeshVirtualServices {
  /** IR position of each VS bound to `mesh`. */
  readonly order: ReadonlyMap<VirtualServiceNode, number>;
  /** Exact host → the VSs listing it. */
  readonly byHost: ReadonlyMap<string, readonly VirtualServiceNode[]>;
  /** VSs with a wildcard host (they may match any name). */
  readonly wildcard: readonly VirtualServiceNode[];
}

const meshIndex = new WeakMap<MeshIR, MeshVirtualServices>();

/** The VSs bound to `mesh`, indexed by host once per IR, so that a lookup does not scan every VirtualService. */
function meshVirtualServices(ir: MeshIR): MeshVirtualServices {
  let index = meshIndex.get(ir);
  if (index === undefined) {
    const order = new Map<VirtualServiceNode, number>();
    const byHost = new Map<string, VirtualServiceNode[]>();
    const wildcard: VirtualServiceNode[] = [];
    // push_context.go initVirtualServices: istiod's precedence order (oldest first, compiler/ir/creation-order.ts).
    for (const vs of virtualServicesByPrecedence(ir)) {
      if (!vs.gateways.includes("mesh")) continue;
      order.set(vs, order.size);
      for (const h of new Set(vs.hosts)) {
        if (h.startsWith("*")) continue;
        const list = byHost.get(h);
        if (list === undefined) byHost.set(h, [vs]);
        else list.push(vs);
      }
      if (vs.hosts.some((h) => h.startsWith("*"))) wildcard.push(vs);
    }
    meshIndex.set(ir, (index = { order, byHost, wildcard }));
  }
  return index;
}

/**
 * Whether istiod builds at least one route from the VS for this proxy and port (route.go
 * `BuildHTTPRoutesForVirtualService` returns "no routes matched" otherwise, and `buildSidecarVirtualHostsForVirtualService`
 * then builds no virtual host from it): a rule without matches always yields one, a match block only when
 * `generatedFor` holds.
 */
export function yieldsRoutes(vs: VirtualServiceNode, client: Client, port: number): boolean {
  return (vs.spec.http ?? []).some(
    (rule) =>
      (rule.match ?? []).length === 0 || rule.match!.some((m) => generatedFor(m, client, port, vs.meta.namespace)),
  );
}

/**
 * route.go `buildSidecarVirtualHostsForVirtualService` (ir/route-semantics.ts `gatewayRouteBuildsFor`): a Gateway API
 * route builds no virtual host unless the client or the registry service it names is in the route's namespace. The
 * service is the target's: istiod generates one VirtualService per host of a route (route_collections.go "Create one
 * VS per hostname with a single hostname"), and a host outside the registry names none.
 */
function gatewayRouteBuilds(vs: VirtualServiceNode, client: Client, target: Target, trace: string[]): boolean {
  const ns =
    target.kind === "service"
      ? [target.service.namespace]
      : target.kind === "serviceEntry"
        ? [target.entry.meta.namespace]
        : [];
  if (gatewayRouteBuildsFor(vs, ns, client.namespace)) return true;
  trace.push(
    `${vsName(vs)} is a Gateway API route in namespace '${vs.meta.namespace}', neither the client's nor the destination service's, so istiod builds no virtual host from it for this client (route.go: "Gateway allows only routes from the namespace of the proxy, or namespace of the destination").`,
  );
  return false;
}

/**
 * The VirtualServices bound to `mesh` that the client's proxy holds among `vss` (visible from its namespace, imported
 * by its Sidecar), in the order it holds them (ir/sidecar-vs-order.ts: by visibility list, the client namespace's
 * Gateway API routes first, then precedence).
 */
function heldVirtualServices(ir: MeshIR, client: Client, vss: readonly VirtualServiceNode[]): VirtualServiceNode[] {
  const index = meshVirtualServices(ir);
  const egress = clientEgress(ir, client);
  return sidecarVirtualServiceOrder(
    vss
      .filter((vs) => visibleFrom(vs.exportTo, client.namespace) && importsVirtualService(egress, vs))
      .sort((a, b) => index.order.get(a)! - index.order.get(b)!),
    client.namespace,
  );
}

/**
 * How specifically the VS's own virtual hosts on the port match a host outside the registry, -1 when none does.
 * route.go `separateVSHostsAndServices`: its exact hosts outside the port's registry, and its wildcard hosts matching
 * no service there (a Gateway API route's, always), are virtual hosts of their own whose one domain is the host.
 */
function ownHostSpecificity(vs: VirtualServiceNode, fqdn: string, registry: ReadonlyMap<string, boolean>): number {
  let best = -1;
  for (const h of vs.hosts) {
    const own = !h.startsWith("*")
      ? !registry.has(h)
      : usesGatewaySemantics(vs) || ![...registry.keys()].some((s) => hostsOverlap(s, h));
    if (own && hostMatches(h, fqdn)) best = Math.max(best, h === fqdn ? Number.MAX_SAFE_INTEGER : h.length);
  }
  return best;
}

/**
 * model/sidecar.go `computeWildcardHostVirtualServiceIndex` (`MostSpecificHostMatch`): the VirtualService a hostname
 * is indexed to among those the proxy holds, whatever their routes: the first listing it, else the first holding the
 * most specific wildcard that matches it.
 */
function indexedVirtualService(ir: MeshIR, client: Client, host: string): VirtualServiceNode | undefined {
  const index = meshVirtualServices(ir);
  const held = heldVirtualServices(ir, client, [...new Set([...(index.byHost.get(host) ?? []), ...index.wildcard])]);
  const exact = held.find((vs) => vs.hosts.some((h) => h === host));
  if (exact !== undefined) return exact;
  let best: { vs: VirtualServiceNode; rank: number } | undefined;
  for (const vs of held) {
    const rank = specificity(vs, host);
    if (rank >= 0 && (best === undefined || rank > best.rank)) best = { vs, rank };
  }
  return best?.vs;
}

/**
 * route.go `buildSidecarVirtualHostsForVirtualService` `serviceByPort`: whether the VS names a service of the port's
 * registry that serves HTTP there or is sniffed (an exact host; a wildcard host only for the services indexed to it).
 */
function namesHttpService(
  ir: MeshIR,
  client: Client,
  vs: VirtualServiceNode,
  registry: ReadonlyMap<string, boolean>,
): boolean {
  return vs.hosts.some((h) =>
    !h.startsWith("*")
      ? registry.get(h) === true
      : !usesGatewaySemantics(vs) &&
        [...registry].some(([s, http]) => http && hostsOverlap(s, h) && indexedVirtualService(ir, client, s) === vs),
  );
}

/**
 * The VirtualService whose routes the client's sidecar holds for the target, if any; undefined means the default
 * route (or, for a host outside the registry, the catch-all virtual host). istiod (route.go
 * `BuildSidecarVirtualHostWrapper`, `separateVSHostsAndServices`; model/sidecar.go
 * `computeWildcardHostVirtualServiceIndex`; httproute.go `BuildSidecarOutboundVirtualHosts`): a VS that yields no
 * routes for the proxy (`yieldsRoutes`) builds no virtual host and claims nothing. For a registry service, every VS
 * listing its exact host claims it (the first in order with routes keeps the virtual host name), a wildcard VS only
 * when it is the most specific and no VS lists the exact host. For a host outside the registry of the port (a host
 * of none, or a Service that lacks the port) each VS's own hosts there (`ownHostSpecificity`; off port 80 only a
 * VS's that names an HTTP service of the port) are their own virtual host domains, so Envoy's domain match falls
 * through to the next most specific VS with routes.
 */
export function sidecarVirtualService(
  ir: MeshIR,
  client: Client,
  target: Target,
  trace: string[],
): VirtualServiceNode | undefined {
  // A host outside the registry reaches RouteConfiguration `<port>` only when a listener asks for it (a service of
  // the proxy serves HTTP or is sniffed there; else virtualOutbound's catch-all takes the bytes).
  if (target.kind === "external" && !hasHttpListener(ir, client, target.port)) return undefined;
  const registry = target.kind === "external" ? registryOnPort(ir, client, target.port) : undefined;
  const rank = (vs: VirtualServiceNode): number =>
    registry === undefined ? specificity(vs, target.fqdn) : ownHostSpecificity(vs, target.fqdn, registry);
  const index = meshVirtualServices(ir);
  const matching = new Set([...(index.byHost.get(target.fqdn) ?? []), ...index.wildcard]);
  const held = heldVirtualServices(ir, client, [...matching]).filter(
    (vs) =>
      rank(vs) >= 0 &&
      // route.go "VS for unknown hosts only on port 80": off port 80, only a VS naming an HTTP service of the port
      // builds its own hosts there.
      (registry === undefined || target.port === 80 || namesHttpService(ir, client, vs, registry)),
  );
  const candidates = held
    .map((vs, order) => ({ vs, order, rank: rank(vs) }))
    .sort((a, b) => b.rank - a.rank || a.order - b.order);
  const top = candidates[0];
  if (top === undefined) return undefined;
  // separateVSHostsAndServices: a Gateway API route's wildcard hosts never claim a registry service, though it may be
  // the most specific wildcard (computeWildcardHostVirtualServiceIndex counts every VirtualService).
  const claiming =
    target.kind === "external"
      ? candidates
      : top.rank === Number.MAX_SAFE_INTEGER
        ? candidates.filter((c) => c.rank === top.rank)
        : usesGatewaySemantics(top.vs)
          ? []
          : [top];
  const skipped = new Set<VirtualServiceNode>();
  const at = claiming.findIndex((c) => {
    if (!gatewayRouteBuilds(c.vs, client, target, trace)) {
      skipped.add(c.vs);
      return false;
    }
    if (yieldsRoutes(c.vs, client, target.port)) return true;
    skipped.add(c.vs);
    trace.push(
      `${vsName(c.vs)} claims ${target.fqdn} but yields no route for this client on port ${target.port} (every match is for other sources, gateways or ports), so istiod builds no virtual host from it (route.go "no routes matched").`,
    );
    return false;
  });
  const chosen = at < 0 ? undefined : claiming[at]!.vs;
  if (chosen === undefined) {
    if (target.kind !== "external")
      trace.push(
        `No VirtualService route reaches this client for ${target.fqdn}: istiod gives the service its default route.`,
      );
    return undefined;
  }
  trace.push(
    `${vsName(chosen)} applies to ${target.fqdn} (hosts [${chosen.hosts.join(", ")}], gateway mesh, visible from namespace '${client.namespace}').`,
  );
  for (const other of candidates) {
    if (other.vs === chosen || skipped.has(other.vs)) continue;
    trace.push(
      `${vsName(other.vs)} also claims ${target.fqdn}; Istio applies only one VirtualService per host for sidecars (the most specific host, then the oldest), so it is ignored.`,
    );
  }
  return chosen;
}

/**
 * istio `route.go` `IsCatchAllRoute` on the Envoy route a match block becomes (`TranslateRouteMatch`): path prefix
 * `/` (or regex `*` / `.*`, as meshc's emitter also counts it) and no header, query or JWT-claim matcher. `port`,
 * `sourceLabels`, `sourceNamespace` and `gateways` are not Envoy matchers (see `generatedFor`).
 */
function isCatchAll(match: HTTPMatchRequest | undefined): boolean {
  if (match === undefined) return true;
  const some = (o: object | undefined) => o !== undefined && Object.keys(o).length > 0;
  if (some(match.headers) || some(match.withoutHeaders) || some(match.queryParams)) return false;
  if (match.method !== undefined || match.authority !== undefined || match.scheme !== undefined) return false;
  if (match.uri === undefined) return true;
  const u = match.uri as { prefix?: string; regex?: string };
  return u.prefix === "/" || u.regex === "*" || u.regex === ".*";
}

/**
 * The Envoy routes istiod generates for one VirtualService on a proxy (route.go `BuildHTTPRoutesForVirtualService`):
 * one per match block (one for a rule without matches), in order, stopping after the first catch-all that is
 * generated for this proxy — a rule without matches always stops it — since "routes are matched in order, so we will
 * never go beyond this match". Blocks that are not generated for the proxy (`generatedFor`) stay in the list and
 * fail at request time with a reason for the trace; they never stop the list.
 */
export function virtualServiceRoutes(vs: VirtualServiceNode, client: Client, port: number): EnvoyRoute[] {
  const routes: EnvoyRoute[] = [];
  for (const [ruleIndex, rule] of (vs.spec.http ?? []).entries()) {
    const matches = rule.match ?? [];
    if (matches.length === 0) {
      routes.push({ vs, ruleIndex, matchIndex: null, rule, match: undefined });
      return routes;
    }
    for (const [matchIndex, match] of matches.entries()) {
      routes.push({ vs, ruleIndex, matchIndex, rule, match });
      if (isCatchAll(match) && generatedFor(match, client, port, vs.meta.namespace)) return routes;
    }
  }
  return routes;
}

/** route.go `SortVHostRoutes` (gateway virtual hosts): catch-all routes move last, the order otherwise kept. */
export function sortVHostRoutes(routes: readonly EnvoyRoute[]): EnvoyRoute[] {
  return [...routes.filter((r) => !isCatchAll(r.match)), ...routes.filter((r) => isCatchAll(r.match))];
}

const ruleLabel = (r: EnvoyRoute): string =>
  `${vsName(r.vs)} http[${r.ruleIndex}]${r.rule.name ? ` '${r.rule.name}'` : ""}`;

/** First match wins (envoy `config_impl.cc` `VirtualHostImpl::getRouteFromEntries`); the trace explains every miss. */
export function firstMatch(
  routes: readonly EnvoyRoute[],
  client: Client,
  req: HttpView,
  trace: string[],
): EnvoyRoute | undefined {
  for (const r of routes) {
    const check =
      r.match === undefined
        ? { ok: true, text: "it has no match conditions (every request)" }
        : evaluateMatch(r.match, r.proxy ?? client, req, r.vs.meta.namespace, usesPathSeparatedPrefix(r.vs));
    const where = r.matchIndex === null ? "" : ` match[${r.matchIndex}]${r.match?.name ? ` '${r.match.name}'` : ""}`;
    if (check.ok) {
      trace.push(`${ruleLabel(r)} matched${where}: ${check.text}.`);
      return r;
    }
    trace.push(`${ruleLabel(r)}${where} did not match: ${check.text}.`);
  }
  return undefined;
}
