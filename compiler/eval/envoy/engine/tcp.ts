/**
 * TCP connections on the emitted Envoy configuration (the Istio engine's counterpart is compiler/eval/istio/tcp.ts):
 *
 *   client sidecar: the listener of the destination address and port (destination.ts: `<ip>_<port>`, `0.0.0.0_<port>`,
 *     else `virtualOutbound`) → the filter chain Envoy picks for non-HTTP bytes (`filter_chain_manager_impl.cc`
 *     `findFilterChain`: destination port, destination IP (`prefix_ranges`, destination.ts), server names,
 *     transport protocol `raw_buffer`, no application protocol; else the default chain) → its tcp_proxy's `cluster` or
 *     `weighted_clusters` (each `weight / total`, envoy `tcp_proxy.cc` `WeightedClusterEntry`)
 *     → cluster endpoints and transport socket → the server's inbound TCP chain and its network RBAC filters.
 *
 * The VirtualService tcp or tls rule a chain came from is read from its metadata (tcp-proxy.ts `chainRoute`).
 */
import type { FilterChain } from "../../../emit/envoy/gen/envoy/config/listener/v3/listener_components.ts";
import type { Listener } from "../../../emit/envoy/gen/envoy/config/listener/v3/listener.ts";
import {
  blackholeError,
  closeConnections,
  NO_CLIENT_SIDECAR,
  NO_WEIGHTED_DESTINATION,
  noSniChainError,
  passthroughOutcome,
  tcpIntoHcm,
} from "../../_shared/tcp.ts";
import type { Target } from "../../_shared/model.ts";
import type { Outcome, RequestClientCert, SimRequest } from "../../types.ts";
import { HeaderMap } from "../route/header-map.ts";
import { isTlsRequest, sniOf } from "../../_shared/gateway-connection.ts";
import { byServerName } from "./inbound.ts";
import type { Routed } from "./client.ts";
import { narrowByDestination, outboundListener } from "./destination.ts";
import { chainRoute, clustersOf } from "./tcp-proxy.ts";

const TLS_INSPECTOR = "envoy.filters.listener.tls_inspector";
import { chainHcm } from "./inbound.ts";
import {
  clusterOutcomes,
  directEndpoints,
  serverOutcome,
  serverOutcomes,
  type EngineContext,
  type Sent,
} from "./upstream.ts";

const SENT: Sent = { headers: new HeaderMap([]), grpc: false, tcp: true };
const WIRE = { kind: "plaintext", alpn: "" } as const;
const none = { route: null, timeout: null, retries: null } as const;
const single = (o: Omit<Outcome, "probability">): Outcome[] => [{ probability: 1, ...o }];

type Pick = "match" | "empty" | "miss";
/** Envoy's narrowing at one criterion: chains naming the value win, else those leaving it empty. */
function narrow(chains: readonly FilterChain[], pick: (c: FilterChain) => Pick): FilterChain[] {
  const matching = chains.filter((c) => pick(c) === "match");
  return matching.length > 0 ? matching : chains.filter((c) => pick(c) === "empty");
}

/**
 * The chain a non-HTTP connection to `port` and the context's destination address takes: plaintext, or TLS with
 * `sni`, which only a listener running the `tls_inspector` reads (then the transport protocol is `tls`).
 */
function tcpChain(
  ctx: EngineContext,
  listener: Listener,
  port: number,
  sni: string | undefined,
): FilterChain | undefined {
  const inspected = sni !== undefined && listener.listenerFilters.some((f) => f.name === TLS_INSPECTOR);
  const transport = inspected ? "tls" : "raw_buffer";
  let chains = narrow(listener.filterChains, (c) => {
    const p = c.filterChainMatch?.destinationPort?.value;
    return p === undefined ? "empty" : p === port ? "match" : "miss";
  });
  chains = narrowByDestination(ctx, chains);
  chains = byServerName(chains, inspected ? sni : "");
  chains = narrow(chains, (c) => {
    const t = c.filterChainMatch?.transportProtocol ?? "";
    return t === "" ? "empty" : t === transport ? "match" : "miss";
  });
  chains = narrow(chains, (c) => ((c.filterChainMatch?.applicationProtocols.length ?? 0) === 0 ? "empty" : "miss"));
  return chains[0] ?? listener.defaultFilterChain;
}

