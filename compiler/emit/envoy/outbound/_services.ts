// The mesh's services as a sidecar's outbound side sees them (istiod `model.Service` with its endpoints): every
// Kubernetes Service and every ServiceEntry host, built once per IR and shared by every workload's scope, as istiod
// keeps one service registry per push (pilot/pkg/model/push_context.go `initServiceRegistry`) and filters it per
// SidecarScope. Endpoint lists are memoized per (port, subset labels), as istiod's EDS cache is per cluster.
import { inferProtocol } from "../../../ir/protocol.ts";
import {
  resourcesOf,
  workloadById,
  type Fqdn,
  type MeshIR,
  type Protocol,
  type ServiceEntryNode,
  type Visibility,
  type WorkloadNode,
} from "../../../ir/ir.ts";
import type { Labels } from "../../../ir/istio-api.ts";
import { serviceEndpoints, type ServiceEndpoint } from "../../../ir/service-endpoints.ts";
import {
  serviceAliases,
  serviceEntryAddresses,
  serviceVips,
  type ServiceAlias,
} from "../../../ir/service-addresses.ts";
import { byString } from "../proto.ts";
import { endpointTlsMode } from "../../../ir/tls-mode.ts";

/** `model.DisabledTLSModeLabel`: an address without a Pod (a ServiceEntry endpoint, an EndpointSlice address). */
const DISABLED = "disabled";

export interface OutboundPort {
  readonly port: number;
  readonly name: string;
  readonly protocol: Protocol;
  readonly targetPort: number;
}

/** One upstream address. `workload` is set for registry workloads (labels, sidecar, identity are known). */
export interface OutboundEndpoint {
  readonly address: string;
  readonly port: number;
  readonly labels: Labels;
  readonly workload: WorkloadNode | undefined;
  /**
   * The endpoint's `security.istio.io/tlsMode` (compiler/ir/tls-mode.ts `endpointTlsMode`): `istio` for injected
   * Pods, `disabled` for addresses without a Pod and for gateway Pods without the label.
   */
  readonly tlsMode: string;
}

/** istiod's `model.Service` as far as the IR knows it. */
export interface OutboundService {
  readonly hostname: Fqdn;
  /** `Attributes.Name` / `Attributes.Namespace` (a ServiceEntry's name is its host). */
  readonly name: string;
  readonly namespace: string;
  readonly ports: readonly OutboundPort[];
  readonly registry: "Kubernetes" | "External";
  /** EDS = istiod `ClientSideLB`; DNS / DNS_ROUND_ROBIN; NONE = `Passthrough` (ORIGINAL_DST). */
  readonly resolution: "EDS" | "DNS" | "DNS_ROUND_ROBIN" | "NONE";
  readonly meshExternal: boolean;
  /** Endpoints of a port, those whose labels include `subsetLabels` when given (endpoint_builder.go `SubsetOf`). */
  readonly endpoints: (port: OutboundPort, subsetLabels: Labels | undefined) => readonly OutboundEndpoint[];
  /** SPIFFE URIs of the endpoints' identities, sorted (`push.ServiceAccounts`), for ISTIO_MUTUAL SANs. */
  readonly serviceAccounts: readonly string[];
  /**
   * Its addresses (compiler/ir/service-addresses.ts): a Kubernetes Service's cluster IPs (`ClusterVIPs`), a
   * ServiceEntry host's IPs and CIDRs, one istiod service each (`convertServices`); empty: `0.0.0.0`.
   */
  readonly addresses: readonly string[];
  /** An ExternalName Service (resolution `Alias`): the host it names. No listener, cluster or virtual host of its own. */
  readonly alias?: string;
  /** The ExternalName Services that are aliases of this one (`Attributes.Aliases`): more virtual host domains. */
  readonly aliases: readonly ServiceAlias[];
}

/** A service of the registry with what decides who sees it: its exportTo (Kubernetes Services: public). */
export interface RegistryEntry {
  readonly service: OutboundService;
  readonly exportTo: Visibility;
  /** Position in the registry (Kubernetes Services first, then ServiceEntry hosts, in IR order). */
  readonly order: number;
}

