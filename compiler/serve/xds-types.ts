/**
 * The four xDS resource types `meshc serve` answers over ADS, and their type URLs (envoy/service/discovery/v3
 * discovery.proto `type_url`; the URLs grpc-js-xds `src/resources.ts` and Envoy's `Config::TypeUrl` expect).
 */

export type XdsType = "listener" | "route" | "cluster" | "endpoint";

export const TYPE_URL: Readonly<Record<XdsType, string>> = {
  listener: "type.googleapis.com/envoy.config.listener.v3.Listener",
  route: "type.googleapis.com/envoy.config.route.v3.RouteConfiguration",
  cluster: "type.googleapis.com/envoy.config.cluster.v3.Cluster",
  endpoint: "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment",
};

/** The type for a type URL, undefined for types meshc does not serve (secrets, runtime, …). */
export function xdsTypeOf(typeUrl: string): XdsType | undefined {
  for (const [type, url] of Object.entries(TYPE_URL) as [XdsType, string][]) if (url === typeUrl) return type;
  return undefined;
}

/**
 * The order in which a changed snapshot is pushed: clusters before their endpoints, listeners before their routes,
 * clusters and endpoints before the listeners and routes that reference them (the xDS protocol's "make before
 * break" ordering for aggregated streams, envoy api/xds_protocol "Eventual consistency considerations").
 */
export const PUSH_ORDER: readonly XdsType[] = ["cluster", "endpoint", "listener", "route"];
