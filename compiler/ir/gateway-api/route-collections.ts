/**
 * Routes → VirtualServices (istio `pilot/pkg/config/kube/gateway/route_collections.go` `HTTPRouteCollection`,
 * `GRPCRouteCollection`, `TCPRouteCollection`, `TLSRouteCollection`, `computeRoute`, `mergeHTTPRoutes`): one
 * VirtualService per (Gateway listener or, for mesh routes, namespace[/port]) and host; HTTP routes for the same key
 * merge across resources in creation order and are sorted by precedence.
 */
import { CLUSTER_DOMAIN } from "../hosts.ts";
import { list, record, type Json } from "../../load/json.ts";
import {
  isMesh,
  type ConfigError,
  type GatewayApiResource,
  type RouteKind,
  type RouteParentReference,
} from "./_model.ts";
import { buildDestinations, type RouteContext } from "./backends.ts";
import { convertRule, type ConvertedRule } from "./http-route.ts";
import {
  extractParentReferences,
  filteredReferences,
  hostnameAllowedByIsolation,
  type RouteParents,
} from "./parents.ts";
import { sortHTTPRoutes } from "./sort-routes.ts";

/** A generated VirtualService with the routes it came from (for spans and the parents annotation). */
export interface GeneratedVirtualService {
  readonly object: Json;
  readonly sources: readonly GatewayApiResource[];
  /** For each `spec.http[i]` / `spec.tcp[i]` / `spec.tls[i]`: the source route and its rule path. */
  readonly routeOrigins: readonly {
    readonly source: GatewayApiResource;
    readonly path: readonly (string | number)[];
  }[];
}

/** The verdict on one route: its parent references (denied ones carry a reason) and its rule error, per parent type. */
export interface RouteResult {
  readonly route: GatewayApiResource;
  readonly kind: RouteKind;
  readonly parents: readonly RouteParentReference[];
  readonly unresolvedParents: readonly ConfigError[];
  readonly meshError: ConfigError | undefined;
  readonly gatewayError: ConfigError | undefined;
}

interface Converted {
  readonly routes: readonly { route: Json; path: readonly (string | number)[] }[];
  readonly error: ConfigError | undefined;
}

/** `computeRoute`'s `convertRules`: a hard error drops every route of that parent type. */
function convertRules(rules: ConvertedRule[]): Converted {
  let error: ConfigError | undefined;
  const routes: { route: Json; path: readonly (string | number)[] }[] = [];
  for (const r of rules) {
    if (r.route === undefined) return { routes: [], error: r.error };
    if (r.error) error = r.error;
    routes.push({ route: r.route, path: r.rulePath });
  }
  return { routes, error };
}

function httpRules(ctx: RouteContext, route: GatewayApiResource, kind: "HTTPRoute" | "GRPCRoute", mesh: boolean) {
  const out: ConvertedRule[] = [];
  list(route.spec["rules"]).forEach((r, n) => {
    const rule = record(r);
    const matches = list(rule["matches"]);
    // Split each rule so that every generated route has at most one match.
    for (const m of matches.length === 0 ? [undefined] : matches) {
      const converted = convertRule(ctx, route, kind, rule, n, m === undefined ? undefined : record(m), !mesh);
      out.push(converted);
      if (converted.route === undefined) return out;
    }
  });
  return out;
}

/** `buildTCPDestination` / `convertTCPRoute` / `convertTLSRoute`. */
function l4Rules(ctx: RouteContext, route: GatewayApiResource, kind: "TCPRoute" | "TLSRoute", mesh: boolean) {
  return list(route.spec["rules"]).map((r, n): ConvertedRule => {
    const rulePath = ["spec", "rules", n];
    const refs = list(record(r)["backendRefs"]);
    const zero =
      refs.reduce<number>(
        (s, x) => s + (typeof record(x)["weight"] === "number" ? (record(x)["weight"] as number) : 1),
        0,
      ) === 0;
    // "The spec requires us to reject connections when there are no >0 weight backends."
    const blackhole = [
      { destination: { host: "internal.cluster.local", subset: "zero-weight", port: { number: 65535 } } },
    ];
    const dst = zero
      ? { route: blackhole }
      : buildDestinations(ctx, refs, route.namespace, !mesh, kind, [...rulePath, "backendRefs"]);
    if ("fatal" in dst && dst.fatal) return { route: undefined, error: dst.fatal, rulePath };
    const out: Record<string, unknown> = { route: dst.route };
    if (kind === "TLSRoute" && !zero) {
      const hostnames = list(route.spec["hostnames"]).filter((h): h is string => typeof h === "string");
      out["match"] = [{ sniHosts: hostnames.length === 0 ? ["*"] : hostnames }];
    }
    return { route: out, error: "invalid" in dst ? dst.invalid : undefined, rulePath };
  });
}

