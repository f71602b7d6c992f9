// The resource names proxyless gRPC asks an xDS server for, and how istiod's gRPC generator reads them
// (istio pilot/pkg/networking/grpcgen/lds.go `newListenerNameFilter`, `tryFindFQDN`; rds.go and cds.go
// `model.ParseSubsetKey`; pkg/istio-agent/grpcxds `ServerListenerNamePrefix`).
import { isIP } from "node:net";

/**
 * The prefix of an xDS-enabled gRPC server's Listener name: the bootstrap's `server_listener_resource_name_template`
 * `grpc/server?xds.resource.listening_address=%s`, as istio-agent writes it (gRFC A36).
 */
export const SERVER_LISTENER_PREFIX = "grpc/server?xds.resource.listening_address=";

/** `host:port` split, IPv6 brackets removed; undefined when there is no `:port`. */
export function splitHostPort(name: string): { host: string; port: number } | undefined {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(name) ?? /^([^:]+):(\d+)$/.exec(name);
  if (m === null) return undefined;
  const port = Number(m[2]);
  return port > 0 && port < 65536 ? { host: m[1]!, port } : undefined;
}

/**
 * A server Listener name → the address it listens on.
 * `parseServerListenerName("grpc/server?xds.resource.listening_address=127.0.0.1:7070")` → `{ host: "127.0.0.1", port: 7070 }`.
 */
export function parseServerListenerName(name: string): { host: string; port: number } | undefined {
  if (!name.startsWith(SERVER_LISTENER_PREFIX)) return undefined;
  const hp = splitHostPort(name.slice(SERVER_LISTENER_PREFIX.length));
  return hp !== undefined && isIP(hp.host) !== 0 ? hp : undefined;
}

/** istiod `model.BuildSubsetKey(TrafficDirectionOutbound, subset, host, port)`: `outbound|9080|v1|reviews.bookinfo.svc.cluster.local`. */
export function clusterKey(host: string, port: number, subset = ""): string {
  return `outbound|${port}|${subset}|${host}`;
}

/** istiod `model.ParseSubsetKey` for outbound keys: `outbound|9080||reviews…` → `{ port: 9080, subset: "", host }`. */
export function parseClusterKey(key: string): { port: number; subset: string; host: string } | undefined {
  const parts = key.split("|");
  if (parts.length !== 4 || parts[0] !== "outbound") return undefined;
  const port = Number(parts[1]);
  if (!Number.isInteger(port) || port <= 0 || parts[3] === "") return undefined;
  return { port, subset: parts[2]!, host: parts[3]! };
}

/**
 * lds.go `tryFindFQDN`: the FQDN a client means by a host it names from namespace `namespace`: a short name `echo`
 * → `echo.<ns>.svc.cluster.local`; `echo.<ns>` and `echo.<ns>.svc` of the node's own namespace → the FQDN. Anything
 * else is taken as written (an FQDN already, or a name of another namespace, which istiod does not expand either).
 */
export function expandHost(host: string, namespace: string, domainSuffix = "cluster.local"): string {
  if (!host.includes(".")) return `${host}.${namespace}.svc.${domainSuffix}`;
  for (const suffix of [`.${namespace}`, `.${namespace}.svc`]) {
    if (host.endsWith(suffix)) return `${host.slice(0, -suffix.length)}.${namespace}.svc.${domainSuffix}`;
  }
  return host;
}
