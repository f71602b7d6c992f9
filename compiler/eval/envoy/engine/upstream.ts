/**
 * From a cluster the client's sidecar picked to the server's answer: the cluster's endpoints (EDS
 * ClusterLoadAssignment, or the cluster's own `load_assignment` for DNS clusters), the transport socket the cluster
 * uses for each endpoint (`transport_socket`, or the first `transport_socket_matches` entry whose `match` is a subset
 * of the endpoint's `envoy.transport_socket_match` metadata — envoy `source/common/upstream/transport_socket_match_impl.cc`),
 * then the server sidecar's `virtualInbound` listener. Endpoints share the traffic equally (round robin over equal
 * weights), as in the Istio engine.
 */
import type { MeshIR, WorkloadNode } from "../../../ir/ir.ts";
import type { Cluster } from "../../../emit/envoy/gen/envoy/config/cluster/v3/cluster.ts";
import { Cluster_DiscoveryType } from "../../../emit/envoy/gen/envoy/config/cluster/v3/cluster.ts";
import type { TransportSocket } from "../../../emit/envoy/gen/envoy/config/core/v3/base.ts";
import type { LbEndpoint } from "../../../emit/envoy/gen/envoy/config/endpoint/v3/endpoint_components.ts";
import { UpstreamTlsContext } from "../../../emit/envoy/gen/envoy/extensions/transport_sockets/tls/v3/tls.ts";
import { Any } from "../../../emit/envoy/gen/google/protobuf/any.ts";
import { Struct } from "../../../emit/envoy/gen/google/protobuf/struct.ts";
import type { CoverageSink } from "../../coverage.ts";
import { connectionError } from "../../_shared/connection.ts";
import type { Client, Target } from "../../_shared/model.ts";
import { serviceEndpoints } from "../../../ir/service-endpoints.ts";
import type { DestinationRef, Outcome, RequestClientCert, RouteRef } from "../../types.ts";
import type { GatewayNode } from "../../../ir/ir.ts";
import {
  gatewayOfPod,
  hopTls,
  joinGatewayHop,
  ownHop,
  withOrigination,
  type GatewayHopResult,
} from "../../_shared/hops.ts";
import type { HeaderMap } from "../route/header-map.ts";
import { runHttpFilters } from "./authz.ts";
import { jwtCoverage } from "./jwt-coverage.ts";
import { JWT_STATUS, requestPrincipalOf, statusCode } from "../../_shared/jwt.ts";
import { runNetworkAuthz } from "./network-rbac.ts";
import type { RbacRequest } from "./rbac.ts";
import type { MeshConfigs, ProxyConfig } from "./config.ts";
import { chainHcm, chainMode, chainSetting, handshake, selectFilterChain, type Wire } from "./inbound.ts";
import { hcmDownstream, XFF } from "../../_shared/xff.ts";

export interface EngineContext {
  readonly configs: MeshConfigs;
  /** The IR as given (addresses as the user wrote them). */
  readonly ir: MeshIR;
  readonly client: Client;
  readonly proxy: ProxyConfig | undefined;
  readonly trace: string[];
  readonly coverage?: CoverageSink;
  /** The route the proxy picked, for the hops of a request that goes on through a gateway pod. */
  readonly route?: RouteRef | null;
  /** Set at a gateway pod reached through a Service: its outcomes carry its hop (docs/results.md "Hops"). */
  readonly recordHop?: boolean;
  /** Continues a request at a gateway pod it reached (index.ts); without it the pod is a plain endpoint. */
  readonly gatewayHop?: GatewayHop;
  /** The address and port the client connected to, when it dialled a headless Service's endpoint (_shared/headless.ts). */
  readonly dialled?: { readonly address: string; readonly port: number };
  /**
   * The destination IP of the client's connection (destination.ts: it picks the listener and `prefix_ranges`
   * chains): a VIP, an endpoint's or the request's IP, the engine's synthetic VIP; undefined when unknown.
   */
  readonly destination?: string;
}