export interface ServiceRegistry {
  readonly entries: readonly RegistryEntry[];
  /** Entries by the service's namespace, in registry order (Sidecar egress `ns/host` looks up only its namespace). */
  readonly byNamespace: ReadonlyMap<string, readonly RegistryEntry[]>;
}

const PUBLIC: Visibility = { kind: "public" };

export const subsetOf = (subset: Labels | undefined, labels: Labels): boolean => {
  if (subset === undefined) return true;
  for (const k in subset) if (labels[k] !== subset[k]) return false;
  return true;
};

function spiffe(ir: MeshIR, namespace: string, sa: string): string {
  return `spiffe://${ir.meshConfig.trustDomain}/ns/${namespace}/sa/${sa}`;
}

/** `endpoints` memoized per (port, subset labels): the same cluster's endpoints are asked by every scope seeing it. */
function memoEndpoints(fn: OutboundService["endpoints"]): OutboundService["endpoints"] {
  const memo = new Map<string, readonly OutboundEndpoint[]>();
  return (port, subset) => {
    const key = `${port.port}\0${port.targetPort}\0${port.name}\0${subset === undefined ? "" : JSON.stringify(Object.entries(subset).sort())}`;
    let eps = memo.get(key);
    if (eps === undefined) memo.set(key, (eps = fn(port, subset)));
    return eps;
  };
}

const workloadEndpoints = (
  ir: MeshIR,
  workloads: readonly WorkloadNode[],
  port: OutboundPort,
  subset: Labels | undefined,
): OutboundEndpoint[] =>
  workloads
    .filter((w) => subsetOf(subset, w.labels))
    .flatMap((w) =>
      w.addresses.map((address) => ({
        address,
        port: port.targetPort,
        labels: w.labels,
        workload: w,
        tlsMode: endpointTlsMode(ir, w),
      })),
    );

function kubernetesServices(ir: MeshIR): OutboundService[] {
  const aliases = serviceAliases(ir);
  return ir.services.map((svc) => {
    // ir/service-endpoints.ts: the EndpointSlices' endpoints, else the selected Pods' addresses.
    const endpointsOf = (port: OutboundPort): readonly ServiceEndpoint[] => {
      const p = svc.ports.find((x) => x.port === port.port);
      return p === undefined ? [] : serviceEndpoints(ir, svc, p);
    };
    const workloads = [
      ...new Set([
        ...svc.workloads.map((id) => workloadById(ir, id)),
        ...svc.ports.flatMap((p) => serviceEndpoints(ir, svc, p).map((e) => e.workload)),
      ]),
    ].filter((w): w is WorkloadNode => w !== undefined);
    return {
      hostname: svc.fqdn,
      name: svc.name,
      namespace: svc.namespace,
      ports: svc.ports.map((p) => ({
        port: p.port,
        name: p.name ?? "",
        protocol: p.protocol,
        targetPort: p.targetPort,
      })),
      registry: "Kubernetes",
      // kube/conversion.go ConvertService: a headless Service (clusterIP None) is Passthrough; an ExternalName one
      // an Alias (MeshExternal), which gets no cluster, so its resolution is never read.
      resolution: svc.headless === true ? "NONE" : svc.externalName !== undefined ? "DNS" : "EDS",
      meshExternal: svc.externalName !== undefined,
      addresses: serviceVips(svc),
      ...(svc.externalName === undefined ? {} : { alias: svc.externalName }),
      aliases: aliases.get(svc.fqdn) ?? [],
      endpoints: memoEndpoints((port, subset) =>
        endpointsOf(port)
          .filter((e) => subsetOf(subset, e.workload?.labels ?? {}))
          .map((e) => ({
            address: e.address,
            port: e.port,
            labels: e.workload?.labels ?? {},
            workload: e.workload,
            tlsMode: e.workload === undefined ? DISABLED : endpointTlsMode(ir, e.workload),
          })),
      ),
      serviceAccounts: [...new Set(workloads.map((w) => spiffe(ir, w.namespace, w.serviceAccount)))].sort(byString),
    };
  });
}

