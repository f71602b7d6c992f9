/**
 * The evaluator's contract (docs/requests.md and docs/results.md): a simulated request and the decision both engines return. The JSON
 * form of `SimulationResult` is exactly `meshc simulate --json` and what the TypeScript test API returns.
 */
import type { Span } from "../diagnostics/span.ts";

/** Who sends the request (docs/requests.md `<source>`). */
export type RequestSource =
  /** A declared workload, `<namespace>/<workload>`: its service account, labels and sidecar are known. */
  | { readonly kind: "workload"; readonly namespace: string; readonly name: string }
  /** A client with no sidecar, outside the mesh: always plaintext. */
  | { readonly kind: "outside" }
  /** An Istio ingress gateway, `ingress <namespace>/<gateway>` (a Gateway resource). */
  | { readonly kind: "ingress"; readonly namespace: string; readonly gateway: string };

/**
 * The JWT a request carries (docs/requests.md `jwt iss=<issuer> sub=<subject> [<claim>=<v1>[,<v2>]]...`), sent as
 * `Authorization: Bearer <token>`: a token with these claims, signed as if by the issuer's configured keys
 * (compiler/eval/_shared/jwt.ts `symbolicToken`). `flaw` makes it fail: `invalid` (bad signature), `expired` (`exp`
 * in the past), `wrong-audience` (an `aud` no rule lists). The type is the request model shared by the evaluators,
 * the scenario language and `meshc diff`.
 */
export interface RequestJwt {
  /** Payload claims: `iss`, `sub`, `aud`, any other; a value with several parts (`groups=a,b`) is a list. */
  readonly claims: Readonly<Record<string, string | readonly string[]>>;
  readonly flaw?: "invalid" | "expired" | "wrong-audience";
}

/**
 * The TLS client certificate an `https://` or `tls://` request presents (docs/requests.md `cert [untrusted|expired]
 * [san=<name>[,<name>]...]`): issued by the CA the server's credential trusts (its `ca.crt`, the `-cacert` secret,
 * `caCertificates`, or the mesh root for ISTIO_MUTUAL), unless `flaw` says otherwise: `untrusted` (another CA issued
 * it) or `expired` (past its `notAfter`). `sans` are its subject alternative names (none when `san=` is not written,
 * as for `openssl req -subj "/CN=..."` without extensions): a DNS name, a URI (`spiffe://...`), an email (`a@b`) or
 * an IPv4 address, told apart by their form.
 */
export interface RequestClientCert {
  readonly flaw?: "untrusted" | "expired";
  readonly sans: readonly string[];
}

/** The end-user identity a proxy established from a valid JWT (docs/results.md: the outcome's `auth`). */
export interface RequestAuth {
  /** `iss/sub`: what `requestPrincipals` and `request.auth.principal` match. */
  readonly principal: string;
  /** The verified payload as Envoy keeps it in dynamic metadata (space-delimited claims such as `scope` as lists). */
  readonly claims: Readonly<Record<string, unknown>>;
}

/**
 * A request as written (docs/requests.md), before host resolution. `tcp` (meshc's extension, `tcp://host:port`) is a TCP
 * connection, not an HTTP request: its `method`, `path` and `query` are "" and it has no headers.
 */
export interface SimRequest {
  readonly method: string;
  readonly scheme: "http" | "https" | "grpc" | "tcp" | "tls";
  /** As written: short name, `name.namespace`, FQDN, or an external host. */
  readonly host: string;
  /** undefined: the service's only port (or an error if it has several). */
  readonly port: number | undefined;
  /** The path without the query, as sent (not normalized). */
  readonly path: string;
  /** The raw query string without `?`, or "" . */
  readonly query: string;
  /** Header names lower-cased; values as written. */
  readonly headers: Readonly<Record<string, string>>;
  readonly source: RequestSource;
  /** `sni <name>` of a tls:// or https:// request (lower-cased); the host when absent. */
  readonly sni?: string;
  /** `cert ...`: the TLS client certificate of an https:// or tls:// request; absent: it presents none. */
  readonly cert?: RequestClientCert;
  /** `plaintext`: force a connection without mTLS. */
  readonly plaintext: boolean;
  /**
   * `ip <address>`: the address the client connects from, in Envoy's text form (`outside` and `ingress` sources
   * only; a workload's is its pod's). Absent: unknown (docs/requests.md).
   */
  readonly ip?: string;
  /** `jwt ...`: a token in `Authorization: Bearer` (it replaces an `authorization` header given with `header`). */
  readonly jwt?: RequestJwt;
  /** Where it was written (a scenario file), for diagnostics. */
  readonly span?: Span;
}

export interface RouteRef {
  /** `VirtualService <namespace>/<name>`. */
  readonly resource: string;
  /** Index in `spec.http`, or in `spec.tcp` / `spec.tls` when `section` says so. */
  readonly index: number;
  /** The http rule's `name`; always null for a tcp or tls rule (TCPRoute and TLSRoute have no name). */
  readonly name: string | null;
  /**
   * `"tcp"`: `index` points into `spec.tcp` (a TCP connection's route, a sidecar's or a gateway TCP server's);
   * `"tls"`: into `spec.tls` (a TLS connection a sidecar routed, or a gateway's PASSTHROUGH server forwarded, on its
   * SNI); absent for `spec.http`.
   */
  readonly section?: "tcp" | "tls";
}

