/**
 * A connection to an ingress gateway that is not a plaintext HTTP request — `https://`, `tls://` or `tcp://` from
 * `ingress <ns>/<gateway>` — in the Istio engine, from the IR:
 *
 *   the servers istiod keeps on the pod's port (model/gateway.go `mergeGateways`, compiler/ir/gateway-merge.ts)
 *   → their filter chains as gateway.go `buildGatewayTCPBasedFilterChains` builds them: a plain HTTP port has one
 *     plaintext HTTP chain; otherwise an HTTPS server terminating TLS is a chain on its hosts as SNI with an HTTP
 *     connection manager (`createGatewayHTTPFilterChainOpts`), a TCP or TLS-terminating server proxies by the first
 *     matching `tcp` rule of its Gateway's VirtualServices, a PASSTHROUGH server has a chain per `tls` rule match on
 *     its `sniHosts` (the first claim of an SNI on the port wins), an AUTO_PASSTHROUGH server chains that accept only
 *     Istio mTLS ALPNs (`createGatewayTCPFilterChainOpts`)
 *   → Envoy's choice by SNI (filter_chain_manager_impl.cc: the exact name, else the longest `*.` suffix, else the
 *     chains without server names; a `*` host leaves a chain without server names, `toFilterChainMatch`)
 *   → the chain's TLS: plaintext into a terminating chain and TLS into the plaintext HTTP chain are closed
 *     connections; a terminating chain's client-certificate policy is the DownstreamTlsContext istiod builds
 *     (listener.go `BuildListenerTLSContext`: `require_client_certificate` for MUTUAL and ISTIO_MUTUAL, a validation
 *     context with the CA and `subjectAltNames` for those and OPTIONAL_MUTUAL, nothing asked of the client for
 *     SIMPLE), and the client's certificate meets it as Envoy's validator decides (_shared/client-cert.ts)
 *   → an `https://` request through a terminating HTTPS chain continues as HTTP on that server's routes
 *     (engine.ts); a tcp_proxy chain forwards the bytes (the client's TLS passes through a passthrough chain) to its
 *     destinations, as a TCP connection from the gateway pod (mTLS, the server's network RBAC filters).
 */
import { hostsOverlap } from "../../ir/hosts.ts";
import { virtualServicesByPrecedence } from "../../ir/creation-order.ts";
import { isHttpsWithTermination, isPassThroughServer, tlsMode, type MergedServer } from "../../ir/gateway-merge.ts";
import type { MeshIR, VirtualServiceNode } from "../../ir/ir.ts";
import { isHttpProtocol } from "../../ir/protocol.ts";
import { resolveGatewayName } from "../../ir/hosts.ts";
import { visibleFrom } from "../../ir/visibility.ts";
import type { Outcome, RequestClientCert, RouteRef, SimRequest } from "../types.ts";
import type { Client, HttpView } from "../_shared/model.ts";
import { gatewayPod, type GatewayPod } from "../_shared/gateway-pod.ts";
import { mergedGatewayOf } from "../../ir/gateway-selection.ts";
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
} from "../_shared/gateway-connection.ts";
import { clientCertError, type ClientCertPolicy, type PresentedCert } from "../_shared/client-cert.ts";
import { closeConnections, tcpIntoHcm } from "../_shared/tcp.ts";
import { percent } from "../_shared/outcomes.ts";
import type { GatewayListener } from "./gateway.ts";
import { authorizeTcp } from "./tcp-authz.ts";
import { upstreamOutcomes, type Upstream, type UpstreamContext } from "./upstream.ts";

/** A filter chain of the gateway's listener, as the IR implies it. */
interface Chain {
  /** Server names; empty matches any SNI. */
  readonly sni: readonly string[];
  /** AUTO_PASSTHROUGH: only Istio mTLS ALPNs match, which a client outside the mesh never offers. */
  readonly istioAlpnOnly: boolean;
  readonly terminates: boolean;
  /** What the chain's DownstreamTlsContext asks of the client's certificate (none for a chain without TLS). */
  readonly clientCert: ClientCertPolicy;
  readonly https?: MergedServer;
  readonly forward?: { readonly vs: VirtualServiceNode; readonly section: "tcp" | "tls"; readonly index: number };
  readonly server: MergedServer;
}

/**
 * Where the gateway takes a connection: closed, on to the HTTP routes of a server, or forwarded by a tcp_proxy chain.
 * `route` is the VirtualService `tcp`/`tls` rule of the chain that forwarded it (or chose no destination), null
 * otherwise.
 */
