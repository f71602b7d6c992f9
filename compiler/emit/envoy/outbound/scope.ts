// What one sidecar sees on its outbound side: the services (Kubernetes Services and ServiceEntry hosts) and
// VirtualServices visible to it, its outbound traffic policy, and the DestinationRule it uses per host. This is
// istiod's `SidecarScope` (pilot/pkg/model/sidecar.go `DefaultSidecarScopeForNamespace` / `ConvertToSidecarScope`)
// reduced to what the IR knows.
//
// istiod computes one SidecarScope per Sidecar resource (and one default per namespace), not per proxy, and keys its
// CDS/RDS caches by it. Here too the expensive part (which services and VirtualServices are visible) is computed
// once per `outboundScopeKey` and shared; the per-workload `OutboundScope` only adds the client.
import { sidecarOf } from "../../../ir/sidecar-of.ts";
import { importsVirtualServiceHost, parseEgressHost } from "../../../ir/sidecar-egress.ts";
import { sidecarVirtualServiceOrder } from "../../../ir/sidecar-vs-order.ts";
import { virtualServicesByPrecedence } from "../../../ir/creation-order.ts";
import { hostMatches } from "../../../ir/hosts.ts";
import {
  resourcesOf,
  type DestinationRuleNode,
  type MeshIR,
  type SidecarNode,
  type VirtualServiceNode,
  type WorkloadNode,
} from "../../../ir/ir.ts";
import type { Labels } from "../../../ir/istio-api.ts";
import { destinationRuleFor, type AppliedRule } from "../../../ir/destination-rules.ts";
import { visibleFrom } from "../../../ir/visibility.ts";
import { serviceEndpoints } from "../../../ir/service-endpoints.ts";
import { byString } from "../proto.ts";
import { serviceRegistry, subsetOf, type OutboundService, type RegistryEntry } from "./_services.ts";

export type { OutboundEndpoint, OutboundPort, OutboundService } from "./_services.ts";

export interface OutboundScope {
  readonly ir: MeshIR;
  readonly workload: WorkloadNode;
  /** Sorted by hostname. */
  readonly services: readonly OutboundService[];
  /** VirtualServices bound to `mesh` and visible to the workload, in the order istiod holds them. */
  readonly virtualServices: readonly VirtualServiceNode[];
  readonly outboundTrafficPolicy: "ALLOW_ANY" | "REGISTRY_ONLY";
  readonly destinationRule: (service: OutboundService) => AppliedRule | undefined;
}

interface ScopeIndex {
  readonly sidecarIds: ReadonlyMap<SidecarNode, number>;
  /** DestinationRules with a workloadSelector, by namespace (they make the DR lookup client-specific). */
  readonly selectingRules: ReadonlyMap<string, readonly DestinationRuleNode[]>;
  /** Every distinct `sourceLabels` of a `mesh` VirtualService match (they make routes client-specific). */
  readonly sourceLabels: readonly Labels[];
  /** VirtualServices bound to `mesh`, with their IR position, all and by namespace. */
  readonly meshVs: readonly { vs: VirtualServiceNode; order: number }[];
  readonly meshVsByNamespace: ReadonlyMap<string, readonly { vs: VirtualServiceNode; order: number }[]>;
  /** Endpoint addresses of headless Services: a proxy at one gets no listener or chain for it (listeners.ts). */
  readonly headlessAddresses: ReadonlySet<string>;
}

interface SharedScope {
  readonly services: readonly OutboundService[];
  readonly virtualServices: readonly VirtualServiceNode[];
  readonly outboundTrafficPolicy: "ALLOW_ANY" | "REGISTRY_ONLY";
}

const indexes = new WeakMap<MeshIR, ScopeIndex>();
const shared = new WeakMap<MeshIR, Map<string, SharedScope>>();

function group<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = m.get(k);
    if (list === undefined) m.set(k, [t]);
    else list.push(t);
  }
  return m;
}

