// Trust-domain aliases (istio pilot/pkg/security/trustdomain/bundle.go, util.go). istiod's bundle is
// `[meshConfig.trustDomain, ...meshConfig.trustDomainAliases]` (plugin/authz/authorization.go).

/** The local trust domain first, then its aliases, in MeshConfig order (`trustdomain.NewBundle`). */
export type TrustDomainBundle = readonly string[];

const prefixMatch = (a: string, pattern: string): boolean =>
  pattern.endsWith("*") && a.startsWith(pattern.slice(0, -1));
const suffixMatch = (a: string, pattern: string): boolean => pattern.startsWith("*") && a.endsWith(pattern.slice(1));

/** util.go `stringMatch`: exact, `*`, or a prefix/suffix wildcard on either side. */
function stringMatch(a: string, list: TrustDomainBundle): boolean {
  return list.some(
    (s) => a === s || s === "*" || prefixMatch(a, s) || prefixMatch(s, a) || suffixMatch(a, s) || suffixMatch(s, a),
  );
}

/**
 * `Bundle.ReplaceTrustDomainAliases`: a `<td>/ns/<ns>/sa/<sa>` principal whose trust domain is `cluster.local` or in
 * the bundle becomes one principal per bundle trust domain (a bundle entry matched by a `*x` trust domain keeps the
 * original; duplicates dropped). Other principals, and `*` trust domains, are kept.
 * `replaceTrustDomainAliases(["td1", "cluster.local"], ["cluster.local/ns/a/sa/b"])` →
 * `["td1/ns/a/sa/b", "cluster.local/ns/a/sa/b"]`.
 */
export function replaceTrustDomainAliases(bundle: TrustDomainBundle, principals: readonly string[]): string[] {
  const out: string[] = [];
  for (const principal of principals) {
    const parts = principal.split("/");
    const td = parts[0]!;
    if (parts.length !== 5 || td === "*" || !(stringMatch(td, bundle) || td === "cluster.local")) {
      out.push(principal);
      continue;
    }
    const aliases: string[] = [];
    for (const alias of bundle) {
      const replaced = suffixMatch(alias, td) ? principal : [alias, ...parts.slice(1)].join("/");
      if (!aliases.includes(replaced)) aliases.push(replaced);
    }
    out.push(...aliases);
  }
  return out;
}

/** `Bundle.ExpandTrustDomainAliases`: a value equal to a bundle trust domain stands for all of them; no duplicates. */
export function expandTrustDomainAliases(bundle: TrustDomainBundle, values: readonly string[]): string[] {
  const out: string[] = [];
  for (const v of values) for (const x of bundle.includes(v) ? bundle : [v]) if (!out.includes(x)) out.push(x);
  return out;
}
