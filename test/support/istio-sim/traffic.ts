/**
 * A port of Istio's xDS traffic simulator, `pilot/pkg/simulation/traffic.go` (`Simulation.Run`, `matchListener`,
 * `matchFilterChain`, `matchVirtualHost`, `matchRoute`, `requiresMTLS`, `Result.Matches`), over the proto3 JSON of a
 * proxy's xDS (what `configDumpToJson` prints: proto field names, `@type` on every Any). It answers which listener,
 * filter chain, route configuration, virtual host, route and cluster a synthetic call reaches, or which of
 * traffic.go's errors it hits; like the Go original it ignores headers other than Host, weights, RBAC and endpoints.
 * The Istio conformance suite (test/istio-simulation) runs Istio's own `*_simulation_test.go` tables through it.
 */
import {
  evaluateListenerFilterPredicates,
  extractHttpConnectionManager,
  extractListenerFilters,
  extractTcpProxy,
  type Json,
  type ProxyXds,
} from "./xdstest.ts";

export type Protocol = "http" | "http2" | "tcp";
export type TlsMode = "plaintext" | "tls" | "mtls";
export type CallMode = "gateway" | "outbound" | "inbound" | "";

/** traffic.go `Call`. */
export interface Call {
  readonly address?: string;
  readonly port: number;
  readonly path?: string;
  readonly protocol?: Protocol;
  readonly tls?: TlsMode;
  readonly alpn?: string;
  readonly hostHeader?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly sni?: string;
  readonly callMode?: CallMode;
  readonly mtlsSecretConfigName?: string;
}

/** traffic.go's error values, by their Go names (the case files name them so). */
export type SimError =
  | "ErrNoListener"
  | "ErrNoFilterChain"
  | "ErrNoRoute"
  | "ErrTLSRedirect"
  | "ErrNoVirtualHost"
  | "ErrMultipleFilterChain"
  | "ErrProtocolError"
  | "ErrTLSError"
  | "ErrMTLSError"
  | "ErrInvalidCall";

/** traffic.go `Result` (without `StrictMatch` / `Skip`, which belong to the expectation). */
export interface Result {
  error?: SimError;
  listenerMatched?: string;
  filterChainMatched?: string;
  routeMatched?: string;
  routeConfigMatched?: string;
  virtualHostMatched?: string;
  clusterMatched?: string;
}

interface FilledCall extends Required<Omit<Call, "headers" | "protocol" | "callMode" | "mtlsSecretConfigName">> {
  readonly protocol: Protocol | undefined;
  readonly callMode: CallMode;
  readonly host: string;
}

/** traffic.go `protocolToMTLSAlpn` / `protocolToTLSAlpn` / `protocolToAlpn`. */
const mtlsAlpn = (p: Protocol | undefined) => (p === "http" ? "istio-http/1.1" : p === "http2" ? "istio-h2" : "istio");
const tlsAlpn = (p: Protocol | undefined) => (p === "http" ? "http/1.1" : p === "http2" ? "h2" : "");
const sniffedAlpn = (p: Protocol | undefined) => (p === "http" ? "http/1.1" : p === "http2" ? "h2c" : "");

/** traffic.go `Call.FillDefaults`. */
function fillDefaults(c: Call): FilledCall {
  const tls = c.tls ?? "plaintext";
  const host = c.hostHeader ?? c.headers?.["Host"] ?? "";
  return {
    address: c.address ?? "1.3.3.7",
    port: c.port,
    path: c.path ?? "/",
    protocol: c.protocol,
    tls,
    alpn: c.alpn ?? (tls === "mtls" ? mtlsAlpn(c.protocol) : tls === "tls" ? tlsAlpn(c.protocol) : ""),
    hostHeader: c.hostHeader ?? "",
    sni: c.sni ?? (tls === "tls" ? (c.hostHeader ?? "") : ""),
    callMode: c.callMode ?? "",
    host,
  };
}

