/**
 * How a service name written in an expectation (`reviews`, `reviews.bookinfo`, a full host) is matched to the
 * FQDNs a `SimulationResult` reports. Users write the short name they think in; it matches the one service of that
 * name in the mesh, and when several namespaces have one, the one in the request source's namespace, which is
 * how Istio resolves a short host in the client's own configuration
 * (https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService-hosts).
 */

export type ServiceResolution =
  /** The written name denotes this host. */
  | { readonly kind: "service"; readonly fqdn: string }
  /** Several services could be meant (sorted). */
  | { readonly kind: "ambiguous"; readonly candidates: readonly string[] }
  /** No known service: compare the name literally (an external host such as `httpbin.org`). */
  | { readonly kind: "unknown" };

export type ServiceResolver = (written: string) => ServiceResolution;

/**
 * A resolver over the mesh's hosts (registry services and ServiceEntry hosts), in this order:
 * 1. a host written in full matches itself;
 * 2. `name.namespace` matches `name.namespace.svc.<domain>`;
 * 3. `name` matches every `name.<namespace>.svc.<domain>`: one is the answer; of several, the one in
 *    `sourceNamespace` (a workload's or ingress gateway's namespace), else the name is ambiguous.
 *
 * @example
 * serviceResolver(["reviews.bookinfo.svc.cluster.local"])("reviews")
 * // → { kind: "service", fqdn: "reviews.bookinfo.svc.cluster.local" }
 */
export function serviceResolver(hosts: readonly string[], sourceNamespace?: string): ServiceResolver {
  const known = [...new Set(hosts)].sort();
  return (written) => {
    const name = written.toLowerCase();
    if (known.includes(name)) return { kind: "service", fqdn: name };
    const labels = name.split(".");
    if (labels.length > 2) return { kind: "unknown" };
    const candidates = known.filter((host) => {
      const parts = host.split(".");
      return parts[2] === "svc" && parts[0] === labels[0] && (labels.length === 1 || parts[1] === labels[1]);
    });
    if (candidates.length === 1) return { kind: "service", fqdn: candidates[0]! };
    if (candidates.length === 0) return { kind: "unknown" };
    const local = candidates.filter((host) => host.split(".")[1] === sourceNamespace);
    return local.length === 1 ? { kind: "service", fqdn: local[0]! } : { kind: "ambiguous", candidates };
  };
}
