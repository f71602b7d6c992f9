/**
 * The domains of a sidecar's outbound virtual host for a registry service, as istiod gives them (istio
 * pilot/pkg/networking/core/httproute.go `generateVirtualHostDomains`), for the emitter's RouteConfigurations and the
 * Istio engine's virtual host choice alike.
 */

/**
 * `generateVirtualHostDomains` for one hostname, seen from a sidecar (no `:port` variants: the sidecar's routes set
 * `ignore_port_in_host_matching`): the FQDN, the FQDN with a trailing dot (`PILOT_ENABLE_ABSOLUTE_FQDN_VHOST_DOMAIN`,
 * default on), and the Kubernetes short forms seen from the proxy's namespace
 * (`generateAltVirtualHostsForKubernetesService`): same namespace `name`, `name.ns.svc`, `name.ns`; other namespace
 * `name.ns`, `name.ns.svc`. Non-Kubernetes hosts get no shortened forms unless they end in `.svc.<suffix>`.
 * `virtualHostDomains("reviews.bookinfo.svc.cluster.local", "bookinfo")` → `["reviews.bookinfo.svc.cluster.local",
 * "reviews.bookinfo.svc.cluster.local.", "reviews", "reviews.bookinfo.svc", "reviews.bookinfo"]`.
 */
export function virtualHostDomains(hostname: string, proxyNamespace: string): string[] {
  const out = [hostname, `${hostname}.`];
  const ih = hostname.indexOf(".svc.");
  const dot = hostname.indexOf(".");
  if (ih > 0 && dot > 0 && dot + 1 <= ih) {
    const ns = hostname.slice(dot + 1, ih);
    if (ns === proxyNamespace) out.push(hostname.slice(0, dot), `${hostname.slice(0, ih)}.svc`, hostname.slice(0, ih));
    else out.push(hostname.slice(0, ih), `${hostname.slice(0, ih)}.svc`);
  }
  return out;
}

/** A registry service as its virtual host's domains need it. */
export interface VirtualHostService {
  readonly hostname: string;
  /** The ExternalName Services that are aliases of it (`Attributes.Aliases`). */
  readonly aliases: readonly string[];
  /** A headless Kubernetes Service (`Resolution == Passthrough`, registry Kubernetes). */
  readonly headless: boolean;
  /**
   * The addresses istiod lists (`GetAllAddressesForProxy`, CIDRs too): a Kubernetes Service's cluster IPs, a
   * ServiceEntry host's last address (`BuildSidecarOutboundVirtualHosts` keys its services by hostname, so of istiod's
   * per-address services the last one stays).
   */
  readonly addresses: readonly string[];
}

/**
 * `generateVirtualHostDomains` for a registry service: `virtualHostDomains` of its hostname and of each alias; for a
 * headless Kubernetes Service each of them again behind `*.` (`wildcardDomainPrefix`), so `<pod hostname>.<service>...`
 * requests reach it; then its addresses (an IPv6 one in brackets, `util.IPv6Compliant`).
 */
export function serviceVirtualHostDomains(svc: VirtualHostService, proxyNamespace: string): string[] {
  const domains = [svc.hostname, ...svc.aliases].flatMap((h) => virtualHostDomains(h, proxyNamespace));
  const all = svc.headless ? [...domains, ...domains.map((d) => `*.${d}`)] : domains;
  return [...all, ...svc.addresses.map((a) => (a.includes(":") && !a.includes("/") ? `[${a}]` : a))];
}
