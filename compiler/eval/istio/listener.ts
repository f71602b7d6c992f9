/**
 * The client sidecar's outbound listeners as the Istio engine models them over the IR (istio listener.go
 * `buildSidecarOutboundListeners` / `buildSidecarOutboundListener`, `mergeTCPFilterChains`; tcp.go
 * `buildSidecarOutboundTCPFilterChainOpts`), and which of them, and which TCP filter chain, a connection to a
 * destination address and port reaches (Envoy: the listener bound to `<ip>:<port>`, else `0.0.0.0:<port>`, else
 * `virtualOutbound`; among chains, the longest `prefix_ranges` holding the address, else one without).
 *
 * Every service the client imports (visible, taken by its Sidecar's egress hosts; by hostname, the first of a
 * hostname kept) claims a listener per non-UDP port: an ExternalName alias none; an HTTP port the wildcard; a headless
 * Service's TCP or sniffed port one per endpoint address (not the client's own), or with istiod's
 * PILOT_ENABLE_HEADLESS_FILTER_CHAIN_LISTENER the wildcard with each such address as a `/32` CIDR; another TCP or sniffed port its
 * address: a Kubernetes Service's cluster IP (one the input does not write is the Service's own all the same: the API
 * server allocates it), each IP of a ServiceEntry host, the wildcard with the CIDR as the chains' match for a CIDR,
 * the wildcard for a host without addresses. An address's listener is its first claimant's; the wildcard gathers its
 * claimants in order as istiod merges them (`wildcardEntry`): HTTP, sniffed or TCP, its TCP chains those of each
 * claimant it keeps, a chain dropped when one with the same destination prefixes is already there.
 */
import { isIP } from "node:net";
import { hostMatches } from "../../ir/hosts.ts";
import { resourcesOf, type MeshIR, type Protocol, type VirtualServiceNode } from "../../ir/ir.ts";
import { isHttpProtocol } from "../../ir/protocol.ts";
import { hasClusterIp, isCidr, serviceEntryAddresses, serviceVips } from "../../ir/service-addresses.ts";
import { serviceEndpoints } from "../../ir/service-endpoints.ts";
import { importsService } from "../../ir/sidecar-egress.ts";
import { visibleFrom } from "../../ir/visibility.ts";
import { inferProtocol } from "../../ir/protocol.ts";
import type { Client, Target } from "../_shared/model.ts";
import { destinationOf } from "../_shared/model.ts";
import { clientEgress } from "./_egress.ts";

/** A service of the client's scope that claims listeners, as a target on one of its ports. */
interface Claimant {
  readonly fqdn: string;
  readonly ports: readonly { readonly port: number; readonly protocol: Protocol }[];
  readonly target: (port: number) => Target;
  /** Whether istiod binds it to an address of its own: a Kubernetes Service, a ServiceEntry host with `addresses`. */
  readonly addressed: boolean;
}

interface Claim {
  readonly claimant: Claimant;
  readonly cidr?: string;
}

/** A TCP filter chain of a listener: its service, its VirtualService tcp rule (none: the default), its prefixes. */
export interface TcpChainPick {
  readonly owner: Target;
  readonly rule?: { readonly vs: VirtualServiceNode; readonly index: number };
  readonly prefixes: readonly string[];
}

/**
 * A service on the listener a connection reaches, in claim order, as SNI routing reads it (sni.ts): its CIDR when
 * the claim is one, and whether its own TLS chain needs the hostname as SNI (its address does not tell it apart:
 * a CIDR, or none).
 */
export interface ListenerClaim {
  readonly owner: Target;
  readonly cidr?: string;
  readonly sniByHostname: boolean;
}

/** What the client's outbound listeners do with a connection to `port` at the target's destination address. */
export type ListenerPick =
  | { readonly kind: "none" }
  | {
      readonly kind: "listener";
      /** `<address>_<port>` (the wildcard: `0.0.0.0`). */
      readonly name: string;
      /** HTTP (an HTTP connection manager only), sniffed (HTTP and TCP chains), TCP. */
      readonly protocol: "http" | "auto" | "tcp";
      /** For an address's listener, its service (HTTP on a sniffed one goes to its virtual host only). */
      readonly owner?: Target;
      /** The services on the listener, in claim order. */
      readonly claims: readonly ListenerClaim[];
      /** The TCP chain non-HTTP bytes take (undefined: `PassthroughFilterChain`, the catch-all). */
      readonly tcp: (matched: TcpMatch) => TcpChainPick | undefined;
    };

/** Which VirtualService tcp rules are generated for this proxy (tcp.ts `matchTcp`), and their destination subnets. */
export type TcpMatch = (
  owner: Target,
  port: number,
) => { readonly chains: readonly { rule?: TcpChainPick["rule"]; subnets: readonly string[] }[]; terminal: boolean };

