// Which filter chains a service port gets for its PeerAuthentication mode (istio
// pilot/pkg/networking/core/filterchain_options.go `getFilterChainMatchOptions`; ALPN lists from listener.go).
import type { Protocol } from "../../../ir/ir.ts";
import type { ServerMode } from "../../../ir/peer-authentication.ts";

/** `plaintextHTTPALPNs`: what http_inspector reports for plaintext HTTP. */
export const PLAINTEXT_HTTP_ALPNS = ["http/1.1", "h2c"];
/** `mtlsHTTPALPNs`: what Istio clients' `istio.alpn` filter advertises for HTTP over mTLS. */
export const MTLS_HTTP_ALPNS = ["istio-http/1.0", "istio-http/1.1", "istio-h2"];
/** `mtlsTCPWithMxcALPNs`. */
export const MTLS_TCP_ALPNS = ["istio-peer-exchange", "istio"];
/** `allIstioMtlsALPNs`. */
export const ALL_ISTIO_MTLS_ALPNS = ["istio", "istio-peer-exchange", "istio-http/1.0", "istio-http/1.1", "istio-h2"];

/** How a port's traffic is handled inbound: an HTTP connection manager, tcp_proxy, or sniffed (both). */
export type PortClass = "http" | "tcp" | "auto";

/** One filter chain of a port: its match, whether it terminates Istio mTLS, and the filter stack it runs. */
export interface ChainOption {
  readonly transportProtocol: "tls" | "raw_buffer";
  readonly applicationProtocols: readonly string[];
  readonly mtls: boolean;
  readonly kind: "http" | "tcp";
}

/** The inbound class of a port protocol: HTTP/HTTP2/gRPC(-Web) → HCM, UNKNOWN → sniffed, the rest → TCP. */
export function portClass(protocol: Protocol): PortClass {
  if (protocol === "HTTP" || protocol === "HTTP2" || protocol === "GRPC" || protocol === "GRPC-Web") return "http";
  return protocol === "UNKNOWN" ? "auto" : "tcp";
}

const opt = (
  transportProtocol: ChainOption["transportProtocol"],
  applicationProtocols: readonly string[],
  mtls: boolean,
  kind: ChainOption["kind"],
): ChainOption => ({
  transportProtocol,
  applicationProtocols,
  mtls,
  kind,
});

/**
 * The chains of one port, in istiod's order. STRICT accepts only Istio mTLS; PERMISSIVE adds plaintext (and, for
 * TCP, TLS the server application terminates itself); DISABLE only plaintext.
 * `chainOptions("STRICT", "http")` → `[{ transportProtocol: "tls", applicationProtocols: [], mtls: true, kind: "http" }]`.
 */
export function chainOptions(mode: ServerMode, cls: PortClass): ChainOption[] {
  switch (mode) {
    case "STRICT":
      if (cls === "http") return [opt("tls", [], true, "http")];
      if (cls === "tcp") return [opt("tls", [], true, "tcp")];
      return [opt("tls", MTLS_HTTP_ALPNS, true, "http"), opt("tls", [], true, "tcp")];
    case "PERMISSIVE":
      if (cls === "http") return [opt("tls", ALL_ISTIO_MTLS_ALPNS, true, "http"), opt("raw_buffer", [], false, "http")];
      if (cls === "tcp")
        return [
          opt("tls", ALL_ISTIO_MTLS_ALPNS, true, "tcp"),
          opt("tls", [], false, "tcp"),
          opt("raw_buffer", [], false, "tcp"),
        ];
      return [
        opt("tls", MTLS_HTTP_ALPNS, true, "http"),
        opt("raw_buffer", PLAINTEXT_HTTP_ALPNS, false, "http"),
        opt("tls", MTLS_TCP_ALPNS, true, "tcp"),
        opt("raw_buffer", [], false, "tcp"),
        opt("tls", [], false, "tcp"),
      ];
    case "DISABLE":
      if (cls === "http") return [opt("raw_buffer", [], false, "http")];
      if (cls === "tcp") return [opt("raw_buffer", [], false, "tcp")];
      return [opt("raw_buffer", PLAINTEXT_HTTP_ALPNS, false, "http"), opt("raw_buffer", [], false, "tcp")];
    default:
      return mode satisfies never;
  }
}
