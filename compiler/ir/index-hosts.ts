/**
 * Host lookups that answer what a scan with `hostMatches` over every host would, without the scan: exact hosts go in
 * a hash map, wildcard patterns (`*`, `*.example.com`; Istio `host.Name.Matches`) in a short list checked one by one.
 * Checks that looked up "the DestinationRules for this host" or "is this host known" per destination scanned the
 * whole mesh each time, which made them O(N²) in the number of services (bench/README.md).
 */
import { hostMatches } from "./hosts.ts";

const isWildcard = (pattern: string): boolean => pattern.startsWith("*");

/** Items keyed by one or more host patterns each, looked up by host. */
export interface HostIndex<T> {
  /** The items with a pattern that matches `host` (`hostMatches(pattern, host)`), in input order, each once. */
  matching(host: string): readonly T[];
  /** The items with exactly this host string among their patterns, in input order, each once. */
  exact(host: string): readonly T[];
}

/**
 * Indexes `items` by the host patterns `hostsOf` gives. `matching(h)` equals
 * `items.filter((it) => hostsOf(it).some((p) => hostMatches(p, h)))`.
 */
export function hostIndex<T>(items: readonly T[], hostsOf: (item: T) => readonly string[]): HostIndex<T> {
  const byHost = new Map<string, number[]>();
  const wildcards: [string, number][] = [];
  items.forEach((item, i) => {
    for (const p of new Set(hostsOf(item))) {
      const at = byHost.get(p);
      if (at === undefined) byHost.set(p, [i]);
      else at.push(i);
      if (isWildcard(p)) wildcards.push([p, i]);
    }
  });
  const pick = (positions: Iterable<number>): T[] =>
    [...new Set(positions)].sort((a, b) => a - b).map((i) => items[i]!);
  return {
    matching(host) {
      const exact = byHost.get(host) ?? [];
      const wild = wildcards.filter(([p]) => hostMatches(p, host)).map(([, i]) => i);
      if (wild.length === 0) return exact.map((i) => items[i]!);
      return pick([...exact, ...wild]);
    },
    exact(host) {
      return (byHost.get(host) ?? []).map((i) => items[i]!);
    },
  };
}

/** A set of host patterns. */
export interface HostSet {
  /** Whether some pattern in the set matches `host`: `hosts.some((p) => hostMatches(p, host))`. */
  matches(host: string): boolean;
  /** Whether `host` and some pattern match in either direction: `hosts.some((p) => hostMatches(host, p) || hostMatches(p, host))`. */
  overlaps(host: string): boolean;
}

/** A `HostSet` of `hosts` (duplicates allowed). */
export function hostSet(hosts: Iterable<string>): HostSet {
  const all = new Set(hosts);
  const wildcards = [...all].filter(isWildcard);
  const matches = (host: string): boolean => all.has(host) || wildcards.some((p) => hostMatches(p, host));
  return {
    matches,
    // A non-wildcard `host` as the pattern matches only itself, which `matches` already covers.
    overlaps: (host) => matches(host) || (isWildcard(host) && [...all].some((p) => hostMatches(host, p))),
  };
}
