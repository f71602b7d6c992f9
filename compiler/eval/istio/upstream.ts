/**
 * One routed destination → outcomes: the cluster the client's proxy uses (`outbound|<port>|<subset>|<host>`, istio
 * `model.BuildSubsetKey`), its endpoints (a subset's endpoints are the service's workloads whose labels include the
 * subset's labels, filtered by istiod — `pilot/pkg/xds/endpoints/endpoint_builder.go`), then per endpoint the
 * connection (mTLS) and the server sidecar's authorization. Endpoints share the traffic equally (meshc knows
 * workloads, not replicas). A cluster that does not exist (unknown host or subset) or has no endpoint answers 503
 * (Envoy `cluster_not_found_response_code` default 503; "no healthy upstream").
 */
import { ownNamespaceEntry } from "../../ir/own-namespace-entry.ts";
import { hostMatches } from "../../ir/hosts.ts";
import {
  resourcesOf,
  serviceByFqdn,
  workloadById,
  type Fqdn,
  type MeshIR,
  type ServiceNode,
  type WorkloadNode,
} from "../../ir/ir.ts";
import { serviceEndpoints } from "../../ir/service-endpoints.ts";
import { istioTlsMode } from "../../ir/tls-mode.ts";
import type { CoverageSink } from "../coverage.ts";
import type { DestinationRef, Outcome, RequestClientCert, RouteRef } from "../types.ts";
import {
  gatewayOfPod,
  hopTls,
  joinGatewayHop,
  ownHop,
  withOrigination,
  type GatewayHopResult,
} from "../_shared/hops.ts";
import type { GatewayNode } from "../../ir/ir.ts";
import type { Client, HttpView } from "../_shared/model.ts";
import { authorize } from "./authorization.ts";
import { sidecarIngressKind } from "./inbound-port.ts";
import { authorizeTcp } from "./tcp-authz.ts";
import { authenticate, type Authn } from "./request-authn.ts";
import { JWT_STATUS, requestPrincipalOf, statusCode } from "../_shared/jwt.ts";
import { destinationRuleFor } from "../../ir/destination-rules.ts";
import { clusterTls } from "./destination-rule.ts";
import { clientSends, connect, type Sent } from "./mtls.ts";
import { visibleFrom } from "../../ir/visibility.ts";
import { importsService } from "../../ir/sidecar-egress.ts";
import { clientEgress } from "./_egress.ts";
import { hcmDownstream } from "../_shared/xff.ts";

export interface Upstream {
  readonly host: Fqdn;
  readonly subset: string | null;
  readonly port: number | undefined;
  /**
   * The status when its cluster does not exist (Envoy's `cluster_not_found_response_code`): 503, or 500 for the
   * routes istiod generates from Gateway API (ir/route-semantics.ts).
   */
  readonly missingStatus?: number;
}

export interface UpstreamContext {
  readonly ir: MeshIR;
  readonly client: Client;
  readonly trace: string[];
  /** Receives the rules and settings the request exercised (`meshc test --coverage`). */
  readonly coverage?: CoverageSink;
  /** The route the client's proxy picked, for the hops of a request that goes on through a gateway pod. */
  readonly route?: RouteRef | null;
  /** Set at a gateway pod reached through a Service: its outcomes carry its hop (docs/results.md "Hops"). */
  readonly recordHop?: boolean;
  /** Continues a request at a gateway pod it reached (engine.ts); without it the pod is a plain endpoint. */
  readonly gatewayHop?: GatewayHop;
  /** The address and port the client connected to, when it dialled a headless Service's endpoint (_shared/headless.ts). */
  readonly dialled?: { readonly address: string; readonly port: number };
  /**
   * A connection carrying the client's own TLS (`https://` or `tls://` as TCP bytes): the SNI it sent, which a
   * gateway pod it reaches reads with its tls_inspector.
   */
  readonly appSni?: string;
  /** The client certificate that TLS presents (`cert` of the request), for a gateway pod that terminates it. */
  readonly appCert?: RequestClientCert;
}

