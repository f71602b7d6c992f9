/**
 * `weighted_clusters` selection (envoy `source/common/router/weighted_cluster_specifier.cc` `pickWeightedCluster`,
 * traffic-splitting docs <https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_conn_man/traffic_splitting>):
 * total = Σ weights (runtime `runtime_key_prefix.name` overrides, deprecated `total_weight` ignored); the random
 * value is the `header_name` header when it holds exactly one value that parses as uint64, else the request's;
 * selected = value % total; the entry whose cumulative interval `[begin, begin + weight)` holds it wins.
 */
import type { WeightedCluster } from "../../../emit/envoy/gen/envoy/config/route/v3/route_components.ts";
import type { HeaderMap } from "./header-map.ts";
import type { RuntimeSnapshot, WeightedPick } from "./types.ts";

export interface WeightedSelection {
  readonly weights: readonly WeightedPick[];
  readonly total: number;
  /** undefined only when the total is 0 (a configuration Envoy rejects). */
  readonly picked: WeightedPick | undefined;
  readonly selectedValue: bigint;
}

export function pickWeightedCluster(
  wc: WeightedCluster,
  headers: HeaderMap,
  random: bigint,
  runtime: RuntimeSnapshot,
): WeightedSelection {
  const weights = wc.clusters.map((c, index) => {
    const override = wc.runtimeKeyPrefix === "" ? undefined : runtime.weight?.(`${wc.runtimeKeyPrefix}.${c.name}`);
    // cluster_header entries are named by the request header (the entry name is "").
    const name = c.name !== "" ? c.name : (headers.getFirst(c.clusterHeader) ?? "");
    return { index, name, weight: override ?? c.weight?.value ?? 0 };
  });
  const total = weights.reduce((s, w) => s + w.weight, 0);
  const value = headerRandomValue(wc, headers) ?? random;
  if (total === 0) return { weights, total, picked: undefined, selectedValue: value };
  const selected = value % BigInt(total);
  let begin = 0n;
  for (const w of weights) {
    const end = begin + BigInt(w.weight);
    if (selected >= begin && selected < end) return { weights, total, picked: w, selectedValue: selected };
    begin = end;
  }
  return { weights, total, picked: undefined, selectedValue: selected };
}

function headerRandomValue(wc: WeightedCluster, headers: HeaderMap): bigint | undefined {
  if (wc.randomValueSpecifier.oneofKind !== "headerName") return undefined;
  const values = headers.getAll(wc.randomValueSpecifier.headerName);
  const only = values.length === 1 ? values[0] : undefined;
  if (only === undefined || !/^\s*\+?\d+\s*$/.test(only)) return undefined;
  const v = BigInt(only.trim());
  return v < 2n ** 64n ? v : undefined;
}