/** `augmentPortMatch` and friends: a mesh parentRef with a port restricts every route to it. */
function withPort(kind: RouteKind, route: Json, port: number | undefined, hosts: readonly string[]): Json {
  const matches = list(route["match"]).map(record);
  if (kind === "TLSRoute") {
    const m = matches.map((x, i) =>
      matches.length === 1 && i === 0 && JSON.stringify(x["sniHosts"]) === '["*"]' ? { ...x, sniHosts: hosts } : x,
    );
    return { ...route, match: port === undefined ? m : m.map((x) => ({ ...x, port })) };
  }
  if (port === undefined) return route;
  return { ...route, match: matches.length === 0 ? [{ port }] : matches.map((x) => ({ ...x, port })) };
}

/** `compatibleRoutesForHost`: a TLS route's SNI hosts narrowed to those the mesh host matches. */
function compatibleSni(route: Json, host: string): Json {
  const matches = list(route["match"]).map(record);
  if (matches.length !== 1 || list(matches[0]!["sniHosts"]).length <= 1) return route;
  const sni = list(matches[0]!["sniHosts"]).filter(
    (h): h is string => typeof h === "string" && (host === h || (h.startsWith("*") && host.endsWith(h.slice(1)))),
  );
  return { ...route, match: [{ ...matches[0], sniHosts: sni }] };
}

const SECTION: Readonly<Record<RouteKind, "http" | "tcp" | "tls">> = {
  HTTPRoute: "http",
  GRPCRoute: "http",
  TCPRoute: "tcp",
  TLSRoute: "tls",
};

interface Keyed {
  key: string;
  source: GatewayApiResource;
  gateway: string;
  host: string;
  routes: { route: Json; path: readonly (string | number)[] }[];
}

/** Converts one route against its parents; returns its verdict and the keyed VirtualService fragments. */
function convertRoute(ctx: RouteContext, parents: RouteParents, route: GatewayApiResource, kind: RouteKind) {
  const { refs, unresolved } = extractParentReferences(parents, route, kind);
  const needMesh = refs.some(isMesh);
  const needGw = refs.some((r) => !isMesh(r));
  const rules = (mesh: boolean) =>
    convertRules(
      kind === "HTTPRoute" || kind === "GRPCRoute"
        ? httpRules(ctx, route, kind, mesh)
        : l4Rules(ctx, route, kind, mesh),
    );
  const meshResult = needMesh ? rules(true) : { routes: [], error: undefined };
  const gwResult = needGw ? rules(false) : { routes: [], error: undefined };
  const result: RouteResult = {
    route,
    kind,
    parents: refs,
    unresolvedParents: unresolved,
    meshError: meshResult.error,
    gatewayError: gwResult.error,
  };
  const keyed: Keyed[] = [];
  for (const parent of filteredReferences(refs)) {
    let key = parent.internalName;
    let routes = gwResult.routes;
    let hosts: string[] =
      kind === "TCPRoute"
        ? ["*"]
        : (() => {
            const h = list(route.spec["hostnames"]).filter((x): x is string => typeof x === "string");
            return h.length === 0 ? ["*"] : h;
          })();
    if (isMesh(parent)) {
      routes = meshResult.routes;
      key = route.namespace;
      const port = parent.ref.port;
      if (port !== undefined && (kind === "HTTPRoute" || kind === "GRPCRoute")) key += `/${port}`;
      hosts =
        parent.internalKind === "ServiceEntry"
          ? ctxServiceEntryHosts(ctx, parent)
          : [`${parent.ref.name}.${parent.ref.namespace}.svc.${CLUSTER_DOMAIN}`];
      if (port !== undefined || kind === "TLSRoute")
        routes = routes.map((r) => ({ ...r, route: withPort(kind, r.route, port, hosts) }));
    }
    if (routes.length === 0 && SECTION[kind] === "http") continue;
    for (const h of hosts) {
      if (SECTION[kind] === "http" && !hostnameAllowedByIsolation(parent, h)) continue;
      const rs =
        kind === "TLSRoute" && isMesh(parent)
          ? routes.map((r) => ({ ...r, route: compatibleSni(r.route, h) }))
          : routes;
      keyed.push({ key: `${key}/${h}`, source: route, gateway: parent.internalName, host: h, routes: [...rs] });
    }
  }
  return { result, keyed };
}

