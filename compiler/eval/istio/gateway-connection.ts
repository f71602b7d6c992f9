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
 *   → the chain's TLS: plaintext into a terminating chain, TLS into the plaintext HTTP chain and a client without a
 *     certificate into a MUTUAL / ISTIO_MUTUAL chain are closed connections
 *   → an `https://` request through a terminating HTTPS chain continues as HTTP on that server's routes
 *     (engine.ts); a tcp_proxy chain forwards the bytes (the client's TLS passes through a passthrough chain) to its
 *     destinations, as a TCP connection from the gateway pod (mTLS, the server's network RBAC filters).
 */
import { hostMatches } from "../../ir/hosts.ts";
import { virtualServicesByPrecedence } from "../../ir/creation-order.ts";
import { isHttpsWithTermination, isPassThroughServer, tlsMode, type MergedServer } from "../../ir/gateway-merge.ts";
import type { MeshIR, VirtualServiceNode } from "../../ir/ir.ts";
import { isHttpProtocol } from "../../ir/protocol.ts";
import { resolveGatewayName } from "../../ir/hosts.ts";
import { visibleFrom } from "../../ir/visibility.ts";
import type { Outcome, SimRequest } from "../types.ts";
import type { Client, HttpView } from "../_shared/model.ts";
import { gatewayPod, type GatewayPod } from "../_shared/gateway-pod.ts";
import { mergedGatewayOf } from "../../ir/gateway-selection.ts";
import {
  CLIENT_CERT_REQUIRED,
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
  readonly requireClientCert: boolean;
  readonly https?: MergedServer;
  readonly forward?: { readonly vs: VirtualServiceNode; readonly section: "tcp" | "tls"; readonly index: number };
  readonly server: MergedServer;
}

export type GatewayConnection =
  | { readonly kind: "closed"; readonly error: string }
  | { readonly kind: "http"; readonly listener: GatewayListener }
  | { readonly kind: "forward"; readonly outcomes: readonly Outcome[] };

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
          return hostMatches(gw, vh) || hostMatches(vh, gw);
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

/** The listener's chains, in the order the emitter builds them (compiler/emit/envoy/gateway/chains.ts). */
function chainsOf(ir: MeshIR, pod: GatewayPod, servers: readonly MergedServer[]): Chain[] {
  const out: Chain[] = [];
  const known = new Set<string>();
  for (const s of servers) {
    const mode = tlsMode(s.server);
    const requireClientCert = mode === "MUTUAL" || mode === "ISTIO_MUTUAL";
    const base = { istioAlpnOnly: false, server: s };
    if (isHttpsWithTermination(s.server)) {
      out.push({ ...base, sni: namesOf(s.sniHosts), terminates: true, requireClientCert, https: s });
    } else if (s.server.tls === undefined || !isPassThroughServer(s.server)) {
      const forward = tcpRule(ir, pod, s);
      const terminates = s.server.tls !== undefined;
      if (forward !== undefined)
        out.push({ ...base, sni: terminates ? namesOf(s.sniHosts) : [], terminates, requireClientCert, forward });
    } else if (mode === "AUTO_PASSTHROUGH") {
      out.push({ ...base, sni: [], istioAlpnOnly: true, terminates: false, requireClientCert: false });
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
              requireClientCert: false,
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

/**
 * The connection as the gateway's listener meets it: TLS or not, its SNI, whether HTTP follows, and the client's
 * certificate (`istio`: a sidecar's Istio mTLS, which validates the server against the mesh CA and presents the
 * workload certificate).
 */
export interface Incoming {
  readonly tls: boolean;
  readonly sni: string;
  readonly http: boolean;
  readonly cert: "istio" | "none";
}

/** An `https://`, `tls://` or `tcp://` request from outside the mesh, as the gateway meets it. */
export const incomingOf = (request: SimRequest): Incoming => ({
  tls: isTlsRequest(request),
  sni: sniOf(request),
  http: request.scheme === "https",
  cert: "none",
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
  const closed = (error: string): GatewayConnection => {
    trace.push(`The gateway closes the connection: ${error}.`);
    return { kind: "closed", error };
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
  if (chain.requireClientCert && incoming.cert === "none") return closed(CLIENT_CERT_REQUIRED);
  // An Istio mTLS client validates the server against the mesh CA: only an ISTIO_MUTUAL server presents a
  // certificate from it (gateway.go buildGatewayListenerTLSContext: SDS `default`), others their credential's.
  if (chain.terminates && incoming.cert === "istio" && tlsMode(s.server) !== "ISTIO_MUTUAL")
    return closed(ISTIO_MTLS_UNTRUSTED);
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
  if (split.length === 0) return closed(NO_DESTINATION);
  const outcomes = split.flatMap((x) =>
    upstreamOutcomes(ctx, x.up, tcpView(s.server.port.number), x.p, null, authorizeTcp),
  );
  return { kind: "forward", outcomes: closeConnections(outcomes, trace) };
}
