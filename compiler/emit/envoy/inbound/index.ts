// What a sidecar's INBOUND side runs: the `virtualInbound` listener on 0.0.0.0:15006 and the inbound clusters
// (istio pilot/pkg/networking/core/listener_inbound.go `inboundVirtualListener`, `populateListenerFilters`,
// filterchain_options.go, networkfilter.go `buildCompleteNetworkFilters`).
import type { IMessageType } from "@protobuf-ts/runtime";
import {
  resourcesOf,
  type MeshIR,
  type Protocol,
  type RequestAuthenticationNode,
  type ServiceNode,
  type WorkloadNode,
} from "../../../ir/ir.ts";
import {
  composePeerAuthentication,
  type EffectivePeerAuthentication,
  type ModeSource,
} from "../../../ir/peer-authentication.ts";
import { metadata } from "../outbound/_proto.ts";
import type { Cluster } from "../gen/envoy/config/cluster/v3/cluster.ts";
import { Address, SocketAddress } from "../gen/envoy/config/core/v3/address.ts";
import { TrafficDirection } from "../gen/envoy/config/core/v3/base.ts";
import { Listener } from "../gen/envoy/config/listener/v3/listener.ts";
import {
  Filter,
  FilterChain,
  FilterChainMatch,
  ListenerFilter,
} from "../gen/envoy/config/listener/v3/listener_components.ts";
import { HttpInspector } from "../gen/envoy/extensions/filters/listener/http_inspector/v3/http_inspector.ts";
import { OriginalDst } from "../gen/envoy/extensions/filters/listener/original_dst/v3/original_dst.ts";
import { TlsInspector } from "../gen/envoy/extensions/filters/listener/tls_inspector/v3/tls_inspector.ts";
import { TcpProxy } from "../gen/envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy.ts";
import { Duration } from "../gen/google/protobuf/duration.ts";
import { packAny } from "../registry.ts";
import {
  authzOptionsFromIR,
  buildHttpAuthzFilters,
  buildNetworkAuthzFilters,
  policiesForWorkload,
} from "../authz/index.ts";
import { chainOptions, portClass, type ChainOption, type PortClass } from "./chain-options.ts";
import { BLACKHOLE_CLUSTER, INBOUND_PASSTHROUGH_CLUSTER, inboundClusterName, inboundClusters } from "./clusters.ts";
import { inboundHcm, inboundHttpFilters, inboundRouteConfig } from "./http.ts";
import { jwtAuthnConfig } from "./jwt.ts";
import { ALPN_DOWNSTREAM_WITH_MXC, ALPN_HTTP, inboundMtlsSocket } from "./tls.ts";

/** The port istiod's inbound listener binds (iptables redirects inbound traffic here). */
export const VIRTUAL_INBOUND_PORT = 15006;

/** A port the workload serves through a Service: its target port, protocol and the Service host (first wins). */
export interface InboundPort {
  readonly targetPort: number;
  readonly protocol: Protocol;
  readonly host: string;
  readonly port: number;
}

/** Services by the workloads they select, in registry order: built once per IR (a scan per workload is O(W·S)). */
const servicesByWorkload = new WeakMap<MeshIR, ReadonlyMap<string, readonly ServiceNode[]>>();

function servicesOf(ir: MeshIR, workload: WorkloadNode): readonly ServiceNode[] {
  let index = servicesByWorkload.get(ir);
  if (index === undefined) {
    const m = new Map<string, ServiceNode[]>();
    for (const svc of ir.services) {
      for (const id of new Set(svc.workloads)) {
        const list = m.get(id);
        if (list === undefined) m.set(id, [svc]);
        else list.push(svc);
      }
    }
    servicesByWorkload.set(ir, (index = m));
  }
  return index.get(workload.id) ?? [];
}

/** The workload's service target ports, deduplicated by target port (the first Service in registry order wins). */
export function inboundPorts(ir: MeshIR, workload: WorkloadNode): InboundPort[] {
  const out = new Map<number, InboundPort>();
  for (const svc of servicesOf(ir, workload)) {
    for (const p of svc.ports) {
      if (p.protocol === "UDP" || out.has(p.targetPort)) continue;
      out.set(p.targetPort, { targetPort: p.targetPort, protocol: p.protocol, host: svc.fqdn, port: p.port });
    }
  }
  return [...out.values()];
}

const typed = <T extends object>(type: IMessageType<T>, message: T) => ({
  oneofKind: "typedConfig" as const,
  typedConfig: packAny(type, message),
});
const tcpProxy = (cluster: string): Filter =>
  Filter.create({
    name: "envoy.filters.network.tcp_proxy",
    configType: typed(
      TcpProxy,
      TcpProxy.create({ statPrefix: cluster, clusterSpecifier: { oneofKind: "cluster", cluster } }),
    ),
  });

