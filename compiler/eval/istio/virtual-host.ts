/**
 * Which virtual host of the client sidecar's outbound RouteConfiguration `<port>` takes an HTTP request, in the Istio
 * engine, from the IR: Envoy picks it by the request's `:authority` (envoy config_impl.cc
 * `RouteMatcher::findVirtualHost`, gateway.ts `selectDomain`), not by the address the client dialled, so a request to
 * `reviews` with `Host: ratings` takes the routes of `ratings`.
 *
 *   on the wildcard listener's RouteConfiguration `<port>` (a sniffed port's listener bound to the service's address
 *     has one virtual host for every domain), the virtual hosts istiod builds for the port (httproute.go `BuildSidecarOutboundVirtualHosts`): one per service the
 *     client's proxy imports (Kubernetes Services and ServiceEntry hosts, by hostname, the first of a hostname kept)
 *     that serves HTTP or is sniffed on the port, ExternalName aliases excepted, with the domains
 *     `generateVirtualHostDomains` gives it (compiler/ir/vhost-domains.ts: its names seen from the client's namespace,
 *     its aliases' names, `*.` forms for a headless Service, its addresses); a domain already taken stays with the
 *     first (httproute.go drops duplicate domains)
 *   → the authority's virtual host: its service is the request's routing target (VirtualServices for it, its
 *     cluster); a host a VirtualService names outside the registry (its own virtual host, route.go
 *     `separateVSHostsAndServices`) is routed as that host; no domain matches: the catch-all virtual host
 *     (`allow_any` to PassthroughCluster, the address the client dialled, or `block_all` under REGISTRY_ONLY).
 */
import { isIP } from "node:net";
import type { Fqdn, MeshIR, Protocol, ServiceEntryNode, ServiceNode } from "../../ir/ir.ts";
import { resourcesOf } from "../../ir/ir.ts";
import { inferProtocol, isHttpProtocol } from "../../ir/protocol.ts";
import { serviceAliases, serviceEntryAddresses, serviceVips } from "../../ir/service-addresses.ts";
import { importsService } from "../../ir/sidecar-egress.ts";
import { serviceVirtualHostDomains } from "../../ir/vhost-domains.ts";
import { visibleFrom } from "../../ir/visibility.ts";
import type { Client, HttpView, Target } from "../_shared/model.ts";
import { clientEgress } from "./_egress.ts";
import { outboundPick } from "./listener.ts";
import { selectDomain } from "./gateway.ts";
import { sidecarVirtualService } from "./virtual-service.ts";

/** A service's virtual host on the port: its domains and the target a request it takes goes to. */
interface VirtualHost {
  readonly fqdn: Fqdn;
  readonly target: Target;
}

const servesHttp = (protocol: Protocol): boolean => isHttpProtocol(protocol) || protocol === "UNKNOWN";

const memo = new WeakMap<MeshIR, Map<string, ReadonlyMap<string, VirtualHost>>>();

/** Domain → virtual host of RouteConfiguration `<port>` for the client, memoized per IR, client and port. */
function virtualHosts(ir: MeshIR, client: Client, port: number): ReadonlyMap<string, VirtualHost> {
  let perIr = memo.get(ir);
  if (perIr === undefined) memo.set(ir, (perIr = new Map<string, ReadonlyMap<string, VirtualHost>>()));
  const key = `${client.workload?.id ?? ""}\n${client.namespace}\n${port}`;
  const hit = perIr.get(key);
  if (hit !== undefined) return hit;
  const egress = clientEgress(ir, client);
  const aliases = serviceAliases(ir);
  const aliasNames = (fqdn: string) => (aliases.get(fqdn) ?? []).map((a) => a.hostname);
  const hosts: { fqdn: Fqdn; domains: string[]; target: Target }[] = [];
  for (const svc of ir.services) {
    const p = svc.ports.find((q) => q.port === port);
    if (p === undefined || !servesHttp(p.protocol) || svc.externalName !== undefined) continue;
    if (!importsService(egress, svc.namespace, svc.fqdn)) continue;
    const domains = serviceVirtualHostDomains(
      {
        hostname: svc.fqdn,
        aliases: aliasNames(svc.fqdn),
        headless: svc.headless === true,
        addresses: serviceVips(svc),
      },
      client.namespace,
    );
    hosts.push({ fqdn: svc.fqdn, domains, target: serviceTarget(svc, port, p.protocol) });
  }
  for (const entry of resourcesOf(ir, "serviceEntry")) {
    if (!visibleFrom(entry.exportTo, client.namespace)) continue;
    const p = (entry.spec.ports ?? []).find((q) => q.number === port);
    if (p === undefined) continue;
    const protocol = inferProtocol(p.protocol ?? p.name, undefined, undefined);
    if (!servesHttp(protocol)) continue;
    const addresses = serviceEntryAddresses(entry).slice(-1);
    for (const fqdn of entry.hosts) {
      if (!importsService(egress, entry.meta.namespace, fqdn)) continue;
      const domains = serviceVirtualHostDomains(
        { hostname: fqdn, aliases: aliasNames(fqdn), headless: false, addresses },
        client.namespace,
      );
      hosts.push({ fqdn, domains, target: entryTarget(entry, fqdn, port, protocol) });
    }
  }
  // By hostname, the first of a hostname kept; a domain already taken stays with the first.
  hosts.sort((a, b) => (a.fqdn < b.fqdn ? -1 : a.fqdn > b.fqdn ? 1 : 0));
  const out = new Map<string, VirtualHost>();
  const seen = new Set<string>();
  for (const h of hosts) {
    if (seen.has(h.fqdn)) continue;
    seen.add(h.fqdn);
    for (const d of h.domains) if (!out.has(d)) out.set(d, { fqdn: h.fqdn, target: h.target });
  }
  perIr.set(key, out);
  return out;
}

