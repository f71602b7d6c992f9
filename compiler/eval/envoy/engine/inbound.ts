/**
 * The server sidecar accepting a connection on `virtualInbound` (0.0.0.0:15006): filter chain selection and the TLS
 * handshake, then the HTTP connection manager's filters.
 *
 * Filter chain selection follows envoy `source/common/listener_manager/filter_chain_manager_impl.cc`
 * (`findFilterChain`): destination_port, then (no addresses or source criteria here) server_names (the SNI the
 * tls_inspector reads), transport_protocol, then application_protocols; at each step the chains that name the value win, else those that
 * leave the field empty; nothing left → the listener's default chain, else the connection is closed. The
 * transport protocol is `tls` only when the listener runs the tls_inspector and the client sent TLS, else
 * `raw_buffer`; application protocols come from the TLS ALPN, or from the http_inspector (`http/1.1`, `h2c`) for
 * plaintext HTTP. A chain with a DownstreamTlsContext that requires a client certificate accepts only a client that
 * presents one (Istio mTLS); TLS bytes into a chain without a transport socket are a protocol error. Istio's own
 * `pilot/pkg/simulation/traffic.go` (`matchFilterChain`) checks generated config the same way.
 */
import type { Listener } from "../../../emit/envoy/gen/envoy/config/listener/v3/listener.ts";
import type {
  FilterChain,
  ListenerFilterChainMatchPredicate,
} from "../../../emit/envoy/gen/envoy/config/listener/v3/listener_components.ts";
import { DownstreamTlsContext } from "../../../emit/envoy/gen/envoy/extensions/transport_sockets/tls/v3/tls.ts";
import { HttpConnectionManager } from "../../../emit/envoy/gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.ts";
import { Any } from "../../../emit/envoy/gen/google/protobuf/any.ts";
import { Struct } from "../../../emit/envoy/gen/google/protobuf/struct.ts";

/** What the client puts on the wire: plaintext, Istio mTLS (with its SPIFFE certificate), or TLS without one. */
export type Wire =
  | { readonly kind: "plaintext"; readonly alpn: string }
  | { readonly kind: "istio-mtls" | "tls"; readonly alpn: readonly string[]; readonly sni?: string };

/**
 * filter_chain_manager_impl.cc `findFilterChainForServerName`: the chains naming the SNI exactly, else those naming
 * its longest `*.` suffix (`*.b.example.com` before `*.example.com`), else those without server names.
 */
/** filter_chain_manager_impl.cc `findFilterChainForServerName`: exact name, longest `*.` suffix, else no names. */
export function byServerName(chains: readonly FilterChain[], sni: string): FilterChain[] {
  const names = (c: FilterChain) => c.filterChainMatch?.serverNames ?? [];
  if (sni !== "") {
    const exact = chains.filter((c) => names(c).includes(sni));
    if (exact.length > 0) return exact;
    const labels = sni.split(".");
    for (let i = 1; i < labels.length; i++) {
      const wildcard = `*.${labels.slice(i).join(".")}`;
      const found = chains.filter((c) => names(c).includes(wildcard));
      if (found.length > 0) return found;
    }
  }
  return chains.filter((c) => names(c).length === 0);
}

/** The listener's filter chains for a connection to `port`, as Envoy narrows them. */
function narrow(chains: readonly FilterChain[], pick: (c: FilterChain) => "match" | "empty" | "miss"): FilterChain[] {
  const matching = chains.filter((c) => pick(c) === "match");
  return matching.length > 0 ? matching : chains.filter((c) => pick(c) === "empty");
}

/**
 * Whether a `ListenerFilterChainMatchPredicate` matches a connection to `port` (envoy
 * source/common/network/listener_filter_matcher.cc: or / and / not / any / destination port range [start, end)).
 */
function predicateMatches(p: ListenerFilterChainMatchPredicate, port: number): boolean {
  switch (p.rule.oneofKind) {
    case "orMatch":
      return p.rule.orMatch.rules.some((r) => predicateMatches(r, port));
    case "andMatch":
      return p.rule.andMatch.rules.every((r) => predicateMatches(r, port));
    case "notMatch":
      return !predicateMatches(p.rule.notMatch, port);
    case "anyMatch":
      return p.rule.anyMatch;
    case "destinationPortRange":
      return port >= p.rule.destinationPortRange.start && port < p.rule.destinationPortRange.end;
    case undefined:
      return false;
  }
}

/** The listener runs filter `name` on a connection to `port`: present, and its `filter_disabled` does not match. */
function runsFilter(listener: Listener, name: string, port: number): boolean {
  const f = listener.listenerFilters.find((x) => x.name === name);
  return f !== undefined && (f.filterDisabled === undefined || !predicateMatches(f.filterDisabled, port));
}

