/**
 * What a chain's tcp_proxy filter forwards to (envoy `tcp_proxy.cc`), and the VirtualService rule it came from; read
 * by the TCP and the HTTP paths, a sidecar's (tcp.ts) and a gateway's (gateway-connection.ts).
 */
import type { FilterChain } from "../../../emit/envoy/gen/envoy/config/listener/v3/listener_components.ts";
import { TcpProxy } from "../../../emit/envoy/gen/envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy.ts";
import { Any } from "../../../emit/envoy/gen/google/protobuf/any.ts";
import { Struct } from "../../../emit/envoy/gen/google/protobuf/struct.ts";
import type { RouteRef } from "../../types.ts";

/** The tcp_proxy's clusters with their shares. */
export function clustersOf(chain: FilterChain): { name: string; p: number }[] | undefined {
  const f = chain.filters.find((x) => x.name === "envoy.filters.network.tcp_proxy");
  if (f?.configType.oneofKind !== "typedConfig") return undefined;
  const spec = Any.unpack(f.configType.typedConfig, TcpProxy).clusterSpecifier;
  if (spec.oneofKind === "cluster") return [{ name: spec.cluster, p: 1 }];
  if (spec.oneofKind !== "weightedClusters") return undefined;
  const kept = spec.weightedClusters.clusters.filter((c) => c.weight > 0);
  const total = kept.reduce((s, c) => s + c.weight, 0);
  return kept.map((c) => ({ name: c.name, p: c.weight / total }));
}

/**
 * The VirtualService `tcp` or `tls` rule a chain came from: its `filter_metadata.istio.config` (istiod's
 * `BuildConfigInfoMetadata`) names the VirtualService, meshc's `filter_metadata.meshc.{tcp|tls}` the rule
 * (compiler/emit/envoy/outbound/tcp-routes.ts `ruleMetadata`, on a sidecar's and a gateway's chains); null for a chain
 * without them (a service's own chain, an auto-passthrough one).
 */
export function chainRoute(chain: FilterChain): RouteRef | null {
  const md = chain.metadata?.filterMetadata ?? {};
  const istio = md["istio"] === undefined ? undefined : (Struct.toJson(md["istio"]) as { config?: string });
  const meshc = md["meshc"] === undefined ? undefined : (Struct.toJson(md["meshc"]) as { tcp?: number; tls?: number });
  const m = /\/namespaces\/([^/]+)\/virtual-service\/([^/]+)$/.exec(istio?.config ?? "");
  const section = meshc?.tls !== undefined ? "tls" : meshc?.tcp !== undefined ? "tcp" : undefined;
  if (m === null || section === undefined) return null;
  return { resource: `VirtualService ${m[1]}/${m[2]}`, index: meshc![section]!, name: null, section };
}
