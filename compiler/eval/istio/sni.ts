/**
 * TLS connections a sidecar routes on their SNI, in the Istio engine, from the IR: a `tls://` or `https://` request to
 * a port where the client's proxy has TLS or HTTPS services.
 *
 *   the services of the listener the connection reaches (listener.ts: the one bound to its destination address and
 *     port, a VIP's or a headless Service endpoint's, else the wildcard `0.0.0.0_<port>` with every service the client
 *     imports there, a CIDR service's claim on its CIDR), when none is HTTP or sniffed
 *   → per service, istiod's chains (listener.go `buildSidecarOutboundTCPListenerOpts`): a TLS or HTTPS port takes
 *     tls.go `buildSidecarOutboundTLSFilterChainOpts` — per `tls` rule of the VirtualServices bound to `mesh` for the
 *     host (`getConfigsForHost`, IR order) and per match block whose static predicates hold (`matchTLS`: gateways,
 *     sourceLabels, port, sourceNamespace), a chain on its `sniHosts` (a `*` host: any name) and `destinationSubnets`
 *     (else the service's CIDR), a repeated (sniHosts, subnets) pair skipped (`hashRuntimeTLSMatchPredicates`);
 *     without one, the service's own chain on its CIDR, on its hostname as SNI when its address does not tell it
 *     apart (a CIDR, or none: a ServiceEntry host without `addresses`), else on any name; a TCP port its tcp route
 *     (tcp.ts), matching any name
 *   → merged as `mergeTCPFilterChains`: a chain whose names and subnets an earlier one has is dropped
 *   → Envoy's choice (filter_chain_manager_impl.cc): by destination address (the longest prefix holding it, else
 *     chains without prefixes), then by server name: the exact name, else the longest `*.` suffix, else chains without
 *     names; none: the listener's default chain `PassthroughFilterChain` (PassthroughCluster, or BlackHoleCluster
 *     under REGISTRY_ONLY: `buildListenerFromEntry`)
 *   → the chain's tcp_proxy: one destination, or weighted ones (weight 0 dropped), as a TCP connection (mTLS, the
 *     server's network RBAC filters). The client's own TLS passes through.
 */
import { hostMatches } from "../../ir/hosts.ts";
import { isHttpProtocol } from "../../ir/protocol.ts";
import { resourcesOf, type MeshIR, type Protocol, type VirtualServiceNode } from "../../ir/ir.ts";
import type { L4MatchAttributes } from "../../ir/istio-api.ts";
import { visibleFrom } from "../../ir/visibility.ts";
import type { Outcome, RouteRef, SimRequest } from "../types.ts";
import { destinationOf, type Client, type HttpView, type Target } from "../_shared/model.ts";
import { sniOf } from "../_shared/gateway-connection.ts";
import { percent } from "../_shared/outcomes.ts";
import { closeConnections, NO_WEIGHTED_DESTINATION, noSniChainError, passthroughOutcome } from "../_shared/tcp.ts";
import { byDestination, outboundPick, prefixSet, type ListenerClaim } from "./listener.ts";
import { byServerName } from "./gateway-connection.ts";
import { authorizeTcp } from "./tcp-authz.ts";
import { upstreamOutcomes, type Upstream, type UpstreamContext } from "./upstream.ts";

/** One filter chain: what it matches and where its tcp_proxy sends the bytes. */
interface Chain {
  readonly sni: readonly string[];
  readonly subnets: readonly string[];
  readonly to:
    | {
        readonly kind: "rule";
        readonly vs: VirtualServiceNode;
        readonly section: "tcp" | "tls";
        readonly index: number;
      }
    | { readonly kind: "service"; readonly fqdn: string };
}

const TLS = (p: Protocol) => p === "TLS" || p === "HTTPS";

/** `matchTLS` / `matchTCP`: the static predicates of a match block, for this sidecar (gateway `mesh`) and port. */
function staticMatch(m: L4MatchAttributes, client: Client, port: number): boolean {
  return (
    ((m.gateways ?? []).length === 0 || m.gateways!.includes("mesh")) &&
    Object.entries(m.sourceLabels ?? {}).every(([k, v]) => client.labels[k] === v) &&
    (m.port === undefined || m.port === 0 || m.port === port) &&
    (m.sourceNamespace === undefined || m.sourceNamespace === "" || m.sourceNamespace === client.namespace)
  );
}

