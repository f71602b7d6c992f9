/**
 * IR → Envoy: for each workload with a sidecar, the configuration its proxy would run, as an Envoy admin
 * `ConfigDump` (the format of Envoy's `/config_dump` and of `istioctl proxy-config all -o json`): dynamic listeners,
 * route configurations, clusters and endpoints, as if delivered over ADS. The outbound and inbound halves are built
 * by `outbound/` and `inbound/`; this module assembles them, checks every resource against the protoc-gen-validate
 * rules Envoy enforces on load, and leaves out `last_updated` timestamps so output is deterministic.
 */
import { createDiagnostic, type Diagnostic, type Result } from "../../diagnostics/diagnostic.ts";
import { Messages } from "../../diagnostics/messages.ts";
import type { IMessageType } from "@protobuf-ts/runtime";
import type { MeshIR, WorkloadNode } from "../../ir/ir.ts";
import {
  ClustersConfigDump,
  EndpointsConfigDump,
  ListenersConfigDump,
  RoutesConfigDump,
} from "./gen/envoy/admin/v3/config_dump_shared.ts";
import type { ConfigDump } from "./gen/envoy/admin/v3/config_dump.ts";
import { Cluster } from "./gen/envoy/config/cluster/v3/cluster.ts";
import { ClusterLoadAssignment } from "./gen/envoy/config/endpoint/v3/endpoint.ts";
import { Listener } from "./gen/envoy/config/listener/v3/listener.ts";
import { RouteConfiguration } from "./gen/envoy/config/route/v3/route.ts";
import type { Any } from "./gen/google/protobuf/any.ts";
import { emitGateways } from "./gateway/index.ts";
import { buildInbound } from "./inbound/index.ts";
import { buildOutbound } from "./outbound/index.ts";
import { outboundScopeKey } from "./outbound/scope.ts";
import { validateMessage, type PgvViolation } from "./pgv/index.ts";
import { configDump, packAny, type AnyMessageType } from "./registry.ts";

// For the Envoy engine (compiler/eval/envoy), which reads what a proxy would be sent, one proxy at a time.
export { buildGateway, proxyForGateway } from "./gateway/index.ts";
export { buildInbound } from "./inbound/index.ts";
export { buildOutbound } from "./outbound/index.ts";

/** The xDS version every resource is reported with: meshc output has no history, and must not carry a timestamp. */
const VERSION = "meshc";

export interface WorkloadEnvoyConfig {
  readonly workload: WorkloadNode;
  readonly dump: ConfigDump;
}

/** Envoy's protoc-gen-validate rules over one resource; each violation is an internal error at the workload. */
export function checkEnvoyResource<T extends object>(
  type: AnyMessageType,
  resource: T,
  label: string,
  workload: WorkloadNode,
): Diagnostic[] {
  return validateMessage(type, resource).map((v) =>
    createDiagnostic(Messages.Envoy_resource_0_violates_1_at_2_Colon_3, workload.span, [
      label,
      v.rule,
      v.path,
      v.message,
    ]),
  );
}

/** A resource of a dump: packed once, validated once, however many workloads include it. */
interface Packed {
  readonly name: string;
  readonly any: Any;
  readonly label: string;
  readonly violations: readonly PgvViolation[];
}

/** Per message object (outbound ones are shared by every workload of a scope): its packed form and PGV result. */
const packedCache = new WeakMap<object, Packed>();

function packed<T extends object>(type: IMessageType<T>, message: T, name: string, label: string): Packed {
  let p = packedCache.get(message);
  if (p === undefined)
    packedCache.set(
      message,
      (p = { name, any: packAny(type, message), label, violations: validateMessage(type, message) }),
    );
  return p;
}

interface PackedOutbound {
  readonly listeners: readonly Packed[];
  readonly routes: readonly Packed[];
  readonly clusters: readonly Packed[];
  readonly endpoints: readonly Packed[];
}

const packListener = (l: Listener) => packed(Listener, l, l.name, `Listener '${l.name}'`);
const packCluster = (c: Cluster) => packed(Cluster, c, c.name, `Cluster '${c.name}'`);
const packRoute = (r: RouteConfiguration) => packed(RouteConfiguration, r, r.name, `RouteConfiguration '${r.name}'`);
const packEndpoints = (e: ClusterLoadAssignment) =>
  packed(ClusterLoadAssignment, e, e.clusterName, `ClusterLoadAssignment '${e.clusterName}'`);

/**
 * The outbound half depends on the workload only through its scope (`outboundScopeKey`: namespace, Sidecar,
 * selecting DestinationRules, matched sourceLabels), so it is built, packed and validated once per scope and per IR,
 * as istiod caches CDS/RDS output per SidecarScope. The inbound half is shared the same way by what it depends on
 * (`buildInbound`: ports, PeerAuthentication, authorization and request authentication policies).
 */
