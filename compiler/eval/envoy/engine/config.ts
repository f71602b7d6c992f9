/**
 * The emitted Envoy configuration of each sidecar (and gateway proxy), as the Envoy engine reads it: what `meshc build` writes for the
 * workload (compiler/emit/envoy `buildOutbound` + `buildInbound`), indexed by resource name, built once per IR and
 * workload (a WeakMap keyed by the IR).
 *
 * Endpoints: istiod's EDS sends a ClusterLoadAssignment per cluster with the Pod IPs of the service's endpoints (the
 * subset's, filtered by its labels: `pilot/pkg/xds/endpoints/endpoint_builder.go`). The IR often has no Pod IPs, and
 * then the emitter has nothing to put in the assignment. The engine then plays the part of the cluster's Pod
 * addresses: it gives each workload without an address one synthetic address (`240.1xx.1xx.1xx`, outside every real
 * range) before building the configuration, so that the emitter's own EDS code produces the assignments, and maps
 * each endpoint back to its workload by address. Likewise a Service whose cluster IP the input does not write gets a
 * synthetic one (`241.1xx.1xx.1xx`), so that its TCP and sniffed ports have their own listeners as in the cluster.
 * Synthetic addresses are never used as a request's source or destination IP in authorization, nor matched against
 * `prefix_ranges` (destination.ts: they stand for an address meshc does not know); the Istio engine has none.
 */
import type { GatewayNode, MeshIR, WorkloadNode } from "../../../ir/ir.ts";
import { buildGateway, buildInbound, buildOutbound, proxyForGateway } from "../../../emit/envoy/index.ts";
import type { Cluster } from "../../../emit/envoy/gen/envoy/config/cluster/v3/cluster.ts";
import type { ClusterLoadAssignment } from "../../../emit/envoy/gen/envoy/config/endpoint/v3/endpoint.ts";
import type { Listener } from "../../../emit/envoy/gen/envoy/config/listener/v3/listener.ts";
import type { RouteConfiguration } from "../../../emit/envoy/gen/envoy/config/route/v3/route.ts";
import { gatewayListenPort } from "../../../ir/gateway-selection.ts";
import { hasClusterIp } from "../../../ir/service-addresses.ts";

/** One sidecar's configuration, by resource name. */
export interface ProxyConfig {
  readonly workload: WorkloadNode;
  readonly listeners: ReadonlyMap<string, Listener>;
  readonly routes: ReadonlyMap<string, RouteConfiguration>;
  readonly clusters: ReadonlyMap<string, Cluster>;
  /** EDS assignments by cluster name. */
  readonly endpoints: ReadonlyMap<string, ClusterLoadAssignment>;
  /** The `virtualInbound` listener. */
  readonly inbound: Listener | undefined;
}

export interface MeshConfigs {
  /** The IR the configuration was built from (with synthetic addresses). */
  readonly ir: MeshIR;
  /** Workload by endpoint address (real or synthetic). */
  readonly byAddress: ReadonlyMap<string, WorkloadNode>;
  /** Addresses the engine made up (never reported as source / destination IPs). */
  readonly synthetic: ReadonlySet<string>;
  /** The configuration of a sidecar workload (by id); undefined for workloads without a sidecar. */
  readonly proxy: (workloadId: string) => ProxyConfig | undefined;
  /** The cluster IP of a Service (by FQDN) in the configuration: the input's, or the engine's synthetic one. */
  readonly clusterIp: (fqdn: string) => string | undefined;
  /** The router configuration of the gateway proxy that runs a Gateway (compiler/emit/envoy/gateway). */
  readonly gateway: (gateway: GatewayNode) => GatewayProxyConfig | undefined;
}

/**
 * A gateway proxy's configuration; `listenPort` is where a client reaching the Gateway on a Service port lands on the
 * pod (compiler/ir/gateway-selection.ts `gatewayListenPort`: the Service port's target port), undefined when no port
 * of the pod takes it.
 */
export interface GatewayProxyConfig extends ProxyConfig {
  readonly listenPort: (port: number) => number | undefined;
}

const cache = new WeakMap<MeshIR, MeshConfigs>();

