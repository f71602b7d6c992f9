/**
 * The addresses services have as istiod sees them, resolved once for the emitter and both engines:
 *
 * - a Kubernetes Service's virtual IPs (kube/conversion.go `ConvertService`: `spec.clusterIP`, or `spec.clusterIPs`
 *   when it lists several; none for a headless or an ExternalName Service). A Service that is neither has a cluster
 *   IP in a real cluster even when the input does not write it (the API server allocates one): `hasClusterIp`;
 * - a ServiceEntry host's addresses (serviceentry/conversion.go `convertServices`: one service per host and address;
 *   an IP as written, a CIDR kept as a CIDR unless it is a single address (`/32`, `/128`), anything else dropped;
 *   without addresses the host has none: istiod's auto-allocated `240.240.x.x` addresses are used only by proxies that
 *   capture DNS, `model/service.go` `nodeUsesAutoallocatedIPs`, which a default install's sidecars do not);
 * - ExternalName aliases (push_context.go `resolveServiceAliases`): each concrete hostname with the ExternalName
 *   Services that resolve to it, through chains of aliases, loops dropped.
 */
import { isIP } from "node:net";
import type { MeshIR, ServiceEntryNode, ServiceNode } from "./ir.ts";

/** Whether the API server gives the Service a cluster IP: not headless, not ExternalName. */
export const hasClusterIp = (svc: ServiceNode): boolean => svc.headless !== true && svc.externalName === undefined;

/** The Service's virtual IPs the input gives (empty: none written, or none at all). */
export const serviceVips = (svc: ServiceNode): readonly string[] => (hasClusterIp(svc) ? (svc.addresses ?? []) : []);

/** Whether an address is a CIDR (`10.0.0.0/16`) rather than one IP. */
export const isCidr = (address: string): boolean => address.includes("/");

/**
 * serviceentry/conversion.go `convertServices`: `spec.addresses` as the services' addresses, in order: an IP as
 * written (`netutil.IsValidIPAddress`), a CIDR (`netip.ParsePrefix`) as written unless it covers one address, then
 * that address; anything else is left out.
 */
export function serviceEntryAddresses(se: ServiceEntryNode): string[] {
  const out: string[] = [];
  for (const a of se.spec.addresses ?? []) {
    if (isIP(a) !== 0) {
      out.push(a);
      continue;
    }
    const [ip = "", len, ...rest] = a.split("/");
    const family = isIP(ip);
    if (family === 0 || rest.length > 0 || len === undefined || !/^\d+$/.test(len)) continue;
    const bits = Number(len);
    const max = family === 4 ? 32 : 128;
    if (bits > max) continue;
    out.push(bits === max ? ip : a);
  }
  return out;
}

/** An ExternalName Service by namespace and hostname (`NamespacedHostname`). */
export interface ServiceAlias {
  readonly namespace: string;
  readonly hostname: string;
}

const aliasMemo = new WeakMap<MeshIR, ReadonlyMap<string, readonly ServiceAlias[]>>();

/**
 * push_context.go `resolveServiceAliases`: concrete hostname → the ExternalName Services that are aliases of it
 * (`Alias1 -> Alias2 -> Concrete` flattened, a loop dropped as NXDOMAIN), sorted by namespace then hostname.
 * Memoized per IR.
 */
export function serviceAliases(ir: MeshIR): ReadonlyMap<string, readonly ServiceAlias[]> {
  const hit = aliasMemo.get(ir);
  if (hit !== undefined) return hit;
  const raw = new Map<ServiceNode, string>();
  const unnamespaced = new Map<string, string>();
  for (const s of ir.services) {
    if (s.externalName === undefined) continue;
    raw.set(s, s.externalName);
    unnamespaced.set(s.fqdn, s.externalName);
  }
  const out = new Map<string, ServiceAlias[]>();
  for (const [alias, target] of raw) {
    let concrete: string | undefined = target;
    const seen = new Set([alias.fqdn, target]);
    for (;;) {
      const next = unnamespaced.get(concrete);
      if (next === undefined) break;
      if (seen.has(next)) {
        concrete = undefined; // a loop: Kubernetes answers NXDOMAIN
        break;
      }
      seen.add(next);
      concrete = next;
    }
    if (concrete === undefined) continue;
    const list = out.get(concrete) ?? [];
    list.push({ namespace: alias.namespace, hostname: alias.fqdn });
    out.set(concrete, list);
  }
  for (const list of out.values())
    list.sort((a, b) =>
      a.namespace !== b.namespace ? (a.namespace < b.namespace ? -1 : 1) : a.hostname < b.hostname ? -1 : 1,
    );
  aliasMemo.set(ir, out);
  return out;
}

/** The concrete hostname an ExternalName Service resolves to, through chains of aliases; undefined for a loop. */
export function aliasTarget(ir: MeshIR, svc: ServiceNode): string | undefined {
  for (const [concrete, aliases] of serviceAliases(ir))
    if (aliases.some((a) => a.hostname === svc.fqdn && a.namespace === svc.namespace)) return concrete;
  return undefined;
}