const byFqdn = (a: { fqdn: string }, b: { fqdn: string }) => (a.fqdn < b.fqdn ? -1 : a.fqdn > b.fqdn ? 1 : 0);

/** The token standing for a Service's own cluster IP when the input does not write it. */
const ownVip = (fqdn: string) => `vip:${fqdn}`;

interface Plan {
  readonly exact: Map<string, Claim[]>;
  readonly wildcard: Map<number, Claim[]>;
}

const plans = new WeakMap<MeshIR, Map<string, Plan>>();

/** The claims of every listener of the client's sidecar, memoized per IR and client. */
function planOf(ir: MeshIR, client: Client): Plan {
  let perIr = plans.get(ir);
  if (perIr === undefined) plans.set(ir, (perIr = new Map<string, Plan>()));
  const key = `${client.workload?.id ?? ""}\n${client.namespace}\n${client.ip ?? ""}`;
  const hit = perIr.get(key);
  if (hit !== undefined) return hit;
  const egress = clientEgress(ir, client);
  const kube = ir.services
    .filter((s) => importsService(egress, s.namespace, s.fqdn))
    .map((s) => ({ s, fqdn: s.fqdn, k8s: true }));
  const entries = resourcesOf(ir, "serviceEntry").flatMap((e) =>
    visibleFrom(e.exportTo, client.namespace)
      ? e.hosts.filter((h) => importsService(egress, e.meta.namespace, h)).map((h) => ({ e, fqdn: h, k8s: false }))
      : [],
  );
  // Kubernetes Services first, then ServiceEntry hosts; by hostname (stable); the first of a hostname kept.
  const seen = new Set<string>();
  const ordered = [...kube, ...entries].sort(byFqdn).filter((x) => !seen.has(x.fqdn) && seen.add(x.fqdn) !== undefined);
  const plan: Plan = { exact: new Map(), wildcard: new Map() };
  const claimExact = (at: string, c: Claim) => {
    if (!plan.exact.has(at)) plan.exact.set(at, [c]);
  };
  const claimWildcard = (port: number, c: Claim) => {
    const list = plan.wildcard.get(port) ?? [];
    list.push(c);
    plan.wildcard.set(port, list);
  };
  const proxyV6 = client.ip !== undefined && isIP(client.ip) === 6;
  const headlessChains = ir.istiod.enableHeadlessFilterChainListener;
  for (const x of ordered) {
    if ("s" in x) {
      const svc = x.s;
      if (svc.externalName !== undefined) continue; // listener.go: "Alias services do not get listeners generated"
      const claimant: Claimant = {
        fqdn: svc.fqdn,
        ports: svc.ports,
        addressed: true,
        target: (port) => {
          const p = svc.ports.find((q) => q.port === port)!;
          return { kind: "service", fqdn: svc.fqdn, service: svc, port, protocol: p.protocol };
        },
      };
      const vips = serviceVips(svc);
      const family = vips.filter((a) => (isIP(a) === 6) === proxyV6);
      const bind = (family.length > 0 ? family : vips)[0];
      for (const p of svc.ports) {
        if (p.protocol === "UDP") continue;
        if (isHttpProtocol(p.protocol)) claimWildcard(p.port, { claimant });
        else if (svc.headless === true) {
          for (const e of serviceEndpoints(ir, svc, p)) {
            if (isIP(e.address) === 0 || e.address === client.ip) continue;
            // PILOT_ENABLE_HEADLESS_FILTER_CHAIN_LISTENER (istio/istio#60642): a `<ip>/32` chain on the wildcard.
            const host = `${e.address}/${isIP(e.address) === 6 ? 128 : 32}`;
            if (headlessChains) claimWildcard(p.port, { claimant, cidr: host });
            else claimExact(`${e.address}_${p.port}`, { claimant });
          }
        } else if (bind !== undefined) claimExact(`${bind}_${p.port}`, { claimant });
        else if (hasClusterIp(svc)) claimExact(`${ownVip(svc.fqdn)}_${p.port}`, { claimant });
        else claimWildcard(p.port, { claimant });
      }
      continue;
    }
    const entry = x.e;
    const ports = (entry.spec.ports ?? []).map((p) => ({
      port: p.number,
      protocol: inferProtocol(p.protocol ?? p.name, undefined, undefined),
    }));
    const addresses = serviceEntryAddresses(entry);
    const claimant: Claimant = {
      fqdn: x.fqdn,
      ports,
      addressed: addresses.length > 0,
      target: (port) => ({
        kind: "serviceEntry",
        fqdn: x.fqdn,
        entry,
        port,
        protocol: ports.find((q) => q.port === port)!.protocol,
      }),
    };
    for (const p of ports) {
      if (p.protocol === "UDP") continue;
      if (isHttpProtocol(p.protocol) || addresses.length === 0) claimWildcard(p.port, { claimant });
      else
        for (const a of addresses) {
          if (isCidr(a)) claimWildcard(p.port, { claimant, cidr: a });
          else claimExact(`${a}_${p.port}`, { claimant });
        }
    }
  }
  perIr.set(key, plan);
  return plan;
}