function viaSidecar(ctx: EngineContext, target: Target, sni: string | undefined, cert?: RequestClientCert): Routed {
  const port = target.port;
  const listener = outboundListener(ctx, port);
  const chain = listener === undefined ? undefined : tcpChain(ctx, listener, port, sni);
  const closed = (error: string): Routed => {
    ctx.trace.push(`The client's sidecar closes the connection: ${error}.`);
    return { ...none, outcomes: single({ status: 0, destination: null, mtls: null, authz: null, fault: null, error }) };
  };
  if (chain === undefined || listener === undefined)
    return closed(`no filter chain of the outbound listeners takes port ${port}`);
  if (chainHcm(chain) !== undefined) return closed(tcpIntoHcm(port));
  const clusters = clustersOf(chain);
  const route = chainRoute(chain);
  if (route !== null && route.section === "tcp")
    ctx.coverage?.hit({
      kind: "tcpRoute",
      resource: route.resource.slice("VirtualService ".length),
      rule: route.index,
    });
  if (clusters === undefined) return closed(`filter chain '${chain.name}' of '${listener.name}' has no tcp_proxy`);
  if (clusters.length === 0) return { ...closed(NO_WEIGHTED_DESTINATION), route };
  ctx.trace.push(
    `Listener '${listener.name}' takes the connection on its ${chain === listener.defaultFilterChain ? "default " : ""}filter chain: tcp_proxy to ${clusters.map((c) => `'${c.name}'`).join(", ")}.`,
  );
  // A registered host's TLS whose SNI no chain matched reaches the listener's default chain (the SNI is read only
  // where the listener runs the tls_inspector).
  const inspected = listener.listenerFilters.some((f) => f.name === TLS_INSPECTOR);
  const missed = sni !== undefined && inspected && chain.name === "PassthroughFilterChain";
  if (clusters.length === 1 && clusters[0]!.name === "PassthroughCluster") {
    const passed = passthroughOutcome(target, false);
    return {
      ...none,
      outcomes: single(missed ? { ...passed, error: noSniChainError(port, sni, "ALLOW_ANY") } : passed),
    };
  }
  if (clusters.length === 1 && clusters[0]!.name === "BlackHoleCluster")
    return { ...closed(missed ? noSniChainError(port, sni, "REGISTRY_ONLY") : blackholeError(target)), route };
  // The client's TLS goes on as bytes; a gateway pod it reaches reads its SNI (upstream.ts `serverOutcomes`).
  const sent: Sent =
    sni === undefined ? SENT : { ...SENT, appSni: sni, ...(cert === undefined ? {} : { appCert: cert }) };
  // The chain's rule is the client proxy's route in the hops of a connection that goes on through a gateway pod.
  const rctx = { ...ctx, route };
  const outcomes = clusters.flatMap((c) => clusterOutcomes(rctx, c.name, sent, c.p, null));
  return { ...none, route, outcomes: closeConnections(outcomes, ctx.trace) };
}

/** No client proxy: kube-proxy sends the connection to any endpoint of the Service, straight to its sidecar. */
function direct(ctx: EngineContext, target: Target): Routed {
  const cluster = `outbound|${target.port}||${target.fqdn}`;
  const destination = { service: target.fqdn, subset: null, port: target.port, cluster };
  if (target.kind === "external")
    return {
      ...none,
      outcomes: single({ status: 200, destination, mtls: false, authz: null, fault: null, error: NO_CLIENT_SIDECAR }),
    };
  if (target.kind === "serviceEntry") {
    return {
      ...none,
      outcomes: [
        serverOutcome(ctx, undefined, { address: undefined, port: target.port }, WIRE, "", SENT, {
          probability: 1,
          destination,
          fault: null,
        }),
      ],
    };
  }
  const servers = directEndpoints(ctx, target);
  if (servers.length === 0) {
    const error = `no healthy upstream: cluster '${cluster}' has no endpoints`;
    return {
      ...none,
      outcomes: closeConnections(
        single({ status: 503, destination, mtls: null, authz: null, fault: null, error }),
        ctx.trace,
      ),
    };
  }
  // A gateway pod goes on at its own listener (upstream.ts `serverOutcomes`), as for HTTP.
  const outcomes = servers.flatMap((e) =>
    serverOutcomes(ctx, e.server, { address: e.address, port: e.port }, WIRE, "", SENT, {
      probability: 1 / servers.length,
      destination,
      fault: null,
    }),
  );
  return { ...none, outcomes: closeConnections(outcomes, ctx.trace) };
}

/** Evaluates a TCP connection (compiler/eval/_shared/tcp.ts `carriedAsTcp`) on the emitted configuration. */
export function viaTcp(ctx: EngineContext, request: SimRequest, target: Target): Routed {
  ctx.trace.push(
    request.scheme === "tcp"
      ? "TCP: a TCP connection."
      : `TCP: port ${target.port} is ${target.protocol}, so the request travels as TCP bytes.`,
  );
  return ctx.proxy === undefined
    ? direct(ctx, target)
    : isTlsRequest(request)
      ? viaSidecar(ctx, target, sniOf(request), request.cert)
      : viaSidecar(ctx, target, undefined);
}
