/**
 * The Istio engine: a request evaluated against the IR with Istio's and Envoy's semantics (docs/results.md).
 *
 *   client proxy (sidecar / ingress gateway: its RBAC filters, then its virtual host / none)
 *     → VirtualService routes, first match wins, or the default route / passthrough / blackhole
 *     → route action: weights × fault forks, rewrites, mirrors, retries, timeout
 *     → per destination endpoint: mTLS handshake (PeerAuthentication × DestinationRule / auto mTLS)
 *     → server sidecar: authorization (CUSTOM → DENY → ALLOW)
 */
import type { Diagnostic, Result } from "../../diagnostics/diagnostic.ts";
import type { MeshIR } from "../../ir/ir.ts";
import type { CoverageSink } from "../coverage.ts";
import type { AuthzDecision, Outcome, SimRequest, SimulationResult } from "../types.ts";
import type { Client, HttpView, Target } from "../_shared/model.ts";
import { mergeOutcomes } from "../_shared/outcomes.ts";
import { httpView } from "../_shared/request.ts";
import { resolveRequest } from "../_shared/resolve.ts";
import { DEFAULT_RETRIES } from "./retries.ts";
import { routeAction, type RouteResult } from "./route-action.ts";
import { upstreamOutcomes, type GatewayHop, type UpstreamContext } from "./upstream.ts";
import { gatewayClient, type GatewayHopResult } from "../_shared/hops.ts";
import { sidecarOf } from "../../ir/sidecar-of.ts";
import { scopedTarget } from "./_egress.ts";
import {
  authorizeAtGateway,
  gatewayDownstream,
  gatewayListener,
  gatewayRoutes,
  type GatewayListener,
} from "./gateway.ts";
import { firstMatch, sidecarVirtualService, virtualServiceRoutes, vsName, type EnvoyRoute } from "./virtual-service.ts";
import {
  blackholeError,
  blockAllError,
  carriedAsTcp,
  NO_WEIGHTED_DESTINATION,
  passthroughOutcome,
} from "../_shared/tcp.ts";
import { combineDials, dialledOf, dials, selfOutcome } from "../_shared/headless.ts";
import { gatewayConnectionOf, isTlsRequest, sniOf, withTls, type TlsHop } from "../_shared/gateway-connection.ts";
import { clientCertOf, gatewayConnection, incomingOf, type Incoming } from "./gateway-connection.ts";
import { simulateTcp, sniffedTcpChain, tcpShares, type SniffedTcpChain } from "./tcp.ts";
import { routingTarget } from "./virtual-host.ts";
import { hasHttpListener, outboundPick } from "./listener.ts";
import { authenticate } from "./request-authn.ts";
import { JWT_STATUS, requestPrincipalOf, statusCode } from "../_shared/jwt.ts";

type Routed = RouteResult & {
  readonly route: SimulationResult["route"];
  readonly tls?: TlsHop;
  /** A gateway's own RBAC decision on the request (for its hop). */
  readonly gatewayAuthz?: AuthzDecision;
};

const single = (o: Omit<Outcome, "probability">): Outcome[] => [{ probability: 1, ...o }];
const noRoute = (trace: string[], why: string): Routed => {
  trace.push(why);
  return {
    route: null,
    timeout: null,
    retries: null,
    outcomes: single({ status: 404, destination: null, mtls: null, authz: null, fault: null }),
  };
};

/**
 * The Sidecar resource's outboundTrafficPolicy for the client (ir/sidecar-of.ts: workload selector, then its
 * namespace's default, then the root namespace's; the oldest at each step), else MeshConfig's
 * (https://istio.io/latest/docs/reference/config/networking/sidecar/).
 */
function outboundPolicy(ir: MeshIR, client: Client): "ALLOW_ANY" | "REGISTRY_ONLY" {
  // push_context.go getSidecarScope: gateways always use the default sidecar scope (no Sidecar resource applies).
  const sc = client.workload === undefined || client.proxy === "gateway" ? undefined : sidecarOf(ir, client.workload);
  return sc?.spec.outboundTrafficPolicy?.mode ?? ir.meshConfig.outboundTrafficPolicy;
}