export interface DestinationRef {
  readonly service: string;
  readonly subset: string | null;
  readonly port: number;
  /** Envoy cluster name, `outbound|<port>|<subset>|<fqdn>`. */
  readonly cluster: string;
}

export interface AuthzDecision {
  readonly decision: "ALLOW" | "DENY";
  /** `namespace/name` of the deciding policy; null when the default decided. */
  readonly policy: string | null;
  /** Index of the matching rule in that policy; null when none. */
  readonly rule: number | null;
  /**
   * Present when dry-run policies apply: the decision of the dry-run DENY policies (only when one matched) and of the
   * dry-run ALLOW policies (ALLOW with the matching policy, or DENY with policy null when none matched). Reported,
   * never enforced.
   */
  readonly dryRun?: readonly {
    readonly policy: string | null;
    readonly decision: "ALLOW" | "DENY";
    readonly rule: number | null;
  }[];
}

/**
 * One proxy a request crossed on its way (docs/results.md "Hops"): present on the outcomes of requests that reach a
 * gateway pod through a Service (sidecar → egress gateway → external host), one entry per proxy in order.
 */
export interface Hop {
  /** The proxy: the client's label (`ns/workload`, `outside`, `ingress ns/gateway`), or the gateway pod `ns/workload`. */
  readonly proxy: string;
  /** The route that proxy picked; null for its default route, or when it answered before routing. */
  readonly route: RouteRef | null;
  /** The cluster it sent the request to; null when it answered itself (a denial, no route, a closed connection). */
  readonly destination: DestinationRef | null;
  /**
   * What protected the connection it opened: `mtls` (Istio mTLS), `origination` (TLS it originated for a
   * DestinationRule with tls mode SIMPLE or MUTUAL, cluster_tls.go `buildUpstreamClusterTLSContext`), `plaintext`;
   * null when it opened none.
   */
  readonly tls: "mtls" | "origination" | "plaintext" | null;
  /** Its own authorization decision on the request (a gateway pod's RBAC filters); null for the client's proxy. */
  readonly authz: AuthzDecision | null;
}

export interface Outcome {
  readonly probability: number;
  /**
   * 200 forwarded; 401 a JWT the jwt_authn filter rejected (403 for a wrong audience, `error` gives Envoy's body);
   * 403 denied; 404 no route; a fault abort's code; 503 upstream unreachable; 0 connection reset.
   * A TCP connection (a `tcp://` request, or any request to a TCP port) has no HTTP status: 200 means the connection
   * was forwarded and accepted by the server (or its sidecar); 0 means it was closed — no route or cluster,
   * BlackHoleCluster, a refused handshake (STRICT vs plaintext), or a denial by the server's network RBAC filter
   * (then `authz` says which policy, and `error` says why).
   */
  readonly status: number;
  readonly destination: DestinationRef | null;
  readonly mtls: boolean | null;
  readonly authz: AuthzDecision | null;
  /** The fault that hit this outcome; both when a delayed request is then aborted (Envoy applies delay, then abort). */
  readonly fault:
    | { readonly abort: number }
    | { readonly delay: string }
    | { readonly delay: string; readonly abort: number }
    | null;
  /** Why, for status 0, 401 and 503 (and passthrough/blackhole). */
  readonly error?: string;
  /**
   * For `https://` and `tls://` requests (absent otherwise, and on closed connections): where the client's own TLS
   * ended — `application`: nothing on the way terminated it (sidecars and passthrough gateway servers move its bytes;
   * `mtls` still says whether Istio mTLS wrapped them between proxies); `gateway`: the ingress gateway's server
   * terminated it (beyond the gateway, `mtls` says whether Istio mTLS protected the hop to the server). For other
   * requests without `hops`: `origination` when the client's proxy opened the connection with TLS it originated for
   * a DestinationRule with tls mode SIMPLE or MUTUAL (absent otherwise).
   */
  readonly tls?: "application" | "gateway" | "origination";
  /**
   * The request principal and claims the deciding proxy (the server's sidecar, or the gateway that answered)
   * established from a valid JWT; absent when it validated none.
   */
  readonly auth?: RequestAuth;
  /**
   * The proxies on the way when the request crossed a gateway pod after the client's proxy (docs/results.md "Hops");
   * absent for requests that cross one proxy (the other fields then describe that hop, as always).
   */
  readonly hops?: readonly Hop[];
}

export interface SimulationResult {
  readonly request: {
    readonly method: string;
    readonly host: string;
    readonly port: number;
    readonly path: string;
    readonly headers: Readonly<Record<string, string>>;
    readonly source: string;
  };
  readonly route: RouteRef | null;
  readonly timeout: string | null;
  readonly retries: {
    readonly attempts: number;
    readonly perTryTimeout: string | null;
    readonly retryOn: string | null;
  } | null;
  readonly outcomes: readonly Outcome[];
  readonly trace: readonly string[];
}
