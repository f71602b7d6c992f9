// What a sidecar's INBOUND side runs: the `virtualInbound` listener on 0.0.0.0:15006 and the inbound clusters
// (istio pilot/pkg/networking/core/listener_inbound.go `inboundVirtualListener`, `populateListenerFilters`,
// filterchain_options.go, networkfilter.go `buildCompleteNetworkFilters`).
import type { IMessageType } from "@protobuf-ts/runtime";
import type { MeshIR, RequestAuthenticationNode, WorkloadNode } from "../../../ir/ir.ts";
import {
  composePeerAuthentication,
  type EffectivePeerAuthentication,
  type ModeSource,
} from "../../../ir/peer-authentication.ts";
import { inferProtocol } from "../../../ir/protocol.ts";
import { serviceTargets, type ServiceTarget } from "../../../ir/service-targets.ts";
import { sidecarOf } from "../../../ir/sidecar-of.ts";
import { metadata } from "../proto.ts";
import type { Cluster } from "../gen/envoy/config/cluster/v3/cluster.ts";
import { Address, SocketAddress } from "../gen/envoy/config/core/v3/address.ts";
import { TrafficDirection } from "../gen/envoy/config/core/v3/base.ts";
import { Listener } from "../gen/envoy/config/listener/v3/listener.ts";
import { Filter, FilterChain, FilterChainMatch } from "../gen/envoy/config/listener/v3/listener_components.ts";
import { TcpProxy } from "../gen/envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy.ts";
import { Duration } from "../gen/google/protobuf/duration.ts";
import { packAny } from "../registry.ts";
import {
  authzOptionsFromIR,
  buildHttpAuthzFilters,
  buildNetworkAuthzFilters,
  policiesForWorkload,
} from "../authz/index.ts";
import { chainOptions, portClass, type ChainOption } from "./chain-options.ts";
import { inboundListenerFilters } from "./listener-filters.ts";
import { BLACKHOLE_CLUSTER, INBOUND_PASSTHROUGH_CLUSTER, inboundClusterName, inboundClusters } from "./clusters.ts";
import type { InboundEndpoint, InboundPort, InboundService } from "./model.ts";
import { inboundHcm, inboundHttpFilters, inboundRouteConfig } from "./http.ts";
import { jwtAuthnConfig } from "./jwt.ts";
import { requestAuthenticationsOf } from "../../../ir/request-authn.ts";
import { ALPN_DOWNSTREAM_WITH_MXC, ALPN_HTTP, inboundMtlsSocket } from "./tls.ts";

/** The port istiod's inbound listener binds (iptables redirects inbound traffic here). */
export const VIRTUAL_INBOUND_PORT = 15006;

export type { InboundEndpoint, InboundPort, InboundService } from "./model.ts";

/**
 * cluster_builder.go `addTelemetryMetadata` for an inbound cluster: the services of the targets on its target port
 * whose service port is the first one's, each host once, in target order; none when the first is mesh-external.
 */
function telemetryServices(targets: readonly ServiceTarget[]): InboundService[] {
  const first = targets[0];
  if (first === undefined || first.meshExternal) return [];
  const out: InboundService[] = [];
  for (const t of targets)
    if (t.port === first.port && !out.some((s) => s.host === t.host))
      out.push({ host: t.host, name: t.name, namespace: t.namespace });
  return out;
}

/**
 * cluster_builder.go `buildInboundClustersFromSidecar`: `unix://<path>` is that socket; `0.0.0.0:<port>` the pod's
 * (first IPv4) address, `127.0.0.1:<port>` localhost, and the IPv6 forms likewise; any other host, or no
 * defaultEndpoint, leaves the original destination.
 */
function defaultEndpoint(value: string | undefined, workload: WorkloadNode): InboundEndpoint | undefined {
  if (value === undefined || value === "") return undefined;
  if (value.startsWith("unix://")) return { kind: "pipe", path: value.slice("unix://".length) };
  const m = /^\[?(.*?)\]?:(\d+)$/.exec(value);
  if (m === null) return undefined;
  const [host, port] = [m[1]!, Number(m[2])];
  const v4 = workload.addresses.find((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a));
  const v6 = workload.addresses.find((a) => a.includes(":"));
  const address =
    host === "0.0.0.0"
      ? (v4 ?? "127.0.0.1")
      : host === "::"
        ? (v6 ?? "::1")
        : host === "127.0.0.1" || host === "::1"
          ? host
          : undefined;
  return address === undefined ? undefined : { kind: "socket", address, port };
}