/** Where a request reaches a gateway pod: the pod, its Gateway, the wire the client's proxy opened, the Service port. */
export interface GatewayArrival {
  readonly pod: WorkloadNode;
  readonly gateway: GatewayNode;
  readonly wire: Wire;
  readonly servicePort: number;
}

export type GatewayHop = (ctx: EngineContext, at: GatewayArrival, sent: Sent) => GatewayHopResult;

/** The request the server's sidecar receives (after the client's route rewrote it). */
export interface Sent {
  readonly headers: HeaderMap;
  readonly grpc: boolean;
  /** A TCP connection (engine/tcp.ts): no HTTP, so no `istio.alpn` override and no HTTP ALPN for plaintext. */
  readonly tcp?: boolean;
  /**
   * A TCP connection carrying the client's own TLS (`https://` or `tls://` as bytes): the SNI it sent, which a
   * gateway pod it reaches reads with its tls_inspector.
   */
  readonly appSni?: string;
  /** The client certificate that TLS presents (`cert` of the request), for a gateway pod that terminates it. */
  readonly appCert?: RequestClientCert;
}

/** `outbound|9080|v1|reviews.bookinfo.svc.cluster.local` → the result's destination. */
export function destinationOf(cluster: string): DestinationRef {
  const [, port = "0", subset = "", host = ""] = cluster.split("|");
  return { service: host, subset: subset === "" ? null : subset, port: Number(port), cluster };
}

const fail = (
  probability: number,
  status: number,
  destination: DestinationRef,
  error: string,
  fault: Outcome["fault"],
  mtls: boolean | null = null,
): Outcome => ({
  probability,
  status,
  destination,
  mtls,
  authz: null,
  fault,
  error,
});

/** Why `name` is not among the client's clusters, worded as the Istio engine words it. */
function missingCluster(proxy: ProxyConfig, d: DestinationRef): string {
  const ofHost = [...proxy.clusters.keys()].filter(
    (n) => n.startsWith("outbound|") && destinationOf(n).service === d.service,
  );
  if (ofHost.length === 0) return `no cluster '${d.cluster}': host '${d.service}' is not in the service registry`;
  if (!ofHost.some((n) => destinationOf(n).port === d.port))
    return `no cluster '${d.cluster}': '${d.service}' has no port ${d.port}`;
  return `no cluster '${d.cluster}': subset '${d.subset}' is not declared by any DestinationRule for '${d.service}' visible to the client`;
}

interface Endpoint {
  readonly address: string;
  readonly port: number;
  readonly metadata: Readonly<Record<string, unknown>>;
}

function endpointsOf(proxy: ProxyConfig, cluster: Cluster): Endpoint[] | "originalDst" {
  const type = cluster.clusterDiscoveryType.oneofKind === "type" ? cluster.clusterDiscoveryType.type : undefined;
  if (type === Cluster_DiscoveryType.ORIGINAL_DST) return "originalDst";
  const cla = type === Cluster_DiscoveryType.EDS ? proxy.endpoints.get(cluster.name) : cluster.loadAssignment;
  const lb: LbEndpoint[] = (cla?.endpoints ?? []).flatMap((l) => l.lbEndpoints);
  return lb.flatMap((e) => {
    if (e.hostIdentifier.oneofKind !== "endpoint") return [];
    const a = e.hostIdentifier.endpoint.address?.address;
    if (a?.oneofKind !== "socketAddress") return [];
    const port = a.socketAddress.portSpecifier.oneofKind === "portValue" ? a.socketAddress.portSpecifier.portValue : 0;
    const metadata: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(e.metadata?.filterMetadata ?? {})) metadata[k] = Struct.toJson(v);
    return [{ address: a.socketAddress.address, port, metadata }];
  });
}

/** The transport socket the cluster uses for an endpoint. */
function socketFor(cluster: Cluster, ep: Endpoint): TransportSocket | undefined {
  if (cluster.transportSocketMatches.length === 0) return cluster.transportSocket;
  const meta = (ep.metadata["envoy.transport_socket_match"] ?? {}) as Record<string, unknown>;
  const m = cluster.transportSocketMatches.find((t) =>
    Object.entries((t.match === undefined ? {} : Struct.toJson(t.match)) as Record<string, unknown>).every(
      ([k, v]) => meta[k] === v,
    ),
  );
  return m?.transportSocket ?? cluster.transportSocket;
}

