/**
 * Ports of the helpers of istio/istio `pilot/test/xdstest` (extract.go, filters.go) the simulation tests use, over
 * proto3 JSON (proto field names, `@type` on Anys): listener filters by name, listener filter predicates, the HTTP
 * connection manager / tcp_proxy of a filter chain, virtual host domains → clusters, load assignments; and the
 * split of an Envoy ConfigDump into its LDS / RDS / CDS / EDS resources.
 */

/** A protobuf message as proto3 JSON. */
export type Json = { readonly [key: string]: unknown };

/** The xDS one proxy receives: LDS, RDS and CDS resources as proto3 JSON. */
export interface ProxyXds {
  readonly listeners: readonly Json[];
  readonly routes: readonly Json[];
  readonly clusters: readonly Json[];
  readonly endpoints: readonly Json[];
}

/** The value at `path` below `json` (`json?.[a]?.[b]...`), undefined where a step is missing or not an object. */
export function at(json: unknown, ...path: readonly string[]): unknown {
  let v = json;
  for (const key of path) v = typeof v === "object" && v !== null ? (v as Json)[key] : undefined;
  return v;
}

const HCM = "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";
const TCP_PROXY = "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy";

/** xdstest `ExtractListenerFilters`: the listener filters by name. */
export function extractListenerFilters(l: Json): Map<string, Json> {
  return new Map(((l["listener_filters"] ?? []) as Json[]).map((f) => [f["name"] as string, f]));
}

/** xdstest `EvaluateListenerFilterPredicates` (filters.go): not / or / destination port range [start, end). */
export function evaluateListenerFilterPredicates(p: Json | undefined, port: number): boolean {
  if (p === undefined) return true;
  if (p["not_match"] !== undefined) return !evaluateListenerFilterPredicates(p["not_match"] as Json, port);
  if (p["or_match"] !== undefined)
    return ((at(p, "or_match", "rules") ?? []) as Json[]).some((r) => evaluateListenerFilterPredicates(r, port));
  if (p["destination_port_range"] !== undefined) {
    const r = p["destination_port_range"] as Json;
    return port >= Number(r["start"] ?? 0) && port < Number(r["end"] ?? 0);
  }
  throw new Error(`unsupported listener filter predicate ${JSON.stringify(p)}`);
}

const typedFilter = (chain: Json, type: string): Json | undefined =>
  ((chain["filters"] ?? []) as Json[])
    .map((f) => f["typed_config"] as Json | undefined)
    .find((c) => c?.["@type"] === type);

/** xdstest `ExtractHTTPConnectionManager`. */
export const extractHttpConnectionManager = (chain: Json): Json | undefined => typedFilter(chain, HCM);
/** xdstest `ExtractTCPProxy`. */
export const extractTcpProxy = (chain: Json): Json | undefined => typedFilter(chain, TCP_PROXY);

/** xdstest `ExtractVirtualHosts`: every domain of every virtual host → the sorted clusters of its routes. */
export function extractVirtualHosts(rc: Json | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const vh of (rc?.["virtual_hosts"] ?? []) as Json[]) {
    const dests = ((vh["routes"] ?? []) as Json[])
      .map((r) => at(r, "route", "cluster") as string | undefined)
      .filter((c): c is string => c !== undefined && c !== "")
      .sort();
    for (const d of (vh["domains"] ?? []) as string[]) out.set(d, dests);
  }
  return out;
}

/**
 * xdstest `ExtractLoadAssignments` for one cluster: its endpoints as `ip:port` (or pipe path), healthy ones first,
 * or undefined when it has none.
 */
export function extractLoadAssignment(cla: Json | undefined): string[] | undefined {
  if (cla === undefined) return undefined;
  const healthy: string[] = [];
  const other: string[] = [];
  for (const group of (cla["endpoints"] ?? []) as Json[])
    for (const lb of (group["lb_endpoints"] ?? []) as Json[]) {
      const address = (at(lb, "endpoint", "address") ?? {}) as Json;
      const text =
        address["pipe"] !== undefined
          ? String(at(address, "pipe", "path"))
          : `${at(address, "socket_address", "address") as string}:${(at(address, "socket_address", "port_value") as number | undefined) ?? 0}`;
      (lb["health_status"] === undefined || lb["health_status"] === "HEALTHY" ? healthy : other).push(text);
    }
  const all = [...healthy, ...other];
  return all.length === 0 ? undefined : all;
}

/** The resources of an Envoy admin ConfigDump (JSON as `configDumpToJson` prints it). */
export function xdsOfConfigDump(dump: Json): ProxyXds {
  const section = (suffix: string) =>
    ((dump["configs"] ?? []) as Json[]).find((c) => String(c["@type"]).endsWith(suffix)) ?? {};
  const listeners = ((section("ListenersConfigDump")["dynamic_listeners"] ?? []) as Json[]).map(
    (l) => at(l, "active_state", "listener") as Json,
  );
  const routes = ((section("RoutesConfigDump")["dynamic_route_configs"] ?? []) as Json[]).map(
    (r) => r["route_config"] as Json,
  );
  const clusters = ((section("ClustersConfigDump")["dynamic_active_clusters"] ?? []) as Json[]).map(
    (c) => c["cluster"] as Json,
  );
  const endpoints = ((section("EndpointsConfigDump")["dynamic_endpoint_configs"] ?? []) as Json[]).map(
    (e) => e["endpoint_config"] as Json,
  );
  return { listeners, routes, clusters, endpoints };
}