const outboundCache = new WeakMap<MeshIR, Map<string, PackedOutbound>>();

function sharedOutbound(ir: MeshIR, workload: WorkloadNode): PackedOutbound {
  let perIr = outboundCache.get(ir);
  if (perIr === undefined) {
    perIr = new Map();
    outboundCache.set(ir, perIr);
  }
  const key = outboundScopeKey(ir, workload);
  let out = perIr.get(key);
  if (out === undefined) {
    const o = buildOutbound(ir, workload);
    out = {
      listeners: o.listeners.map(packListener),
      routes: o.routes.map(packRoute),
      clusters: o.clusters.map(packCluster),
      endpoints: o.endpoints.map(packEndpoints),
    };
    perIr.set(key, out);
  }
  return out;
}

const byPackedName = (a: Packed, b: Packed) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Each resource's violations once per emission (a shared resource is reported at the first workload including it). */
function report(
  resources: readonly Packed[],
  workload: WorkloadNode,
  reported: Set<Packed>,
  diagnostics: Diagnostic[],
): void {
  for (const r of resources) {
    if (r.violations.length === 0 || reported.has(r)) continue;
    reported.add(r);
    for (const v of r.violations)
      diagnostics.push(
        createDiagnostic(Messages.Envoy_resource_0_violates_1_at_2_Colon_3, workload.span, [
          r.label,
          v.rule,
          v.path,
          v.message,
        ]),
      );
  }
}

function workloadDump(
  ir: MeshIR,
  workload: WorkloadNode,
  reported: Set<Packed>,
  diagnostics: Diagnostic[],
): ConfigDump {
  const outbound = sharedOutbound(ir, workload);
  const inbound = buildInbound(ir, workload);
  const listeners = [...outbound.listeners, ...inbound.listeners.map(packListener)].sort(byPackedName);
  const clusters = [...outbound.clusters, ...inbound.clusters.map(packCluster)].sort(byPackedName);
  const routes = [...outbound.routes].sort(byPackedName);
  const endpoints = [...outbound.endpoints].sort(byPackedName);
  for (const list of [listeners, clusters, routes, endpoints]) report(list, workload, reported, diagnostics);
  return configDump({
    listeners: ListenersConfigDump.create({
      versionInfo: VERSION,
      dynamicListeners: listeners.map((l) => ({
        name: l.name,
        activeState: { versionInfo: VERSION, listener: l.any },
      })),
    }),
    routes: RoutesConfigDump.create({
      dynamicRouteConfigs: routes.map((r) => ({ versionInfo: VERSION, routeConfig: r.any })),
    }),
    clusters: ClustersConfigDump.create({
      versionInfo: VERSION,
      dynamicActiveClusters: clusters.map((c) => ({ versionInfo: VERSION, cluster: c.any })),
    }),
    endpoints: EndpointsConfigDump.create({
      dynamicEndpointConfigs: endpoints.map((e) => ({ versionInfo: VERSION, endpointConfig: e.any })),
    }),
  });
}

/**
 * One ConfigDump per workload with a sidecar, and one per gateway proxy (router configuration, `gateway/`), in
 * (namespace, name) order. A resource that breaks Envoy's validation rules is an internal error (a meshc bug): the
 * diagnostic names the resource and the field path.
 */
export function emitEnvoy(ir: MeshIR): Result<WorkloadEnvoyConfig[]> {
  const value: WorkloadEnvoyConfig[] = [];
  const diagnostics = forEachEnvoyDump(ir, (c) => value.push(c));
  return { value, diagnostics };
}

/**
 * `emitEnvoy`, handing each dump to `fn` as soon as it is built (same order, same diagnostics, returned at the end),
 * so that a caller which serializes dumps (`renderOutputs`) does not hold all of them at once.
 */
export function forEachEnvoyDump(ir: MeshIR, fn: (config: WorkloadEnvoyConfig) => void): Diagnostic[] {
  const gateways = emitGateways(ir);
  const diagnostics: Diagnostic[] = [...gateways.diagnostics];
  const reported = new Set<Packed>();
  const pending: { workload: WorkloadNode; dump: () => ConfigDump }[] = [
    ...ir.workloads
      .filter((w) => w.sidecar && !gateways.gatewayIds.has(w.id))
      .map((workload) => ({ workload, dump: () => workloadDump(ir, workload, reported, diagnostics) })),
    ...gateways.value.map((g) => ({ workload: g.workload, dump: () => g.dump })),
  ];
  const key = (c: { workload: WorkloadNode }) => `${c.workload.namespace}/${c.workload.name}`;
  pending.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  for (const p of pending) fn({ workload: p.workload, dump: p.dump() });
  return diagnostics;
}
