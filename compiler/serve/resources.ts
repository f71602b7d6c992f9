/**
 * One compiled mesh as an xDS snapshot: for a node's workload, a resource type and a subscription, the resources
 * to send, packed as `Any`. Envoy nodes subscribe to listeners and clusters by wildcard and get exactly what
 * `meshc build` writes for the workload (`emitEnvoy`, unpacked from its ConfigDump); proxyless gRPC nodes name what
 * they want and get istiod's gRPC generator's answer (`compiler/emit/envoy/grpc/`). Pure: no I/O.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { MeshIR, WorkloadId, WorkloadNode } from "../ir/ir.ts";
import {
  ClustersConfigDump,
  EndpointsConfigDump,
  ListenersConfigDump,
  RoutesConfigDump,
} from "../emit/envoy/gen/envoy/admin/v3/config_dump_shared.ts";
import { Cluster } from "../emit/envoy/gen/envoy/config/cluster/v3/cluster.ts";
import { ClusterLoadAssignment } from "../emit/envoy/gen/envoy/config/endpoint/v3/endpoint.ts";
import { Listener } from "../emit/envoy/gen/envoy/config/listener/v3/listener.ts";
import { RouteConfiguration } from "../emit/envoy/gen/envoy/config/route/v3/route.ts";
import type { Any } from "../emit/envoy/gen/google/protobuf/any.ts";
import { proxylessResources, type ProxylessResources } from "../emit/envoy/grpc/index.ts";
import { emitEnvoy } from "../emit/envoy/index.ts";
import { packAny } from "../emit/envoy/registry.ts";
import type { XdsType } from "./xds-types.ts";

/** What a stream is subscribed to for one type: everything (legacy wildcard) or a set of names. */
export type Subscription =
  | { readonly kind: "wildcard" }
  | { readonly kind: "names"; readonly names: readonly string[] };

/** The resources answering one subscription, sorted by name, and warnings about what could not be expressed. */
export interface Answered {
  readonly resources: readonly { readonly name: string; readonly any: Any }[];
  readonly warnings: readonly string[];
}

type Named = Map<string, Any>;
interface EnvoyResources {
  readonly listener: Named;
  readonly route: Named;
  readonly cluster: Named;
  readonly endpoint: Named;
}

const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** A compiled mesh, answering subscriptions; per-workload emission is computed once, on first use. */
export class Snapshot {
  private envoy: Map<WorkloadId, EnvoyResources> | undefined;
  private readonly proxyless = new Map<WorkloadId, ProxylessResources>();
  private emitDiagnostics: readonly Diagnostic[] = [];

  constructor(readonly ir: MeshIR) {}

  /** Runs the sidecar emission now and returns its internal errors (resources breaking Envoy's validation rules). */
  internalErrors(): readonly Diagnostic[] {
    this.envoyOf(undefined);
    return this.emitDiagnostics;
  }

  /** The resources of `type` for `workload` under `subscription`; an unknown node (undefined) gets none. */
  answer(workload: WorkloadNode | undefined, type: XdsType, subscription: Subscription): Answered {
    if (workload === undefined) return { resources: [], warnings: [] };
    const envoy = this.envoyOf(workload);
    if (subscription.kind === "wildcard") {
      return {
        resources: [...(envoy?.[type] ?? new Map<string, Any>())].map(([name, any]) => ({ name, any })).sort(byName),
        warnings: [],
      };
    }
    const grpc = this.proxylessOf(workload);
    const resources: { name: string; any: Any }[] = [];
    const warnings: string[] = [];
    for (const name of [...new Set(subscription.names)].sort()) {
      const any = this.named(envoy, grpc, type, name, warnings);
      if (any !== undefined) resources.push({ name, any });
    }
    return { resources, warnings };
  }

  /**
   * A named resource: listeners and route configs are the sidecar's when the name is one (`virtualInbound`, `9080`),
   * else gRPC's (`host:port`, `grpc/server?…`, `outbound|port||host`); clusters are gRPC's (Envoy asks for clusters by
   * wildcard); endpoints are the same for both.
   */
  private named(
    envoy: EnvoyResources | undefined,
    grpc: ProxylessResources,
    type: XdsType,
    name: string,
    warnings: string[],
  ): Any | undefined {
    switch (type) {
      case "listener": {
        const sidecar = envoy?.listener.get(name);
        if (sidecar !== undefined) return sidecar;
        const answer = grpc.listener(name);
        if (answer === undefined) return undefined;
        warnings.push(...answer.warnings);
        return packAny(Listener, answer.resource);
      }
      case "route": {
        const sidecar = envoy?.route.get(name);
        if (sidecar !== undefined) return sidecar;
        const rc = grpc.route(name);
        return rc === undefined ? undefined : packAny(RouteConfiguration, rc);
      }
      case "cluster": {
        const c = grpc.cluster(name);
        return c === undefined ? undefined : packAny(Cluster, c);
      }
      case "endpoint": {
        const sidecar = envoy?.endpoint.get(name);
        if (sidecar !== undefined) return sidecar;
        const e = grpc.endpoints(name);
        return e === undefined ? undefined : packAny(ClusterLoadAssignment, e);
      }
      default:
        return type satisfies never;
    }
  }

  private proxylessOf(workload: WorkloadNode): ProxylessResources {
    let p = this.proxyless.get(workload.id);
    if (p === undefined) this.proxyless.set(workload.id, (p = proxylessResources(this.ir, workload)));
    return p;
  }

  /** `emitEnvoy` for every sidecar workload, once; the dump's sections unpacked into name → Any. */
  private envoyOf(workload: WorkloadNode | undefined): EnvoyResources | undefined {
    if (this.envoy === undefined) {
      const emitted = emitEnvoy(this.ir);
      this.emitDiagnostics = emitted.diagnostics;
      this.envoy = new Map(emitted.value.map(({ workload: w, dump }) => [w.id, unpackDump(dump.configs)]));
    }
    return workload === undefined ? undefined : this.envoy.get(workload.id);
  }
}

/** A ConfigDump's dynamic resources by type and name (the `Any`s are reused as packed by the emitter). */
function unpackDump(configs: readonly Any[]): EnvoyResources {
  const out: EnvoyResources = { listener: new Map(), route: new Map(), cluster: new Map(), endpoint: new Map() };
  for (const c of configs) {
    const typeName = c.typeUrl.slice(c.typeUrl.lastIndexOf("/") + 1);
    if (typeName === ListenersConfigDump.typeName) {
      for (const l of ListenersConfigDump.fromBinary(c.value).dynamicListeners)
        if (l.activeState?.listener) out.listener.set(l.name, l.activeState.listener);
    } else if (typeName === RoutesConfigDump.typeName) {
      for (const r of RoutesConfigDump.fromBinary(c.value).dynamicRouteConfigs)
        if (r.routeConfig) out.route.set(RouteConfiguration.fromBinary(r.routeConfig.value).name, r.routeConfig);
    } else if (typeName === ClustersConfigDump.typeName) {
      for (const k of ClustersConfigDump.fromBinary(c.value).dynamicActiveClusters)
        if (k.cluster) out.cluster.set(Cluster.fromBinary(k.cluster.value).name, k.cluster);
    } else if (typeName === EndpointsConfigDump.typeName) {
      for (const e of EndpointsConfigDump.fromBinary(c.value).dynamicEndpointConfigs) {
        if (e.endpointConfig)
          out.endpoint.set(ClusterLoadAssignment.fromBinary(e.endpointConfig.value).clusterName, e.endpointConfig);
      }
    }
  }
  return out;
}
