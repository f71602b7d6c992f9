/**
 * istio `pkg/config/host/name.go`: wildcard-aware host name comparisons, as the Gateway API conversion uses them.
 */

const isWild = (h: string) => h.startsWith("*");

/**
 * `host.Name.Matches`: whether two names overlap (either may be a wildcard; `*` matches everything).
 * @example hostNamesMatch("*.example.com", "a.example.com") // true
 */
export function hostNamesMatch(a: string, b: string): boolean {
  if (isWild(a)) {
    if (isWild(b)) return a.length > b.length ? a.slice(1).endsWith(b.slice(1)) : b.slice(1).endsWith(a.slice(1));
    return b.endsWith(a.slice(1));
  }
  if (isWild(b)) return a.endsWith(b.slice(1));
  return a === b;
}

/**
 * `host.Name.SubsetOf`: whether every host `a` names is also named by `b`.
 * @example hostNameSubsetOf("a.example.com", "*.example.com") // true
 */
export function hostNameSubsetOf(a: string, b: string): boolean {
  if (isWild(a)) return isWild(b) && a.slice(1).endsWith(b.slice(1));
  if (isWild(b)) return a.endsWith(b.slice(1));
  return a === b;
}