/**
 * What goes on the wire. Istio mTLS is the TLS context with istio-agent's SDS certificate `default` (what Istio's
 * `pilot/pkg/simulation` calls the mTLS secret); its ALPN gets `istio-http/1.1` (or `istio-h2`) prepended by the
 * client's `istio.alpn` filter (istio `pilot/pkg/networking/core/listener_builder.go`), which meshc does not emit.
 */
function wireOf(socket: TransportSocket | undefined, grpc: boolean, tcp = false): { wire: Wire; sni: string } {
  if (
    socket === undefined ||
    socket.name !== "envoy.transport_sockets.tls" ||
    socket.configType.oneofKind !== "typedConfig"
  ) {
    return { wire: { kind: "plaintext", alpn: tcp ? "" : grpc ? "h2c" : "http/1.1" }, sni: "" };
  }
  const ctx = Any.unpack(socket.configType.typedConfig, UpstreamTlsContext);
  const common = ctx.commonTlsContext;
  const istio = common?.tlsCertificateSdsSecretConfigs[0]?.name === "default";
  const alpn =
    istio && !tcp
      ? [grpc ? "istio-h2" : "istio-http/1.1", ...(common?.alpnProtocols ?? [])]
      : (common?.alpnProtocols ?? []);
  return { wire: { kind: istio ? "istio-mtls" : "tls", alpn }, sni: ctx.sni };
}

/**
 * The outcomes of one HTTP connection to one endpoint: a gateway pod (its Gateways' router configuration, no sidecar,
 * takes the request on: `ctx.gatewayHop`), else `serverOutcome`.
 */
export function serverOutcomes(
  ctx: EngineContext,
  server: WorkloadNode | undefined,
  endpoint: { address: string | undefined; port: number },
  wire: Wire,
  sni: string,
  sent: Sent,
  base: { probability: number; destination: DestinationRef; fault: Outcome["fault"] },
): Outcome[] {
  const gateway = server === undefined || ctx.gatewayHop === undefined ? undefined : gatewayOfPod(ctx.ir, server);
  if (gateway !== undefined) {
    // A gateway pod runs its Gateways' router configuration (no sidecar): the request goes on there. A TCP
    // connection the proxy did not wrap in TLS of its own reaches it as the client sent it: the client's own TLS (its
    // SNI, which the gateway's tls_inspector reads) or bytes.
    ctx.trace.push(`'${server!.id}' is a gateway pod (Gateway ${gateway.meta.namespace}/${gateway.meta.name}).`);
    const arriving: Wire =
      wire.kind !== "plaintext"
        ? { ...wire, sni }
        : sent.appSni !== undefined
          ? { kind: "tls", alpn: [], sni: sent.appSni }
          : wire;
    const hop = ctx.gatewayHop!(
      ctx,
      { pod: server!, gateway, wire: arriving, servicePort: base.destination.port },
      sent,
    );
    const first = {
      proxy: ctx.client.label,
      route: ctx.route ?? null,
      destination: base.destination,
      tls: hopTls(wire.kind),
      authz: null,
    };
    return joinGatewayHop(ctx.client, first, server!.id, hop, base.probability, base.fault);
  }
  return [serverOutcome(ctx, server, endpoint, wire, sni, sent, base)];
}