function scopeIndex(ir: MeshIR): ScopeIndex {
  let index = indexes.get(ir);
  if (index !== undefined) return index;
  const sidecarList = resourcesOf(ir, "sidecar");
  // push_context.go initVirtualServices: in istiod's precedence order (oldest first), which decides conflicts.
  const meshVs = virtualServicesByPrecedence(ir)
    .map((vs, order) => ({ vs, order }))
    .filter(({ vs }) => vs.gateways.includes("mesh"));
  const labels = new Map<string, Labels>();
  for (const { vs } of meshVs) {
    for (const r of [...(vs.spec.http ?? []), ...(vs.spec.tcp ?? []), ...(vs.spec.tls ?? [])]) {
      for (const m of r.match ?? [])
        if (m.sourceLabels !== undefined)
          labels.set(JSON.stringify(Object.entries(m.sourceLabels).sort()), m.sourceLabels);
    }
  }
  index = {
    sidecarIds: new Map(sidecarList.map((s, i) => [s, i])),
    selectingRules: group(
      resourcesOf(ir, "destinationRule").filter((dr) => dr.selectedWorkloads !== undefined),
      (dr) => dr.meta.namespace,
    ),
    sourceLabels: [...labels.values()],
    meshVs,
    meshVsByNamespace: group(meshVs, ({ vs }) => vs.meta.namespace),
    headlessAddresses: new Set(
      ir.services
        .filter((svc) => svc.headless === true)
        .flatMap((svc) => svc.ports.flatMap((p) => serviceEndpoints(ir, svc, p).map((e) => e.address))),
    ),
  };
  indexes.set(ir, index);
  return index;
}

/**
 * The Sidecar resource that configures the workload (compiler/ir/sidecar-of.ts); none for a router (push_context.go
 * `getSidecarScope`: "Gateways always use default sidecar scope").
 */
const sidecarFor = (ir: MeshIR, _index: ScopeIndex, workload: WorkloadNode, router = false): SidecarNode | undefined =>
  router ? undefined : sidecarOf(ir, workload);

/**
 * What the outbound configuration of `workload` depends on, as a string: its namespace (exportTo, DestinationRule
 * lookup, short host names), its Sidecar, the workload-selecting DestinationRules of its namespace that select it,
 * which VirtualService `sourceLabels` it matches, and its address when a headless Service has an endpoint there.
 * Workloads with the same key get the same outbound
 * listeners, routes, clusters and endpoints (istiod: same SidecarScope, same CDS/RDS cache entries).
 */
export function outboundScopeKey(ir: MeshIR, workload: WorkloadNode, router = false): string {
  const index = scopeIndex(ir);
  const sidecar = sidecarFor(ir, index, workload, router);
  let key = `${workload.namespace}\n${sidecar === undefined ? -1 : index.sidecarIds.get(sidecar)}\n`;
  for (const dr of index.selectingRules.get(workload.namespace) ?? [])
    if (dr.selectedWorkloads!.includes(workload.id)) key += `${dr.meta.name}\0`;
  key += "\n";
  for (const labels of index.sourceLabels) key += subsetOf(labels, workload.labels) ? "1" : "0";
  // listener.go skips a headless Service's endpoint at the proxy's own first address (`instance.Address ==
  // node.IPAddresses[0]`), so such a proxy's listeners are its own.
  const own = workload.addresses[0];
  if (own !== undefined && index.headlessAddresses.has(own))
    key += `
${own}`;
  return key;
}

/**
 * The items an egress host list imports (sidecar.go `matchingAliasService` rules: `*` any namespace, `.` the
 * workload's, `~` none), looking only at the named namespace's items; all items when there is no list. Returned in
 * their original order.
 */
