/**
 * Evaluates one check of a simulation case against the proxy's xDS, the way the Go test does: calls with traffic.go
 * `Simulation.Run` + `Result.Matches`; route checks with xdstest.ExtractVirtualHosts on the named RouteConfiguration
 * (sidecar_simulation_test.go TestSidecarRoutes); inbound cluster checks with the cluster names, ExtractLoadAssignments
 * and the `istio.services` metadata (TestInboundClusters); listener shape checks (TestHeadlessServiceListenerShape).
 * Returns the mismatches, empty when the check holds.
 */
import type { SimCheck } from "./cases.ts";
import { mismatches, run } from "./traffic.ts";
import { at, extractLoadAssignment, extractVirtualHosts, type Json, type ProxyXds } from "./xdstest.ts";

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function routeMismatches(xds: ProxyXds, c: Extract<SimCheck, { kind: "routes" }>): string[] {
  const rc = xds.routes.find((r) => r["name"] === c.routeName);
  if (c.expected === null) return [];
  if (rc === undefined) return [`route configuration ${c.routeName} is missing`];
  const vhosts = extractVirtualHosts(rc);
  const out: string[] = [];
  for (const [domain, want] of Object.entries(c.expected)) {
    const got = vhosts.get(domain);
    const gotOrNull = got === undefined || got.length === 0 ? null : got;
    if (!same(want, gotOrNull)) out.push(`${domain}: want ${JSON.stringify(want)}, got ${JSON.stringify(gotOrNull)}`);
  }
  return out;
}

/** `filter_metadata.istio.services[].host` of a cluster (null: no istio metadata), as TestInboundClusters reads it. */
function telemetryHosts(cluster: Json): string[] | null {
  const services = at(cluster, "metadata", "filter_metadata", "istio", "services") as Json[] | undefined;
  return services === undefined ? null : services.map((s) => String(s["host"]));
}

function clusterMismatches(xds: ProxyXds, c: Extract<SimCheck, { kind: "clusters" }>): string[] {
  const clusters = xds.clusters.filter((x) => String(x["name"]).startsWith(c.prefix));
  const names = clusters.map((x) => String(x["name"])).sort();
  const want = Object.keys(c.clusters).sort();
  const out: string[] = [];
  if (!same(names, want)) out.push(`clusters: want ${JSON.stringify(want)}, got ${JSON.stringify(names)}`);
  for (const x of clusters) {
    const name = String(x["name"]);
    if (!(name in c.clusters)) continue;
    const endpoints = extractLoadAssignment(x["load_assignment"] as Json | undefined) ?? null;
    if (!same(endpoints, c.clusters[name] ?? null))
      out.push(`${name} endpoints: want ${JSON.stringify(c.clusters[name])}, got ${JSON.stringify(endpoints)}`);
    const telemetry = telemetryHosts(x);
    if (!same(telemetry, c.telemetry[name] ?? null))
      out.push(
        `${name} telemetry: want ${JSON.stringify(c.telemetry[name] ?? null)}, got ${JSON.stringify(telemetry)}`,
      );
  }
  return out;
}

function listenerMismatches(xds: ProxyXds, c: Extract<SimCheck, { kind: "listener" }>["check"]): string[] {
  if (c.listenersOnPort !== undefined) {
    const n = xds.listeners.filter(
      (l) => Number(at(l, "address", "socket_address", "port_value")) === c.listenersOnPort,
    ).length;
    if (c.count !== undefined && n !== c.count)
      return [`listeners on port ${c.listenersOnPort}: want ${c.count}, got ${n}`];
    if (c.atLeast !== undefined && n < c.atLeast)
      return [`listeners on port ${c.listenersOnPort}: want >= ${c.atLeast}, got ${n}`];
    return [];
  }
  const l = xds.listeners.find((x) => x["name"] === c.listener);
  if (l === undefined) return [`listener ${c.listener} is missing`];
  if (c.filterChainMatcher === false && l["filter_chain_matcher"] !== undefined)
    return ["listener has a filter_chain_matcher"];
  if (c.defaultFilterChain === true && l["default_filter_chain"] === undefined)
    return ["listener has no default_filter_chain"];
  if (c.prefixRangeChains !== undefined) {
    const ranged = ((l["filter_chains"] ?? []) as Json[]).filter(
      (fc) => ((at(fc, "filter_chain_match", "prefix_ranges") ?? []) as Json[]).length > 0,
    );
    const badLen = ranged
      .flatMap((fc) => at(fc, "filter_chain_match", "prefix_ranges") as Json[])
      .filter((r) => c.prefixLen !== undefined && Number(r["prefix_len"] ?? 0) !== c.prefixLen);
    if (ranged.length !== c.prefixRangeChains || badLen.length > 0)
      return [`prefix-range chains: want ${c.prefixRangeChains} (/${c.prefixLen}), got ${ranged.length}`];
  }
  return [];
}

/** The mismatches of one check (empty: it holds). */
export function checkMismatches(xds: ProxyXds, c: SimCheck): string[] {
  switch (c.kind) {
    case "call":
      return mismatches(run(xds, c.call), c.want);
    case "routes":
      return routeMismatches(xds, c);
    case "clusters":
      return clusterMismatches(xds, c);
    case "listener":
      return listenerMismatches(xds, c.check);
  }
}