/**
 * One service per ServiceEntry host (istiod `convertServices`, pilot/pkg/serviceregistry/serviceentry/conversion.go).
 * istiod makes one per host and address; they differ only in their address, so meshc keeps one with every address
 * (`addresses`), and the listeners (listeners.ts) and virtual host domains (virtual-hosts.ts) read them as istiod's
 * per-address services would be read.
 */
function serviceEntryServices(ir: MeshIR, se: ServiceEntryNode): OutboundService[] {
  const spec = se.spec;
  const ports: OutboundPort[] = (spec.ports ?? []).map((p) => ({
    port: p.number,
    name: p.name,
    // conversion.go: the port's `protocol` goes through protocol.Parse, like a port name prefix.
    protocol: inferProtocol(p.protocol ?? p.name, undefined, undefined),
    targetPort: p.targetPort ?? p.number,
  }));
  const selected = spec.workloadSelector?.labels;
  const selectedWorkloads =
    selected === undefined
      ? []
      : ir.workloads.filter((w) => w.namespace === se.meta.namespace && subsetOf(selected, w.labels));
  const resolution = spec.resolution ?? "NONE";
  // The check stage refuses DYNAMIC_DNS (MESH2191, check/validate/dynamic-dns.ts), so no admitted IR reaches here with it.
  if (resolution === "DYNAMIC_DNS") throw new Error("internal error: a DYNAMIC_DNS ServiceEntry reached the emitter");
  const addresses = serviceEntryAddresses(se);
  const aliases = serviceAliases(ir);
  return se.hosts.map((hostname) => ({
    hostname,
    name: hostname,
    namespace: se.meta.namespace,
    ports,
    registry: "External",
    resolution: resolution === "STATIC" ? "EDS" : resolution,
    meshExternal: spec.location !== "MESH_INTERNAL",
    addresses,
    aliases: aliases.get(hostname) ?? [],
    endpoints: memoEndpoints((port, subset) => {
      if (selected !== undefined) return workloadEndpoints(ir, selectedWorkloads, port, subset);
      const eps = spec.endpoints ?? [];
      // DNS resolution without endpoints resolves the host itself (conversion.go `convertEndpoint` for DNS).
      if (eps.length === 0 && (resolution === "DNS" || resolution === "DNS_ROUND_ROBIN") && !hostname.startsWith("*")) {
        return subset === undefined || Object.keys(subset).length === 0
          ? [{ address: hostname, port: port.targetPort, labels: {}, workload: undefined, tlsMode: DISABLED }]
          : [];
      }
      return eps
        .filter((ep) => ep.address !== undefined && subsetOf(subset, ep.labels ?? {}))
        .map((ep) => ({
          address: ep.address!,
          port: ep.ports?.[port.name] ?? port.targetPort,
          labels: ep.labels ?? {},
          workload: undefined,
          tlsMode: DISABLED,
        }));
    }),
    serviceAccounts: [
      ...new Set([
        ...(spec.subjectAltNames ?? []),
        ...(spec.endpoints ?? [])
          .filter((e) => e.serviceAccount !== undefined)
          .map((e) => spiffe(ir, se.meta.namespace, e.serviceAccount!)),
        ...selectedWorkloads.map((w) => spiffe(ir, w.namespace, w.serviceAccount)),
      ]),
    ].sort(byString),
  }));
}

const registries = new WeakMap<MeshIR, ServiceRegistry>();

/** Every service of the mesh, built once per IR (the IR is immutable once lowered). */
export function serviceRegistry(ir: MeshIR): ServiceRegistry {
  let reg = registries.get(ir);
  if (reg !== undefined) return reg;
  const entries: RegistryEntry[] = [];
  for (const service of kubernetesServices(ir)) entries.push({ service, exportTo: PUBLIC, order: entries.length });
  for (const se of resourcesOf(ir, "serviceEntry")) {
    for (const service of serviceEntryServices(ir, se))
      entries.push({ service, exportTo: se.exportTo, order: entries.length });
  }
  const byNamespace = new Map<string, RegistryEntry[]>();
  for (const e of entries) {
    const list = byNamespace.get(e.service.namespace);
    if (list === undefined) byNamespace.set(e.service.namespace, [e]);
    else list.push(e);
  }
  reg = { entries, byNamespace };
  registries.set(ir, reg);
  return reg;
}