/**
 * istio `httproute.go` `buildCatchAllVirtualHost`: `allow_any` → PassthroughCluster, `block_all` → 502. Without an
 * HTTP listener for the port, the connection reaches `virtualOutbound`, whose catch-all TCP chain goes to
 * PassthroughCluster, or under REGISTRY_ONLY to BlackHoleCluster, which closes it: no HTTP response (status 0)
 * (listener_builder.go `buildOutboundCatchAllNetworkFilterChains`).
 */
function catchAll(ir: MeshIR, ctx: UpstreamContext, target: Target): Routed {
  const mode = outboundPolicy(ir, ctx.client);
  if (mode === "REGISTRY_ONLY" && !hasHttpListener(ir, ctx.client, target.port)) {
    const error = blackholeError(target);
    ctx.trace.push(`No HTTP listener for port ${target.port}: ${error}; the connection is closed.`);
    return {
      route: null,
      timeout: null,
      retries: null,
      outcomes: single({ status: 0, destination: null, mtls: null, authz: null, fault: null, error }),
    };
  }
  if (mode === "REGISTRY_ONLY") {
    const error = blockAllError(target);
    ctx.trace.push(`No virtual host for ${target.fqdn}: ${error}.`);
    return {
      route: null,
      timeout: null,
      retries: null,
      outcomes: single({ status: 502, destination: null, mtls: null, authz: null, fault: null, error }),
    };
  }
  // Without an HTTP listener for the port, virtualOutbound's catch-all TCP chain forwards the bytes (PassthroughCluster).
  const outcome = passthroughOutcome(target, hasHttpListener(ir, ctx.client, target.port));
  ctx.trace.push(`No virtual host for ${target.fqdn}: ${outcome.error}.`);
  return { route: null, timeout: null, retries: null, outcomes: single(outcome) };
}

function routed(ctx: UpstreamContext, routes: readonly EnvoyRoute[], req: HttpView, what: string): Routed {
  const r = firstMatch(routes, ctx.client, req, ctx.trace);
  if (r === undefined) return noRoute(ctx.trace, `No rule of ${what} matched: 404 (route not found).`);
  ctx.coverage?.hit({
    kind: "route",
    resource: `${r.vs.meta.namespace}/${r.vs.meta.name}`,
    rule: r.ruleIndex,
    match: r.matchIndex,
  });
  const route = { resource: vsName(r.vs), index: r.ruleIndex, name: r.rule.name ?? null };
  return { route, ...routeAction({ ...ctx, route }, r, req) };
}

function viaSidecar(ir: MeshIR, ctx: UpstreamContext, dialled: Target, req: HttpView): Routed {
  // Envoy matches the destination address before ALPN, then the HTTP chain picks the virtual host by :authority.
  const sniffed = sniffedTcpChain(ir, ctx, dialled);
  if (sniffed !== undefined) return viaTcpChain(ctx, dialled, req, sniffed);
  const target = routingTarget(ir, ctx.client, dialled, req, ctx.trace);
  const vs = sidecarVirtualService(ir, ctx.client, target, ctx.trace);
  if (vs !== undefined) return routed(ctx, virtualServiceRoutes(vs, ctx.client, target.port), req, vsName(vs));
  if (target.kind === "external") return catchAll(ir, ctx, target);
  // istio `route.go` `BuildDefaultHTTPOutboundRoute`: prefix `/` to the whole service, default retries, no timeout.
  ctx.trace.push(`No VirtualService for ${target.fqdn}: the default route sends to every endpoint of the service.`);
  const outcomes = upstreamOutcomes(ctx, { host: target.fqdn, subset: null, port: target.port }, req, 1, null);
  return { route: null, timeout: null, retries: DEFAULT_RETRIES, outcomes };
}

/**
 * HTTP that a sniffed listener's TCP chain takes (tcp.ts `sniffedTcpChain`): the chain's tcp_proxy forwards the bytes
 * to its service's cluster (or its tcp rule's destinations), with no HTTP route, timeout or retries; the server still
 * sees HTTP.
 */