const protocolOf = (c: Claimant, port: number): Protocol => c.ports.find((p) => p.port === port)!.protocol;

/** protocol.Instance `IsTCP`. */
const isTcp = (p: Protocol): boolean => ["TCP", "HTTPS", "TLS", "MONGO", "REDIS", "MYSQL"].includes(p);

/** listener.go `isConflictWithWellKnownPort`: Mongo and MySQL share a listener with no other protocol. */
const clash = (incoming: Protocol, existing: Protocol): boolean =>
  (incoming === "MONGO" || incoming === "MYSQL" || existing === "MONGO" || existing === "MYSQL") &&
  incoming !== existing;

/**
 * The wildcard listener's entry after its claims, in order (listener.go `buildSidecarOutboundListener`): whether it
 * has an HTTP chain, and the claims whose TCP chains it holds. The first claim makes it (an HTTP port: HTTP, the
 * entry then `protocol.Unsupported` on the wildcard; a sniffed port: HTTP and its TCP chains; a TCP port: its TCP
 * chains); then HTTP joins only a TCP entry (HTTPOverTCP); TCP joins any entry (TCPOverHTTP/TCP/Auto); a sniffed
 * port joins only a TCP entry (AutoOverTCP); never Mongo or MySQL with another protocol (`isConflictWithWellKnownPort`).
 */
function wildcardEntry(claims: readonly Claim[], port: number): { http: boolean; tcp: readonly Claim[] } {
  let http = false;
  let tcp: Claim[] = [];
  let protocol: Protocol | undefined;
  for (const c of claims) {
    const p = protocolOf(c.claimant, port);
    if (protocol === undefined) {
      http = isHttpProtocol(p) || p === "UNKNOWN";
      tcp = isHttpProtocol(p) ? [] : [c];
      protocol = http ? "UNKNOWN" : p;
    } else if (!isTcp(protocol) && !(protocol === "UNKNOWN" && !isHttpProtocol(p) && p !== "UNKNOWN")) continue;
    else if (clash(p, protocol)) continue;
    else if (isHttpProtocol(p) || p === "UNKNOWN") {
      // HTTPOverTCP, AutoOverTCP: the entry sniffs.
      http = true;
      if (p === "UNKNOWN") tcp.push(c);
      protocol = "UNKNOWN";
    } else tcp.push(c); // TCPOverTCP, TCPOverAuto
  }
  return { http, tcp };
}

function kindOf(claims: readonly Claim[], port: number): "http" | "auto" | "tcp" {
  const entry = wildcardEntry(claims, port);
  if (!entry.http) return "tcp";
  return entry.tcp.length > 0 ? "auto" : "http";
}

/** An IPv4 prefix `a.b.c.d/n` as [network, n]; undefined for anything else. */
function prefixOf(cidr: string): [number, number] | undefined {
  const [ip = "", len] = cidr.split("/");
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  if (m === null) return undefined;
  const bits = len === undefined ? 32 : Number(len);
  const n = m.slice(1).reduce((a, o) => a * 256 + Number(o), 0);
  const block = 2 ** (32 - Math.min(32, bits));
  return [Math.floor(n / block) * block, bits];
}

/** A set of prefixes as a comparable key (masked IPv4 prefixes; other text as written). */
export const prefixSet = (cidrs: readonly string[]): string =>
  [...new Set(cidrs.map((c) => prefixOf(c)?.join("/") ?? c))].sort().join(",");

/**
 * Envoy's choice by destination address (filter_chain_manager_impl.cc `findFilterChainForDestinationIP`): the chains
 * whose longest prefix holding `destination` is the longest, else those without prefixes.
 */
export function byDestination<T>(
  chains: readonly T[],
  prefixes: (c: T) => readonly string[],
  destination: string | undefined,
): T[] {
  let best: number | undefined;
  for (const c of chains) {
    const len = longestHolding(prefixes(c), destination);
    if (len !== undefined && (best === undefined || len > best)) best = len;
  }
  if (best === undefined) return chains.filter((c) => prefixes(c).length === 0);
  return chains.filter((c) => longestHolding(prefixes(c), destination) === best);
}