/** The outcome of one connection to one endpoint (a workload, or something outside the registry). */
export function serverOutcome(
  ctx: EngineContext,
  server: WorkloadNode | undefined,
  endpoint: { address: string | undefined; port: number },
  wire: Wire,
  sni: string,
  sent: Sent,
  base: { probability: number; destination: DestinationRef; fault: Outcome["fault"] },
): Outcome {
  const mtls = wire.kind === "istio-mtls";
  const refused = (error: string): Outcome => {
    ctx.trace.push(`${ctx.client.proxy === "none" ? "Connection reset" : "The client's proxy answers 503"}: ${error}.`);
    return fail(base.probability, ctx.client.proxy === "none" ? 0 : 503, base.destination, error, base.fault, mtls);
  };
  const proxy = server === undefined ? undefined : ctx.configs.proxy(server.id);
  if (proxy?.inbound === undefined) {
    const name = server === undefined ? "the server" : `'${server.id}'`;
    if (mtls) return refused(connectionError({ kind: "noSidecar", server: name }));
    return {
      probability: base.probability,
      status: 200,
      destination: base.destination,
      mtls,
      authz: null,
      fault: base.fault,
    };
  }
  const listener = proxy.inbound;
  const setting = chainSetting(listener, endpoint.port);
  if (setting !== undefined) ctx.coverage?.hit({ kind: "peerAuthentication", ...setting });
  const chain = selectFilterChain(listener, endpoint.port, wire);
  const mode = (): string =>
    connectionError({
      kind: "mode",
      server: proxy.workload.id,
      port: endpoint.port,
      mode: chainMode(listener, endpoint.port),
      sent: wire.kind,
    });
  if (chain === undefined) return refused(mode());
  if (handshake(chain, wire) !== undefined) return refused(mode());
  ctx.trace.push(
    `'${proxy.workload.id}' accepts the connection on filter chain '${chain.name}'${mtls ? " with Istio mTLS" : ""}.`,
  );
  const hcm = chainHcm(chain);
  // The chain's HCM decides the request's remote address (its `use_remote_address` and `xff_num_trusted_hops`,
  // _shared/xff.ts); a TCP chain has only the peer.
  const xff = sent.headers.getAll(XFF);
  const downstream =
    hcm === undefined
      ? undefined
      : hcmDownstream(
          { useRemoteAddress: hcm.useRemoteAddress?.value === true, xffNumTrustedHops: hcm.xffNumTrustedHops },
          ctx.client.ip,
          undefined,
          xff.length === 0 ? {} : { [XFF]: xff.join(",") },
        );
  if (downstream?.from === "xff")
    ctx.trace.push(`Its connection manager reads the remote address ${downstream.remote} from X-Forwarded-For.`);
  const rbacRequest: RbacRequest = {
    headers: sent.headers,
    peerUri: mtls && ctx.client.principal !== undefined ? `spiffe://${ctx.client.principal}` : undefined,
    tls: wire.kind !== "plaintext",
    directRemoteIp: ctx.client.ip,
    remoteIp: downstream === undefined ? ctx.client.ip : downstream.remote,
    localIp:
      endpoint.address !== undefined && !ctx.configs.synthetic.has(endpoint.address) ? endpoint.address : undefined,
    localPort: endpoint.port,
    sni,
  };
  // A chain without an HTTP connection manager is a TCP chain: its network RBAC filters decide (network-rbac.ts).
  const http = hcm === undefined ? undefined : runHttpFilters(hcm.httpFilters, rbacRequest, ctx.trace, ctx.coverage);
  if (http !== undefined) jwtCoverage(ctx, proxy.workload, http.providers);
  if (http?.kind === "jwtFail")
    return {
      ...fail(base.probability, statusCode(http.status), base.destination, JWT_STATUS[http.status], base.fault, mtls),
    };
  const authz = http === undefined ? runNetworkAuthz(chain.filters, rbacRequest, ctx.trace, ctx.coverage) : http.authz;
  const jwt = http?.jwt;
  for (const d of [authz, ...(authz.dryRun ?? [])])
    if (d.policy !== null && d.rule !== null) ctx.coverage?.hit({ kind: "authzRule", policy: d.policy, rule: d.rule });
  return {
    probability: base.probability,
    status: authz.decision === "DENY" ? 403 : 200,
    destination: base.destination,
    mtls,
    authz,
    fault: base.fault,
    ...(jwt === undefined ? {} : { auth: { principal: requestPrincipalOf(jwt), claims: jwt } }),
  };
}