interface Context {
  readonly ir: MeshIR;
  readonly workload: WorkloadNode;
  readonly trustDomains: readonly string[];
  readonly httpAuthz: ReturnType<typeof buildHttpAuthzFilters>;
  readonly networkAuthz: ReturnType<typeof buildNetworkAuthzFilters>;
  readonly jwt: ReturnType<typeof jwtAuthnConfig>;
}

/**
 * meshc's `filter_metadata.meshc` on a chain: `{ peerAuthentication: "<ns>/<name>", port?: <portLevelMtls port> }`, the
 * PeerAuthentication setting that decided the chain's mode (istiod sets no such metadata; like the routes'
 * `filter_metadata.meshc`, it lets the Envoy engine's coverage name the setting without reading the IR).
 */
const paMetadata = (source: ModeSource) =>
  source.decidedBy === undefined
    ? undefined
    : metadata({
        meshc: {
          peerAuthentication: source.decidedBy.policy,
          ...(source.decidedBy.port === null ? {} : { port: source.decidedBy.port }),
        },
      });

/** One filter chain: the match of `option`, its mTLS socket, and HCM or RBAC + tcp_proxy. */
function chain(
  ctx: Context,
  name: string,
  port: number | undefined,
  option: ChainOption,
  target: { cluster: string; route: string; vhost: string; grpc: boolean; operation: string },
  source: ModeSource,
): FilterChain {
  const match = FilterChainMatch.create({
    destinationPort: port === undefined ? undefined : { value: port },
    transportProtocol: option.transportProtocol,
    applicationProtocols: [...option.applicationProtocols],
  });
  const filters =
    option.kind === "http"
      ? [
          inboundHcm(
            `inbound_0.0.0.0_${port ?? 0}`,
            inboundRouteConfig(target.route, target.vhost, target.cluster, target),
            inboundHttpFilters(ctx.httpAuthz, ctx.jwt),
            option.mtls,
          ),
        ]
      : [...ctx.networkAuthz, tcpProxy(target.cluster)];
  return FilterChain.create({
    name,
    filterChainMatch: match,
    filters,
    transportSocket: option.mtls
      ? inboundMtlsSocket(option.kind === "http" ? ALPN_HTTP : ALPN_DOWNSTREAM_WITH_MXC, ctx.trustDomains)
      : undefined,
    metadata: paMetadata(source),
  });
}

/** The passthrough chains (no service port): sniffed, to `InboundPassthroughCluster`, by the given mode. */
function passthroughChains(ctx: Context, source: ModeSource, port: number | undefined): FilterChain[] {
  const target = {
    cluster: INBOUND_PASSTHROUGH_CLUSTER,
    route: INBOUND_PASSTHROUGH_CLUSTER,
    vhost: "inbound|http|0",
    grpc: false,
    operation: "",
  };
  return chainOptions(source.mode, "auto").map((o) =>
    chain(ctx, o.kind === "http" ? "virtualInbound-catchall-http" : "virtualInbound", port, o, target, source),
  );
}

/** The chains of one service port, named `0.0.0.0_<targetPort>`. */
function portChains(ctx: Context, p: InboundPort, source: ModeSource): FilterChain[] {
  const cluster = inboundClusterName(p.targetPort);
  const target = {
    cluster,
    route: cluster,
    vhost: `inbound|http|${p.port}`,
    grpc: p.protocol === "GRPC",
    operation: `${p.host}:${p.port}/*`,
  };
  return chainOptions(source.mode, portClass(p.protocol)).map((o) =>
    chain(ctx, `0.0.0.0_${p.targetPort}`, p.targetPort, o, target, source),
  );
}

const listenerFilter = <T extends object>(name: string, type: IMessageType<T>, message: T): ListenerFilter =>
  ListenerFilter.create({ name, configType: typed(type, message) });

/**
 * The `virtualInbound` listener and the inbound clusters of a sidecar workload. Chains: the blackhole chain for
 * port 15006 itself, the passthrough chains for ports no Service names (by the workload-wide mode, plus one set per
 * `portLevelMtls` port that is not a service port), then each service target port by its effective mode.
 * `buildInbound(ir, reviewsV1).listeners[0].name` → `"virtualInbound"`; clusters `inbound|9080||`, `InboundPassthroughCluster`.
 */