export type GatewayConnection =
  | { readonly kind: "closed"; readonly error: string; readonly route: RouteRef | null }
  | { readonly kind: "http"; readonly listener: GatewayListener }
  | { readonly kind: "forward"; readonly outcomes: readonly Outcome[]; readonly route: RouteRef };

const namesOf = (hosts: readonly string[]) => (hosts.includes("*") ? [] : hosts);

/** VirtualServices bound to the server's Gateway, visible from the pod, whose hosts meet the server's. */
function boundTo(ir: MeshIR, pod: GatewayPod, s: MergedServer): VirtualServiceNode[] {
  return virtualServicesByPrecedence(ir).filter(
    (vs) =>
      vs.gateways.includes(s.gatewayName) &&
      visibleFrom(vs.exportTo, pod.namespace) &&
      vs.hosts.some((vh) =>
        s.server.hosts.some((h) => {
          const slash = h.indexOf("/");
          if (slash >= 0 && h.slice(0, slash) !== vs.meta.namespace) return false;
          const gw = slash >= 0 ? h.slice(slash + 1) : h;
          return hostsOverlap(gw, vh);
        }),
      ),
  );
}

/** `l4SingleMatch`. */
const l4 = (m: { port?: number; gateways?: readonly string[] }, s: MergedServer, ns: string) =>
  (m.port === undefined || m.port === 0 || m.port === s.server.port.number) &&
  ((m.gateways ?? []).length === 0 || m.gateways!.some((g) => resolveGatewayName(g, ns) === s.gatewayName));

function tcpRule(ir: MeshIR, pod: GatewayPod, s: MergedServer): Chain["forward"] {
  for (const vs of boundTo(ir, pod, s))
    for (const [index, rule] of (vs.spec.tcp ?? []).entries()) {
      const ms = rule.match ?? [];
      if ((ms.length === 0 || ms.some((m) => l4(m, s, vs.meta.namespace))) && (rule.route ?? []).length > 0)
        return { vs, section: "tcp", index };
    }
  return undefined;
}

const NO_CLIENT_CERT: ClientCertPolicy = { require: false, validates: false, sans: [] };

/**
 * What a terminating server's DownstreamTlsContext asks of the client's certificate: listener.go
 * `BuildListenerTLSContext` — `require_client_certificate` for MUTUAL and ISTIO_MUTUAL; `validateClient` (those and
 * OPTIONAL_MUTUAL) gives a validation context whose trusted CA is the mesh root for ISTIO_MUTUAL (security/model
 * `ApplyToCommonTLSContext`, SDS `ROOTCA`), the credential's CA for `credentialName`
 * (`ApplyCredentialSDSToServerCommonTLSContext`: `<name>-cacert`, for MUTUAL and OPTIONAL_MUTUAL), else the
 * `caCertificates` file (`ApplyToCommonTLSContext` with `TLSServerRootCert`, only when one is given); each of them
 * matches the server's `subjectAltNames` exactly (`util.StringToExactMatch`). SIMPLE asks nothing: a SIMPLE server's
 * `subjectAltNames` alone make a validation context without a CA, which Envoy refuses (not modelled).
 */
function clientCertPolicy(s: MergedServer): ClientCertPolicy {
  const tls = s.server.tls;
  const mode = tlsMode(s.server);
  if (tls === undefined) return NO_CLIENT_CERT;
  const require = mode === "MUTUAL" || mode === "ISTIO_MUTUAL";
  const mutual = mode === "MUTUAL" || mode === "OPTIONAL_MUTUAL";
  const credential = (tls.credentialName ?? "") !== "";
  const validates =
    mode === "ISTIO_MUTUAL" ||
    (mutual && (credential || (tls.caCertificates !== undefined && tls.caCertificates !== "")));
  return { require, validates, sans: validates ? (tls.subjectAltNames ?? []) : [] };
}

