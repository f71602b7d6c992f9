/**
 * IR → Envoy: for each workload with a sidecar, the configuration its proxy would run, as an Envoy admin
 * `ConfigDump` (the format of Envoy's `/config_dump` and of `istioctl proxy-config all -o json`): dynamic listeners,
 * route configurations, clusters and endpoints, as if delivered over ADS. The outbound and inbound halves are built
 * by `outbound/` and `inbound/`; this module assembles them, checks every resource against the protoc-gen-validate
 * rules Envoy enforces on load, and leaves out `last_updated` timestamps so output is deterministic.
 */
import { createDiagnostic, type Diagnostic, type Result } from "../../diagnostics/diagnostic.ts";
import { Messages } from "../../diagnostics/messages.ts";
import type { MeshIR, WorkloadNode } from "../../ir/ir.ts";
import { ClustersConfigDump, EndpointsConfigDump, ListenersConfigDump, RoutesConfigDump } from "./gen/envoy/admin/v3/config_dump_shared.ts";
import type { ConfigDump } from "./gen/envoy/admin/v3/config_dump.ts";
import { Cluster } from "./gen/envoy/config/cluster/v3/cluster.ts";
import { ClusterLoadAssignment } from "./gen/envoy/config/endpoint/v3/endpoint.ts";
import { Listener } from "./gen/envoy/config/listener/v3/listener.ts";
import { RouteConfiguration } from "./gen/envoy/config/route/v3/route.ts";
import { buildInbound } from "./inbound/index.ts";
import { buildOutbound } from "./outbound/index.ts";
import { validateMessage } from "./pgv/index.ts";
import { configDump, packAny, type AnyMessageType } from "./registry.ts";

/** The xDS version every resource is reported with: meshc output has no history, and must not carry a timestamp. */
const VERSION = "meshc";

export interface WorkloadEnvoyConfig {
  readonly workload: WorkloadNode;
  readonly dump: ConfigDump;
}

const byName = <T extends { name: string }>(xs: readonly T[]) => [...xs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/** Envoy's protoc-gen-validate rules over one resource; each violation is an internal error at the workload. */
export function checkEnvoyResource<T extends object>(type: AnyMessageType, resource: T, label: string, workload: WorkloadNode): Diagnostic[] {
  return validateMessage(type, resource).map((v) =>
    createDiagnostic(Messages.Envoy_resource_0_violates_1_at_2_Colon_3, workload.span, [label, v.rule, v.path, v.message]),
  );
}

function workloadDump(ir: MeshIR, workload: WorkloadNode, diagnostics: Diagnostic[]): ConfigDump {
  const outbound = buildOutbound(ir, workload);
  const inbound = buildInbound(ir, workload);
  const listeners = byName([...outbound.listeners, ...inbound.listeners]);
  const clusters = byName([...outbound.clusters, ...inbound.clusters]);
  const routes = byName(outbound.routes);
  const endpoints = [...outbound.endpoints].sort((a, b) => (a.clusterName < b.clusterName ? -1 : a.clusterName > b.clusterName ? 1 : 0));
  for (const l of listeners) diagnostics.push(...checkEnvoyResource(Listener, l, `Listener '${l.name}'`, workload));
  for (const c of clusters) diagnostics.push(...checkEnvoyResource(Cluster, c, `Cluster '${c.name}'`, workload));
  for (const r of routes) diagnostics.push(...checkEnvoyResource(RouteConfiguration, r, `RouteConfiguration '${r.name}'`, workload));
  for (const e of endpoints) diagnostics.push(...checkEnvoyResource(ClusterLoadAssignment, e, `ClusterLoadAssignment '${e.clusterName}'`, workload));
  return configDump({
    listeners: ListenersConfigDump.create({
      versionInfo: VERSION,
      dynamicListeners: listeners.map((l) => ({ name: l.name, activeState: { versionInfo: VERSION, listener: packAny(Listener, l) } })),
    }),
    routes: RoutesConfigDump.create({
      dynamicRouteConfigs: routes.map((r) => ({ versionInfo: VERSION, routeConfig: packAny(RouteConfiguration, r) })),
    }),
    clusters: ClustersConfigDump.create({
      versionInfo: VERSION,
      dynamicActiveClusters: clusters.map((c) => ({ versionInfo: VERSION, cluster: packAny(Cluster, c) })),
    }),
    endpoints: EndpointsConfigDump.create({
      dynamicEndpointConfigs: endpoints.map((e) => ({ versionInfo: VERSION, endpointConfig: packAny(ClusterLoadAssignment, e) })),
    }),
  });
}

/**
 * One ConfigDump per workload with a sidecar, in (namespace, name) order. A resource that breaks Envoy's validation
 * rules is an internal error (a meshc bug): the diagnostic names the resource and the field path.
 */
export function emitEnvoy(ir: MeshIR): Result<WorkloadEnvoyConfig[]> {
  const diagnostics: Diagnostic[] = [];
  const value = ir.workloads.filter((w) => w.sidecar).map((workload) => ({ workload, dump: workloadDump(ir, workload, diagnostics) }));
  return { value, diagnostics };
}