function ctxServiceEntryHosts(ctx: RouteContext, parent: RouteParentReference): string[] {
  return ctx.serviceEntryHosts?.(parent.ref.namespace, parent.ref.name) ?? [];
}

const byCreation = (a: GatewayApiResource, b: GatewayApiResource): number => {
  const ta = a.creationTimestamp ?? "";
  const tb = b.creationTimestamp ?? "";
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
};

/** Every route of one kind → verdicts and VirtualServices (`mergeHTTPRoutes` for HTTP and gRPC). */
export function convertRoutes(
  ctx: RouteContext,
  parents: RouteParents,
  routes: readonly GatewayApiResource[],
  kind: RouteKind,
): { results: RouteResult[]; virtualServices: GeneratedVirtualService[] } {
  const results: RouteResult[] = [];
  const all: Keyed[] = [];
  for (const route of [...routes].sort(byCreation)) {
    const { result, keyed } = convertRoute(ctx, parents, route, kind);
    results.push(result);
    all.push(...keyed);
  }
  const section = SECTION[kind];
  const virtualServices: GeneratedVirtualService[] = [];
  if (section === "http") {
    const groups = new Map<string, Keyed[]>();
    for (const k of all) groups.set(k.key, [...(groups.get(k.key) ?? []), k]);
    for (const [key, group] of groups) {
      const ordered = [...group].sort((a, b) => byCreation(a.source, b.source));
      const flat = ordered.flatMap((g) => g.routes.map((r) => ({ ...r, source: g.source })));
      const sorted = sortHTTPRoutes(flat.map((f) => ({ ...f.route, __i: flat.indexOf(f) })));
      const origins = sorted.map((r) => flat[r["__i"]]!);
      virtualServices.push(
        vsObject(
          key.replace(/\//g, "~"),
          ordered[0]!,
          ordered.map((g) => g.source),
          section,
          origins.map((o) => o.route),
          origins,
        ),
      );
    }
  } else {
    const counts = new Map<GatewayApiResource, number>();
    for (const k of all) {
      const n = counts.get(k.source) ?? 0;
      counts.set(k.source, n + 1);
      const name = `${k.source.name}-${section}-${n}-istio-autogenerated-k8s-gateway`;
      virtualServices.push(
        vsObject(
          name,
          k,
          [k.source],
          section,
          k.routes.map((r) => r.route),
          k.routes.map((r) => ({ ...r, source: k.source })),
        ),
      );
    }
  }
  return { results, virtualServices };
}

function vsObject(
  name: string,
  first: Keyed,
  sources: readonly GatewayApiResource[],
  section: "http" | "tcp" | "tls",
  routes: readonly Json[],
  origins: readonly { source: GatewayApiResource; path: readonly (string | number)[] }[],
): GeneratedVirtualService {
  const parentsAnnotation = [...new Set(sources.map((s) => `${s.kind}/${s.name}.${s.namespace}`))].join(",");
  const object: Json = {
    apiVersion: "networking.istio.io/v1",
    kind: "VirtualService",
    metadata: {
      name,
      namespace: first.source.namespace,
      // The route's (for merged routes the oldest's: mergeHTTPRoutes' base) `CreationTimestamp`: sidecars order
      // VirtualServices for one host by it (compiler/ir/creation-order.ts).
      ...(first.source.creationTimestamp === undefined ? {} : { creationTimestamp: first.source.creationTimestamp }),
      annotations: { "internal.istio.io/parents": parentsAnnotation, "internal.istio.io/route-semantics": "gateway" },
    },
    spec: {
      hosts: [first.host],
      gateways: [first.gateway],
      [section]: routes.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== "__i"))),
    },
  };
  return { object, sources, routeOrigins: origins.map((o) => ({ source: o.source, path: o.path })) };
}
