// Inbound clusters (istio pilot/pkg/networking/core/cluster_builder.go `buildInboundCluster`,
// cluster.go `buildInboundPassthroughCluster`). Since Istio 1.10 inbound traffic is forwarded to the pod IP the client
// dialled (not 127.0.0.1): ORIGINAL_DST clusters with CLUSTER_PROVIDED load balancing, bound to 127.0.0.6 so the
// iptables rules let the proxy's own upstream connection through (https://istio.io/latest/blog/2021/upcoming-networking-changes/).
import { Cluster, Cluster_DiscoveryType, Cluster_LbPolicy } from "../gen/envoy/config/cluster/v3/cluster.ts";
import { BindConfig, SocketAddress } from "../gen/envoy/config/core/v3/address.ts";
import { Duration } from "../gen/google/protobuf/duration.ts";

/** `inbound|<targetPort>||` (`model.BuildInboundSubsetKey`). */
export const inboundClusterName = (targetPort: number): string => `inbound|${targetPort}||`;
/** The catch-all inbound cluster of passthrough chains (IPv4 and IPv6 share one since Istio 1.13). */
export const INBOUND_PASSTHROUGH_CLUSTER = "InboundPassthroughCluster";
/** Where traffic to the proxy's own inbound port (15006) goes: nowhere. Built with the outbound clusters. */
export const BLACKHOLE_CLUSTER = "BlackHoleCluster";

function originalDst(name: string, connectTimeoutSeconds: number): Cluster {
  return Cluster.create({
    name,
    clusterDiscoveryType: { oneofKind: "type", type: Cluster_DiscoveryType.ORIGINAL_DST },
    connectTimeout: Duration.create({ seconds: String(connectTimeoutSeconds) }),
    lbPolicy: Cluster_LbPolicy.CLUSTER_PROVIDED,
    cleanupInterval: Duration.create({ seconds: "60" }),
    upstreamBindConfig: BindConfig.create({
      sourceAddress: SocketAddress.create({
        address: "127.0.0.6",
        portSpecifier: { oneofKind: "portValue", portValue: 0 },
      }),
    }),
  });
}

/**
 * The inbound cluster of each service target port, then `InboundPassthroughCluster`; connect timeout is MeshConfig
 * `connectTimeout` (default 10s). Not modelled: circuit-breaker defaults, `metadata.filter_metadata.istio.services`,
 * per-port DestinationRule connection pools from Sidecar `inboundConnectionPool`.
 */
export function inboundClusters(targetPorts: readonly number[]): Cluster[] {
  return [
    ...targetPorts.map((p) => originalDst(inboundClusterName(p), 10)),
    originalDst(INBOUND_PASSTHROUGH_CLUSTER, 10),
  ];
}