/** VirtualServices bound to `mesh`, visible to the client, whose hosts match `fqdn`, in IR order. */
const meshVirtualServices = (ir: MeshIR, client: Client, fqdn: string): VirtualServiceNode[] =>
  resourcesOf(ir, "virtualService").filter(
    (vs) =>
      vs.gateways.includes("mesh") &&
      visibleFrom(vs.exportTo, client.namespace) &&
      vs.hosts.some((h) => hostMatches(h, fqdn)),
  );

/** One service's chains, in istiod's order; a CIDR claim's chains match its CIDR (istiod's `destinationCIDR`). */
function chainsOf(ir: MeshIR, client: Client, port: number, s: ListenerClaim): Chain[] {
  const out: Chain[] = [];
  const fqdn = s.owner.fqdn;
  const own = s.cidr === undefined ? [] : [s.cidr];
  const vss = meshVirtualServices(ir, client, fqdn);
  if (TLS(s.owner.protocol)) {
    const handled = new Set<string>();
    for (const vs of vss)
      for (const [index, rule] of (vs.spec.tls ?? []).entries())
        for (const m of rule.match ?? []) {
          if (!staticMatch(m, client, port)) continue;
          // "if a virtual service overrides it with its own destination subnet match give preference to the user
          // provided one"
          const subnets = (m.destinationSubnets ?? []).length > 0 ? m.destinationSubnets! : own;
          const key = `${m.sniHosts.join(",")}|${subnets.join(",")}`;
          if (handled.has(key)) continue;
          handled.add(key);
          out.push({
            sni: m.sniHosts.includes("*") ? [] : m.sniHosts,
            subnets,
            to: { kind: "rule", vs, section: "tls", index },
          });
        }
    if (out.length > 0) return out;
    return [{ sni: s.sniByHostname ? [fqdn] : [], subnets: own, to: { kind: "service", fqdn } }];
  }
  // tcp.go buildSidecarOutboundTCPFilterChainOpts: subnet-only rules become subnet chains, the first rule that
  // holds without subnets ends the list (on the service's CIDR, if any); else the service's own chain, unless a
  // rule's subnets were its CIDR ("Existing filter chain with same matching CIDR").
  const sameAsOwn = (subnets: readonly string[]) =>
    own.length > 0 && [...subnets].sort().join(",") === [...own].sort().join(",");
  let ownAdded = false;
  for (const vs of vss)
    for (const [index, rule] of (vs.spec.tcp ?? []).entries()) {
      const to = { kind: "rule", vs, section: "tcp", index } as const;
      const ms = rule.match ?? [];
      const held = ms.filter((m) => staticMatch(m, client, port));
      if (ms.length === 0 || held.some((m) => (m.destinationSubnets ?? []).length === 0))
        return [...out, { sni: [], subnets: own, to }];
      const subnets = held.flatMap((m) => m.destinationSubnets ?? []);
      if (subnets.length > 0) out.push({ sni: [], subnets, to });
      if (subnets.length > 0 && sameAsOwn(subnets)) ownAdded = true;
    }
  return ownAdded ? out : [...out, { sni: [], subnets: own, to: { kind: "service", fqdn } }];
}

/** A rule's destinations with their shares (networkfilter.go `buildOutboundNetworkFilters`: weight 0 dropped). */
function shares(vs: VirtualServiceNode, section: "tcp" | "tls", index: number): { up: Upstream; p: number }[] {
  const rule = section === "tcp" ? vs.spec.tcp?.[index] : vs.spec.tls?.[index];
  const ups = vs.destinations
    .filter((d) => d.role === "route" && d.path[1] === section && d.path[2] === index)
    .map((d) => ({
      up: { host: d.host, subset: d.subset ?? null, port: d.port },
      w: rule?.route?.[Number(d.path[4])]?.weight ?? 0,
    }));
  if (ups.length === 1) return [{ up: ups[0]!.up, p: 1 }];
  const kept = ups.filter((u) => u.w > 0);
  const total = kept.reduce((s, u) => s + u.w, 0);
  return kept.map((u) => ({ up: u.up, p: u.w / total }));
}

