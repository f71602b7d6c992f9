/**
 * A connection to an ingress gateway that is not a plaintext HTTP request — `https://`, `tls://` or `tcp://` from
 * `ingress <ns>/<gateway>` — on the router configuration meshc emits (the Istio engine's counterpart is
 * compiler/eval/istio/gateway-connection.ts): the listener of the pod's port, the filter chain Envoy picks for the
 * connection (inbound.ts `selectFilterChain`: server names against the SNI the TLS inspector reads, ALPN `h2,
 * http/1.1` for HTTPS), the chain's transport socket (plaintext into TLS; the client's certificate against its
 * DownstreamTlsContext's `require_client_certificate` and validation context, _shared/client-cert.ts), then either
 * its HTTP connection manager (an HTTPS request terminated at the gateway continues in gateway.ts) or its tcp_proxy
 * (the bytes — the client's own TLS on a passthrough chain — go to the clusters, upstream.ts; the chain's metadata
 * names the VirtualService `tcp`/`tls` rule that forwards them, tcp-proxy.ts `chainRoute`).
 */
import { Any } from "../../../emit/envoy/gen/google/protobuf/any.ts";
import { DownstreamTlsContext } from "../../../emit/envoy/gen/envoy/extensions/transport_sockets/tls/v3/tls.ts";
import type { CertificateValidationContext } from "../../../emit/envoy/gen/envoy/extensions/transport_sockets/tls/v3/common.ts";
import { clientCertError, type ClientCertPolicy, type PresentedCert } from "../../_shared/client-cert.ts";
import type { HttpView, Target } from "../../_shared/model.ts";
import type { AuthzDecision, Outcome, SimRequest } from "../../types.ts";
import {
  isTlsRequest,
  ISTIO_MTLS_PASSED_THROUGH,
  ISTIO_MTLS_UNTRUSTED,
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
import { chainRoute, clustersOf } from "./tcp-proxy.ts";
import { clusterOutcomes, type EngineContext } from "./upstream.ts";

const none = { route: null, timeout: null, retries: null } as const;

/**
 * A connection a proxy opened to the gateway pod (a sidecar's cluster endpoint, upstream.ts): its wire (plaintext,
 * Istio mTLS or TLS, with SNI), and the identity an Istio mTLS client presents; HTTP follows.
 */
export interface FromProxy {
  readonly wire: Wire;
  readonly peerUri: string | undefined;
  /** A TCP connection (the client's own TLS or bytes), not an HTTP request. */
  readonly tcp?: boolean;
  /** The client certificate of the client's own TLS the proxy forwarded as bytes (`cert` of the request). */
  readonly cert?: PresentedCert;
}

/** The exact names of `match_subject_alt_names` (istiod writes only exact matchers, `util.StringToExactMatch`). */
const exactSans = (v: CertificateValidationContext | undefined): string[] =>
  (v?.matchSubjectAltNames ?? []).flatMap((m) => (m.matchPattern.oneofKind === "exact" ? [m.matchPattern.exact] : []));

/**
 * What a DownstreamTlsContext asks of the client's certificate: `require_client_certificate`, and a validation
 * context — combined (its default context's SAN matchers with the CA from SDS), from SDS alone, or inline with a
 * trusted CA — that makes Envoy request and verify one (default_validator.cc `initializeSslContexts`).
 */
function clientCertPolicy(ctx: DownstreamTlsContext | undefined): ClientCertPolicy {
  const require = ctx?.requireClientCertificate?.value === true;
  const v = ctx?.commonTlsContext?.validationContextType;
  switch (v?.oneofKind) {
    case "combinedValidationContext":
      return { require, validates: true, sans: exactSans(v.combinedValidationContext.defaultValidationContext) };
    case "validationContextSdsSecretConfig":
      return { require, validates: true, sans: [] };
    case "validationContext": {
      const validates = v.validationContext.trustedCa !== undefined;
      return { require, validates, sans: validates ? exactSans(v.validationContext) : [] };
    }
    // Certificate providers (deprecated; istiod writes none) and no validation context: nothing is requested.
    case "validationContextCertificateProvider":
    case "validationContextCertificateProviderInstance":
    case undefined:
      return { require, validates: false, sans: [] };
  }
}

/**
 * Through the gateway proxy `proxy`; `tls` says where the client's TLS ended, `gatewayAuthz` is the gateway's RBAC
 * decision when it ran its HTTP filters. `from` is a proxy's connection (else the request's own, from outside).
 */
export function throughGateway(
  ctx: EngineContext,
  proxy: GatewayProxyConfig,
  request: Pick<SimRequest, "scheme" | "sni" | "host" | "cert">,
  target: Target,
  req: HttpView,
  from?: FromProxy,
): Routed & { readonly tls?: "application" | "gateway"; readonly gatewayAuthz?: AuthzDecision } {
  const closed = (error: string): Routed => {
    ctx.trace.push(`The gateway closes the connection: ${error}.`);
    const o: Outcome = { probability: 1, status: 0, destination: null, mtls: null, authz: null, fault: null, error };
    return { ...none, outcomes: [o] };
  };
  const port = proxy.listenPort(target.port);
  const listener = port === undefined ? undefined : proxy.listeners.get(`0.0.0.0_${port}`);
  if (port === undefined || listener === undefined) return closed(`gateway has no server on port ${target.port}`);
  const tls = from === undefined ? isTlsRequest(request) : from.wire.kind !== "plaintext";
  const http = from === undefined ? request.scheme === "https" : from.tcp !== true;
  const wire: Wire =
    from?.wire ??
    (tls
      ? { kind: "tls", alpn: request.scheme === "https" ? ["h2", "http/1.1"] : [], sni: sniOf(request) }
      : { kind: "plaintext", alpn: "" });
  const sni = wire.kind === "plaintext" ? "" : (wire.sni ?? "");
  const chain = selectFilterChain(listener, port, wire);
  if (chain === undefined) return closed(noGatewayChain(target.port, tls ? sni : ""));
  const socket = chain.transportSocket;
  const hcm = chainHcm(chain);
  // Plain HTTP from a proxy on the gateway's HTTP server chain: its HTTP connection manager routes it.
  if (socket === undefined && hcm !== undefined && !tls && http && from !== undefined)
    return viaGatewayHcm(ctx, proxy, target, req, listener.name, hcm, port);
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
    // Istio mTLS validates the server against the mesh CA: only the workload certificate (SDS `default`) passes.
    const cert = ctxTls?.commonTlsContext?.tlsCertificateSdsSecretConfigs[0]?.name;
    if (wire.kind === "istio-mtls" && cert !== "default") return closed(ISTIO_MTLS_UNTRUSTED);
    // The client's certificate: Istio mTLS presents the workload's (its SAN the peer's SPIFFE URI), a client its own.
    const presented: PresentedCert =
      wire.kind === "istio-mtls"
        ? { sans: from?.peerUri === undefined ? [] : [from.peerUri] }
        : from === undefined
          ? isTlsRequest(request)
            ? request.cert
            : undefined
          : from.cert;
    const certError = clientCertError(clientCertPolicy(ctxTls), presented);
    if (certError !== undefined) return closed(certError);
  } else if (wire.kind === "istio-mtls") return closed(ISTIO_MTLS_PASSED_THROUGH);
  if (hcm !== undefined) {
    if (!http) return closed(NOT_HTTP_AFTER_TLS);
    const peer = wire.kind === "istio-mtls" ? from?.peerUri : undefined;
    return { ...viaGatewayHcm(ctx, proxy, target, req, listener.name, hcm, port, sni, peer), tls: "gateway" };
  }
  // The VirtualService rule the chain came from (its metadata; none on an auto-passthrough chain): the gateway's
  // route, in its hop and as an ingress request's own.
  const route = chainRoute(chain);
  const clusters = clustersOf(chain) ?? [];
  if (clusters.length === 0) return { ...closed(NO_DESTINATION), route };
  ctx.trace.push(`tcp_proxy to ${clusters.map((c) => `'${c.name}'`).join(", ")}.`);
  const sent = { headers: new HeaderMap([]), grpc: false, tcp: true };
  const rctx = { ...ctx, route };
  const outcomes = clusters.flatMap((c) => clusterOutcomes(rctx, c.name, sent, c.p, null));
  return {
    ...none,
    route,
    outcomes: closeConnections(outcomes, ctx.trace),
    ...(tls ? { tls: "application" as const } : {}),
  };
}
