/**
 * TCP connections in the Istio engine: a `tcp://` request (meshc's extension of docs/requests.md), or any request to a port
 * whose protocol istiod proxies as TCP (TCP, MONGO, MYSQL, REDIS: the sidecars move bytes, HTTP routes and HTTP-only
 * authorization do not apply).
 *
 *   client sidecar: the port's TCP filter chains (istio `pilot/pkg/networking/core/tcp.go`
 *     `buildSidecarOutboundTCPFilterChainOpts`): every VirtualService bound to `mesh` for the host (not one per
 *     host as for HTTP: `getConfigsForHost`), in order; per `tcp` rule, the first match block generated for the proxy
 *     (`matchTCP`: gateways, sourceLabels, port, sourceNamespace, all checked when the config is built) ends the
 *     search; a rule whose generated blocks all name `destinationSubnets` becomes a chain matched on the connection's
 *     destination address; no rule → the service's cluster. Which listener and which service's chains take the
 *     connection is decided by its destination address and port (listener.ts). `buildOutboundNetworkFilters`: one destination → its cluster, several → weighted clusters (weight 0
 *     dropped); the cluster port is the destination's, else the service's only port, else the listener port.
 *   → per endpoint: the mTLS handshake as for HTTP (mtls.ts), then the server's network RBAC filters (tcp-authz.ts).
 *
 * A connection has no HTTP status: 200 = forwarded and accepted, 0 = closed (no cluster or endpoint, BlackHoleCluster,
 * refused handshake, network RBAC denial: Envoy closes the connection, `rbac_filter.cc` `onData`).
 */
import { hostMatches } from "../../ir/hosts.ts";
import { resourcesOf, type MeshIR, type VirtualServiceNode } from "../../ir/ir.ts";
import type { L4MatchAttributes } from "../../ir/istio-api.ts";
import type { Outcome, RouteRef, SimRequest } from "../types.ts";
import type { Client, HttpView, Target } from "../_shared/model.ts";
import { percent } from "../_shared/outcomes.ts";
import {
  blackholeError,
  closeConnections,
  NO_CLIENT_SIDECAR,
  NO_WEIGHTED_DESTINATION,
  passthroughOutcome,
  tcpIntoHcm,
} from "../_shared/tcp.ts";
import { authorizeTcp } from "./tcp-authz.ts";
import { sniRoute } from "./sni.ts";
import { isTlsRequest, sniOf } from "../_shared/gateway-connection.ts";
import { upstreamOutcomes, type Upstream, type UpstreamContext } from "./upstream.ts";
import { visibleFrom } from "../../ir/visibility.ts";
import { outboundPick, type TcpChainPick, type TcpMatch } from "./listener.ts";

export interface TcpRouted {
  readonly route: RouteRef | null;
  readonly outcomes: readonly Outcome[];
}

const single = (o: Omit<Outcome, "probability">): Outcome[] => [{ probability: 1, ...o }];

/** The attributes a network filter sees: no HTTP (the authorization request reads only the port and identities). */
const tcpView = (port: number): HttpView => ({
  method: "",
  scheme: "http",
  authority: "",
  path: "",
  query: "",
  headers: {},
  port,
});

/** matchTCP (tcp.go): the static predicates of a match block for this sidecar (its gateway is `mesh`). */
function matchTcp(m: L4MatchAttributes, client: Client, port: number): string | undefined {
  if ((m.gateways ?? []).length > 0 && !m.gateways!.includes("mesh"))
    return `gateways [${m.gateways!.join(", ")}] do not include 'mesh'`;
  const missing = Object.entries(m.sourceLabels ?? {}).find(([k, v]) => client.labels[k] !== v);
  if (missing !== undefined) return `sourceLabels: the client has no label ${missing[0]}=${missing[1]}`;
  if (m.port !== undefined && m.port !== 0 && m.port !== port) return `port ${m.port} is not the listener port ${port}`;
  if (m.sourceNamespace !== undefined && m.sourceNamespace !== "" && m.sourceNamespace !== client.namespace) {
    return `source namespace '${client.namespace}' is not '${m.sourceNamespace}'`;
  }
  return undefined;
}

/** Every VirtualService bound to `mesh`, visible to the client, whose hosts match the service (tcp.go `getConfigsForHost`). */
function tcpVirtualServices(ir: MeshIR, client: Client, fqdn: string): VirtualServiceNode[] {
  return resourcesOf(ir, "virtualService").filter(
    (vs) =>
      vs.gateways.includes("mesh") &&
      visibleFrom(vs.exportTo, client.namespace) &&
      vs.hosts.some((h) => hostMatches(h, fqdn)),
  );
}

/**
 * The chains tcp.go `buildSidecarOutboundTCPFilterChainOpts` generates for a service's TCP port from its tcp rules,
 * in order: per rule, the first match block generated for this proxy without destination subnets (or a rule without
 * matches) is the terminal chain and ends the search; blocks that name subnets make one chain matched on them.
 */
