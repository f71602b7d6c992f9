/**
 * The client sidecar's outbound side, read from its emitted configuration as Envoy runs it: the listener for the
 * destination address and port (destination.ts: `<ip>_<port>`, `0.0.0.0_<port>`, else `virtualOutbound`), its HTTP connection manager's RDS route configuration, the route the router picks
 * (compiler/eval/envoy/route `evaluateRoute`), then the fault filter's per-route config and the cluster(s).
 */
import { HttpConnectionManager } from "../../../emit/envoy/gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.ts";
import {
  RouteAction_ClusterNotFoundResponseCode,
  type Route,
  type RouteAction,
  type VirtualHost,
} from "../../../emit/envoy/gen/envoy/config/route/v3/route_components.ts";
import type { FilterChain } from "../../../emit/envoy/gen/envoy/config/listener/v3/listener_components.ts";
import { Any } from "../../../emit/envoy/gen/google/protobuf/any.ts";
import { Struct } from "../../../emit/envoy/gen/google/protobuf/struct.ts";
import type { HttpView, Target } from "../../_shared/model.ts";
import { blackholeError, blockAllError, NO_WEIGHTED_DESTINATION, passthroughOutcome } from "../../_shared/tcp.ts";
import { clustersOf } from "./tcp-proxy.ts";
import type { Outcome, RouteRef, SimulationResult } from "../../types.ts";
import { evaluateRoute } from "../route/evaluate.ts";
import type { JsonObject } from "../route/types.ts";
import { HeaderMap } from "../route/header-map.ts";
import type { HeaderEntry, RetryPolicySummary } from "../route/types.ts";
import { faultForks } from "./fault.ts";
import { formatDuration } from "./durations.ts";
import { clusterOutcomes, type EngineContext, type Sent } from "./upstream.ts";
import { narrowByDestination, outboundListener } from "./destination.ts";

export interface Routed {
  readonly route: RouteRef | null;
  readonly timeout: string | null;
  readonly retries: SimulationResult["retries"];
  readonly outcomes: readonly Outcome[];
}

const PASSTHROUGH = "PassthroughCluster";
const single = (o: Omit<Outcome, "probability">): Outcome[] => [{ probability: 1, ...o }];
const local = (route: RouteRef | null, status: number, error?: string): Routed => ({
  route,
  timeout: null,
  retries: null,
  outcomes: single({
    status,
    destination: null,
    mtls: null,
    authz: null,
    fault: null,
    ...(error === undefined ? {} : { error }),
  }),
});

/** To PassthroughCluster: by the HTTP route `allow_any`, or (`viaListener`) by virtualOutbound's catch-all TCP chain. */
function passthrough(target: Target, viaListener = false): Routed {
  return { route: null, timeout: null, retries: null, outcomes: single(passthroughOutcome(target, !viaListener)) };
}

/** Envoy `ConfigUtility::parseClusterNotFoundResponseCode`: the status when the route's cluster does not exist. */
function clusterNotFoundStatus(action: RouteAction): number {
  switch (action.clusterNotFoundResponseCode) {
    case RouteAction_ClusterNotFoundResponseCode.NOT_FOUND:
      return 404;
    case RouteAction_ClusterNotFoundResponseCode.INTERNAL_SERVER_ERROR:
      return 500;
    case RouteAction_ClusterNotFoundResponseCode.SERVICE_UNAVAILABLE:
      return 503;
  }
}

/** The VirtualService rule a route came from: `istio.config` names the VS, meshc's `meshc` metadata the rule. */
function routeRef(route: Route): RouteRef | null {
  const md = route.metadata?.filterMetadata ?? {};
  const istio = md["istio"] === undefined ? undefined : (Struct.toJson(md["istio"]) as { config?: string });
  const meshc =
    md["meshc"] === undefined ? undefined : (Struct.toJson(md["meshc"]) as { http?: number; name?: string });
  const m = /\/namespaces\/([^/]+)\/virtual-service\/([^/]+)$/.exec(istio?.config ?? "");
  if (m === null || meshc?.http === undefined) return null;
  return { resource: `VirtualService ${m[1]}/${m[2]}`, index: meshc.http, name: meshc.name ?? null };
}

