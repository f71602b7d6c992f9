/**
 * What both engines decide the same way about TCP connections: which requests are carried as TCP, which `tcp://`
 * requests can be evaluated, how a connection without an HTTP answer is reported, and the words of an outcome's
 * `error` (each engine reaches them from its own model: the IR, or the emitted Envoy configuration).
 */
import { createDiagnostic, type Diagnostic } from "../../diagnostics/diagnostic.ts";
import { Messages } from "../../diagnostics/messages.ts";
import type { MeshIR, Protocol } from "../../ir/ir.ts";
import { isHttpProtocol } from "../../ir/protocol.ts";
import type { Outcome, SimRequest } from "../types.ts";
import type { Client, Target } from "./model.ts";

/** Port protocols whose outbound listener is a tcp_proxy (istio `protocol.IsTCP`, without TLS/HTTPS: TLS routing). */
const TCP_PROTOCOLS: ReadonlySet<Protocol> = new Set<Protocol>(["TCP", "MONGO", "MYSQL", "REDIS"]);

/** An outcome's `error` when the server's network RBAC filter closes the connection (both engines use it). */
export const RBAC_CLOSED = "the server's sidecar closed the connection: its network RBAC filters deny it";

/** The outcome's `error` when TCP bytes reach an HTTP connection manager (the client's listener for the port is HTTP). */
export const tcpIntoHcm = (port: number): string =>
  `listener '0.0.0.0_${port}' runs an HTTP connection manager, which cannot parse the TCP bytes`;

/** `error` when a tcp rule's destinations all weigh 0 (`meshc check` rejects it: MESH2048). */
export const NO_WEIGHTED_DESTINATION = "the tcp rule has no destination with a weight above 0";
/** What the catch-all says of a target: a host outside the registry, or a Service's name on a port it lacks. */
const unregistered = (target: Target): string =>
  target.kind === "external" && target.portOfService !== undefined
    ? `'${target.fqdn}' has no port ${target.port} in the service registry`
    : `'${target.fqdn}' is not in the service registry`;
/** `error` of a connection BlackHoleCluster closes, and of one PassthroughCluster forwards (both engines). */
export const blackholeError = (target: Target): string =>
  `${unregistered(target)} and the outbound traffic policy is REGISTRY_ONLY (BlackHoleCluster)`;
/** `error` of the 502 the catch-all route `block_all` answers under REGISTRY_ONLY (both engines). */
export const blockAllError = (target: Target): string =>
  `${unregistered(target)} and the outbound traffic policy is REGISTRY_ONLY (route block_all)`;
export const passthroughError = (target: Target): string =>
  `${unregistered(target)}; ALLOW_ANY passes it through to the original destination (PassthroughCluster)`;

/**
 * What a request or connection the catch-all passes through to its original destination gets (both engines): by the
 * HTTP catch-all route `allow_any` (`viaRoute`), or by a listener's catch-all TCP chain. A Service's name on a port
 * the Service lacks goes to its cluster IP on that port, where kube-proxy has no rule (it programs one per Service
 * port: kubernetes pkg/proxy/iptables/proxier.go `syncProxyRules`, the KUBE-SERVICES jump matching `-d <clusterIP>
 * --dport <port>`; docs "Virtual IPs and Service Proxies") and no pod listens: Envoy's upstream connect fails
 * (upstream connect error, a 503 on the route), or the connection is closed (status 0) on the chain.
 * Any other host is reached.
 */
export function passthroughOutcome(target: Target, viaRoute: boolean): Omit<Outcome, "probability"> {
  const lacked = target.kind === "external" ? target.portOfService : undefined;
  const passes = viaRoute
    ? `${unregistered(target)}; ALLOW_ANY passes it through to the original destination (route allow_any)`
    : passthroughError(target);
  const error =
    lacked === undefined
      ? passes
      : `${passes}, the cluster IP ${target.address ?? "of the Service"} on port ${target.port}, where nothing answers (the Service's ports are ${lacked.ports.join(", ")}): the upstream connection fails`;
  const destination = { service: target.fqdn, subset: null, port: target.port, cluster: "PassthroughCluster" };
  const status = lacked === undefined ? 200 : viaRoute ? 503 : 0;
  return { status, destination, mtls: false, authz: null, fault: null, error };
}
/**
 * `error` of a TLS connection to a host of the registry whose SNI no filter chain of the port's listener matches: the
 * listener's default chain (`PassthroughFilterChain`) passes it through, or closes it under REGISTRY_ONLY.
 */
