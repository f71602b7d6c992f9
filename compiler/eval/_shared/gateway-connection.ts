/**
 * What both engines say about a connection to an ingress gateway that is not a plaintext HTTP request (`https://`,
 * `tls://`, `tcp://` from `ingress <ns>/<gateway>`): the SNI it sends, and the words of an outcome's `error` when the
 * gateway closes it (each engine reaches them from its own model: the IR, or the emitted listeners).
 */
import type { Outcome, SimRequest } from "../types.ts";
import type { Client } from "./model.ts";

/** Whether the request opens TLS (`https://`, `tls://`). */
export const isTlsRequest = (r: Pick<SimRequest, "scheme">): boolean => r.scheme === "https" || r.scheme === "tls";

/** The SNI of a TLS request: `sni <name>`, else the URL's host (what curl and most clients send); "" for plaintext. */
export const sniOf = (r: Pick<SimRequest, "scheme" | "sni" | "host">): string =>
  isTlsRequest(r) ? (r.sni ?? r.host.toLowerCase()) : "";

/** `error` when no filter chain of the gateway's listener matches the connection (Envoy closes it). */
export const noGatewayChain = (port: number, sni: string): string =>
  sni === ""
    ? `no filter chain of the gateway's listener on port ${port} takes a connection without SNI`
    : `no filter chain of the gateway's listener on port ${port} matches SNI '${sni}'`;
/** `error` when TLS bytes reach the gateway's plaintext HTTP chain. */
export const TLS_INTO_PLAINTEXT_HTTP = "the gateway's listener on this port is plaintext HTTP: the TLS handshake fails";
/** `error` when plaintext bytes reach a chain that terminates TLS. */
export const PLAINTEXT_INTO_TLS = "the gateway's filter chain terminates TLS and the client sends plaintext";
/** `error` when the chain requires a client certificate and the client presents none. */
export const CLIENT_CERT_REQUIRED =
  "the gateway's filter chain requires a client certificate (tls mode MUTUAL or ISTIO_MUTUAL, or subjectAltNames to match) the client does not present: the TLS handshake fails (alert certificate required)";
/** `error` when the client's certificate was issued by a CA the chain does not trust. */
export const CLIENT_CERT_UNTRUSTED =
  "the gateway's filter chain verifies the client certificate against its CA, which did not issue it: the TLS handshake fails (certificate verify failed: unable to get local issuer certificate, alert unknown CA)";
/** `error` when the client's certificate has expired. */
export const CLIENT_CERT_EXPIRED =
  "the gateway's filter chain verifies the client certificate, which has expired: the TLS handshake fails (certificate verify failed: certificate has expired)";
/** `error` when no SAN of the client's certificate matches the chain's `subjectAltNames`. */
export const clientCertSanMismatch = (sans: readonly string[], cert: readonly string[]): string =>
  `the client certificate's subject alternative names [${cert.join(", ")}] match none of the server's subjectAltNames [${sans.join(", ")}]: the TLS handshake fails (verify cert failed: SAN matcher)`;

/** `error` when a sidecar's Istio mTLS meets a gateway server that terminates TLS with its own credential. */
export const ISTIO_MTLS_UNTRUSTED =
  "the gateway's server presents its credential's certificate, which the client's Istio mTLS (validating against the mesh CA) rejects";
/** `error` when a sidecar's Istio mTLS meets a gateway chain that does not terminate TLS. */
export const ISTIO_MTLS_PASSED_THROUGH =
  "the gateway's filter chain passes the client's Istio mTLS through to a destination that cannot complete it";
/** `error` when a non-HTTP connection reaches the HTTP connection manager behind a terminating HTTPS server. */
export const NOT_HTTP_AFTER_TLS =
  "the gateway terminates TLS into an HTTP connection manager, which cannot parse the bytes";
/** `error` when a tcp_proxy chain has no destination of weight above 0. */
export const NO_DESTINATION = "the gateway's rule has no destination with a weight above 0";

/** Whether the engines take the request down the gateway connection path: not plain HTTP, from an ingress gateway. */
export const gatewayConnectionOf = (r: Pick<SimRequest, "scheme">, client: Client): boolean =>
  client.proxy === "gateway" && (r.scheme === "https" || r.scheme === "tls" || r.scheme === "tcp");

/** Which TLS the client's own handshake met: passed through to the destination, or terminated at the gateway. */
export type TlsHop = NonNullable<Outcome["tls"]>;

/** The outcomes of a TLS request, each (but closed connections) saying where its TLS ended. */
export const withTls = (outcomes: readonly Outcome[], tls: TlsHop | undefined): Outcome[] =>
  tls === undefined ? [...outcomes] : outcomes.map((o) => (o.status === 0 ? o : { ...o, tls }));