/**
 * The ports of the workload's inbound listener (listener_inbound.go `buildInboundChainConfigs`), in target port order:
 * with a Sidecar that declares `ingress`, exactly those ports (its port number is also the target port; the service
 * host is the service target's on that port, else `<sidecar>.<namespace>`, `findOrCreateService`); otherwise the
 * service targets (compiler/ir/service-targets.ts). One per target port, the first wins (`getFilterChainsByServicePort`).
 */
export function inboundPorts(ir: MeshIR, workload: WorkloadNode): InboundPort[] {
  const out = new Map<number, InboundPort>();
  const targets = serviceTargets(ir, workload).filter((t) => t.protocol !== "UDP");
  const sidecar = sidecarOf(ir, workload);
  const ingress = sidecar?.spec.ingress ?? [];
  if (sidecar !== undefined && ingress.length > 0) {
    for (const i of ingress) {
      if (out.has(i.port.number)) continue;
      const endpoint = defaultEndpoint(i.defaultEndpoint, workload);
      const real = targets.find((t) => t.targetPort === i.port.number);
      out.set(i.port.number, {
        targetPort: i.port.number,
        protocol: inferProtocol(i.port.protocol, undefined, undefined),
        host: real?.host ?? `${sidecar.meta.name}.${sidecar.meta.namespace}`,
        port: i.port.number,
        ...(endpoint === undefined ? {} : { endpoint }),
        // buildInboundClustersFromSidecar: the real service on the port, else a mesh-external stand-in (no metadata).
        services: real === undefined ? [] : telemetryServices([{ ...real, port: i.port.number }]),
      });
    }
  } else {
    // buildInboundClustersFromServiceInstances: bound to localhost unless inboundTrafficPolicy is PASSTHROUGH.
    const localhost = ir.meshConfig.inboundTrafficPolicy === "LOCALHOST";
    for (const t of targets) {
      if (out.has(t.targetPort)) continue;
      const onPort = targets.filter((x) => x.targetPort === t.targetPort);
      out.set(t.targetPort, {
        targetPort: t.targetPort,
        protocol: t.protocol,
        host: t.host,
        port: t.port,
        ...(localhost ? { endpoint: { kind: "socket" as const, address: "127.0.0.1", port: t.targetPort } } : {}),
        services: telemetryServices(onPort),
      });
    }
  }
  return [...out.values()].sort((a, b) => a.targetPort - b.targetPort);
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

/**
 * The `virtualInbound` listener and the inbound clusters of a sidecar workload. Chains: the blackhole chain for
 * port 15006 itself, the passthrough chains for ports no Service names (by the workload-wide mode, plus one set per
 * `portLevelMtls` port that is not a service port), then each service target port by its effective mode.
 * `buildInbound(ir, reviewsV1).listeners[0].name` → `"virtualInbound"`; clusters `inbound|9080||`, `InboundPassthroughCluster`.
 */
export function buildInbound(ir: MeshIR, workload: WorkloadNode): { listeners: Listener[]; clusters: Cluster[] } {
  const policies = policiesForWorkload(ir, workload);
  const requestAuthn = requestAuthenticationsOf(ir, {
    workload,
    namespace: workload.namespace,
    labels: workload.labels,
  });
  const pa = composePeerAuthentication(ir, workload);
  const ports = inboundPorts(ir, workload);
  // The inbound side depends on the workload only through these four (and the IR's MeshConfig): versions of one
  // service usually agree on all of them, and then share one build (and one packed, validated copy downstream).
  let perIr = inboundCache.get(ir);
  if (perIr === undefined) {
    perIr = new Map();
    inboundCache.set(ir, perIr);
  }
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
    listenerFilters: inboundListenerFilters(filterChains),
    listenerFiltersTimeout: Duration.create({ seconds: "0" }),
    continueOnListenerFiltersTimeout: true,
    filterChains,
  });
  return { listeners: [listener], clusters: inboundClusters(ports) };
}