export function selectFilterChain(listener: Listener, port: number, wire: Wire): FilterChain | undefined {
  const tlsInspector = runsFilter(listener, "envoy.filters.listener.tls_inspector", port);
  const httpInspector = runsFilter(listener, "envoy.filters.listener.http_inspector", port);
  const transport = tlsInspector && wire.kind !== "plaintext" ? "tls" : "raw_buffer";
  const alpn: readonly string[] =
    wire.kind === "plaintext" ? (httpInspector ? [wire.alpn] : []) : transport === "tls" ? wire.alpn : [];
  let chains = narrow(listener.filterChains, (c) => {
    const p = c.filterChainMatch?.destinationPort?.value;
    return p === undefined ? "empty" : p === port ? "match" : "miss";
  });
  chains = byServerName(chains, transport === "tls" && wire.kind !== "plaintext" ? (wire.sni ?? "") : "");
  chains = narrow(chains, (c) => {
    const t = c.filterChainMatch?.transportProtocol ?? "";
    return t === "" ? "empty" : t === transport ? "match" : "miss";
  });
  chains = narrow(chains, (c) => {
    const list = c.filterChainMatch?.applicationProtocols ?? [];
    return list.length === 0 ? "empty" : list.some((a) => alpn.includes(a)) ? "match" : "miss";
  });
  return chains[0] ?? listener.defaultFilterChain;
}

/** Why a connection fails on the chosen chain (TLS handshake or protocol), or undefined when it is accepted. */
export function handshake(chain: FilterChain, wire: Wire): string | undefined {
  const socket = chain.transportSocket;
  if (socket === undefined || socket.configType.oneofKind !== "typedConfig") {
    return wire.kind === "plaintext" ? undefined : "TLS bytes reach a plaintext filter chain";
  }
  const ctx = Any.unpack(socket.configType.typedConfig, DownstreamTlsContext);
  if (wire.kind === "plaintext") return "plaintext reaches a filter chain that terminates TLS";
  if (ctx.requireClientCertificate?.value === true && wire.kind !== "istio-mtls")
    return "the filter chain requires a client certificate the client does not present";
  return undefined;
}

/** The HTTP connection manager of a chain, if it has one. */
export function chainHcm(chain: FilterChain): HttpConnectionManager | undefined {
  const f = chain.filters.find((x) => x.name === "envoy.filters.network.http_connection_manager");
  return f?.configType.oneofKind === "typedConfig"
    ? Any.unpack(f.configType.typedConfig, HttpConnectionManager)
    : undefined;
}

/**
 * The PeerAuthentication mode the chains of a port implement (filterchain_options.go): TLS-only chains are STRICT,
 * plaintext-only chains DISABLE, both PERMISSIVE. Used to say why a connection failed.
 */
export function chainMode(listener: Listener, port: number): "STRICT" | "PERMISSIVE" | "DISABLE" {
  const own = listener.filterChains.filter((c) => c.filterChainMatch?.destinationPort?.value === port);
  const chains =
    own.length > 0 ? own : listener.filterChains.filter((c) => c.filterChainMatch?.destinationPort === undefined);
  const tls = chains.some((c) => c.filterChainMatch?.transportProtocol === "tls");
  const plain = chains.some(
    (c) => c.filterChainMatch?.transportProtocol === "raw_buffer" || c.filterChainMatch?.transportProtocol === "",
  );
  return tls && plain ? "PERMISSIVE" : tls ? "STRICT" : "DISABLE";
}

/**
 * The PeerAuthentication setting that shaped the chains of a port, from meshc's `filter_metadata.meshc`
 * (`{ peerAuthentication, port? }`, compiler/emit/envoy/inbound) on the port's chains (else the port-less ones):
 * every chain of a port carries the same one; undefined when the PERMISSIVE default decided.
 */
export function chainSetting(listener: Listener, port: number): { policy: string; port: number | null } | undefined {
  const own = listener.filterChains.filter((c) => c.filterChainMatch?.destinationPort?.value === port);
  const chains =
    own.length > 0 ? own : listener.filterChains.filter((c) => c.filterChainMatch?.destinationPort === undefined);
  const md = chains[0]?.metadata?.filterMetadata["meshc"];
  const v = md === undefined ? undefined : (Struct.toJson(md) as { peerAuthentication?: string; port?: number });
  return v?.peerAuthentication === undefined ? undefined : { policy: v.peerAuthentication, port: v.port ?? null };
}