function viaTcpChain(ctx: UpstreamContext, target: Target, req: HttpView, sniffed: SniffedTcpChain): Routed {
  const { listener, chain } = sniffed;
  ctx.trace.push(
    `Listener '${listener}' matches the destination address on ${chain.owner.fqdn}'s TCP filter chain (${chain.prefixes.join(", ")}) before its HTTP chain, which matches no address: the request goes through tcp_proxy.`,
  );
  const none = { route: null, timeout: null, retries: null };
  if (chain.rule === undefined)
    return {
      ...none,
      outcomes: upstreamOutcomes(ctx, { host: chain.owner.fqdn, subset: null, port: target.port }, req, 1, null),
    };
  const { vs, index } = chain.rule;
  ctx.trace.push(`VirtualService ${vs.meta.namespace}/${vs.meta.name} tcp[${index}] takes the connection.`);
  const shares = tcpShares(vs, index);
  if (shares.length === 0) {
    const error = NO_WEIGHTED_DESTINATION;
    return { ...none, outcomes: single({ status: 0, destination: null, mtls: null, authz: null, fault: null, error }) };
  }
  return { ...none, outcomes: shares.flatMap((s) => upstreamOutcomes(ctx, s.up, req, s.p, null)) };
}

/**
 * Through an ingress gateway pod (gateway.ts): its listener, then its RBAC filters (a denial is the gateway's local
 * 403: no route, no upstream; the client's connection to the gateway is plaintext), then the virtual host Envoy picks.
 */
function viaGateway(
  ir: MeshIR,
  ctx: UpstreamContext,
  arrived: HttpView,
  selected?: GatewayListener,
  sni?: string,
  peer?: string,
): Routed {
  const listener = selected ?? gatewayListener(ir, ctx.client, arrived, ctx.trace);
  if (listener === undefined) {
    const error = `gateway has no server on port ${arrived.port}`;
    return {
      route: null,
      timeout: null,
      retries: null,
      outcomes: single({ status: 0, destination: null, mtls: null, authz: null, fault: null, error }),
    };
  }
  // The HCM sets the downstream address and appends to X-Forwarded-For before any filter (_shared/xff.ts).
  const downstream = gatewayDownstream(ir, listener, ctx.client, arrived, ctx.trace);
  const req: HttpView = { ...arrived, headers: downstream.headers };
  // jwt_authn runs before the gateway's RBAC filters; a verified payload is then what claim routes match
  // (its filter clears the route cache, so the route is picked after it).
  const pod = listener.pod;
  const who = pod.workload?.id ?? `${pod.namespace}/istio-ingressgateway`;
  const authn = authenticate(ir, pod, req, who, ctx.trace, ctx.coverage);
  if (authn.kind === "fail") {
    const error = JWT_STATUS[authn.status];
    const status = statusCode(authn.status);
    ctx.trace.push(`The gateway answers ${status}: ${error}.`);
    return {
      route: null,
      timeout: null,
      retries: null,
      outcomes: single({ status, destination: null, mtls: false, authz: null, fault: null, error }),
    };
  }
  const authed: HttpView = authn.kind === "ok" ? { ...req, headers: authn.headers, jwt: authn.payload } : req;
  const auth =
    authn.kind === "ok" ? { auth: { principal: requestPrincipalOf(authn.payload), claims: authn.payload } } : {};
  const authz = authorizeAtGateway(ir, listener, authed, downstream, ctx.trace, ctx.coverage, sni, peer);
  if (authz.decision === "DENY") {
    ctx.trace.push(`The gateway denies the request: 403.`);
    return {
      route: null,
      timeout: null,
      retries: null,
      outcomes: single({ status: 403, destination: null, mtls: false, authz, fault: null, ...auth }),
      gatewayAuthz: authz,
    };
  }
  const routes = gatewayRoutes(ir, ctx.client, listener, authed, ctx.trace);
  if (routes === undefined)
    return {
      ...noRoute(ctx.trace, `No virtual host of the gateway takes '${req.authority}': 404.`),
      gatewayAuthz: authz,
    };
  if (routes === "httpsRedirect")
    return {
      route: null,
      timeout: null,
      retries: null,
      outcomes: single({ status: 301, destination: null, mtls: null, authz: null, fault: null }),
      gatewayAuthz: authz,
    };
  // Upstream, the server's sidecar verifies (or misses) the token anew; only the gateway's routes read `jwt`.
  return { ...routed(ctx, routes, authed, `the gateway's virtual host`), gatewayAuthz: authz };
}