/** The listener's chains, in the order the emitter builds them (compiler/emit/envoy/gateway/chains.ts). */
function chainsOf(ir: MeshIR, pod: GatewayPod, servers: readonly MergedServer[]): Chain[] {
  const out: Chain[] = [];
  const known = new Set<string>();
  for (const s of servers) {
    const mode = tlsMode(s.server);
    const base = { istioAlpnOnly: false, server: s };
    if (isHttpsWithTermination(s.server)) {
      out.push({ ...base, sni: namesOf(s.sniHosts), terminates: true, clientCert: clientCertPolicy(s), https: s });
    } else if (s.server.tls === undefined || !isPassThroughServer(s.server)) {
      const forward = tcpRule(ir, pod, s);
      const terminates = s.server.tls !== undefined;
      const clientCert = terminates ? clientCertPolicy(s) : NO_CLIENT_CERT;
      if (forward !== undefined)
        out.push({ ...base, sni: terminates ? namesOf(s.sniHosts) : [], terminates, clientCert, forward });
    } else if (mode === "AUTO_PASSTHROUGH") {
      out.push({ ...base, sni: [], istioAlpnOnly: true, terminates: false, clientCert: NO_CLIENT_CERT });
    } else {
      for (const vs of boundTo(ir, pod, s))
        for (const [index, rule] of (vs.spec.tls ?? []).entries()) {
          if ((rule.route ?? []).length === 0) continue;
          for (const m of rule.match) {
            if (!l4(m, s, vs.meta.namespace) || m.sniHosts.some((h) => known.has(h))) continue;
            for (const h of m.sniHosts) known.add(h);
            out.push({
              ...base,
              sni: namesOf(m.sniHosts),
              terminates: false,
              clientCert: NO_CLIENT_CERT,
              forward: { vs, section: "tls", index },
            });
          }
        }
    }
  }
  return out;
}

/**
 * Envoy's choice of filter chains by server name (filter_chain_manager_impl.cc `findFilterChainForServerName`): the
 * chains naming `sni` exactly, else those with its longest `*.` suffix, else those without server names. Gateway
 * servers here, a sidecar's TLS chains in sni.ts.
 */
export function byServerName<T extends { readonly sni: readonly string[] }>(chains: readonly T[], sni: string): T[] {
  if (sni !== "") {
    const exact = chains.filter((c) => c.sni.includes(sni));
    if (exact.length > 0) return exact;
    const labels = sni.split(".");
    for (let i = 1; i < labels.length; i++) {
      const wildcard = `*.${labels.slice(i).join(".")}`;
      const found = chains.filter((c) => c.sni.includes(wildcard));
      if (found.length > 0) return found;
    }
  }
  return chains.filter((c) => c.sni.length === 0);
}

/** The destinations of a tcp or tls rule with their shares (`buildOutboundNetworkFilters`: weight 0 dropped). */
function shares(f: NonNullable<Chain["forward"]>): { up: Upstream; p: number }[] {
  const rule = f.section === "tcp" ? f.vs.spec.tcp?.[f.index] : f.vs.spec.tls?.[f.index];
  const ups = f.vs.destinations
    .filter((d) => d.role === "route" && d.path[1] === f.section && d.path[2] === f.index)
    .map((d) => ({
      up: { host: d.host, subset: d.subset ?? null, port: d.port },
      w: rule?.route?.[Number(d.path[4])]?.weight ?? 0,
    }));
  if (ups.length === 1) return [{ up: ups[0]!.up, p: 1 }];
  const kept = ups.filter((u) => u.w > 0);
  const total = kept.reduce((s, u) => s + u.w, 0);
  return kept.map((u) => ({ up: u.up, p: u.w / total }));
}

/** The rule a forwarding chain came from, as the result names it (the emitter's chain metadata, `ruleMetadata`). */
const routeOf = (f: NonNullable<Chain["forward"]>): RouteRef => ({
  resource: `VirtualService ${f.vs.meta.namespace}/${f.vs.meta.name}`,
  index: f.index,
  name: null,
  section: f.section,
});

/**
 * The connection as the gateway's listener meets it: TLS or not, its SNI, whether HTTP follows, and the client's
 * certificate: `istio`, a sidecar's Istio mTLS, which validates the server against the mesh CA and presents the
 * workload certificate (its SAN the SPIFFE URI `spiffe://<principal>`); `client`, the `cert` of the request; `none`.
 */
export interface Incoming {
  readonly tls: boolean;
  readonly sni: string;
  readonly http: boolean;
  readonly cert: "istio" | "none" | "client";
  /** The certificate presented: the workload's for `istio`, the request's for `client`. */
  readonly presented: PresentedCert;
}

/** The certificate a client presents: its own (`cert` of the request), or none. */
export const clientCertOf = (cert: RequestClientCert | undefined): Pick<Incoming, "cert" | "presented"> =>
  cert === undefined ? { cert: "none", presented: undefined } : { cert: "client", presented: cert };

