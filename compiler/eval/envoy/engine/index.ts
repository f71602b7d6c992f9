/**
 * The Envoy engine (`meshc simulate --engine envoy`): the request resolved exactly as the Istio engine resolves it
 * (compiler/eval/istio/request.ts: source, host, port, the HTTP attributes), then evaluated on nothing but the
 * Envoy configuration `meshc build` emits for the two sidecars, as the proxies would run it:
 *
 *   client sidecar: listener 0.0.0.0_<port> → HCM → RDS → virtual host → route → weighted clusters, fault filter
 *     → cluster → endpoints (EDS) → transport socket (mTLS or plaintext)
 *   server sidecar: virtualInbound → filter chain (port, transport, ALPN) → TLS handshake → RBAC filters in order
 *
 * A client without a sidecar (`outside`, or `plaintext`) has no proxy: kube-proxy sends the connection to any of the
 * Service's endpoints (the registry's workloads), straight to the server's sidecar. An `ingress` source goes
 * through the router configuration meshc emits for the gateway proxy (`gateway.ts`). Coverage: routes,
 * authorization rules and PeerAuthentication settings are reported.
 */
import type { Diagnostic, Result } from "../../../diagnostics/diagnostic.ts";
import type { MeshIR } from "../../../ir/ir.ts";
import type { CoverageSink } from "../../coverage.ts";
import { mergeOutcomes } from "../../_shared/outcomes.ts";
import { httpView } from "../../_shared/request.ts";
import { resolveRequest } from "../../_shared/resolve.ts";
import { destinationOf, type HttpView, type Target } from "../../_shared/model.ts";
import type { Outcome, SimRequest, SimulationResult } from "../../types.ts";
import { HeaderMap } from "../route/header-map.ts";
import { viaSidecar, type Routed } from "./client.ts";
import { meshConfigs } from "./config.ts";
import { noGatewayPod, viaGateway } from "./gateway.ts";
import { directEndpoints, serverOutcomes, type EngineContext, type GatewayHop } from "./upstream.ts";
import { gatewayClient } from "../../_shared/hops.ts";
import { combineDials, dialledOf, dials, selfOutcome } from "../../_shared/headless.ts";
import { carriedAsTcp } from "../../_shared/tcp.ts";
import { gatewayConnectionOf, isTlsRequest, withTls, type TlsHop } from "../../_shared/gateway-connection.ts";
import { throughGateway } from "./gateway-connection.ts";
import { viaTcp } from "./tcp.ts";

/**
 * A request a proxy sent to a gateway pod (upstream.ts `serverOutcomes`), on the router configuration meshc emits for
 * the pod: its listener for the Service port and the filter chain Envoy picks for the connection the client opened
 * (gateway-connection.ts), its RBAC filters (the client's SPIFFE identity when an ISTIO_MUTUAL chain terminated its
 * Istio mTLS), its routes; the gateway pod is the client of the next hop.
 */
const gatewayHop: GatewayHop = (ctx, at, sent) => {
  const proxy = ctx.configs.gateway(at.gateway);
  const none = { route: null, authz: null };
  const closed = (error: string) => ({
    ...none,
    outcomes: [{ probability: 1, status: 0, destination: null, mtls: null, authz: null, fault: null, error }],
  });
  if (proxy === undefined) return closed(`gateway has no server on port ${at.servicePort}`);
  const client = gatewayClient(ctx.ir, at.pod, at.gateway, ctx.client.ip);
  const hctx: EngineContext = { ...ctx, client, proxy, recordHop: true, route: null };
  const wire = at.wire;
  ctx.trace.push(
    `At the gateway pod '${at.pod.id}': ${wire.kind === "plaintext" ? (sent.tcp === true ? "TCP" : "plaintext") : `${wire.kind === "istio-mtls" ? "Istio mTLS" : sent.appSni !== undefined ? "the client's TLS" : "TLS"} with SNI '${wire.sni ?? ""}'`} on port ${at.servicePort}.`,
  );
  // The request as the client's route left it.
  const pseudo = (k: string) => sent.headers.getFirst(k) ?? "";
  const [path = "/", query = ""] = pseudo(":path").split(/\?(.*)/s);
  const headers: Record<string, string> = {};
  for (const [k, v] of sent.headers.toList())
    if (!k.startsWith(":")) headers[k] = headers[k] === undefined ? v : `${headers[k]},${v}`;
  const req: HttpView = {
    method: pseudo(":method"),
    scheme: "http",
    authority: pseudo(":authority"),
    path,
    query,
    headers,
    port: at.servicePort,
  };
  const target: Target = {
    kind: "external",
    fqdn: req.authority.replace(/:\d+$/, "") as Target["fqdn"],
    port: at.servicePort,
    protocol: "HTTP",
  };
  const peerUri =
    wire.kind === "istio-mtls" && ctx.client.principal !== undefined ? `spiffe://${ctx.client.principal}` : undefined;
  const tcp = sent.tcp === true;
  // The client's own TLS, forwarded as bytes, presents the request's `cert`.
  const cert = wire.kind === "tls" && sent.appSni !== undefined ? sent.appCert : undefined;
  const from = { wire, peerUri, tcp, ...(cert === undefined ? {} : { cert }) };
  const r = throughGateway(hctx, proxy, { scheme: "http", host: target.fqdn }, target, req, from);
  return { route: r.route, authz: r.gatewayAuthz ?? null, outcomes: r.outcomes };
};

