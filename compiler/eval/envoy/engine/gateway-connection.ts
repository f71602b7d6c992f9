/**
 * A connection to an ingress gateway that is not a plaintext HTTP request — `https://`, `tls://` or `tcp://` from
 * `ingress <ns>/<gateway>` — on the router configuration meshc emits (the Istio engine's counterpart is
 * compiler/eval/istio/gateway-connection.ts): the listener of the pod's port, the filter chain Envoy picks for the
 * connection (inbound.ts `selectFilterChain`: server names against the SNI the TLS inspector reads, ALPN `h2,
 * http/1.1` for HTTPS), the chain's transport socket (plaintext into TLS, a missing client certificate), then either
 * its HTTP connection manager (an HTTPS request terminated at the gateway continues in gateway.ts) or its tcp_proxy
 * (the bytes — the client's own TLS on a passthrough chain — go to the clusters, upstream.ts).
 */
import { Any } from "../../../emit/envoy/gen/google/protobuf/any.ts";
import { DownstreamTlsContext } from "../../../emit/envoy/gen/envoy/extensions/transport_sockets/tls/v3/tls.ts";
import type { HttpView, Target } from "../../_shared/model.ts";
import type { Outcome, SimRequest } from "../../types.ts";
import {
  CLIENT_CERT_REQUIRED,
  isTlsRequest,
  NO_DESTINATION,
  noGatewayChain,
  NOT_HTTP_AFTER_TLS,
  PLAINTEXT_INTO_TLS,
  sniOf,
  TLS_INTO_PLAINTEXT_HTTP,
} from "../../_shared/gateway-connection.ts";
import { closeConnections, tcpIntoHcm } from "../../_shared/tcp.ts";
import { HeaderMap } from "../route/header-map.ts";
import type { Routed } from "./client.ts";
import type { GatewayProxyConfig } from "./config.ts";
import { viaGatewayHcm } from "./gateway.ts";
import { chainHcm, selectFilterChain, type Wire } from "./inbound.ts";
import { clustersOf } from "./tcp.ts";
import { clusterOutcomes, type EngineContext } from "./upstream.ts";

const none = { route: null, timeout: null, retries: null } as const;

/** Through the gateway proxy `proxy`; `tls` says where the client's TLS ended. */
export function throughGateway(
  ctx: EngineContext,
  proxy: GatewayProxyConfig,
  request: SimRequest,
  target: Target,
  req: HttpView,
): Routed & { readonly tls?: "application" | "gateway" } {
  const closed = (error: string): Routed => {
    ctx.trace.push(`The gateway closes the connection: ${error}.`);
    const o: Outcome = { probability: 1, status: 0, destination: null, mtls: null, authz: null, fault: null, error };
    return { ...none, outcomes: [o] };
  };
  const port = proxy.listenPort(target.port);
  const listener = proxy.serverPorts.has(target.port) ? proxy.listeners.get(`0.0.0.0_${port}`) : undefined;
  if (listener === undefined) return closed(`gateway has no server on port ${target.port}`);
  const tls = isTlsRequest(request);
  const sni = sniOf(request);
  const wire: Wire = tls
    ? { kind: "tls", alpn: request.scheme === "https" ? ["h2", "http/1.1"] : [], sni }
    : { kind: "plaintext", alpn: "" };
  const chain = selectFilterChain(listener, port, wire);
  if (chain === undefined) return closed(noGatewayChain(target.port, tls ? sni : ""));
  const socket = chain.transportSocket;
  const hcm = chainHcm(chain);
  if (socket === undefined && hcm !== undefined) return closed(tls ? TLS_INTO_PLAINTEXT_HTTP : tcpIntoHcm(port));
  ctx.trace.push(
    `Listener '${listener.name}' takes the connection on filter chain #${listener.filterChains.indexOf(chain)}.`,
  );
  if (socket !== undefined) {
    if (!tls) return closed(PLAINTEXT_INTO_TLS);
    const ctxTls =
      socket.configType.oneofKind === "typedConfig"
        ? Any.unpack(socket.configType.typedConfig, DownstreamTlsContext)
        : undefined;
    if (ctxTls?.requireClientCertificate?.value === true) return closed(CLIENT_CERT_REQUIRED);
  }
  if (hcm !== undefined) {
    if (request.scheme !== "https") return closed(NOT_HTTP_AFTER_TLS);
    return { ...viaGatewayHcm(ctx, proxy, target, req, listener.name, hcm, port, sni), tls: "gateway" };
  }
  const clusters = clustersOf(chain) ?? [];
  if (clusters.length === 0) return closed(NO_DESTINATION);
  ctx.trace.push(`tcp_proxy to ${clusters.map((c) => `'${c.name}'`).join(", ")}.`);
  const sent = { headers: new HeaderMap([]), grpc: false, tcp: true };
  const outcomes = clusters.flatMap((c) => clusterOutcomes(ctx, c.name, sent, c.p, null));
  return { ...none, outcomes: closeConnections(outcomes, ctx.trace), ...(tls ? { tls: "application" as const } : {}) };
}
