/**
 * traffic.go `matchFilterChain` (istio/istio pilot/pkg/simulation/traffic.go @ 86c9f01, as described in
 * ../shared/reference/istio-simulation.md §3.4): Envoy's FilterChainMatch sieve, one criterion after another
 * (destination port, destination prefix ranges, server names, transport protocol, application protocols). At each
 * step, when no chain sets the criterion every chain stays; otherwise the best-ranked matching chains stay (the most
 * specific CIDR, an exact server name before the longest wildcard), or, when none matches, the chains that leave the
 * criterion empty. Source criteria are not simulated, as in Go. More than one left is `ErrMultipleFilterChain` (Envoy
 * would NACK); none falls back to the listener's `default_filter_chain`, else `ErrNoFilterChain`.
 */
import type { Json } from "./xdstest.ts";

export interface ChainInput {
  readonly port: number;
  readonly address: string;
  readonly sni: string;
  readonly tls: "plaintext" | "tls" | "mtls";
  readonly alpn: string;
}

/** A criterion: whether a chain leaves it empty, and the rank of a chain that sets it (undefined: no match). */
interface Criterion {
  readonly empty: (m: Json) => boolean;
  readonly rank: (m: Json) => number | undefined;
}

function sieve(chains: readonly Json[], c: Criterion): Json[] {
  const matchOf = (chain: Json) => (chain["filter_chain_match"] ?? {}) as Json;
  if (chains.every((chain) => c.empty(matchOf(chain)))) return [...chains];
  const ranked = chains
    .filter((chain) => !c.empty(matchOf(chain)))
    .map((chain) => ({ chain, rank: c.rank(matchOf(chain)) }))
    .filter((r): r is { chain: Json; rank: number } => r.rank !== undefined);
  if (ranked.length > 0) {
    const best = Math.max(...ranked.map((r) => r.rank));
    return ranked.filter((r) => r.rank === best).map((r) => r.chain);
  }
  return chains.filter((chain) => c.empty(matchOf(chain)));
}

/** IPv4 or IPv6 text as a bigint and its bit width; undefined when not an address. */
function parseIp(ip: string): { value: bigint; bits: number } | undefined {
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  if (v4 !== null) return { value: v4.slice(1).reduce((a, o) => (a << 8n) | BigInt(Number(o)), 0n), bits: 32 };
  if (!ip.includes(":")) return undefined;
  const [head, tail] = ip.split("::") as [string, string | undefined];
  const parts = (s: string | undefined) => (s === undefined || s === "" ? [] : s.split(":"));
  const h = parts(head);
  const t = parts(tail);
  const groups = [...h, ...Array<string>(tail === undefined ? 0 : 8 - h.length - t.length).fill("0"), ...t];
  return { value: groups.reduce((a, g) => (a << 16n) | BigInt(parseInt(g, 16)), 0n), bits: 128 };
}

/** The prefix length of the most specific range containing `address` (cidranger `Contains` + longest prefix). */
function longestContaining(ranges: readonly Json[], address: string): number | undefined {
  const ip = parseIp(address);
  let best: number | undefined;
  for (const r of ranges) {
    const net = parseIp(String((r["address_prefix"] as string | undefined) ?? ""));
    const len = Number(r["prefix_len"] ?? 0);
    if (ip === undefined || net === undefined || net.bits !== ip.bits) continue;
    const shift = BigInt(ip.bits - len);
    if (ip.value >> shift === net.value >> shift && (best === undefined || len > best)) best = len;
  }
  return best;
}

/**
 * Istio `host.Name.SubsetOf` of the SNI against a server name, ranked: an exact name beats every wildcard, a longer
 * wildcard beats a shorter one.
 */
function serverNameRank(names: readonly string[], sni: string): number | undefined {
  let best: number | undefined;
  for (const n of names) {
    const rank =
      n === sni ? Number.MAX_SAFE_INTEGER : n.startsWith("*") && sni.endsWith(n.slice(1)) ? n.length : undefined;
    if (rank !== undefined && (best === undefined || rank > best)) best = rank;
  }
  return best;
}

const list = (v: unknown): readonly Json[] => (Array.isArray(v) ? (v as Json[]) : []);
const strings = (v: unknown): readonly string[] => (Array.isArray(v) ? (v as string[]) : []);

/** traffic.go `matchFilterChain`; a string is the error. */
export function matchFilterChain(
  chains: readonly Json[],
  defaultChain: Json | undefined,
  input: ChainInput,
  hasTlsInspector: boolean,
): Json | "ErrMultipleFilterChain" | "ErrNoFilterChain" {
  const criteria: Criterion[] = [
    {
      empty: (m) => m["destination_port"] === undefined,
      rank: (m) => (Number(m["destination_port"]) === input.port ? 0 : undefined),
    },
    {
      empty: (m) => list(m["prefix_ranges"]).length === 0,
      rank: (m) => longestContaining(list(m["prefix_ranges"]), input.address),
    },
    {
      empty: (m) => strings(m["server_names"]).length === 0,
      rank: (m) => serverNameRank(strings(m["server_names"]), input.sni),
    },
    {
      empty: (m) => (m["transport_protocol"] ?? "") === "",
      rank: (m) => {
        const tp = m["transport_protocol"];
        // Without the TLS inspector the transport protocol is always raw_buffer.
        if (!hasTlsInspector) return tp === "raw_buffer" ? 0 : undefined;
        if (tp === "tls") return input.tls !== "plaintext" ? 0 : undefined;
        if (tp === "raw_buffer") return input.tls === "plaintext" ? 0 : undefined;
        return undefined;
      },
    },
    {
      empty: (m) => strings(m["application_protocols"]).length === 0,
      rank: (m) => (strings(m["application_protocols"]).includes(input.alpn) ? 0 : undefined),
    },
  ];
  const left = criteria.reduce<Json[]>((cs, c) => sieve(cs, c), [...chains]);
  if (left.length > 1) return "ErrMultipleFilterChain";
  if (left.length === 0) return defaultChain ?? "ErrNoFilterChain";
  return left[0]!;
}