/** traffic.go `hasFilterOnPort`: the listener filter is present and its `filter_disabled` predicate spares the port. */
function hasFilterOnPort(listener: Json, name: string, port: number): boolean {
  const f = extractListenerFilters(listener).get(name);
  if (f === undefined) return false;
  if (f["filter_disabled"] === undefined) return true;
  return !evaluateListenerFilterPredicates(f["filter_disabled"] as Json, port);
}

const socketAddress = (l: Json): Json | undefined => (l["address"] as Json | undefined)?.["socket_address"] as Json;

/** traffic.go `matchListener`: inbound calls go to `virtualInbound`; else exact IP:port, 0.0.0.0:port, virtualOutbound. */
function matchListener(listeners: readonly Json[], call: FilledCall): Json | undefined {
  if (call.callMode === "inbound") return listeners.find((l) => l["name"] === "virtualInbound");
  const at = (address: string) =>
    listeners.find((l) => {
      const s = socketAddress(l);
      return s?.["address"] === address && Number(s["port_value"] ?? 0) === call.port;
    });
  return at(call.address) ?? at("0.0.0.0") ?? listeners.find((l) => l["name"] === "virtualOutbound");
}

export { matchFilterChain } from "./filter-chain.ts";
import { matchFilterChain } from "./filter-chain.ts";

/** traffic.go `requiresMTLS`: the chain's first SDS certificate is the mTLS secret and client certificates are required. */
function requiresMtls(chain: Json, secretName: string): boolean {
  const ctx = ((chain["transport_socket"] as Json | undefined)?.["typed_config"] ?? {}) as Json;
  const sds = ((ctx["common_tls_context"] as Json | undefined)?.["tls_certificate_sds_secret_configs"] ?? []) as Json[];
  if (sds.length === 0 || sds[0]!["name"] !== secretName) return false;
  return ctx["require_client_certificate"] === true;
}

/** traffic.go `matchVirtualHost`: exact domain, longest `*suffix`, longest `prefix*`, then `*`. */
export function matchVirtualHost(rc: Json | undefined, hostHeader: string): Json | undefined {
  let host = hostHeader;
  if (rc?.["ignore_port_in_host_matching"] === true) {
    const m = /^(.*):(\d+)$/.exec(host);
    if (m !== null) host = m[1]!.replace(/^\[(.*)\]$/, "$1");
  }
  const vhosts = ((rc?.["virtual_hosts"] ?? []) as Json[]).map((vh) => ({
    vh,
    domains: (vh["domains"] ?? []) as string[],
  }));
  const exact = vhosts.find((v) => v.domains.includes(host));
  if (exact !== undefined) return exact.vh;
  const longest = (test: (d: string) => boolean): Json | undefined => {
    let best: Json | undefined;
    let len = 0;
    for (const v of vhosts)
      for (const d of v.domains)
        if (test(d) && host.length >= d.length && d.length > len) {
          best = v.vh;
          len = d.length;
        }
    return best;
  };
  return (
    longest((d) => d.startsWith("*") && host.endsWith(d.slice(1))) ??
    longest((d) => d.endsWith("*") && host.startsWith(d.slice(0, -1))) ??
    vhosts.find((v) => v.domains.includes("*"))?.vh
  );
}

/** traffic.go `matchRoute`: the first route whose path matcher matches (headers, query and method are not checked). */
export function matchRoute(vh: Json, path: string): Json | undefined {
  for (const r of (vh["routes"] ?? []) as Json[]) {
    const m = (r["match"] ?? {}) as Json;
    if (typeof m["prefix"] === "string" && !path.startsWith(m["prefix"])) continue;
    if (typeof m["path_separated_prefix"] === "string" && !path.startsWith(m["path_separated_prefix"])) continue;
    if (typeof m["path"] === "string" && path !== m["path"]) continue;
    const regex = (m["safe_regex"] as Json | undefined)?.["regex"];
    // Go's regexp.MatchString is unanchored; RE2 syntax is close enough to JS for the regexes istiod writes.
    if (typeof regex === "string" && !new RegExp(regex).test(path)) continue;
    return r;
  }
  return undefined;
}