/** One endpoint of a backend: the workload there (if known), the port it is reached on, and its address. */
export interface BackendEndpoint {
  readonly server: WorkloadNode | undefined;
  /** The port the connection reaches the endpoint on; undefined: the service port's targetPort. */
  readonly port: number | undefined;
  readonly address: string | undefined;
}

/** Where a request reaches a gateway pod: the pod, its Gateway, what the client's proxy sent, the Service port. */
export interface GatewayArrival {
  readonly pod: WorkloadNode;
  readonly gateway: GatewayNode;
  readonly sent: Sent;
  /** The SNI of the TLS the gateway meets: the proxy's own, else the client's passed through ("" for plaintext). */
  readonly sni: string;
  readonly servicePort: number;
  /** A TCP connection (bytes: the client's own TLS or plain TCP), not an HTTP request. */
  readonly tcp: boolean;
  /** The connection carries the client's own TLS, which the proxy forwarded as bytes (no TLS of its own). */
  readonly appTls: boolean;
  /** The client certificate of that TLS, if it presents one. */
  readonly appCert?: RequestClientCert;
}

export type GatewayHop = (ctx: UpstreamContext, at: GatewayArrival, req: HttpView) => GatewayHopResult;

/** Where a host's traffic goes: a Service's workloads, or a ServiceEntry's single sidecar-less endpoint. */
export interface Backend {
  readonly namespace: string | undefined;
  readonly ports: readonly { readonly port: number; readonly targetPort: number }[];
  readonly endpoints: (
    subsetLabels: Readonly<Record<string, string>> | undefined,
    port: number,
  ) => readonly BackendEndpoint[];
  readonly meshExternal: boolean;
  /**
   * A headless Service (Passthrough): whether every endpoint of a port has a sidecar (push_context.go
   * `BestEffortInferServiceMTLSMode`), and whether it is reached at the dialled address (cluster.go
   * `convertResolution`: ORIGINAL_DST on sidecars, EDS on gateways; a client without a proxy dials the address).
   */
  readonly passthrough?: { readonly allSidecars: (port: number) => boolean; readonly originalDst: boolean };
}

const subsetMatch = (labels: Readonly<Record<string, string>> | undefined, w: WorkloadNode | undefined): boolean =>
  Object.entries(labels ?? {}).every(([k, v]) => w?.labels[k] === v);

/** The workload with this address (the first one declared with it), like the Envoy engine's endpoint lookup. */
function workloadAt(ir: MeshIR, address: string): WorkloadNode | undefined {
  return ir.workloads.find((w) => w.addresses.includes(address));
}

/**
 * The endpoints of a Service port as the Istio engine counts them: its EndpointSlices' (ir/service-endpoints.ts),
 * else every selected workload (one endpoint each, with or without a declared address: meshc knows workloads, not
 * replicas).
 */
function serviceWorkloadEndpoints(ir: MeshIR, svc: ServiceNode, port: number): BackendEndpoint[] {
  const p = svc.ports.find((x) => x.port === port);
  if (svc.endpointSlices !== undefined)
    return p === undefined
      ? []
      : serviceEndpoints(ir, svc, p).map((e) => ({ server: e.workload, port: e.port, address: e.address }));
  return svc.workloads
    .map((id) => workloadById(ir, id))
    .filter((w): w is WorkloadNode => w !== undefined)
    .map((w) => ({ server: w, port: undefined, address: w.addresses[0] }));
}