/** The outcomes of sending the request (with `probability`) through the client's cluster `name`. */
export function clusterOutcomes(
  ctx: EngineContext,
  name: string,
  sent: Sent,
  probability: number,
  fault: Outcome["fault"],
  /** The route's `cluster_not_found_response_code` as a status (503 unless the route says otherwise). */
  missingStatus = 503,
): Outcome[] {
  const destination = destinationOf(name);
  const proxy = ctx.proxy!;
  const cluster = proxy.clusters.get(name);
  if (cluster === undefined) {
    const error = missingCluster(proxy, destination);
    ctx.trace.push(`The client's proxy answers ${missingStatus}: ${error}.`);
    return [fail(probability, missingStatus, destination, error, fault)];
  }
  const endpoints = endpointsOf(proxy, cluster);
  const connect = (
    server: WorkloadNode | undefined,
    endpoint: { address: string | undefined; port: number },
    socket: Parameters<typeof wireOf>[0],
    share: number,
  ): Outcome[] => {
    const { wire, sni } = wireOf(socket, sent.grpc, sent.tcp);
    const os = serverOutcomes(ctx, server, endpoint, wire, sni, sent, { probability: share, destination, fault });
    for (const o of os) if (o.hops === undefined) wires.set(o, wire.kind);
    return os;
  };
  let outcomes: Outcome[];
  if (endpoints === "originalDst") {
    // ORIGINAL_DST: the connection goes on to the address and port the client dialled (unknown when it dialled a
    // name without one), with the cluster's own transport socket.
    const dialled = ctx.dialled;
    const server = dialled === undefined ? undefined : ctx.configs.byAddress.get(dialled.address);
    if (dialled !== undefined)
      ctx.trace.push(`Cluster '${name}' is ORIGINAL_DST: the connection goes to ${dialled.address}:${dialled.port}.`);
    outcomes = connect(
      server,
      { address: dialled?.address, port: dialled?.port ?? destination.port },
      cluster.transportSocket,
      probability,
    );
  } else {
    if (endpoints.length === 0) {
      const error = `no healthy upstream: cluster '${name}' has no endpoints`;
      ctx.trace.push(`The client's proxy answers 503: ${error}.`);
      return [fail(probability, 503, destination, error, fault)];
    }
    outcomes = endpoints.flatMap((ep) =>
      connect(
        ctx.configs.byAddress.get(ep.address),
        { address: ep.address, port: ep.port },
        socketFor(cluster, ep),
        probability / endpoints.length,
      ),
    );
  }
  if (ctx.recordHop !== true) return outcomes.map((o) => withOrigination(o, wires.get(o)));
  return outcomes.map((o) => ownHop(ctx.client, ctx.route, o, hopTls(wires.get(o))));
}

/** What the proxy sent for an outcome of one of its connections (for its hop's `tls`). */
const wires = new WeakMap<Outcome, Wire["kind"]>();

/**
 * A client without a proxy: a headless Service's endpoint is reached at the address and port it dialled; another
 * Service through kube-proxy at any endpoint: its EndpointSlices' (ir/service-endpoints.ts), else every selected
 * workload on the port's targetPort.
 */
export function directEndpoints(
  ctx: EngineContext,
  target: Extract<Target, { kind: "service" }>,
): { server: WorkloadNode | undefined; address: string | undefined; port: number }[] {
  if (ctx.dialled !== undefined)
    return [
      {
        server: ctx.configs.byAddress.get(ctx.dialled.address),
        address: ctx.dialled.address,
        port: ctx.dialled.port,
      },
    ];
  const svc = target.service;
  const port = svc.ports.find((p) => p.port === target.port);
  if (svc.endpointSlices !== undefined)
    return port === undefined
      ? []
      : serviceEndpoints(ctx.ir, svc, port).map((e) => ({ server: e.workload, address: e.address, port: e.port }));
  return svc.workloads
    .map((id) => ctx.configs.ir.workloads.find((w) => w.id === id))
    .filter((w) => w !== undefined)
    .map((w) => ({ server: w, address: w.addresses[0], port: port?.targetPort ?? target.port }));
}