/** An `https://`, `tls://` or `tcp://` request from outside the mesh, as the gateway meets it. */
export const incomingOf = (request: SimRequest): Incoming => ({
  tls: isTlsRequest(request),
  sni: sniOf(request),
  http: request.scheme === "https",
  ...clientCertOf(isTlsRequest(request) ? request.cert : undefined),
});

const tcpView = (port: number): HttpView => ({
  method: "",
  scheme: "http",
  authority: "",
  path: "",
  query: "",
  headers: {},
  port,
});

/** Where the gateway takes the connection. */
export function gatewayConnection(
  ir: MeshIR,
  ctx: UpstreamContext,
  client: Client,
  incoming: Incoming,
  servicePort: number,
): GatewayConnection {
  const { trace } = ctx;
  const pod = gatewayPod(ir, client.gateway!);
  const port = pod.listenPort(servicePort);
  const closed = (error: string, route: RouteRef | null = null): GatewayConnection => {
    trace.push(`The gateway closes the connection: ${error}.`);
    return { kind: "closed", error, route };
  };
  const merged =
    port === undefined || pod.router === undefined
      ? undefined
      : mergedGatewayOf(ir, pod.router).ports.find((p) => p.port === port);
  if (port === undefined || merged === undefined) return closed(`gateway has no server on port ${servicePort}`);
  const { tls, sni } = incoming;
  if (isHttpProtocol(merged.protocol)) {
    // Plain HTTP (from a sidecar, gateway.go's HTTP server chain): the request goes on the port's routes.
    if (!tls && incoming.http) return { kind: "http", listener: { pod, port, servers: merged.servers } };
    return closed(tls ? TLS_INTO_PLAINTEXT_HTTP : tcpIntoHcm(port));
  }
  trace.push(
    `The gateway pod listens on 0.0.0.0_${port}; the connection is ${tls ? `TLS with SNI '${sni}'` : "plaintext"}.`,
  );
  const chains = chainsOf(ir, pod, merged.servers);
  // MutableGatewayListener.build: a port without chains gets no listener.
  if (chains.length === 0) return closed(`gateway has no server on port ${servicePort}`);
  const chain = byServerName(chains, tls ? sni : "").filter((c) => !c.istioAlpnOnly)[0];
  if (chain === undefined) return closed(noGatewayChain(servicePort, tls ? sni : ""));
  const s = chain.server;
  trace.push(
    `Server '${s.server.port.name}' of Gateway ${s.gatewayName} takes it (${chain.terminates ? `TLS ${tlsMode(s.server)} terminated at the gateway` : tls ? "TLS passed through" : "TCP"}).`,
  );
  if (chain.terminates && !tls) return closed(PLAINTEXT_INTO_TLS);
  // An Istio mTLS client validates the server against the mesh CA: only an ISTIO_MUTUAL server presents a
  // certificate from it (gateway.go buildGatewayListenerTLSContext: SDS `default`), others their credential's.
  if (chain.terminates && incoming.cert === "istio" && tlsMode(s.server) !== "ISTIO_MUTUAL")
    return closed(ISTIO_MTLS_UNTRUSTED);
  const certError = chain.terminates ? clientCertError(chain.clientCert, incoming.presented) : undefined;
  if (certError !== undefined) return closed(certError);
  if (!chain.terminates && incoming.cert === "istio") return closed(ISTIO_MTLS_PASSED_THROUGH);
  if (chain.https !== undefined) {
    if (!incoming.http) return closed(NOT_HTTP_AFTER_TLS);
    trace.push(`The ${incoming.cert === "istio" ? "Istio mTLS" : "HTTPS"} request continues on RDS '${s.routeName}'.`);
    return { kind: "http", listener: { pod, port, servers: [s] } };
  }
  const f = chain.forward!;
  const split = shares(f);
  trace.push(
    `tcp_proxy by ${f.section} rule #${f.index} of VirtualService ${f.vs.meta.namespace}/${f.vs.meta.name}${split.length > 1 ? `: ${split.map((x) => `${percent(x.p)} → ${x.up.host}`).join(", ")}` : ""}.`,
  );
  const route = routeOf(f);
  if (split.length === 0) return closed(NO_DESTINATION, route);
  // The rule is the gateway's route in its hop (upstream.ts `ownHop`).
  const rctx = { ...ctx, route };
  const outcomes = split.flatMap((x) =>
    upstreamOutcomes(rctx, x.up, tcpView(s.server.port.number), x.p, null, authorizeTcp),
  );
  return { kind: "forward", outcomes: closeConnections(outcomes, trace), route };
}