/**
 * `https://`, `tls://` or `tcp://` through an ingress gateway (gateway-connection.ts): closed, forwarded as bytes, or,
 * for HTTPS terminated at the gateway, the HTTP path on that server's route configuration.
 */
function throughGateway(ir: MeshIR, ctx: UpstreamContext, request: SimRequest, target: Target, req: HttpView): Routed {
  const conn = gatewayConnection(ir, ctx, ctx.client, incomingOf(request), target.port);
  const none = { route: null, timeout: null, retries: null };
  switch (conn.kind) {
    case "closed":
      return {
        ...none,
        route: conn.route,
        outcomes: single({ status: 0, destination: null, mtls: null, authz: null, fault: null, error: conn.error }),
      };
    case "forward":
      return {
        ...none,
        route: conn.route,
        outcomes: conn.outcomes,
        ...(isTlsRequest(request) ? { tls: "application" as const } : {}),
      };
    case "http":
      return { ...viaGateway(ir, ctx, req, conn.listener, sniOf(request)), tls: "gateway" };
  }
}

/**
 * A request the client's proxy sent to a gateway pod (upstream.ts): the pod's listener for the Service port takes the
 * connection as the client opened it (plaintext HTTP on an HTTP server; Istio mTLS or TLS by SNI on a server that
 * terminates it, gateway-connection.ts), then its RBAC filters (the client's identity when Istio mTLS was
 * terminated by an ISTIO_MUTUAL server) and its routes, as for a request from outside; the gateway pod is the client
 * of the next hop.
 */
const gatewayHop: GatewayHop = (ctx, at, req): GatewayHopResult => {
  const { ir, trace } = ctx;
  const client = gatewayClient(ir, at.pod, at.gateway, ctx.client.ip);
  const hctx: UpstreamContext = { ...ctx, client, recordHop: true, route: null };
  const view: HttpView = { ...req, port: at.servicePort };
  const tls = at.sent !== "plaintext" || at.appTls;
  // Istio mTLS presents the client's workload certificate (its SAN the SPIFFE URI); the client's own TLS its `cert`.
  const principal = ctx.client.principal;
  const cert: Pick<Incoming, "cert" | "presented"> =
    at.sent === "istio-mtls"
      ? { cert: "istio", presented: { sans: principal === undefined ? [] : [`spiffe://${principal}`] } }
      : clientCertOf(at.appTls ? at.appCert : undefined);
  const incoming: Incoming = { tls, sni: at.sni, http: !at.tcp, ...cert };
  const kind = at.sent === "istio-mtls" ? "Istio mTLS" : at.appTls ? "the client's TLS" : "TLS";
  trace.push(
    `At the gateway pod '${at.pod.id}': ${tls ? `${kind} with SNI '${at.sni}'` : at.tcp ? "TCP" : "plaintext"} on port ${at.servicePort}.`,
  );
  const conn = gatewayConnection(ir, hctx, client, incoming, at.servicePort);
  const none = { route: null, authz: null };
  switch (conn.kind) {
    case "closed":
      return {
        ...none,
        route: conn.route,
        outcomes: single({ status: 0, destination: null, mtls: null, authz: null, fault: null, error: conn.error }),
      };
    case "forward":
      return { ...none, route: conn.route, outcomes: conn.outcomes };
    case "http": {
      const peer = at.sent === "istio-mtls" ? ctx.client.principal : undefined;
      const r = viaGateway(ir, hctx, view, conn.listener, tls ? at.sni : undefined, peer);
      return { route: r.route, authz: r.gatewayAuthz ?? null, outcomes: r.outcomes };
    }
  }
};

/** No client proxy: nothing routes; kube-proxy picks any endpoint of the Service. */
function direct(ctx: UpstreamContext, target: Target, req: HttpView): Routed {
  if (target.kind === "external") {
    const error = "the client has no sidecar: the request leaves without the mesh";
    ctx.trace.push(`${error}.`);
    const destination = {
      service: target.fqdn,
      subset: null,
      port: target.port,
      cluster: `outbound|${target.port}||${target.fqdn}`,
    };
    return {
      route: null,
      timeout: null,
      retries: null,
      outcomes: single({ status: 200, destination, mtls: false, authz: null, fault: null, error }),
    };
  }
  ctx.trace.push(
    "The client sends without a sidecar: no VirtualService applies; Kubernetes load-balances over every endpoint.",
  );
  return {
    route: null,
    timeout: null,
    retries: null,
    outcomes: upstreamOutcomes(ctx, { host: target.fqdn, subset: null, port: target.port }, req, 1, null),
  };
}