const tcpView = (port: number): HttpView => ({
  method: "",
  scheme: "http",
  authority: "",
  path: "",
  query: "",
  headers: {},
  port,
});

export interface SniRouted {
  readonly route: RouteRef | null;
  readonly outcomes: readonly Outcome[];
}

/**
 * A TLS connection from a sidecar, routed by SNI on the port's listener; undefined when the listener has no TLS or
 * HTTPS service (the connection then takes the port's TCP chains: tcp.ts).
 */
export function sniRoute(
  ir: MeshIR,
  ctx: UpstreamContext,
  request: SimRequest,
  target: Target,
  policy: "ALLOW_ANY" | "REGISTRY_ONLY",
): SniRouted | undefined {
  const port = target.port;
  const pick = outboundPick(ir, ctx.client, target);
  if (pick.kind === "none") return undefined;
  const services = pick.claims;
  const protocols = services.map((s) => s.owner.protocol);
  if (!protocols.some(TLS) || protocols.some((p) => isHttpProtocol(p) || p === "UNKNOWN")) return undefined;
  const seen = new Set<string>();
  const chains: Chain[] = [];
  for (const s of services)
    for (const c of chainsOf(ir, ctx.client, port, s)) {
      const key = JSON.stringify([[...new Set(c.sni)].sort(), prefixSet(c.subnets)]);
      if (seen.has(key)) continue;
      seen.add(key);
      chains.push(c);
    }
  const sni = sniOf(request);
  const { trace } = ctx;
  trace.push(
    `The client's sidecar reads the SNI '${sni}' on listener ${pick.name} (tls_inspector): its filter chains come from ${services.map((s) => s.owner.fqdn).join(", ")}.`,
  );
  const single = (o: Omit<Outcome, "probability">): Outcome[] => [{ probability: 1, ...o }];
  const chain = byServerName(
    byDestination(chains, (c) => c.subnets, destinationOf(target)),
    sni,
  )[0];
  if (chain === undefined) {
    const error = noSniChainError(port, sni, policy);
    trace.push(`No filter chain matches: ${error}.`);
    if (policy === "REGISTRY_ONLY")
      return {
        route: null,
        outcomes: single({ status: 0, destination: null, mtls: null, authz: null, fault: null, error }),
      };
    return { route: null, outcomes: single({ ...passthroughOutcome(target, false), error }) };
  }
  if (chain.to.kind === "service") {
    trace.push(
      `The chain of ${chain.to.fqdn}${chain.sni.length > 0 ? ` (SNI ${chain.sni.join(", ")})` : ""} takes the connection.`,
    );
    const up: Upstream = { host: chain.to.fqdn as Upstream["host"], subset: null, port: undefined };
    return {
      route: null,
      outcomes: closeConnections(upstreamOutcomes(ctx, up, tcpView(port), 1, null, authorizeTcp), trace),
    };
  }
  const { vs, section, index } = chain.to;
  if (section === "tcp")
    ctx.coverage?.hit({ kind: "tcpRoute", resource: `${vs.meta.namespace}/${vs.meta.name}`, rule: index });
  const route: RouteRef = {
    resource: `VirtualService ${vs.meta.namespace}/${vs.meta.name}`,
    index,
    name: null,
    section,
  };
  const split = shares(vs, section, index);
  trace.push(
    `VirtualService ${vs.meta.namespace}/${vs.meta.name} ${section}[${index}]${chain.sni.length > 0 ? ` (sniHosts ${chain.sni.join(", ")})` : ""} takes the connection${split.length > 1 ? `: ${split.map((x) => `${percent(x.p)} → ${x.up.host}`).join(", ")}` : ""}.`,
  );
  if (split.length === 0) {
    trace.push(`${NO_WEIGHTED_DESTINATION}: the connection is closed.`);
    return {
      route,
      outcomes: single({
        status: 0,
        destination: null,
        mtls: null,
        authz: null,
        fault: null,
        error: NO_WEIGHTED_DESTINATION,
      }),
    };
  }
  // The rule is the client proxy's route in the hops of a connection that goes on through a gateway pod.
  const rctx = { ...ctx, route };
  const outcomes = split.flatMap((x) => upstreamOutcomes(rctx, x.up, tcpView(port), x.p, null, authorizeTcp));
  return { route, outcomes: closeConnections(outcomes, trace) };
}