/** traffic.go `Simulation.Run`. */
export function run(xds: ProxyXds, input: Call): Result {
  const call = fillDefaults(input);
  if (call.alpn !== "" && call.tls === "plaintext") return { error: "ErrInvalidCall" };
  const result: Result = {};
  const listener = matchListener(xds.listeners, call);
  if (listener === undefined) return { error: "ErrNoListener" };
  result.listenerMatched = listener["name"] as string;
  const hasTlsInspector = hasFilterOnPort(listener, "envoy.filters.listener.tls_inspector", call.port);
  // Without the TLS inspector Envoy does not read the ALPN of the handshake; the HTTP inspector may still set one.
  let alpn = hasTlsInspector ? call.alpn : "";
  if (hasFilterOnPort(listener, "envoy.filters.listener.http_inspector", call.port)) {
    const sniffed = sniffedAlpn(call.protocol);
    if (sniffed !== "" && call.tls === "plaintext") alpn = sniffed;
  }
  const matched = matchFilterChain(
    (listener["filter_chains"] ?? []) as Json[],
    listener["default_filter_chain"] as Json | undefined,
    { ...call, alpn },
    hasTlsInspector,
  );
  if (typeof matched === "string") return { ...result, error: matched };
  const chain = matched;
  result.filterChainMatched = (chain["name"] as string | undefined) ?? "";
  const socket = chain["transport_socket"] !== undefined;
  if (socket && call.tls === "plaintext") return { ...result, error: "ErrTLSError" };
  if (socket && requiresMtls(chain, input.mtlsSecretConfigName ?? "default") !== (call.tls === "mtls"))
    return { ...result, error: "ErrMTLSError" };
  const hcm = extractHttpConnectionManager(chain);
  if (hcm !== undefined) {
    if (call.tls !== "plaintext" && !socket) return { ...result, error: "ErrProtocolError" };
    if (call.protocol !== "http" && call.protocol !== "http2") return { ...result, error: "ErrProtocolError" };
    let rc = hcm["route_config"] as Json | undefined;
    if (rc === undefined) {
      const name = ((hcm["rds"] as Json | undefined)?.["route_config_name"] ?? "") as string;
      result.routeConfigMatched = name;
      rc = xds.routes.find((r) => r["name"] === name);
    }
    const vh = matchVirtualHost(rc, call.host);
    if (vh === undefined) return { ...result, error: "ErrNoVirtualHost" };
    result.virtualHostMatched = vh["name"] as string;
    if (vh["require_tls"] === "ALL" && call.tls === "plaintext") return { ...result, error: "ErrTLSRedirect" };
    const route = matchRoute(vh, call.path);
    if (route === undefined) return { ...result, error: "ErrNoRoute" };
    result.routeMatched = (route["name"] as string | undefined) ?? "";
    const cluster = (route["route"] as Json | undefined)?.["cluster"];
    if (typeof cluster === "string") result.clusterMatched = cluster;
    return result;
  }
  const tcp = extractTcpProxy(chain);
  if (tcp !== undefined && typeof tcp["cluster"] === "string") result.clusterMatched = tcp["cluster"];
  return result;
}

/** An expectation: the listed fields of a Result, plus `strictMatch` (traffic.go `Result.Matches`). */
export interface Expected extends Result {
  readonly strictMatch?: boolean;
}

const FIELDS = [
  "listenerMatched",
  "filterChainMatched",
  "routeMatched",
  "routeConfigMatched",
  "virtualHostMatched",
  "clusterMatched",
] as const;

/**
 * traffic.go `Result.Matches`: with `strictMatch` every field must be equal (empty included); otherwise the error is
 * always compared and the other fields only where the expectation sets them. Returns the mismatches (empty: match).
 */
export function mismatches(got: Result, want: Expected): string[] {
  const out: string[] = [];
  if ((want.error ?? "") !== (got.error ?? ""))
    out.push(`error: want ${want.error ?? "none"}, got ${got.error ?? "none"}`);
  for (const f of FIELDS) {
    const w = want[f] ?? "";
    const g = got[f] ?? "";
    if ((want.strictMatch === true || w !== "") && w !== g)
      out.push(`${f}: want ${JSON.stringify(w)}, got ${JSON.stringify(g)}`);
  }
  return out;
}