/** The backend of a routed host as the client sees it (Services first, then ServiceEntries visible to it). */
export function backendOf(
  ir: MeshIR,
  client: Client,
  host: string,
  dialled?: UpstreamContext["dialled"],
): Backend | undefined {
  const found = serviceByFqdn(ir, host);
  // A sidecar sees a ServiceEntry of its own namespace in the place of a Service of that name in another namespace
  // (compiler/ir/own-namespace-entry.ts).
  const own =
    found !== undefined && client.proxy === "sidecar" ? ownNamespaceEntry(ir, client.namespace, found) : undefined;
  const svc = own === undefined ? found : undefined;
  if (svc !== undefined) {
    const base = { namespace: svc.namespace, ports: svc.ports, meshExternal: false };
    const allSidecars = (port: number) => {
      const eps = serviceWorkloadEndpoints(ir, svc, port);
      return eps.length > 0 && eps.every((e) => istioTlsMode(ir, e.server));
    };
    if (svc.headless === true && client.proxy !== "gateway") {
      // ORIGINAL_DST: the address the client dialled (unknown when it dialled another host), on the port it dialled.
      const at: BackendEndpoint =
        dialled === undefined
          ? { server: undefined, port: undefined, address: undefined }
          : { server: workloadAt(ir, dialled.address), port: dialled.port, address: dialled.address };
      return { ...base, endpoints: () => [at], passthrough: { allSidecars, originalDst: true } };
    }
    return {
      ...base,
      ...(svc.headless === true ? { passthrough: { allSidecars, originalDst: false } } : {}),
      endpoints: (labels, port) => serviceWorkloadEndpoints(ir, svc, port).filter((e) => subsetMatch(labels, e.server)),
    };
  }
  const se =
    own ??
    resourcesOf(ir, "serviceEntry").find(
      (e) => visibleFrom(e.exportTo, client.namespace) && e.hosts.some((h) => hostMatches(h, host)),
    );
  if (se === undefined) return undefined;
  // A ServiceEntry's endpoints are outside the mesh's workloads: one endpoint without a sidecar.
  return {
    namespace: se.meta.namespace,
    ports: (se.spec.ports ?? []).map((p) => ({ port: p.number, targetPort: p.targetPort ?? p.number })),
    endpoints: () => [{ server: undefined, port: undefined, address: undefined }],
    meshExternal: se.spec.location !== "MESH_INTERNAL",
  };
}

const fail = (
  probability: number,
  status: number,
  destination: DestinationRef | null,
  error: string,
  fault: Outcome["fault"],
): Outcome => ({
  probability,
  status,
  destination,
  mtls: null,
  authz: null,
  fault,
  error,
});

/**
 * The outcomes of sending the request (with `probability`) to one destination; `authorizer` is the server sidecar's
 * authorization (its HTTP RBAC filters, or a TCP chain's network RBAC filters: tcp-authz.ts).
 */
export function upstreamOutcomes(
  ctx: UpstreamContext,
  up: Upstream,
  req: HttpView,
  probability: number,
  fault: Outcome["fault"],
  authorizer: typeof authorize = authorize,
): Outcome[] {
  const outcomes = endpointOutcomes(ctx, up, req, probability, fault, authorizer);
  if (ctx.recordHop !== true) return outcomes.map((o) => withOrigination(o, sentOf.get(o)));
  return outcomes.map((o) => ownHop(ctx.client, ctx.route, o, hopTls(sentOf.get(o))));
}

/** What the proxy sent for an outcome of one of its connections (for its hop's `tls`). */
const sentOf = new WeakMap<Outcome, Sent>();

