// ClusterLoadAssignments for outbound clusters, where the IR knows addresses. istio
// pilot/pkg/xds/endpoints/endpoint_builder.go (`BuildClusterLoadAssignment`, `buildIstioEndpoint` /
// `util.AppendLbEndpointMetadata`): one locality group (the IR has no localities), each endpoint HEALTHY with weight
// 1 and metadata `envoy.transport_socket_match: {tlsMode: istio}` for endpoints in tls mode istio (injected Pods,
// compiler/ir/tls-mode.ts: what the cluster's `tlsMode-istio` transport socket match selects) and `istio: {workload: "<name>;<ns>;<canonical>;<rev>;<cluster>"}`.
import { Locality } from "../gen/envoy/config/core/v3/base.ts";
import { Address, SocketAddress } from "../gen/envoy/config/core/v3/address.ts";
import { HealthStatus } from "../gen/envoy/config/core/v3/health_check.ts";
import { ClusterLoadAssignment } from "../gen/envoy/config/endpoint/v3/endpoint.ts";
import { Endpoint, LbEndpoint, LocalityLbEndpoints } from "../gen/envoy/config/endpoint/v3/endpoint_components.ts";
import { metadata, u32, type PlainValue } from "../proto.ts";
import type { OutboundEndpoint } from "./scope.ts";

/** `util.BuildAddress`: a TCP socket address. */
export function socketAddress(address: string, port: number): Address {
  return Address.create({
    address: {
      oneofKind: "socketAddress",
      socketAddress: SocketAddress.create({ address, portSpecifier: { oneofKind: "portValue", portValue: port } }),
    },
  });
}

function lbEndpoint(ep: OutboundEndpoint): LbEndpoint {
  const filters: { [filter: string]: { [key: string]: PlainValue } } = {};
  const w = ep.workload;
  // util.AppendLbEndpointMetadata: the tls mode unless it is `disabled`.
  if (ep.tlsMode !== "disabled") filters["envoy.transport_socket_match"] = { tlsMode: ep.tlsMode };
  if (w !== undefined) {
    // Istio's compressed telemetry metadata (canonical service from the istio.io/app labels, else app / version).
    const canonical =
      w.labels["service.istio.io/canonical-name"] ?? w.labels["app.kubernetes.io/name"] ?? w.labels["app"] ?? w.name;
    const revision =
      w.labels["service.istio.io/canonical-revision"] ??
      w.labels["app.kubernetes.io/version"] ??
      w.labels["version"] ??
      "latest";
    filters["istio"] = { workload: `${w.name};${w.namespace};${canonical};${revision};Kubernetes` };
  }
  return LbEndpoint.create({
    hostIdentifier: {
      oneofKind: "endpoint",
      endpoint: Endpoint.create({ address: socketAddress(ep.address, ep.port) }),
    },
    healthStatus: HealthStatus.HEALTHY,
    metadata: Object.keys(filters).length === 0 ? undefined : metadata(filters),
    loadBalancingWeight: u32(1),
  });
}

/**
 * The load assignment of `cluster`: `loadAssignment("outbound|9080|v1|reviews…", [ep])` →
 * `{ cluster_name, endpoints: [{ locality: {}, lb_endpoints: [...], load_balancing_weight: 1 }] }`; no endpoints → no groups.
 */
export function loadAssignment(cluster: string, endpoints: readonly OutboundEndpoint[]): ClusterLoadAssignment {
  const sorted = [...endpoints].sort((a, b) =>
    a.address < b.address ? -1 : a.address > b.address ? 1 : a.port - b.port,
  );
  if (sorted.length === 0) return ClusterLoadAssignment.create({ clusterName: cluster });
  return ClusterLoadAssignment.create({
    clusterName: cluster,
    endpoints: [
      LocalityLbEndpoints.create({
        locality: Locality.create(),
        lbEndpoints: sorted.map(lbEndpoint),
        loadBalancingWeight: u32(sorted.length),
      }),
    ],
  });
}