export const noSniChainError = (port: number, sni: string, policy: "ALLOW_ANY" | "REGISTRY_ONLY"): string =>
  `no filter chain of listener '0.0.0.0_${port}' matches SNI '${sni}': its default chain ${policy === "ALLOW_ANY" ? "passes it through to the original destination (PassthroughCluster)" : "closes it (BlackHoleCluster)"}`;
/** `error` of a connection from a client without a sidecar to a host outside the registry. */
export const NO_CLIENT_SIDECAR = "the client has no sidecar: the connection leaves without the mesh";

/**
 * Whether the request is evaluated as a TCP connection: `tcp://`; `tls://` and `https://` (the client's own TLS, which
 * a sidecar does not terminate: its bytes pass through, `checkTcpRequest` keeps them off HTTP ports); or a request to
 * a TCP port of a known host.
 */
export function carriedAsTcp(request: SimRequest, target: Target): boolean {
  return (
    request.scheme === "tcp" ||
    request.scheme === "tls" ||
    request.scheme === "https" ||
    (target.kind !== "external" && TCP_PROTOCOLS.has(target.protocol))
  );
}

/**
 * Whether a `tcp://`, `tls://` or `https://` request can be evaluated (else a diagnostic). Through an ingress gateway
 * always (the gateway's servers decide). Otherwise a `tcp://` request goes to a TCP port or a port without a protocol
 * (sniffed: non-HTTP bytes take its TCP chain); an HTTP port would run the bytes through its HTTP connection manager,
 * TLS ports route on SNI. A `tls://` or `https://` request goes to any non-HTTP port (its TLS passes through the
 * client's sidecar, which routes it on its SNI where the port has TLS services: istio/sni.ts, envoy/engine/tcp.ts).
 */
export function checkTcpRequest(
  ir: MeshIR,
  request: SimRequest,
  client: Client,
  target: Target | undefined,
  diagnostics: Diagnostic[],
): boolean {
  if (request.scheme === "http" || request.scheme === "grpc" || client.proxy === "gateway") return true;
  if (request.scheme !== "tcp") {
    if (target === undefined || target.kind === "external") return true;
    if (isHttpProtocol(target.protocol)) {
      diagnostics.push(
        createDiagnostic(Messages.TLS_request_to_port_0_of_1_which_is_2, request.span, [
          target.port,
          target.fqdn,
          target.protocol,
          request.scheme,
        ]),
      );
      return false;
    }
    return true;
  }
  if (
    target === undefined ||
    target.kind === "external" ||
    TCP_PROTOCOLS.has(target.protocol) ||
    target.protocol === "UNKNOWN"
  )
    return true;
  diagnostics.push(
    createDiagnostic(Messages.TCP_request_to_port_0_of_1_which_is_2, request.span, [
      target.port,
      target.fqdn,
      target.protocol,
    ]),
  );
  return false;
}

/**
 * A TCP connection has no HTTP answer: where an HTTP request would get the client proxy's 503 or the server's 403,
 * the connection is closed (status 0; a denial's `error` is `RBAC_CLOSED`). Both engines map their outcomes so.
 */
export function closeConnections(outcomes: readonly Outcome[], trace: string[]): Outcome[] {
  if (outcomes.some((o) => o.status !== 200))
    trace.push(
      "A TCP connection gets no HTTP answer: where a request would get 503 or 403, the connection is closed (status 0).",
    );
  return outcomes.map((o) =>
    o.status === 200 || o.status === 0
      ? o
      : o.status === 403
        ? { ...o, status: 0, error: RBAC_CLOSED }
        : { ...o, status: 0 },
  );
}
