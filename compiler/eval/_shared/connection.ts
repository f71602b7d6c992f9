/**
 * The words both engines use when a server's sidecar refuses a connection, from facts each engine finds in its own
 * model (the Istio engine: PeerAuthentication in the IR; the Envoy engine: the emitted inbound filter chains).
 */
import type { ServerMode } from "../../ir/peer-authentication.ts";

/** What the client puts on the wire. */
export type Sent = "istio-mtls" | "tls" | "plaintext";

/** How the server's sidecar turned a connection down: the words both engines use in an outcome's `error`. */
export type ConnectionFailure =
  | { readonly kind: "noSidecar"; readonly server: string }
  | {
      readonly kind: "mode";
      readonly server: string;
      readonly port: number;
      readonly mode: ServerMode;
      readonly sent: Sent;
    };

const SENT: Record<Sent, string> = {
  plaintext: "plaintext",
  "istio-mtls": "Istio mTLS",
  tls: "TLS that is not Istio mTLS",
};

/**
 * An outcome's `error` for a refused connection, from facts the emitted Envoy configuration shows too (the server,
 * its port, the mode its filter chains implement, what the client sent), so that the Envoy engine reports the same
 * words; the trace says which DestinationRule and PeerAuthentication led there.
 */
export function connectionError(f: ConnectionFailure): string {
  if (f.kind === "noSidecar") return `${f.server} has no sidecar to terminate Istio mTLS`;
  const head = `'${f.server}' port ${f.port} is ${f.mode}`;
  if (f.mode === "STRICT") return `${head}: it accepts only Istio mTLS, and the client sent ${SENT[f.sent]}`;
  if (f.mode === "DISABLE") return `${head}: it accepts only plaintext, and the client sent ${SENT[f.sent]}`;
  return `${head}: no filter chain accepts ${SENT[f.sent]}`;
}