const tcpMatcher =
  (ir: MeshIR, ctx: UpstreamContext): TcpMatch =>
  (owner, port) => {
    const chains: { rule?: { vs: VirtualServiceNode; index: number }; subnets: readonly string[] }[] = [];
    for (const vs of tcpVirtualServices(ir, ctx.client, owner.fqdn)) {
      for (const [index, rule] of (vs.spec.tcp ?? []).entries()) {
        const label = `VirtualService ${vs.meta.namespace}/${vs.meta.name} tcp[${index}]`;
        const matches = rule.match ?? [];
        if (matches.length === 0) {
          chains.push({ rule: { vs, index }, subnets: [] });
          return { chains, terminal: true };
        }
        const subnets: string[] = [];
        for (const [j, m] of matches.entries()) {
          const why = matchTcp(m, ctx.client, port);
          if (why !== undefined) {
            ctx.trace.push(`${label} match[${j}] is not generated for this sidecar: ${why}.`);
            continue;
          }
          if ((m.destinationSubnets ?? []).length === 0) {
            chains.push({ rule: { vs, index }, subnets: [] });
            return { chains, terminal: true };
          }
          subnets.push(...m.destinationSubnets!);
        }
        if (subnets.length > 0) chains.push({ rule: { vs, index }, subnets });
      }
    }
    return { chains, terminal: false };
  };

/** A tcp rule's destinations with their shares (tcp.go `buildOutboundNetworkFiltersWithWeightedClusters`). */
export function tcpShares(vs: VirtualServiceNode, index: number): { up: Upstream; p: number }[] {
  const rule = vs.spec.tcp?.[index];
  const ups = vs.destinations
    .filter((d) => d.role === "route" && d.path[1] === "tcp" && d.path[2] === index)
    .map((d) => ({
      up: { host: d.host, subset: d.subset ?? null, port: d.port },
      w: rule?.route?.[Number(d.path[4])]?.weight ?? 0,
    }));
  if (ups.length === 1) return [{ up: ups[0]!.up, p: 1 }];
  const kept = ups.filter((u) => u.w > 0);
  const total = kept.reduce((s, u) => s + u.w, 0);
  return kept.map((u) => ({ up: u.up, p: u.w / total }));
}

const closed = (ctx: UpstreamContext, outcomes: readonly Outcome[]): Outcome[] => closeConnections(outcomes, ctx.trace);

function viaSidecar(
  ir: MeshIR,
  ctx: UpstreamContext,
  target: Target,
  policy: "ALLOW_ANY" | "REGISTRY_ONLY",
): TcpRouted {
  const port = target.port;
  const catchAll = (why: string): TcpRouted => {
    if (policy === "REGISTRY_ONLY") {
      const error = blackholeError(target);
      ctx.trace.push(`${why}: ${error}; the connection is closed.`);
      return {
        route: null,
        outcomes: single({ status: 0, destination: null, mtls: null, authz: null, fault: null, error }),
      };
    }
    const outcome = passthroughOutcome(target, false);
    ctx.trace.push(`${why}: ${outcome.error}.`);
    return { route: null, outcomes: single(outcome) };
  };
  // listener.ts: the listener of the destination address and port, then its TCP chain.
  const pick = outboundPick(ir, ctx.client, target);
  if (pick.kind === "none") return catchAll(`No listener for port ${port}`);
  if (pick.protocol === "http") {
    const error = tcpIntoHcm(port);
    ctx.trace.push(`The connection reaches '${pick.name}', and ${error}: the connection is closed.`);
    return {
      route: null,
      outcomes: single({ status: 0, destination: null, mtls: null, authz: null, fault: null, error }),
    };
  }
  const chain = pick.tcp(tcpMatcher(ir, ctx));
  if (chain === undefined) return catchAll(`No filter chain of '${pick.name}' holds the destination address`);
  const owner = chain.owner;
  if (owner.fqdn !== target.fqdn)
    ctx.trace.push(`Listener '${pick.name}' sends the connection to ${owner.fqdn}'s filter chain.`);
  const hit = chain.rule;
  if (hit === undefined) {
    ctx.trace.push(`No tcp rule applies to ${owner.fqdn}:${port}: the connection goes to the service's cluster.`);
    return {
      route: null,
      outcomes: closed(
        ctx,
        upstreamOutcomes(
          ctx,
          { host: owner.fqdn, subset: null, port: undefined },
          tcpView(port),
          1,
          null,
          authorizeTcp,
        ),
      ),
    };
  }
  ctx.trace.push(
    `VirtualService ${hit.vs.meta.namespace}/${hit.vs.meta.name} tcp[${hit.index}] takes the connection${chain.prefixes.length > 0 ? ` (destination in ${chain.prefixes.join(", ")})` : ""}.`,
  );
  ctx.coverage?.hit({ kind: "tcpRoute", resource: `${hit.vs.meta.namespace}/${hit.vs.meta.name}`, rule: hit.index });
  const shares = tcpShares(hit.vs, hit.index);
  const route: RouteRef = {
    resource: `VirtualService ${hit.vs.meta.namespace}/${hit.vs.meta.name}`,
    index: hit.index,
    name: null,
    section: "tcp",
  };
  if (shares.length === 0) {
    const error = NO_WEIGHTED_DESTINATION;
    ctx.trace.push(`${error}: the connection is closed.`);
    return { route, outcomes: single({ status: 0, destination: null, mtls: null, authz: null, fault: null, error }) };
  }
  if (shares.length > 1)
    ctx.trace.push(
      `Weighted clusters: ${shares.map((s) => `${percent(s.p)} → ${s.up.host}${s.up.subset ? `@${s.up.subset}` : ""}`).join(", ")}.`,
    );
  // The rule is the client proxy's route in the hops of a connection that goes on through a gateway pod.
  const rctx = { ...ctx, route };
  const outcomes = shares.flatMap((s) => upstreamOutcomes(rctx, s.up, tcpView(port), s.p, null, authorizeTcp));
  return { route, outcomes: closed(ctx, outcomes) };
}

