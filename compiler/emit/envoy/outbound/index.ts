// The outbound half of a sidecar's Envoy configuration, as istiod generates it (what `istioctl proxy-config
// listeners|routes|clusters|endpoints` shows for the outbound direction).
import type { MeshIR, WorkloadNode } from "../../../ir/ir.ts";
import type { Cluster } from "../gen/envoy/config/cluster/v3/cluster.ts";
import type { ClusterLoadAssignment } from "../gen/envoy/config/endpoint/v3/endpoint.ts";
import type { Listener } from "../gen/envoy/config/listener/v3/listener.ts";
import type { RouteConfiguration } from "../gen/envoy/config/route/v3/route.ts";
import { byString } from "../proto.ts";
import { outboundScope } from "./scope.ts";
import { blackHoleCluster, passthroughCluster, serviceClusters } from "./clusters.ts";
import { httpRouteNames, outboundListeners } from "./listeners.ts";
import { outboundRouteConfiguration, sniffedRouteConfiguration } from "./route-configuration.ts";

export interface OutboundConfig {
  readonly listeners: Listener[];
  readonly routes: RouteConfiguration[];
  readonly clusters: Cluster[];
  readonly endpoints: ClusterLoadAssignment[];
}

const byName = <T extends { name: string }>(a: T, b: T): number => byString(a.name, b.name);

/**
 * The outbound listeners, RouteConfigurations, clusters and EDS assignments of `workload`'s sidecar, each list
 * sorted by name. For bookinfo's productpage-v1: listeners `0.0.0.0_9080` and `virtualOutbound`; route config
 * `9080`; clusters `BlackHoleCluster`, `PassthroughCluster`, `outbound|9080||details.bookinfo.svc.cluster.local`,
 * `outbound|9080|v1|details…`, …; one ClusterLoadAssignment per EDS cluster (no endpoints unless the IR knows Pod IPs).
 */
export function buildOutbound(ir: MeshIR, workload: WorkloadNode): OutboundConfig {
  const scope = outboundScope(ir, workload);
  const built = serviceClusters(scope);
  return {
    listeners: outboundListeners(scope).sort(byName),
    routes: httpRouteNames(scope)
      .map((r) =>
        r.kind === "port"
          ? outboundRouteConfiguration(scope, r.port)
          : sniffedRouteConfiguration(scope, r.service, r.port),
      )
      .sort(byName),
    clusters: [blackHoleCluster(), passthroughCluster(), ...built.map((b) => b.cluster)].sort(byName),
    endpoints: built
      .flatMap((b) => (b.eds === undefined ? [] : [b.eds]))
      .sort((a, b) => byString(a.clusterName, b.clusterName)),
  };
}

// For the lead's ConfigDump assembly and tests.
export { outboundScope } from "./scope.ts";
export { retryPolicy, DEFAULT_RETRY_ON } from "./retry-policy.ts";
export { translateRouteMatch } from "./route-match.ts";
