/**
 * IR → what a proxyless gRPC node (grpc-js-xds, grpc-go, grpc-java xDS) is served for the resource names it asks
 * for, as istiod's gRPC generator answers them (istio pilot/pkg/networking/grpcgen/): client api_listeners named by
 * the `xds:///host:port` target, their RouteConfigurations `outbound|port||host`, EDS clusters and endpoints, and
 * server Listeners `grpc/server?xds.resource.listening_address=IP:PORT` with the workload's RBAC. The routing
 * content is the workload's sidecar emission (`buildOutbound`), so both kinds of node follow one translation.
 */
import type { MeshIR, WorkloadNode } from "../../../ir/ir.ts";
import type { Cluster } from "../gen/envoy/config/cluster/v3/cluster.ts";
import type { ClusterLoadAssignment } from "../gen/envoy/config/endpoint/v3/endpoint.ts";
import type { Listener } from "../gen/envoy/config/listener/v3/listener.ts";
import type { RouteConfiguration } from "../gen/envoy/config/route/v3/route.ts";
import { buildOutbound, outboundScope, type OutboundConfig } from "../outbound/index.ts";
import type { OutboundService } from "../outbound/scope.ts";
import { clientCluster, clientListener, clientRouteConfiguration } from "./client.ts";
import { SERVER_LISTENER_PREFIX } from "./names.ts";
import { serverListener } from "./server.ts";

// For `meshc serve` (compiler/serve/) and tests.
export {
  SERVER_LISTENER_PREFIX,
  clusterKey,
  expandHost,
  parseClusterKey,
  parseServerListenerName,
  splitHostPort,
} from "./names.ts";
export { clientCluster, clientListener, clientRouteConfiguration, withPortDomains } from "./client.ts";
export { RBAC_ALLOW_FILTER, RBAC_DENY_FILTER, serverListener, type ServerListener } from "./server.ts";

/** One resource answered for a name, with what it could not express (logged by the control plane). */
export interface Answer<T> {
  readonly resource: T;
  readonly warnings: readonly string[];
}

/** The four lookups of one proxyless node; each returns undefined for a name the node has no resource for. */
export interface ProxylessResources {
  listener(name: string): Answer<Listener> | undefined;
  route(name: string): RouteConfiguration | undefined;
  cluster(name: string): Cluster | undefined;
  endpoints(name: string): ClusterLoadAssignment | undefined;
}

/**
 * The lookups for `workload` over `ir`; the sidecar emission they read is built once, on first use.
 * `proxylessResources(ir, client).listener("echo.grpc-echo.svc.cluster.local:7070")?.resource.apiListener` → HCM
 * with RDS `outbound|7070||echo.grpc-echo.svc.cluster.local`.
 */
export function proxylessResources(ir: MeshIR, workload: WorkloadNode): ProxylessResources {
  let outbound: OutboundConfig | undefined;
  let services: readonly OutboundService[] | undefined;
  const out = (): OutboundConfig => (outbound ??= buildOutbound(ir, workload));
  const visible = (): readonly OutboundService[] => (services ??= outboundScope(ir, workload).services);
  return {
    listener(name) {
      if (name.startsWith(SERVER_LISTENER_PREFIX)) {
        const s = serverListener(ir, workload, name);
        return s === undefined ? undefined : { resource: s.listener, warnings: s.warnings };
      }
      const l = clientListener(visible(), workload.namespace, name);
      return l === undefined ? undefined : { resource: l, warnings: [] };
    },
    route: (name) => clientRouteConfiguration(out(), name),
    cluster: (name) => clientCluster(out(), name),
    endpoints: (name) => out().endpoints.find((e) => e.clusterName === name),
  };
}