/** The TCP chain a sniffed listener gives plaintext HTTP ({@link sniffedTcpChain}). */
export interface SniffedTcpChain {
  readonly listener: string;
  readonly chain: TcpChainPick;
}

/**
 * The TCP filter chain plaintext HTTP from the client's sidecar takes instead of the HTTP one, if any: on a sniffed
 * listener Envoy narrows the chains by destination address before application protocol
 * (filter_chain_manager_impl.cc `findFilterChainForDestinationIP`, then `findFilterChainForApplicationProtocols`),
 * and istiod gives the HTTP chain no `prefix_ranges` (listener.go `buildSidecarOutboundHTTPListenerOpts`), so a TCP
 * chain whose prefixes hold the destination (a CIDR, a headless endpoint's `/32` with
 * PILOT_ENABLE_HEADLESS_FILTER_CHAIN_LISTENER, a tcp route's `destinationSubnets`) takes the request's bytes.
 */
export function sniffedTcpChain(ir: MeshIR, ctx: UpstreamContext, target: Target): SniffedTcpChain | undefined {
  if (ctx.client.proxy !== "sidecar") return undefined;
  const pick = outboundPick(ir, ctx.client, target);
  if (pick.kind !== "listener" || pick.protocol !== "auto") return undefined;
  // Only the choice is wanted here: the matcher's own trace and coverage are not the request's.
  const { coverage: _coverage, ...quiet } = ctx;
  const chain = pick.tcp(tcpMatcher(ir, { ...quiet, trace: [] }));
  return chain === undefined || chain.prefixes.length === 0 ? undefined : { listener: pick.name, chain };
}

/** No client proxy: no VirtualService; kube-proxy picks any endpoint; the server's sidecar still authorizes. */
function direct(ctx: UpstreamContext, target: Target): TcpRouted {
  if (target.kind === "external") {
    const error = NO_CLIENT_SIDECAR;
    ctx.trace.push(`${error}.`);
    const destination = {
      service: target.fqdn,
      subset: null,
      port: target.port,
      cluster: `outbound|${target.port}||${target.fqdn}`,
    };
    return {
      route: null,
      outcomes: single({ status: 200, destination, mtls: false, authz: null, fault: null, error }),
    };
  }
  ctx.trace.push(
    "The client connects without a sidecar: no VirtualService applies; Kubernetes load-balances over every endpoint.",
  );
  return {
    route: null,
    outcomes: closed(
      ctx,
      upstreamOutcomes(
        ctx,
        { host: target.fqdn, subset: null, port: target.port },
        tcpView(target.port),
        1,
        null,
        authorizeTcp,
      ),
    ),
  };
}

/** Evaluates a TCP connection from a sidecar or a proxy-less client (never a gateway: `checkTcpRequest`). */
export function simulateTcp(
  ir: MeshIR,
  ctx: UpstreamContext,
  request: SimRequest,
  target: Target,
  policy: "ALLOW_ANY" | "REGISTRY_ONLY",
): TcpRouted {
  const how =
    request.scheme === "tcp"
      ? "a TCP connection"
      : `port ${target.port} is ${target.protocol}, so the ${request.scheme.toUpperCase()} request travels as TCP bytes (HTTP routes and HTTP-only authorization do not apply)`;
  ctx.trace.push(`TCP: ${how}.`);
  if (ctx.client.proxy !== "sidecar") return direct(ctx, target);
  // TLS on a port with TLS or HTTPS services: the sidecar's chains match its SNI (sni.ts). The client's TLS travels
  // on as bytes; a gateway pod it reaches reads its SNI (upstream.ts).
  const tls = isTlsRequest(request);
  const appCert = tls && request.cert !== undefined ? { appCert: request.cert } : {};
  const tctx: UpstreamContext = tls ? { ...ctx, appSni: sniOf(request), ...appCert } : ctx;
  const bySni = tls ? sniRoute(ir, tctx, request, target, policy) : undefined;
  return bySni ?? viaSidecar(ir, tctx, target, policy);
}