export function buildInbound(ir: MeshIR, workload: WorkloadNode): { listeners: Listener[]; clusters: Cluster[] } {
  const policies = policiesForWorkload(ir, workload);
  const requestAuthn = resourcesOf(ir, "requestAuthentication").filter(
    (r) =>
      r.scope.kind === "mesh" ||
      (r.scope.kind === "namespace" && r.scope.namespace === workload.namespace) ||
      (r.scope.kind === "workloads" && r.scope.workloads.includes(workload.id)),
  );
  const pa = composePeerAuthentication(ir, workload);
  const ports = inboundPorts(ir, workload);
  // The inbound side depends on the workload only through these four (and the IR's MeshConfig): versions of one
  // service usually agree on all of them, and then share one build (and one packed, validated copy downstream).
  let perIr = inboundCache.get(ir);
  if (perIr === undefined) inboundCache.set(ir, (perIr = new Map()));
  const key = inboundKey(policies, requestAuthn, pa, ports);
  let built = perIr.get(key);
  if (built === undefined) perIr.set(key, (built = build(ir, workload, policies, requestAuthn, pa, ports)));
  return built;
}

const inboundCache = new WeakMap<MeshIR, Map<string, { listeners: Listener[]; clusters: Cluster[] }>>();
const nodeIds = new WeakMap<object, number>();
let nextNodeId = 0;

function idOf(node: object): number {
  let id = nodeIds.get(node);
  if (id === undefined) nodeIds.set(node, (id = nextNodeId++));
  return id;
}

function inboundKey(
  policies: readonly object[],
  requestAuthn: readonly object[],
  pa: EffectivePeerAuthentication,
  ports: readonly InboundPort[],
): string {
  const source = (m: ModeSource) => [m.mode, m.from, m.decidedBy?.policy ?? null, m.decidedBy?.port ?? null];
  return JSON.stringify([
    policies.map(idOf),
    requestAuthn.map(idOf),
    source(pa),
    [...pa.perPort].map(([port, m]) => [port, source(m)]),
    ports,
  ]);
}

function build(
  ir: MeshIR,
  workload: WorkloadNode,
  policies: ReturnType<typeof policiesForWorkload>,
  requestAuthn: readonly RequestAuthenticationNode[],
  pa: EffectivePeerAuthentication,
  ports: readonly InboundPort[],
): { listeners: Listener[]; clusters: Cluster[] } {
  const options = authzOptionsFromIR(ir);
  const ctx: Context = {
    ir,
    workload,
    trustDomains: options.trustDomainBundle,
    httpAuthz: buildHttpAuthzFilters(policies, options),
    networkAuthz: buildNetworkAuthzFilters(policies, options),
    jwt: jwtAuthnConfig(requestAuthn),
  };
  const servicePorts = new Set(ports.map((p) => p.targetPort));
  const blackhole = FilterChain.create({
    name: "virtualInbound-blackhole",
    filterChainMatch: FilterChainMatch.create({ destinationPort: { value: VIRTUAL_INBOUND_PORT } }),
    filters: [tcpProxy(BLACKHOLE_CLUSTER)],
  });
  const filterChains = [
    blackhole,
    ...passthroughChains(ctx, pa, undefined),
    ...[...pa.perPort]
      .filter(([port]) => !servicePorts.has(port))
      .sort(([a], [b]) => a - b)
      .flatMap(([port, m]) => passthroughChains(ctx, m, port)),
    ...ports.flatMap((p) => portChains(ctx, p, pa.perPort.get(p.targetPort) ?? pa)),
  ];
  const classes: PortClass[] = ["auto", ...ports.map((p) => portClass(p.protocol))];
  const anyTls = filterChains.some((c) => c.filterChainMatch?.transportProtocol === "tls");
  const anyHttpSniff =
    classes.includes("auto") && filterChains.some((c) => c.filterChainMatch?.applicationProtocols.includes("http/1.1"));
  const listener = Listener.create({
    name: "virtualInbound",
    address: Address.create({
      address: {
        oneofKind: "socketAddress",
        socketAddress: SocketAddress.create({
          address: "0.0.0.0",
          portSpecifier: { oneofKind: "portValue", portValue: VIRTUAL_INBOUND_PORT },
        }),
      },
    }),
    trafficDirection: TrafficDirection.INBOUND,
    listenerFilters: [
      listenerFilter("envoy.filters.listener.original_dst", OriginalDst, OriginalDst.create()),
      ...(anyTls ? [listenerFilter("envoy.filters.listener.tls_inspector", TlsInspector, TlsInspector.create())] : []),
      ...(anyHttpSniff
        ? [listenerFilter("envoy.filters.listener.http_inspector", HttpInspector, HttpInspector.create())]
        : []),
    ],
    listenerFiltersTimeout: Duration.create({ seconds: "0" }),
    continueOnListenerFiltersTimeout: true,
    filterChains,
  });
  return { listeners: [listener], clusters: inboundClusters(ports.map((p) => p.targetPort)) };
}