/**
 * The service whose listener takes a connection (listener.ts): a headless Service's endpoint address or a VIP shared
 * by several services belongs to the first that claims it (listener.go `buildSidecarOutboundListener`: the first entry
 * for a bind and port decides; a sniffed one's HTTP chain routes over that service's virtual host alone). The target
 * itself for any other connection.
 */
function listenerOwner(ir: MeshIR, client: Client, target: Target): Target {
  if (target.kind !== "service" || client.proxy !== "sidecar") return target;
  const pick = outboundPick(ir, client, target);
  const owner = pick.kind === "listener" ? pick.owner : undefined;
  if (owner === undefined || owner.fqdn === target.fqdn || owner.kind !== "service") return target;
  return { ...target, fqdn: owner.fqdn, service: owner.service, protocol: owner.protocol };
}

/** Evaluates a request; `value` is undefined when the request cannot be resolved (see the diagnostics). */
export function simulateIstio(
  ir: MeshIR,
  request: SimRequest,
  coverage?: CoverageSink,
): Result<SimulationResult | undefined> {
  const diagnostics: Diagnostic[] = [];
  const resolved = resolveRequest(ir, request, diagnostics);
  if (resolved === undefined) return { value: undefined, diagnostics };
  const { client } = resolved;
  const trace: string[] = [];
  const target = scopedTarget(ir, client, resolved.target, trace);
  const req = httpView(request, target.port);
  trace.push(
    `${request.method || "TCP"} ${target.fqdn}:${target.port}${request.path} from ${client.label} (${client.proxy === "none" ? "no client proxy" : `through its ${client.proxy}`}).`,
  );
  if (req.path !== (request.path || "/"))
    trace.push(`The path is normalized to '${req.path}' (MeshConfig pathNormalization BASE).`);
  const base: UpstreamContext =
    coverage === undefined ? { ir, client, trace, gatewayHop } : { ir, client, trace, coverage, gatewayHop };
  const evaluate = (dialledTarget: Target): Routed => {
    const owned = listenerOwner(ir, client, dialledTarget);
    const dialled = dialledOf(owned);
    const ctx: UpstreamContext = dialled === undefined ? base : { ...base, dialled };
    // TCP connections (tcp.ts): `tcp://`, or any request to a TCP port.
    return gatewayConnectionOf(request, client)
      ? throughGateway(ir, ctx, request, owned, req)
      : carriedAsTcp(request, owned)
        ? {
            ...simulateTcp(ir, ctx, request, owned, outboundPolicy(ir, client)),
            timeout: null,
            retries: null,
            ...(isTlsRequest(request) ? { tls: "application" as const } : {}),
          }
        : client.proxy === "sidecar"
          ? viaSidecar(ir, ctx, owned, req)
          : client.proxy === "gateway"
            ? viaGateway(ir, ctx, req)
            : direct(ctx, owned, req);
  };
  // A headless Service: each address its name resolves to is a connection of its own (_shared/headless.ts).
  const forks = dials(client, resolved.target);
  const result: Routed =
    forks === undefined
      ? evaluate(target)
      : combineDials(
          forks.map((dial) => ({
            dial,
            routed: dial.self
              ? { route: null, timeout: null, retries: null, outcomes: [selfOutcome(dial.target, trace)] }
              : evaluate(scopedTarget(ir, client, dial.target, trace)),
          })),
        );
  return {
    value: {
      request: {
        method: request.method,
        host: target.fqdn,
        port: target.port,
        path: request.path,
        headers: request.headers,
        source: client.label,
      },
      route: result.route,
      timeout: result.timeout,
      retries: result.retries,
      outcomes: mergeOutcomes(withTls(result.outcomes, result.tls)),
      trace: [...new Set(trace)],
    },
    diagnostics,
  };
}
