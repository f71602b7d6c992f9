/**
 * The destination address of a client's outbound connection on the emitted configuration: which listener takes it
 * (Envoy hands a connection redirected to `virtualOutbound` to the listener bound to its original destination
 * `<ip>:<port>`, else to `0.0.0.0:<port>`, else keeps it: envoy `source/common/listener_manager`
 * `ActiveTcpListener::onAcceptWorker` with `use_original_dst`), and which filter chains its `prefix_ranges` select
 * (`filter_chain_manager_impl.cc` `findFilterChainForDestinationIP`: the chains with the longest prefix holding the
 * address, else those without `prefix_ranges`).
 */
import type { FilterChain } from "../../../emit/envoy/gen/envoy/config/listener/v3/listener_components.ts";
import type { Listener } from "../../../emit/envoy/gen/envoy/config/listener/v3/listener.ts";
import { cidrContains } from "./rbac.ts";
import type { EngineContext } from "./upstream.ts";

/**
 * The outbound listener a connection to `port` reaches: `<destination>_<port>`, `0.0.0.0_<port>` or
 * `virtualOutbound`.
 */
export function outboundListener(ctx: EngineContext, port: number): Listener | undefined {
  const listeners = ctx.proxy!.listeners;
  const at = ctx.destination === undefined ? undefined : listeners.get(`${ctx.destination}_${port}`);
  return at ?? listeners.get(`0.0.0.0_${port}`) ?? listeners.get("virtualOutbound");
}

/**
 * The chains `findFilterChainForDestinationIP` keeps for the connection's destination. An address meshc does not know
 * (a host outside the registry, a Service whose cluster IP the input does not give: the engine's synthetic VIP) is
 * some IPv4 address: only a `/0` range surely holds it.
 */
export function narrowByDestination(ctx: EngineContext, chains: readonly FilterChain[]): FilterChain[] {
  const dest = ctx.destination;
  const known = dest !== undefined && !ctx.configs.synthetic.has(dest);
  let best = -1;
  let matched: FilterChain[] = [];
  for (const c of chains) {
    for (const r of c.filterChainMatch?.prefixRanges ?? []) {
      const len = r.prefixLen?.value ?? 0;
      const holds = known ? cidrContains(r, dest) : len === 0 && r.addressPrefix.includes(".");
      if (!holds) continue;
      if (len > best) {
        best = len;
        matched = [c];
      } else if (len === best && !matched.includes(c)) matched.push(c);
    }
  }
  return matched.length > 0 ? matched : chains.filter((c) => (c.filterChainMatch?.prefixRanges.length ?? 0) === 0);
}