/** The match block index, for coverage. */
function matchIndex(route: Route): number | null {
  const md = route.metadata?.filterMetadata["meshc"];
  const v = md === undefined ? undefined : (Struct.toJson(md) as { match?: number }).match;
  return v ?? null;
}

/**
 * The router's retry policy as the result reports it (istio `retry.go` `ConvertPolicy` in reverse): `num_retries`
 * attempts, `per_try_timeout`, and `retry_on` with the `retriable-status-codes` token standing for the status codes
 * istiod moved out of it (`5xx,503` → `5xx,retriable-status-codes` + [503] → `5xx,503`).
 */
function retries(p: RetryPolicySummary | null): SimulationResult["retries"] {
  if (p === null) return null;
  const codes = p.retriableStatusCodes.join(",");
  const retryOn =
    codes === ""
      ? p.retryOn
      : p.retryOn
          .split(",")
          .map((t) => (t === "retriable-status-codes" ? codes : t))
          .join(",");
  return {
    attempts: p.numRetries,
    perTryTimeout: p.perTryTimeout === null || p.perTryTimeout === "0s" ? null : formatDuration(p.perTryTimeout),
    retryOn,
  };
}

/** The HCM (and its RDS name) or tcp_proxy cluster of the outbound listener chain an HTTP request takes. */
function outboundChain(
  ctx: EngineContext,
  port: number,
): { rds: string } | { clusters: readonly { name: string; p: number }[] } | undefined {
  const listener = outboundListener(ctx, port);
  if (listener === undefined) return undefined;
  // Plaintext HTTP from the application: the http_inspector reports http/1.1 (sniffed ports match on it).
  const candidates = narrowByDestination(
    ctx,
    listener.filterChains.filter((c) => {
      const m = c.filterChainMatch;
      const portOk = m?.destinationPort === undefined || m.destinationPort.value === port;
      const alpnOk = (m?.applicationProtocols.length ?? 0) === 0 || m!.applicationProtocols.includes("http/1.1");
      return portOk && alpnOk;
    }),
  );
  const chain: FilterChain | undefined =
    candidates.find((c) => c.filterChainMatch?.destinationPort !== undefined) ??
    candidates[0] ??
    listener.defaultFilterChain;
  for (const f of chain?.filters ?? []) {
    if (f.configType.oneofKind !== "typedConfig") continue;
    if (f.name === "envoy.filters.network.http_connection_manager") {
      const hcm = Any.unpack(f.configType.typedConfig, HttpConnectionManager);
      if (hcm.routeSpecifier.oneofKind === "rds") return { rds: hcm.routeSpecifier.rds.routeConfigName };
    }
    // A tcp_proxy to one cluster or weighted clusters (a VirtualService tcp route on a sniffed port's chain).
    if (f.name === "envoy.filters.network.tcp_proxy") {
      const clusters = chain === undefined ? undefined : clustersOf(chain);
      if (clusters !== undefined) return { clusters };
    }
  }
  return undefined;
}

