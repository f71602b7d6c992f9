/**
 * Which destinations a change can affect, so that only those are partitioned and evaluated (issue 17 §4). Conservative:
 * a registry or MeshConfig change, a Sidecar or an unscoped resource affects everything; a VirtualService, a
 * DestinationRule or a ServiceEntry affects the destinations whose host or route destinations its hosts match; a
 * PeerAuthentication, RequestAuthentication or AuthorizationPolicy the destinations whose servers (the workloads
 * behind the host and its route destinations, gateway pods through a gateway) it may select.
 */
import { hostMatches } from "../ir/hosts.ts";
import type { IstioNode, MeshIR } from "../ir/ir.ts";
import { serverWorkloads, virtualServicesFor, type Destination } from "./space.ts";

const withoutSpans = (_key: string, value: unknown) =>
  _key === "span" || _key === "spans" ? undefined : value instanceof Map ? [...value] : value;
const text = (x: unknown) => JSON.stringify(x, withoutSpans);

interface Touched {
  all: boolean;
  allIngress: boolean;
  hosts: Set<string>;
  workloads: Set<string>;
  namespaces: Set<string>;
}

function touch(t: Touched, r: IstioNode): void {
  switch (r.kind) {
    case "virtualService":
      if (r.hosts.length === 0) t.all = true;
      for (const h of r.hosts) t.hosts.add(h);
      return;
    case "destinationRule":
      t.hosts.add(r.host);
      return;
    case "serviceEntry":
      for (const h of r.hosts) t.hosts.add(h);
      return;
    case "gateway":
      t.allIngress = true;
      return;
    case "sidecar":
      t.all = true;
      return;
    case "peerAuthentication":
    case "requestAuthentication":
    case "authorizationPolicy":
      if (r.scope.kind === "mesh" || r.scope.kind === "targetRefs") t.all = true;
      else if (r.scope.kind === "namespace") t.namespaces.add(r.scope.namespace);
      else for (const w of r.scope.workloads) t.workloads.add(w);
      // A policy in the gateway's namespace may select its pods (the stand-in default gateway pod is no workload).
      t.allIngress ||= r.kind === "authorizationPolicy" || r.kind === "requestAuthentication";
      return;
    default:
      r satisfies never;
  }
}

/** What differs between the versions, as the hosts, workloads and namespaces it touches. */
function touched(before: MeshIR, after: MeshIR): Touched {
  const t: Touched = { all: false, allIngress: false, hosts: new Set(), workloads: new Set(), namespaces: new Set() };
  const registry = (ir: MeshIR) =>
    text([ir.meshConfig, ir.namespaces, ir.services, ir.workloads, ir.serviceAccounts, ir.gatewayApi]);
  if (registry(before) !== registry(after)) {
    t.all = true;
    return t;
  }
  const index = (ir: MeshIR) => {
    const m = new Map<string, { node: IstioNode; text: string }>();
    for (const r of ir.resources) m.set(`${r.kind}/${r.meta.namespace}/${r.meta.name}`, { node: r, text: text(r) });
    return m;
  };
  const b = index(before);
  const a = index(after);
  for (const key of new Set([...b.keys(), ...a.keys()])) {
    const x = b.get(key);
    const y = a.get(key);
    if (x?.text === y?.text) continue;
    if (x) touch(t, x.node);
    if (y) touch(t, y.node);
  }
  // Resource order decides between conflicting resources (creation time, then name): a reorder is a change.
  if (!t.all && text(before.resources.map((r) => r.meta)) !== text(after.resources.map((r) => r.meta))) t.all = true;
  return t;
}

/** A predicate: may the change affect requests to this destination? */
export function affectedBy(before: MeshIR, after: MeshIR): (d: Destination) => boolean {
  const t = touched(before, after);
  if (t.all) return () => true;
  const nothing = t.hosts.size === 0 && t.workloads.size === 0 && t.namespaces.size === 0 && !t.allIngress;
  if (nothing) return () => false;
  const hostTouched = (h: string) => [...t.hosts].some((p) => hostMatches(p, h) || hostMatches(h, p));
  return (d) => {
    if (t.allIngress && d.via !== "mesh") return true;
    for (const ir of [before, after]) {
      const vss = virtualServicesFor(ir, d);
      if (hostTouched(d.fqdn) || vss.some((vs) => vs.destinations.some((x) => hostTouched(x.host)))) return true;
      for (const w of serverWorkloads(ir, d, vss))
        if (t.workloads.has(w) || t.namespaces.has(w.slice(0, w.indexOf("/")))) return true;
    }
    return false;
  };
}
