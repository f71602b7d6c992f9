// IR → Envoy for gateway proxies (router mode): the listeners, routes, clusters and endpoints istiod sends an Istio
// ingress gateway (istio pilot/pkg/networking/core/gateway.go; clusters as for any proxy, cluster_builder.go, with
// the BlackHoleCluster and no PassthroughCluster, which only sidecars get). The outbound code builds the clusters
// and routes, from an outbound scope of the gateway pod (its namespace decides exportTo and DestinationRule
// visibility); gateways have no inbound side.
import { createDiagnostic, type Diagnostic } from "../../../diagnostics/diagnostic.ts";
import { Messages } from "../../../diagnostics/messages.ts";
import { resourcesOf, type AuthorizationPolicyNode, type MeshIR, type WorkloadNode } from "../../../ir/ir.ts";
import {
  ClustersConfigDump,
  EndpointsConfigDump,
  ListenersConfigDump,
  RoutesConfigDump,
} from "../gen/envoy/admin/v3/config_dump_shared.ts";
import type { ConfigDump } from "../gen/envoy/admin/v3/config_dump.ts";
import { Cluster } from "../gen/envoy/config/cluster/v3/cluster.ts";
import { ClusterLoadAssignment } from "../gen/envoy/config/endpoint/v3/endpoint.ts";
import { Listener } from "../gen/envoy/config/listener/v3/listener.ts";
import { RouteConfiguration } from "../gen/envoy/config/route/v3/route.ts";
import { authzOptionsFromIR, buildHttpAuthzFilters, policiesForWorkload } from "../authz/index.ts";
import { byString } from "../proto.ts";
import { outboundScope } from "../outbound/scope.ts";
import { blackHoleCluster, serviceClusters } from "../outbound/clusters.ts";
import { validateMessage } from "../pgv/index.ts";
import { configDump, packAny } from "../registry.ts";
import { gatewayListener } from "./listeners.ts";
import { numTrustedProxies } from "../../../ir/proxy-config.ts";
import { gatewayPortChains } from "./chains.ts";
import { isHttpServer, type MergedGateway, type MergedServer } from "../../../ir/gateway-merge.ts";
import { jwtAuthnConfig } from "../inbound/jwt.ts";
import { requestAuthenticationsOf } from "../../../ir/request-authn.ts";
import { gatewayProxies, mergedGatewayOf, type GatewayProxy } from "./proxies.ts";
import { gatewayRouteConfiguration } from "./routes.ts";

export {
  gatewayProxies,
  proxyForGateway,
  mergedGatewayOf,
  DEFAULT_GATEWAY_NAME,
  type GatewayProxy,
} from "./proxies.ts";
export { gatewayRdsName } from "./listeners.ts";

export interface GatewayConfig {
  readonly listeners: Listener[];
  readonly routes: RouteConfiguration[];
  readonly clusters: Cluster[];
  readonly endpoints: ClusterLoadAssignment[];
}

const byName = <T extends { name: string }>(a: T, b: T): number => byString(a.name, b.name);

/**
 * The policies istiod applies on the gateway's HCM (authorization.go `ListAuthorizationPolicies` for the gateway pod):
 * for a declared pod, those that select it (compiler/emit/envoy/authz/select.ts); for the stand-in default gateway,
 * mesh-wide ones and root-namespace ones whose selector its labels satisfy.
 */
function gatewayPolicies(ir: MeshIR, proxy: GatewayProxy): AuthorizationPolicyNode[] {
  if (!proxy.synthetic) return policiesForWorkload(ir, proxy.workload);
  const w = proxy.workload;
  return resourcesOf(ir, "authorizationPolicy").filter((p) => {
    if (p.scope.kind === "mesh") return true;
    if (p.meta.namespace !== w.namespace || p.scope.kind === "targetRefs") return false;
    const labels = p.spec.selector?.matchLabels;
    return labels === undefined || Object.entries(labels).every(([k, v]) => w.labels[k] === v);
  });
}

/** `MergedGateway.ServersByRouteName`: the HTTP servers (plain, or HTTPS terminating TLS) by RDS name. */
function serversByRouteName(merged: MergedGateway): Map<string, MergedServer[]> {
  const out = new Map<string, MergedServer[]>();
  for (const p of merged.ports)
    for (const s of p.servers)
      if (isHttpServer(s.server) && s.routeName !== "") out.set(s.routeName, [...(out.get(s.routeName) ?? []), s]);
  return out;
}

