/** What a chain's tcp_proxy filter forwards to (envoy `tcp_proxy.cc`), read by the TCP and the HTTP paths. */
import type { FilterChain } from "../../../emit/envoy/gen/envoy/config/listener/v3/listener_components.ts";
import { TcpProxy } from "../../../emit/envoy/gen/envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy.ts";
import { Any } from "../../../emit/envoy/gen/google/protobuf/any.ts";

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