/**
 * The length of the longest of `prefixes` that holds `destination` (undefined: none does). An address meshc does not
 * know is some IPv4 address: only a /0 surely holds it.
 */
function longestHolding(prefixes: readonly string[], destination: string | undefined): number | undefined {
  let best: number | undefined;
  const d = destination === undefined ? undefined : prefixOf(destination);
  for (const c of prefixes) {
    const p = prefixOf(c);
    if (p === undefined) {
      if ((c === destination || c === `${destination}/128`) && (best === undefined || 128 > best)) best = 128;
      continue;
    }
    const [net, bits] = p;
    const holds =
      d === undefined ? bits === 0 : Math.floor(d[0] / 2 ** (32 - bits)) === Math.floor(net / 2 ** (32 - bits));
    if (holds && (best === undefined || bits > best)) best = bits;
  }
  return best;
}

/**
 * The TCP chain of a listener the connection takes: of the merged chains (each claimant's, a chain with the same
 * prefixes as an earlier one dropped), those with the longest prefix holding the destination, else the first
 * without prefixes; none: the catch-all `PassthroughFilterChain`.
 */
function pickChain(
  claims: readonly Claim[],
  port: number,
  destination: string | undefined,
  matched: TcpMatch,
): TcpChainPick | undefined {
  const merged: TcpChainPick[] = [];
  for (const c of claims) {
    const owner = c.claimant.target(port);
    const own = c.cidr === undefined ? [] : [c.cidr];
    const chains: TcpChainPick[] = [];
    const tls = owner.protocol === "TLS" || owner.protocol === "HTTPS";
    const m = tls ? { chains: [], terminal: false } : matched(owner, port);
    let defaultAdded = m.terminal;
    for (const ch of m.chains) {
      const prefixes = ch.subnets.length > 0 ? ch.subnets : own;
      chains.push({ owner, ...(ch.rule === undefined ? {} : { rule: ch.rule }), prefixes });
      if (ch.subnets.length > 0 && own.length > 0 && prefixSet(ch.subnets) === prefixSet(own)) defaultAdded = true;
    }
    if (!defaultAdded) chains.push({ owner, prefixes: own });
    for (const ch of chains) if (!merged.some((x) => prefixSet(x.prefixes) === prefixSet(ch.prefixes))) merged.push(ch);
  }
  return byDestination(merged, (ch) => ch.prefixes, destination)[0];
}

/**
 * The listener a connection from the client's sidecar to the target reaches (its destination address:
 * _shared/model.ts `destinationOf`; a Service whose cluster IP the input does not write is reached at its own).
 */
export function outboundPick(ir: MeshIR, client: Client, target: Target): ListenerPick {
  const plan = planOf(ir, client);
  const port = target.port;
  const known = destinationOf(target);
  const dest =
    known ??
    (target.kind === "service" && hasClusterIp(target.service) && serviceVips(target.service).length === 0
      ? ownVip(target.fqdn)
      : undefined);
  const exact = dest === undefined ? undefined : plan.exact.get(`${dest}_${port}`);
  if (exact !== undefined) {
    const first = exact[0]!;
    const owner = first.claimant.target(port);
    return {
      kind: "listener",
      name: `${known ?? "<the Service's cluster IP>"}_${port}`,
      protocol: protocolOf(first.claimant, port) === "UNKNOWN" ? "auto" : "tcp",
      owner,
      claims: [{ owner, sniByHostname: false }],
      tcp: (matched) => pickChain([first], port, known, matched),
    };
  }
  const wildcard = plan.wildcard.get(port);
  if (wildcard === undefined) return { kind: "none" };
  return {
    kind: "listener",
    name: `0.0.0.0_${port}`,
    protocol: kindOf(wildcard, port),
    claims: wildcard.map((c) => ({
      owner: c.claimant.target(port),
      ...(c.cidr === undefined ? {} : { cidr: c.cidr }),
      sniByHostname: c.cidr !== undefined || !c.claimant.addressed,
    })),
    tcp: (matched) => pickChain(wildcardEntry(wildcard, port).tcp, port, known, matched),
  };
}

/** Whether the client's sidecar has a wildcard listener with an HTTP connection manager for `port`. */
export function hasHttpListener(ir: MeshIR, client: Client, port: number): boolean {
  const wildcard = planOf(ir, client).wildcard.get(port);
  return wildcard !== undefined && kindOf(wildcard, port) !== "tcp";
}

/** Whether a VirtualService host claims the hostname (tcp.go `getConfigsForHost`). */
export const vsClaims = (vs: VirtualServiceNode, fqdn: string): boolean => vs.hosts.some((h) => hostMatches(h, fqdn));
