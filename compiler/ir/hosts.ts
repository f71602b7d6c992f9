/**
 * Host and gateway name resolution, exactly as istiod does it.
 */
import type { Fqdn, Visibility } from "./ir.ts";

/** The Kubernetes DNS suffix (`meta.Domain` in istiod); independent of the trust domain. */
export const CLUSTER_DOMAIN = "cluster.local";

const IPV4 = /^(\d{1,3})(\.\d{1,3}){3}$/;

/**
 * istio `pilot/pkg/model/config.go` `ResolveShortnameToFQDN`: an empty host stays empty; `*` and IP addresses stay as they are; a name without
 * a dot gets `.<namespace>.svc.cluster.local`; anything with a dot (including `reviews.bookinfo`) is taken as fully
 * qualified and left alone.
 */
export function resolveShortname(host: string | undefined, namespace: string): Fqdn {
  // "only happens when the gateway-api BackendRef is invalid": istiod converts it to `destination: {}`.
  if (host === undefined || host === "") return "" as Fqdn;
  if (host === "*" || IPV4.test(host) || host.includes(":")) return host as Fqdn;
  if (!host.includes(".")) return `${host}.${namespace}.svc.${CLUSTER_DOMAIN}` as Fqdn;
  return host as Fqdn;
}

/** The FQDN of a Kubernetes Service. */
export function serviceFqdn(name: string, namespace: string): Fqdn {
  return `${name}.${namespace}.svc.${CLUSTER_DOMAIN}` as Fqdn;
}

/**
 * istio `pilot/pkg/model/config.go` `resolveGatewayName`: `mesh` stays; `name` → `<ns>/name`; `./name` → `<ns>/name`;
 * legacy `name.ns[.svc.cluster.local]` → `ns/name`; `ns/name` stays.
 */
export function resolveGatewayName(gateway: string, namespace: string): string {
  if (gateway === "mesh") return gateway;
  const slash = gateway.indexOf("/");
  if (slash < 0) {
    const dot = gateway.indexOf(".");
    if (dot < 0) return `${namespace}/${gateway}`;
    const rest = gateway.slice(dot + 1);
    const next = rest.indexOf(".");
    return `${next < 0 ? rest : rest.slice(0, next)}/${gateway.slice(0, dot)}`;
  }
  return gateway.slice(0, slash) === "." ? `${namespace}/${gateway.slice(slash + 1)}` : gateway;
}

/**
 * Normalizes `exportTo`: absent or containing `*` → public (Istio's default `defaultVirtualServiceExportTo` etc.
 * is `*`); `.` → the resource's own namespace; `~` → visible nowhere.
 * https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService-export_to
 */
export function resolveExportTo(exportTo: readonly string[] | undefined, namespace: string): Visibility {
  if (exportTo === undefined || exportTo.length === 0 || exportTo.includes("*")) return { kind: "public" };
  const namespaces = [...new Set(exportTo.filter((e) => e !== "~").map((e) => (e === "." ? namespace : e)))].sort();
  return { kind: "namespaces", namespaces };
}

/** Whether a (possibly wildcard) host pattern matches a concrete host, per Istio's `host.Name.Matches`. */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === "*") return true;
  if (pattern.startsWith("*")) return host.endsWith(pattern.slice(1));
  return pattern === host;
}

/** istio `host.Name.Matches`: whether two (possibly wildcard) hosts overlap, either covering the other. */
export const hostsOverlap = (a: string, b: string): boolean => hostMatches(a, b) || hostMatches(b, a);

/**
 * istio `pkg/config/host` `NamesForNamespace`: the hosts of a Gateway server (`ns/host`, `*` = any namespace, `.` = the
 * Gateway's own) that admit VirtualServices of `namespace`, without their namespace part.
 */
export function gatewayHostsForNamespace(
  serverHosts: readonly string[],
  gatewayNamespace: string,
  namespace: string,
): string[] {
  return serverHosts.flatMap((h) => {
    const slash = h.indexOf("/");
    if (slash < 0) return [h];
    const ns = h.slice(0, slash);
    return ns === "*" || (ns === "." ? gatewayNamespace : ns) === namespace ? [h.slice(slash + 1)] : [];
  });
}

/** istio `host.Names.Intersection`: for each overlapping (server host, VirtualService host) pair, the more specific one. */
export function intersectHosts(serverHosts: readonly string[], vsHosts: readonly string[]): string[] {
  const out = new Set<string>();
  for (const a of serverHosts) {
    for (const b of vsHosts) {
      if (hostMatches(a, b)) out.add(b);
      else if (hostMatches(b, a)) out.add(a);
    }
  }
  return [...out];
}