/** No client proxy: Kubernetes picks any endpoint of the Service; the connection is plaintext. */
function direct(ctx: EngineContext, target: Target, req: HttpView): Routed {
  const cluster = `outbound|${target.port}||${target.fqdn}`;
  const destination = { service: target.fqdn, subset: null, port: target.port, cluster };
  const none = { route: null, timeout: null, retries: null } as const;
  if (target.kind === "external") {
    const error = "the client has no sidecar: the request leaves without the mesh";
    return {
      ...none,
      outcomes: [{ probability: 1, status: 200, destination, mtls: false, authz: null, fault: null, error }],
    };
  }
  const path = req.query === "" ? req.path : `${req.path}?${req.query}`;
  const headers = new HeaderMap([
    [":authority", req.authority],
    [":path", path],
    [":method", req.method],
    ...Object.entries(req.headers).filter(([k]) => k !== "host"),
  ]);
  const wire = { kind: "plaintext", alpn: "http/1.1" } as const;
  if (target.kind === "serviceEntry") {
    return {
      ...none,
      outcomes: serverOutcomes(
        ctx,
        undefined,
        { address: undefined, port: target.port },
        wire,
        "",
        { headers, grpc: false },
        { probability: 1, destination, fault: null },
      ),
    };
  }
  const servers = directEndpoints(ctx, target);
  if (servers.length === 0) {
    const error = `no healthy upstream: cluster '${cluster}' has no endpoints`;
    return {
      ...none,
      outcomes: [{ probability: 1, status: 503, destination, mtls: null, authz: null, fault: null, error }],
    };
  }
  const outcomes: Outcome[] = servers.flatMap((e) =>
    serverOutcomes(
      ctx,
      e.server,
      { address: e.address, port: e.port },
      wire,
      "",
      { headers, grpc: false },
      { probability: 1 / servers.length, destination, fault: null },
    ),
  );
  return { ...none, outcomes };
}

/** Evaluates a request on the emitted Envoy configuration; `value` is undefined when it cannot be resolved. */
export function simulateEnvoy(
  ir: MeshIR,
  request: SimRequest,
  coverage?: CoverageSink,
): Result<SimulationResult | undefined> {
  const diagnostics: Diagnostic[] = [];
  const resolved = resolveRequest(ir, request, diagnostics);
  if (resolved === undefined) return { value: undefined, diagnostics };
  const { client, target } = resolved;
  const configs = meshConfigs(ir);
  const trace: string[] = [];
  const req = httpView(request, target.port);
  trace.push(
    `${request.method || "TCP"} ${target.fqdn}:${target.port}${request.path} from ${client.label} (${client.proxy === "none" ? "no client proxy" : `through its ${client.proxy}`}; Envoy engine).`,
  );
  const gateway =
    client.proxy === "gateway" && client.gateway !== undefined ? configs.gateway(client.gateway) : undefined;
  const proxy =
    gateway ??
    (client.workload === undefined || client.proxy !== "sidecar" ? undefined : configs.proxy(client.workload.id));
  const base: EngineContext = {
    configs,
    ir,
    client,
    proxy,
    trace,
    gatewayHop,
    ...(coverage === undefined ? {} : { coverage }),
  };
  type Evaluated = Routed & { readonly tls?: TlsHop };
  const evaluate = (dialledTarget: Target): Evaluated => {
    const dialled = dialledOf(dialledTarget);
    // The connection's destination IP (destination.ts): the target's (_shared/model.ts), or a Service's cluster IP
    // in the configuration (the engine's synthetic one when the input gives none).
    const destination =
      destinationOf(dialledTarget) ??
      (dialledTarget.kind === "service" ? configs.clusterIp(dialledTarget.fqdn) : undefined);
    const ctx: EngineContext = {
      ...base,
      ...(dialled === undefined ? {} : { dialled }),
      ...(destination === undefined ? {} : { destination }),
    };
    // TCP connections (tcp.ts): `tcp://`, or any request to a TCP port.
    return client.proxy === "gateway" && gateway === undefined
      ? noGatewayPod(ctx, dialledTarget)
      : gateway !== undefined && gatewayConnectionOf(request, client)
        ? throughGateway(ctx, gateway, request, dialledTarget, req)
        : carriedAsTcp(request, dialledTarget)
          ? {
              ...viaTcp(ctx, request, dialledTarget),
              ...(isTlsRequest(request) ? { tls: "application" as const } : {}),
            }
          : gateway !== undefined
            ? viaGateway(ctx, gateway, dialledTarget, req)
            : proxy === undefined
              ? direct(ctx, dialledTarget, req)
              : viaSidecar(ctx, dialledTarget, req);
  };
  // A headless Service: each address its name resolves to is a connection of its own (_shared/headless.ts).
  const forks = dials(client, target);
  const result: Evaluated =
    forks === undefined
      ? evaluate(target)
      : combineDials<Evaluated>(
          forks.map((dial) => ({
            dial,
            routed: dial.self
              ? { route: null, timeout: null, retries: null, outcomes: [selfOutcome(dial.target, trace)] }
              : evaluate(dial.target),
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