function endpointOutcomes(
  ctx: UpstreamContext,
  up: Upstream,
  req: HttpView,
  probability: number,
  fault: Outcome["fault"],
  authorizer: typeof authorize,
): Outcome[] {
  const { ir, client, trace } = ctx;
  if (up.host === "") {
    // route.go `GetDestinationCluster`: a destination without a host is the cluster "UnknownService", which no proxy
    // has (Envoy answers the route's cluster_not_found_response_code).
    const destination: DestinationRef = { service: "", subset: null, port: 0, cluster: "UnknownService" };
    const error = "no cluster 'UnknownService': host '' is not in the service registry";
    return [fail(probability, up.missingStatus ?? 503, destination, error, fault)];
  }
  const backend = backendOf(ir, client, up.host, ctx.dialled);
  const port = up.port ?? (backend?.ports.length === 1 ? backend.ports[0]!.port : req.port);
  const cluster = `outbound|${port}|${up.subset ?? ""}|${up.host}`;
  const destination: DestinationRef = { service: up.host, subset: up.subset, port, cluster };
  const missing = up.missingStatus ?? 503;
  if (backend === undefined)
    return [
      fail(
        probability,
        missing,
        destination,
        `no cluster '${cluster}': host '${up.host}' is not in the service registry`,
        fault,
      ),
    ];
  // sidecar.go ConvertToSidecarScope: a proxy has clusters only for the services its Sidecar's egress hosts import.
  if (backend.namespace !== undefined && !importsService(clientEgress(ir, client), backend.namespace, up.host))
    return [
      fail(
        probability,
        missing,
        destination,
        `no cluster '${cluster}': host '${up.host}' is not in the service registry`,
        fault,
      ),
    ];
  const servicePort = backend.ports.find((p) => p.port === port);
  if (servicePort === undefined)
    return [
      fail(probability, missing, destination, `no cluster '${cluster}': '${up.host}' has no port ${port}`, fault),
    ];
  const applied = client.proxy === "none" ? undefined : destinationRuleFor(ir, client, up.host, backend.namespace);
  let subsetLabels: Readonly<Record<string, string>> | undefined;
  if (up.subset !== null) {
    const subset = applied?.subsets.find((s) => s.name === up.subset);
    if (subset === undefined) {
      return [
        fail(
          probability,
          missing,
          destination,
          `no cluster '${cluster}': subset '${up.subset}' is not declared by any DestinationRule for '${up.host}' visible to the client`,
          fault,
        ),
      ];
    }
    subsetLabels = subset.labels ?? {};
  }
  const endpoints = backend.endpoints(subsetLabels, port);
  if (endpoints.length === 0)
    return [fail(probability, 503, destination, `no healthy upstream: cluster '${cluster}' has no endpoints`, fault)];
  const tls = clusterTls(applied, port, up.subset);
  const passthrough =
    backend.passthrough === undefined
      ? undefined
      : { allSidecars: backend.passthrough.allSidecars(port), originalDst: backend.passthrough.originalDst };
  const share = probability / endpoints.length;
  const forEndpoint = (endpoint: BackendEndpoint, sent: ReturnType<typeof clientSends>): Outcome | Outcome[] => {
    const server = endpoint.server;
    const targetPort = endpoint.port ?? servicePort.targetPort;
    const gateway = server === undefined || ctx.gatewayHop === undefined ? undefined : gatewayOfPod(ir, server);
    if (gateway !== undefined) {
      // A gateway pod: no sidecar, its own listeners take the connection (gateway.go), and it routes on. A TCP
      // connection the proxy did not wrap in TLS of its own reaches it as the client sent it: the client's own TLS
      // (its SNI read by the gateway's tls_inspector, as for a TLS egress gateway's PASSTHROUGH server) or bytes.
      const appTls = sent.sent === "plaintext" && ctx.appSni !== undefined;
      const sni =
        sent.sent === "istio-mtls"
          ? (tls.tls?.sni ?? `outbound_.${port}_.${up.subset ?? ""}_.${up.host}`)
          : sent.sent === "tls"
            ? (tls.tls?.sni ?? "")
            : appTls
              ? ctx.appSni
              : "";
      trace.push(
        `${sent.why}; '${server!.id}' is a gateway pod (Gateway ${gateway.meta.namespace}/${gateway.meta.name}).`,
      );
      const tcp = authorizer !== authorize;
      const appCert = appTls && ctx.appCert !== undefined ? { appCert: ctx.appCert } : {};
      const at = { pod: server!, gateway, sent: sent.sent, sni, servicePort: port, tcp, appTls, ...appCert };
      const hop = ctx.gatewayHop!(ctx, at, req);
      const first = { proxy: client.label, route: ctx.route ?? null, destination, tls: hopTls(sent.sent), authz: null };
      return joinGatewayHop(client, first, server!.id, hop, share, fault);
    }
    const conn = connect(ir, client, sent, server, targetPort);
    trace.push(conn.trace);
    if (conn.decidedBy) ctx.coverage?.hit({ kind: "peerAuthentication", ...conn.decidedBy });
    if (!conn.ok)
      return [
        {
          probability: share,
          status: conn.status ?? 503,
          destination,
          mtls: conn.mtls,
          authz: null,
          fault,
          error: conn.error ?? "",
        },
      ];
    if (server === undefined || !server.sidecar) {
      return [{ probability: share, status: 200, destination, mtls: conn.mtls, authz: null, fault }];
    }
    const sni = conn.mtls ? `outbound_.${port}_.${up.subset ?? ""}_.${up.host}` : undefined;
    // A Sidecar's ingress listeners decide the server's chain for the port (inbound-port.ts): an HTTP connection
    // manager, tcp_proxy, or sniffed (HTTP requests take the HTTP chain, TCP bytes the TCP one).
    const kind = sidecarIngressKind(ir, server, targetPort);
    const inbound = kind === "http" ? authorize : kind === "tcp" ? authorizeTcp : authorizer;
    // jwt_authn runs before the RBAC filters of the inbound HCM (TCP chains have no HTTP filters).
    const authn: Authn =
      inbound === authorize
        ? authenticate(
            ir,
            { workload: server, namespace: server.namespace, labels: server.labels },
            req,
            server.id,
            trace,
            ctx.coverage,
          )
        : { kind: "none" };
    if (authn.kind === "fail")
      return {
        probability: share,
        status: statusCode(authn.status),
        destination,
        mtls: conn.mtls,
        authz: null,
        fault,
        error: JWT_STATUS[authn.status],
      };
    const payload = authn.kind === "ok" ? authn.payload : undefined;
    // The inbound HCM (`use_remote_address: false`, inbound/http.ts) takes the remote address from X-Forwarded-For
    // (XffIPDetection with 0 trusted hops: its last entry), else the peer; a TCP chain has only the peer (_shared/xff.ts).
    const remote =
      inbound === authorize
        ? hcmDownstream({ useRemoteAddress: false, xffNumTrustedHops: 0 }, client.ip, undefined, req.headers)
        : undefined;
    if (remote?.from === "xff")
      trace.push(`The server's connection manager reads the remote address ${remote.remote} from X-Forwarded-For.`);
    const authz = inbound(
      ir,
      server,
      {
        principal: conn.mtls ? client.principal : undefined,
        sourceIp: client.ip,
        remoteIp: remote === undefined ? client.ip : remote.remote,
        authority: req.authority,
        method: req.method,
        path: req.path,
        headers: authn.kind === "ok" ? authn.headers : req.headers,
        jwt: payload,
        port: targetPort,
        destinationIp: endpoint.address ?? server.addresses[0],
        sni,
        trustDomains: [ir.meshConfig.trustDomain, ...ir.meshConfig.trustDomainAliases],
      },
      trace,
      ctx.coverage,
    );
    for (const d of [authz, ...(authz?.dryRun ?? [])]) {
      if (d?.policy && d.rule !== null) ctx.coverage?.hit({ kind: "authzRule", policy: d.policy, rule: d.rule });
    }
    return {
      probability: share,
      status: authz?.decision === "DENY" ? 403 : 200,
      destination,
      mtls: conn.mtls,
      authz,
      fault,
      ...(payload === undefined ? {} : { auth: { principal: requestPrincipalOf(payload), claims: payload } }),
    };
  };
  return endpoints.flatMap((endpoint) => {
    const sent = clientSends(ir, client, tls, endpoint.server, backend.namespace, backend.meshExternal, passthrough);
    const os = [forEndpoint(endpoint, sent)].flat();
    for (const o of os) if (o.hops === undefined) sentOf.set(o, sent.sent);
    return os;
  });
}