const serviceTarget = (svc: ServiceNode, port: number, protocol: Protocol): Target => {
  const vip = serviceVips(svc)[0];
  return {
    kind: "service",
    fqdn: svc.fqdn,
    service: svc,
    port,
    protocol,
    ...(vip === undefined ? {} : { address: vip }),
  };
};

const entryTarget = (entry: ServiceEntryNode, fqdn: Fqdn, port: number, protocol: Protocol): Target => {
  const address = serviceEntryAddresses(entry).find((a) => isIP(a) !== 0);
  return { kind: "serviceEntry", fqdn, entry, port, protocol, ...(address === undefined ? {} : { address }) };
};

/** The host part of an `:authority`, lower-cased, without its port (an IPv6 address keeps its brackets). */
const authorityHost = (authority: string): string => {
  const lower = authority.toLowerCase();
  return /^(.*[^\]]):\d+$/.exec(lower)?.[1] ?? lower;
};

/**
 * The target whose routes the client's sidecar applies to the request: the service of the virtual host its
 * `:authority` selects (the dialled target itself when that is its own). When no service's virtual host takes it: the
 * authority's host as a host outside the registry when a VirtualService for the client names it (its own virtual
 * host), else the dialled target as a host outside the registry (the catch-all virtual host: PassthroughCluster to the
 * address the client dialled, or `block_all`).
 */
export function routingTarget(ir: MeshIR, client: Client, dialled: Target, req: HttpView, trace: string[]): Target {
  if (client.proxy !== "sidecar") return dialled;
  // A sniffed port's listener bound to the service's own address asks for RouteConfiguration `<hostname>:<port>`,
  // whose one virtual host answers every domain (httproute.go `getVirtualHostsForSniffedServicePort`).
  const pick = outboundPick(ir, client, dialled);
  if (pick.kind === "listener" && pick.owner !== undefined) return dialled;
  const vhosts = virtualHosts(ir, client, dialled.port);
  const domain = selectDomain([...vhosts.keys()], req.authority);
  const chosen = domain === undefined ? undefined : vhosts.get(domain);
  if (chosen !== undefined && chosen.fqdn === dialled.fqdn) return dialled;
  if (chosen !== undefined) {
    trace.push(
      `Envoy picks the virtual host by the request's authority '${req.authority}': domain '${domain}' belongs to ${chosen.fqdn}, whose routes apply (the client dialled ${dialled.fqdn}).`,
    );
    return chosen.target;
  }
  const { port, protocol } = dialled;
  const named: Target = { kind: "external", fqdn: authorityHost(req.authority) as Fqdn, port, protocol };
  if (named.fqdn !== dialled.fqdn && sidecarVirtualService(ir, client, named, []) !== undefined) {
    trace.push(
      `Envoy picks the virtual host by the request's authority '${req.authority}': a VirtualService names it outside the registry (the client dialled ${dialled.fqdn}).`,
    );
    return named;
  }
  if (dialled.kind === "external") return dialled;
  trace.push(
    `No virtual host on port ${port} takes the request's authority '${req.authority}': the catch-all virtual host takes it (the client dialled ${dialled.fqdn}).`,
  );
  return { kind: "external", fqdn: dialled.fqdn, port, protocol };
}