/** Octets 100-199, so synthetic addresses sort in creation order. */
const syntheticAddress = (first: number, i: number): string =>
  `${first}.${100 + Math.floor(i / 10000)}.${100 + (Math.floor(i / 100) % 100)}.${100 + (i % 100)}`;

function withAddresses(ir: MeshIR): { ir: MeshIR; synthetic: Set<string> } {
  const synthetic = new Set<string>();
  // A Service with a cluster IP the input does not write has one in the cluster (the API server allocates it), and
  // istiod binds its TCP and sniffed ports to it: the engine gives it a synthetic one (`241.1xx.1xx.1xx`), so that
  // its listeners are its own, as in the cluster (compiler/ir/service-addresses.ts `hasClusterIp`).
  const services = ir.services.map((s, i) => {
    if (!hasClusterIp(s) || (s.addresses ?? []).length > 0) return s;
    const address = syntheticAddress(241, i);
    synthetic.add(address);
    return { ...s, addresses: [address] };
  });
  const workloads = ir.workloads.map((w, i) => {
    if (w.addresses.length > 0) return w;
    // Octets 100-199 have three digits, so the emitter's address-sorted EDS endpoints keep the workloads' order
    // (`240.240.0.10` would sort before `240.240.0.9`), which is the order the Istio engine lists outcomes in.
    const address = syntheticAddress(240, i);
    synthetic.add(address);
    return { ...w, addresses: [address] };
  });
  return { ir: { ...ir, services, workloads }, synthetic };
}

const byName = <T>(items: readonly T[], name: (t: T) => string): Map<string, T> =>
  new Map(items.map((t) => [name(t), t]));

/** The emitted configuration of every sidecar of `ir`, built lazily and cached per IR. */
export function meshConfigs(original: MeshIR): MeshConfigs {
  const hit = cache.get(original);
  if (hit !== undefined) return hit;
  const { ir, synthetic } = withAddresses(original);
  const byAddress = new Map<string, WorkloadNode>();
  for (const w of ir.workloads) for (const a of w.addresses) if (!byAddress.has(a)) byAddress.set(a, w);
  const proxies = new Map<string, ProxyConfig | undefined>();
  const proxy = (id: string): ProxyConfig | undefined => {
    if (proxies.has(id)) return proxies.get(id);
    const workload = ir.workloads.find((w) => w.id === id);
    let config: ProxyConfig | undefined;
    if (workload !== undefined && workload.sidecar) {
      const out = buildOutbound(ir, workload);
      const inbound = buildInbound(ir, workload);
      config = {
        workload,
        listeners: byName(out.listeners, (l) => l.name),
        routes: byName(out.routes, (r) => r.name),
        clusters: byName([...out.clusters, ...inbound.clusters], (c) => c.name),
        endpoints: byName(out.endpoints, (e) => e.clusterName),
        inbound: inbound.listeners.find((l) => l.name === "virtualInbound"),
      };
    }
    proxies.set(id, config);
    return config;
  };
  const gateways = new Map<GatewayNode, GatewayProxyConfig | undefined>();
  const gateway = (g: GatewayNode): GatewayProxyConfig | undefined => {
    if (gateways.has(g)) return gateways.get(g);
    const p = proxyForGateway(ir, g);
    const built = p === undefined ? undefined : buildGateway(ir, p);
    const config =
      p === undefined || built === undefined
        ? undefined
        : {
            workload: p.workload,
            listeners: byName(built.listeners, (l) => l.name),
            routes: byName(built.routes, (r) => r.name),
            clusters: byName(built.clusters, (c) => c.name),
            endpoints: byName(built.endpoints, (e) => e.clusterName),
            inbound: undefined,
            listenPort: (port: number) => gatewayListenPort(ir, g, port),
          };
    gateways.set(g, config);
    return config;
  };
  const vips = new Map<string, string>();
  for (const s of ir.services) {
    const first = (s.addresses ?? []).find((a) => !a.includes(":")) ?? s.addresses?.[0];
    if (hasClusterIp(s) && first !== undefined && !vips.has(s.fqdn)) vips.set(s.fqdn, first);
  }
  const clusterIp = (fqdn: string) => vips.get(fqdn);
  const value: MeshConfigs = { ir, byAddress, synthetic, clusterIp, proxy, gateway };
  cache.set(original, value);
  return value;
}
