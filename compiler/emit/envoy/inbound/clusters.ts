// Inbound clusters (istio pilot/pkg/networking/core/cluster_builder.go `buildInboundCluster`,
// cluster.go `buildInboundPassthroughCluster`). Since Istio 1.10 inbound traffic is forwarded to the pod IP the client
// dialled (not 127.0.0.1): ORIGINAL_DST clusters with CLUSTER_PROVIDED load balancing, bound to 127.0.0.6 so the
// iptables rules let the proxy's own upstream connection through (https://istio.io/latest/blog/2021/upcoming-networking-changes/).
import { Cluster, Cluster_DiscoveryType, Cluster_LbPolicy } from "../gen/envoy/config/cluster/v3/cluster.ts";
import { Address, BindConfig, Pipe, SocketAddress } from "../gen/envoy/config/core/v3/address.ts";
import { ClusterLoadAssignment } from "../gen/envoy/config/endpoint/v3/endpoint.ts";
import { Endpoint, LbEndpoint, LocalityLbEndpoints } from "../gen/envoy/config/endpoint/v3/endpoint_components.ts";
import { metadata } from "../proto.ts";
import type { InboundEndpoint, InboundPort } from "./model.ts";
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
 * A STATIC cluster to a Sidecar ingress `defaultEndpoint` (cluster_builder.go `buildInboundCluster` with
 * `buildInboundLocalityLbEndpoints`): one endpoint, the address or unix socket.
 */
function staticTo(name: string, endpoint: InboundEndpoint, connectTimeoutSeconds: number): Cluster {
  const address: Address =
    endpoint.kind === "pipe"
      ? Address.create({ address: { oneofKind: "pipe", pipe: Pipe.create({ path: endpoint.path }) } })
      : Address.create({
          address: {
            oneofKind: "socketAddress",
            socketAddress: SocketAddress.create({
              address: endpoint.address,
              portSpecifier: { oneofKind: "portValue", portValue: endpoint.port },
            }),
          },
        });
  return Cluster.create({
    name,
    clusterDiscoveryType: { oneofKind: "type", type: Cluster_DiscoveryType.STATIC },
    connectTimeout: Duration.create({ seconds: String(connectTimeoutSeconds) }),
    loadAssignment: ClusterLoadAssignment.create({
      clusterName: name,
      endpoints: [
        LocalityLbEndpoints.create({
          lbEndpoints: [
            LbEndpoint.create({ hostIdentifier: { oneofKind: "endpoint", endpoint: Endpoint.create({ address }) } }),
          ],
        }),
      ],
    }),
  });
}

/**
 * The inbound cluster of each inbound port (to its Sidecar `defaultEndpoint` if any, else the original destination),
 * then `InboundPassthroughCluster`; connect timeout is MeshConfig `connectTimeout` (default 10s). Not modelled:
 * circuit-breaker defaults, MeshConfig `inboundTrafficPolicy: LOCALHOST`,
 * per-port DestinationRule connection pools from Sidecar `inboundConnectionPool`.
 */
export function inboundClusters(ports: readonly InboundPort[]): Cluster[] {
  return [
    ...ports.map((p) => {
      const c =
        p.endpoint === undefined
          ? originalDst(inboundClusterName(p.targetPort), 10)
          : staticTo(inboundClusterName(p.targetPort), p.endpoint, 10);
      // cluster_builder.go addTelemetryMetadata: `istio.services` [{ host, name, namespace }] for telemetry v2.
      if (p.services.length > 0)
        c.metadata = metadata({
          istio: { services: p.services.map((s) => ({ host: s.host, name: s.name, namespace: s.namespace })) },
        });
      return c;
    }),
    originalDst(INBOUND_PASSTHROUGH_CLUSTER, 10),
  ];
}
