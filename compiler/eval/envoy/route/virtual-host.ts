/**
 * Virtual host selection by `:authority` (envoy `source/common/router/config_impl.cc` `RouteMatcher::findVirtualHost`
 * and `findWildcardVirtualHost`; route_components.proto `VirtualHost.domains`):
 * 1. the host is lower-cased, and its `:port` stripped when `ignore_port_in_host_matching` is set;
 * 2. exact domains; 3. suffix wildcards (`*.foo.com`, `*-bar.foo.com`), longest first; 4. prefix wildcards
 *    (`foo.*`), longest first; 5. the `*` virtual host.
 * A wildcard never matches the empty string: buckets whose length is >= the host's are skipped.
 */
import type { RouteConfiguration } from "../../../emit/envoy/gen/envoy/config/route/v3/route.ts";
import { asciiLower } from "./string-matcher.ts";

export interface VirtualHostMatch {
  readonly index: number;
  /** How it matched: `exact 'a.com'`, `suffix wildcard '*.com'`, `prefix wildcard 'a.*'`, `default '*'`. */
  readonly how: string;
}

/** Index of the chosen virtual host, or undefined (Envoy then has no route: 404). */
export function findVirtualHost(config: RouteConfiguration, authority: string): VirtualHostMatch | undefined {
  const host = hostForMatching(authority, config.ignorePortInHostMatching);
  const exact = new Map<string, number>();
  const suffix = new Map<number, Map<string, number>>();
  const prefix = new Map<number, Map<string, number>>();
  let wildcard: number | undefined;
  config.virtualHosts.forEach((vh, i) => {
    for (const raw of vh.domains) {
      const d = asciiLower(raw);
      if (d === "*") wildcard ??= i;
      else if (d.startsWith("*")) bucket(suffix, d.slice(1), i);
      else if (d.endsWith("*")) bucket(prefix, d.slice(0, -1), i);
      else if (!exact.has(d)) exact.set(d, i);
    }
  });
  const e = exact.get(host);
  if (e !== undefined) return { index: e, how: `exact '${host}'` };
  const s = longestFirst(suffix, host, (len) => host.slice(host.length - len));
  if (s !== undefined) return { index: s.index, how: `suffix wildcard '*${s.key}'` };
  const p = longestFirst(prefix, host, (len) => host.slice(0, len));
  if (p !== undefined) return { index: p.index, how: `prefix wildcard '${p.key}*'` };
  return wildcard === undefined ? undefined : { index: wildcard, how: "default '*'" };
}

function bucket(map: Map<number, Map<string, number>>, key: string, index: number): void {
  let b = map.get(key.length);
  if (b === undefined) {
    b = new Map();
    map.set(key.length, b);
  }
  if (!b.has(key)) b.set(key, index);
}

function longestFirst(
  map: Map<number, Map<string, number>>,
  host: string,
  part: (len: number) => string,
): { index: number; key: string } | undefined {
  for (const len of [...map.keys()].sort((a, b) => b - a)) {
    if (len >= host.length) continue;
    const key = part(len);
    const index = map.get(len)?.get(key);
    if (index !== undefined) return { index, key };
  }
  return undefined;
}

/**
 * The host as matched: lower-cased; with `ignorePort`, a numeric `:port` suffix is removed, IPv6 `[..]` aware
 * (envoy `source/common/http/header_utility.cc` `HeaderUtility::stripPortFromHost`).
 */
export function hostForMatching(authority: string, ignorePort: boolean): string {
  let host = asciiLower(authority);
  if (ignorePort) {
    const colon = host.lastIndexOf(":");
    const v6End = host.lastIndexOf("]");
    if (colon >= 0 && (v6End < 0 || v6End < colon) && /^\d+$/.test(host.slice(colon + 1))) host = host.slice(0, colon);
  }
  return host;
}
