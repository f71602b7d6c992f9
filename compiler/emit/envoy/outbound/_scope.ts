// What one sidecar sees on its outbound side: the services (Kubernetes Services and ServiceEntry hosts) and
// VirtualServices visible to it, its outbound traffic policy, and the DestinationRule it uses per host. This is
// istiod's `SidecarScope` (pilot/pkg/model/sidecar.go `DefaultSidecarScopeForNamespace` / `ConvertToSidecarScope`)
// reduced to what the IR knows.
import { hostMatches } from "../../../ir/_hosts.ts";
import { inferProtocol } from "../../../ir/protocol.ts";
import {
  resourcesOf,
  type Fqdn,
  type MeshIR,
  type Protocol,
  type ServiceEntryNode,
  type SidecarNode,
  type VirtualServiceNode,
  type WorkloadNode,
} from "../../../ir/ir.ts";
import type { Labels } from "../../../ir/istio-api.ts";
import type { Client } from "../../../eval/istio/_model.ts";
import { destinationRuleFor, type AppliedRule } from "../../../eval/istio/destination-rule.ts";
import { visibleFrom } from "../../../eval/istio/visibility.ts";
import { byString } from "./_proto.ts";

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
}

/** istiod's `model.Service` as far as the IR knows it (no VIPs). */
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
}

export interface OutboundScope {
  readonly ir: MeshIR;
  readonly workload: WorkloadNode;
  readonly client: Client;
  /** Sorted by hostname. */
  readonly services: readonly OutboundService[];
  /** VirtualServices bound to `mesh` and visible to the workload, in IR order. */
  readonly virtualServices: readonly VirtualServiceNode[];
  readonly outboundTrafficPolicy: "ALLOW_ANY" | "REGISTRY_ONLY";
  readonly destinationRule: (service: OutboundService) => AppliedRule | undefined;
}

const subsetOf = (subset: Labels | undefined, labels: Labels): boolean => Object.entries(subset ?? {}).every(([k, v]) => labels[k] === v);

function spiffe(ir: MeshIR, namespace: string, sa: string): string {
  return `spiffe://${ir.meshConfig.trustDomain}/ns/${namespace}/sa/${sa}`;
}

function kubernetesServices(ir: MeshIR): OutboundService[] {
  return ir.services.map((svc) => {
    const workloads = svc.workloads.map((id) => ir.workloads.find((w) => w.id === id)).filter((w): w is WorkloadNode => w !== undefined);
    return {
      hostname: svc.fqdn,
      name: svc.name,
      namespace: svc.namespace,
      ports: svc.ports.map((p) => ({ port: p.port, name: p.name ?? "", protocol: p.protocol, targetPort: p.targetPort })),
      registry: "Kubernetes",
      resolution: "EDS",
      meshExternal: false,
      endpoints: (port, subset) =>
        workloads.filter((w) => subsetOf(subset, w.labels)).flatMap((w) => w.addresses.map((address) => ({ address, port: port.targetPort, labels: w.labels, workload: w }))),
      serviceAccounts: [...new Set(workloads.map((w) => spiffe(ir, w.namespace, w.serviceAccount)))].sort(byString),
    };
  });
}

/** One service per ServiceEntry host (istiod `convertServices`, pilot/pkg/serviceregistry/serviceentry/conversion.go). */
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
  const selectedWorkloads = selected === undefined ? [] : ir.workloads.filter((w) => w.namespace === se.meta.namespace && subsetOf(selected, w.labels));
  const resolution = spec.resolution ?? "NONE";
  return se.hosts.map((hostname) => ({
    hostname,
    name: hostname,
    namespace: se.meta.namespace,
    ports,
    registry: "External",
    resolution: resolution === "STATIC" ? "EDS" : resolution,
    meshExternal: spec.location !== "MESH_INTERNAL",
    endpoints: (port, subset) => {
      if (selected !== undefined) {
        return selectedWorkloads
          .filter((w) => subsetOf(subset, w.labels))
          .flatMap((w) => w.addresses.map((address) => ({ address, port: port.targetPort, labels: w.labels, workload: w })));
      }
      const eps = spec.endpoints ?? [];
      // DNS resolution without endpoints resolves the host itself (conversion.go `convertEndpoint` for DNS).
      if (eps.length === 0 && (resolution === "DNS" || resolution === "DNS_ROUND_ROBIN") && !hostname.startsWith("*")) {
        return subset === undefined || Object.keys(subset).length === 0 ? [{ address: hostname, port: port.targetPort, labels: {}, workload: undefined }] : [];
      }
      return eps
        .filter((ep) => ep.address !== undefined && subsetOf(subset, ep.labels ?? {}))
        .map((ep) => ({ address: ep.address!, port: ep.ports?.[port.name] ?? port.targetPort, labels: ep.labels ?? {}, workload: undefined }));
    },
    serviceAccounts: [
      ...new Set([
        ...(spec.subjectAltNames ?? []),
        ...(spec.endpoints ?? []).filter((e) => e.serviceAccount !== undefined).map((e) => spiffe(ir, se.meta.namespace, e.serviceAccount!)),
        ...selectedWorkloads.map((w) => spiffe(ir, w.namespace, w.serviceAccount)),
      ]),
    ].sort(byString),
  }));
}