/** Routes the request through the client sidecar and on to the servers. */
export function viaSidecar(ctx: EngineContext, target: Target, req: HttpView): Routed {
  const found = outboundChain(ctx, target.port);
  const extra: HeaderEntry[] = Object.entries(req.headers).filter(([k]) => k !== "host");
  const path = req.query === "" ? req.path : `${req.path}?${req.query}`;
  if (found !== undefined && "rds" in found) return viaRoutes(ctx, target, req, found.rds);
  const clusters = found?.clusters ?? [{ name: "BlackHoleCluster", p: 1 }];
  const cluster = clusters[0]?.name ?? "BlackHoleCluster";
  ctx.trace.push(
    `No HTTP listener for port ${target.port}: the connection goes to ${clusters.map((c) => `'${c.name}'`).join(", ") || "no cluster"}.`,
  );
  if (cluster === PASSTHROUGH) return passthrough(target, true);
  if (cluster === "BlackHoleCluster") return local(null, 0, blackholeError(target));
  const headers = new HeaderMap([[":authority", req.authority], [":path", path], [":method", req.method], ...extra]);
  if (clusters.length === 0) return local(null, 0, NO_WEIGHTED_DESTINATION);
  return {
    route: null,
    timeout: null,
    retries: null,
    outcomes: clusters.flatMap((c) => clusterOutcomes(ctx, c.name, { headers, grpc: false }, c.p, null)),
  };
}

/**
 * The HTTP connection manager's RDS route configuration `rds` of the client's proxy (sidecar or gateway) picks the
 * route; its fault filter config and cluster(s) take the request on to the servers.
 */
export function viaRoutes(
  ctx: EngineContext,
  target: Target,
  req: HttpView,
  rds: string,
  dynamicMetadata?: Readonly<Record<string, JsonObject>>,
): Routed {
  const extra: HeaderEntry[] = Object.entries(req.headers).filter(([k]) => k !== "host");
  const path = req.query === "" ? req.path : `${req.path}?${req.query}`;
  const config = ctx.proxy!.routes.get(rds);
  if (config === undefined) return local(null, 404);
  const d = evaluateRoute(config, {
    authority: req.authority,
    path,
    method: req.method,
    headers: extra,
    ...(req.scheme === "https" ? { ssl: true } : {}),
    ...(dynamicMetadata === undefined ? {} : { dynamicMetadata }),
  });
  ctx.trace.push(...d.trace.map((t) => `Envoy RDS '${rds}': ${t}.`));
  const vhost: VirtualHost | undefined = d.virtualHost === null ? undefined : config.virtualHosts[d.virtualHost.index];
  const route = d.route === null || vhost === undefined ? undefined : vhost.routes[d.route.routeIndex];
  const ref = route === undefined ? null : routeRef(route);
  if (ref !== null && route !== undefined)
    ctx.coverage?.hit({
      kind: "route",
      resource: ref.resource.slice("VirtualService ".length),
      rule: ref.index,
      match: matchIndex(route),
    });
  switch (d.action.kind) {
    case "noRoute":
    case "nonForwarding":
      return local(null, 404);
    case "redirect":
    case "directResponse":
      if (route?.name === "block_all") return local(null, d.action.status, blockAllError(target));
      return local(ref, d.action.status);
    case "route":
      break;
    default:
      return d.action satisfies never;
  }
  const action = d.action;
  if (action.cluster === PASSTHROUGH) return passthrough(target);
  const split =
    action.weights === null
      ? [{ name: action.cluster, p: 1 }]
      : action.weights.filter((w) => w.weight > 0).map((w) => ({ name: w.name, p: w.weight / action.totalWeight! }));
  const sent: Sent = { headers: new HeaderMap(d.requestHeaders), grpc: false };
  const missing = route?.action.oneofKind === "route" ? clusterNotFoundStatus(route.action.route) : 503;
  const outcomes: Outcome[] = [];
  for (const f of faultForks(route, vhost, config)) {
    if (f.abortStatus !== undefined) {
      outcomes.push({
        probability: f.probability,
        status: f.abortStatus,
        destination: null,
        mtls: null,
        authz: null,
        fault: f.fault,
      });
      continue;
    }
    for (const s of split)
      outcomes.push(...clusterOutcomes({ ...ctx, route: ref }, s.name, sent, f.probability * s.p, f.fault, missing));
  }
  const timeout = d.timeout === null || d.timeout === "0s" ? null : formatDuration(d.timeout);
  return { route: ref, timeout, retries: retries(d.retryPolicy), outcomes };
}