/** The configuration istiod sends the gateway proxy, each list sorted by name. */
export function buildGateway(ir: MeshIR, proxy: GatewayProxy): GatewayConfig {
  // push_context.go getSidecarScope: "Gateways always use default sidecar scope" (no Sidecar resource applies).
  const scope = outboundScope(ir, proxy.workload, { router: true });
  const built = serviceClusters(scope, true);
  const authz = buildHttpAuthzFilters(gatewayPolicies(ir, proxy), authzOptionsFromIR(ir));
  const merged = mergedGatewayOf(ir, proxy);
  // The synthetic default gateway is not in the IR: the IR helper matches selectors against its labels.
  const w = proxy.workload;
  const pod = { workload: proxy.synthetic ? undefined : w, namespace: w.namespace, labels: w.labels };
  const jwt = jwtAuthnConfig(requestAuthenticationsOf(ir, pod), true);
  const hops = numTrustedProxies(ir, pod.workload);
  const listeners = merged.ports
    .map((p) => gatewayListener(p.port, gatewayPortChains(scope, p), authz, hops, jwt))
    .filter((l): l is Listener => l !== undefined);
  return {
    listeners: listeners.sort(byName),
    routes: [...serversByRouteName(merged)]
      .map(([name, list]) => gatewayRouteConfiguration(scope, name, list))
      .sort(byName),
    clusters: [blackHoleCluster(), ...built.map((b) => b.cluster)].sort(byName),
    endpoints: built
      .flatMap((b) => (b.eds === undefined ? [] : [b.eds]))
      .sort((a, b) => byString(a.clusterName, b.clusterName)),
  };
}

const VERSION = "meshc";

function check<T extends object>(
  type: Parameters<typeof validateMessage>[0],
  resource: T,
  label: string,
  workload: WorkloadNode,
  diagnostics: Diagnostic[],
): void {
  for (const v of validateMessage(type, resource)) {
    diagnostics.push(
      createDiagnostic(Messages.Envoy_resource_0_violates_1_at_2_Colon_3, workload.span, [
        label,
        v.rule,
        v.path,
        v.message,
      ]),
    );
  }
}

/** A gateway proxy's ConfigDump, assembled and validated as compiler/emit/envoy/index.ts does for sidecars. */
export function gatewayDump(ir: MeshIR, proxy: GatewayProxy, diagnostics: Diagnostic[]): ConfigDump {
  const c = buildGateway(ir, proxy);
  const w = proxy.workload;
  for (const l of c.listeners) check(Listener, l, `Listener '${l.name}'`, w, diagnostics);
  for (const x of c.clusters) check(Cluster, x, `Cluster '${x.name}'`, w, diagnostics);
  for (const r of c.routes) check(RouteConfiguration, r, `RouteConfiguration '${r.name}'`, w, diagnostics);
  for (const e of c.endpoints)
    check(ClusterLoadAssignment, e, `ClusterLoadAssignment '${e.clusterName}'`, w, diagnostics);
  return configDump({
    listeners: ListenersConfigDump.create({
      versionInfo: VERSION,
      dynamicListeners: c.listeners.map((l) => ({
        name: l.name,
        activeState: { versionInfo: VERSION, listener: packAny(Listener, l) },
      })),
    }),
    routes: RoutesConfigDump.create({
      dynamicRouteConfigs: c.routes.map((r) => ({ versionInfo: VERSION, routeConfig: packAny(RouteConfiguration, r) })),
    }),
    clusters: ClustersConfigDump.create({
      versionInfo: VERSION,
      dynamicActiveClusters: c.clusters.map((x) => ({ versionInfo: VERSION, cluster: packAny(Cluster, x) })),
    }),
    endpoints: EndpointsConfigDump.create({
      dynamicEndpointConfigs: c.endpoints.map((e) => ({
        versionInfo: VERSION,
        endpointConfig: packAny(ClusterLoadAssignment, e),
      })),
    }),
  });
}

/**
 * One ConfigDump per gateway proxy (`envoy/<ns>/<gateway pod>.json`), and the ids of the declared pods that run as
 * gateways (they get router configuration instead of sidecar configuration).
 */
export function emitGateways(ir: MeshIR): {
  value: { workload: WorkloadNode; dump: ConfigDump }[];
  diagnostics: Diagnostic[];
  gatewayIds: ReadonlySet<string>;
} {
  const diagnostics: Diagnostic[] = [];
  const proxies = gatewayProxies(ir);
  const value = proxies.map((p) => ({ workload: p.workload, dump: gatewayDump(ir, p, diagnostics) }));
  return { value, diagnostics, gatewayIds: new Set(proxies.filter((p) => !p.synthetic).map((p) => p.workload.id)) };
}