/** The Sidecar resource that configures the workload: its own selector first, then its namespace's, then the root's. */
function sidecarFor(ir: MeshIR, workload: WorkloadNode): SidecarNode | undefined {
  const all = resourcesOf(ir, "sidecar");
  return (
    all.find((s) => s.meta.namespace === workload.namespace && s.selectedWorkloads?.includes(workload.id)) ??
    all.find((s) => s.meta.namespace === workload.namespace && s.selectedWorkloads === undefined) ??
    all.find((s) => s.meta.namespace === ir.meshConfig.rootNamespace && s.selectedWorkloads === undefined)
  );
}

/** Sidecar egress `hosts` (`ns/dnsName`, `*` / `.` / `~` namespaces): sidecar.go `matchingAliasService` rules. */
function egressAllows(hosts: readonly string[] | undefined, workloadNs: string, namespace: string, host: string): boolean {
  if (hosts === undefined) return true;
  return hosts.some((h) => {
    const slash = h.indexOf("/");
    const ns = slash < 0 ? "*" : h.slice(0, slash);
    const dns = slash < 0 ? h : h.slice(slash + 1);
    const nsOk = ns === "*" || (ns === "." ? workloadNs : ns) === namespace;
    return ns !== "~" && nsOk && hostMatches(dns, host);
  });
}

/** The outbound view of `workload`. */
export function outboundScope(ir: MeshIR, workload: WorkloadNode): OutboundScope {
  const client: Client = {
    proxy: "sidecar",
    label: workload.id,
    namespace: workload.namespace,
    labels: workload.labels,
    workload,
    gateway: undefined,
    principal: `${ir.meshConfig.trustDomain}/ns/${workload.namespace}/sa/${workload.serviceAccount}`,
    ip: workload.addresses[0],
  };
  const sidecar = sidecarFor(ir, workload);
  // The catch-all egress listener (no port) decides which hosts are imported; meshc does not model per-port ones.
  const egressHosts = sidecar?.spec.egress?.find((e) => e.port === undefined)?.hosts;
  const entries = resourcesOf(ir, "serviceEntry").filter((se) => visibleFrom(se.exportTo, workload.namespace));
  const all = [...kubernetesServices(ir), ...entries.flatMap((se) => serviceEntryServices(ir, se))];
  const seen = new Set<string>();
  const services = all
    .filter((s) => egressAllows(egressHosts, workload.namespace, s.namespace, s.hostname))
    .sort((a, b) => byString(a.hostname, b.hostname))
    .filter((s) => !seen.has(s.hostname) && seen.add(s.hostname) !== undefined);
  const virtualServices = resourcesOf(ir, "virtualService").filter(
    (vs) =>
      vs.gateways.includes("mesh") &&
      visibleFrom(vs.exportTo, workload.namespace) &&
      vs.hosts.some((h) => egressAllows(egressHosts, workload.namespace, vs.meta.namespace, h)),
  );
  return {
    ir,
    workload,
    client,
    services,
    virtualServices,
    outboundTrafficPolicy: sidecar?.spec.outboundTrafficPolicy?.mode ?? ir.meshConfig.outboundTrafficPolicy,
    destinationRule: (s) => destinationRuleFor(ir, client, s.hostname, s.namespace),
  };
}