function imported<T extends { order: number }>(
  hosts: readonly string[] | undefined,
  workloadNs: string,
  all: readonly T[],
  byNs: ReadonlyMap<string, readonly T[]>,
  matches: (item: T, dns: string) => boolean,
): T[] {
  if (hosts === undefined) return [...all];
  const picked = new Map<number, T>();
  for (const h of hosts) {
    const parsed = parseEgressHost(h, workloadNs);
    if (parsed === undefined) continue;
    for (const item of parsed.namespace === "*" ? all : (byNs.get(parsed.namespace) ?? []))
      if (!picked.has(item.order) && matches(item, parsed.dnsName)) picked.set(item.order, item);
  }
  return [...picked.values()].sort((a, b) => a.order - b.order);
}

function sharedScope(ir: MeshIR, workload: WorkloadNode, key: string, router: boolean): SharedScope {
  let perIr = shared.get(ir);
  if (perIr === undefined) {
    perIr = new Map();
    shared.set(ir, perIr);
  }
  const hit = perIr.get(key);
  if (hit !== undefined) return hit;
  const index = scopeIndex(ir);
  const sidecar = sidecarFor(ir, index, workload, router);
  const ns = workload.namespace;
  // The catch-all egress listener (no port) decides which hosts are imported; meshc does not model per-port ones.
  const egressHosts = sidecar?.spec.egress?.find((e) => e.port === undefined)?.hosts;
  const registry = serviceRegistry(ir);
  const entries = imported<RegistryEntry>(egressHosts, ns, registry.entries, registry.byNamespace, (e, dns) =>
    hostMatches(dns, e.service.hostname),
  );
  // One service per hostname. A sidecar's scope (PILOT_UNIFIED_SIDECAR_SCOPE, default since Istio 1.24:
  // sidecar.go `DefaultSidecarScopeForNamespace` → `convertToSidecarScope`) first selects, per hostname imported from
  // several namespaces, the one in its own namespace (`selectServices`: "If the same hostname is imported from
  // multiple namespaces, pick the one in the configNamespace"); of the rest `appendSidecarServices` keeps the
  // Kubernetes Service, else the first in registry order. A gateway's scope (`DefaultSidecarScopeForGateway`) only
  // appends: the Kubernetes Service, else the first.
  const visible = entries.filter((e) => visibleFrom(e.exportTo, ns)).map((e) => e.service);
  const own = new Set(router ? [] : visible.filter((s) => s.namespace === ns).map((s) => s.hostname));
  const seen = new Set<string>();
  const services = visible
    .filter((s) => !own.has(s.hostname) || s.namespace === ns)
    .sort((a, b) => byString(a.hostname, b.hostname))
    .filter((s) => !seen.has(s.hostname) && seen.add(s.hostname) !== undefined);
  // model/sidecar.go hostClassification.VSMatches (ir/sidecar-egress.ts), in the order virtualservice.go
  // SelectVirtualServices holds them (ir/sidecar-vs-order.ts).
  const virtualServices = sidecarVirtualServiceOrder(
    imported(egressHosts, ns, index.meshVs, index.meshVsByNamespace, ({ vs }, dns) =>
      vs.hosts.some((h) => importsVirtualServiceHost(vs, h, dns)),
    )
      .filter(({ vs }) => visibleFrom(vs.exportTo, ns))
      .map(({ vs }) => vs),
    ns,
  );
  const result: SharedScope = {
    services,
    virtualServices,
    outboundTrafficPolicy: sidecar?.spec.outboundTrafficPolicy?.mode ?? ir.meshConfig.outboundTrafficPolicy,
  };
  perIr.set(key, result);
  return result;
}

/** The outbound view of `workload`: the shared part of its scope key plus the workload as a client. */
export function outboundScope(
  ir: MeshIR,
  workload: WorkloadNode,
  options: { readonly router?: boolean } = {},
): OutboundScope {
  const client = { namespace: workload.namespace, workload };
  const router = options.router === true;
  const s = sharedScope(ir, workload, outboundScopeKey(ir, workload, router), router);
  return {
    ir,
    workload,
    services: s.services,
    virtualServices: s.virtualServices,
    outboundTrafficPolicy: s.outboundTrafficPolicy,
    destinationRule: (svc) => destinationRuleFor(ir, client, svc.hostname, svc.namespace),
  };
}
