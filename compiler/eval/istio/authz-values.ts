/**
 * How AuthorizationPolicy values become Envoy matchers (istio `pilot/pkg/security/authz/matcher/string.go`
 * `StringMatcherWithPrefix`, `pilot/pkg/security/authz/model/generator.go`; goldens in
 * `conformance/istio-authz/http/allow-full-rule-out.yaml`): only a leading or trailing `*` is a wildcard, `*` alone is
 * "any non-empty value"; namespaces and service accounts become regexes over the SPIFFE URI; trust-domain aliases
 * expand principals (`pilot/pkg/security/trustdomain/bundle.go`).
 */
import { re2FullMatch } from "./string-match.ts";
import { inCidr, parseIp } from "../../ir/ip-address.ts";

const quoteMeta = (s: string): string => s.replace(/[\\.+*?()|[\]{}^$]/g, "\\$&");

/**
 * `StringMatcherWithPrefix(pattern, prefix)` applied to a present value. A leading `*` with a prefix (principals:
 * `spiffe://`) is the RE2 regex `<prefix>.*<rest>` istiod writes, the rest NOT quoted (string.go has no QuoteMeta
 * there), so a `.` or `[` in it is regex syntax in Envoy, and here: `*a.b` matches the principal `x/a-b`.
 */
export function wildcardMatch(pattern: string, value: string, prefix = "", ignoreCase = false): boolean {
  const v = ignoreCase ? value.toLowerCase() : value;
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const pre = ignoreCase ? prefix.toLowerCase() : prefix;
  if (p === "*") return v.length > 0;
  if (p.startsWith("*") && pre !== "") return re2FullMatch(`${pre}.*${p.slice(1)}`, v);
  if (p.startsWith("*")) return v.endsWith(p.slice(1));
  if (p.endsWith("*")) return v.startsWith(pre + p.slice(0, -1));
  return v === pre + p;
}

/**
 * `<td>/ns/<ns>/sa/<sa>` principals whose trust domain is `cluster.local` or in the bundle (the mesh trust domain and
 * its aliases) stand for the same identity in every trust domain of the bundle.
 */
export function expandPrincipal(value: string, bundle: readonly string[]): string[] {
  const parts = value.split("/");
  if (parts.length !== 5 || parts[1] !== "ns" || parts[3] !== "sa") return [value];
  const td = parts[0]!;
  if (td.includes("*") || (td !== "cluster.local" && !bundle.includes(td))) return [value];
  return bundle.map((b) => [b, ...parts.slice(1)].join("/"));
}

/** `source.principals`: Envoy `authenticated.principal_name` against the peer certificate's URI SAN. */
export function principalMatches(pattern: string, principal: string, bundle: readonly string[]): boolean {
  return expandPrincipal(pattern, bundle).some((p) => wildcardMatch(p, `spiffe://${principal}`, "spiffe://"));
}

/** `source.namespaces`: Istio's regex `.*` + `/ns/<ns>/` + `.*` over the SPIFFE URI; a `*` in the value stands for `.*`. */
export function namespaceMatches(pattern: string, principal: string): boolean {
  return re2FullMatch(`.*/ns/${quoteMeta(pattern).replace(/\\\*/g, ".*")}/.*`, `spiffe://${principal}`);
}

/**
 * `source.trustDomains`: the peer SPIFFE id's trust domain; `*` matches within the trust domain. istio's generator
 * emits `principal_name` prefix `spiffe://<td>/`, or for `bad*` a regex where the star matches `[^/]` repeatedly
 * (Istio's authz builder golden `trust-domains-out.yaml`).
 */
export function trustDomainMatches(pattern: string, principal: string): boolean {
  return re2FullMatch(`spiffe://${quoteMeta(pattern).replace(/\\\*/g, "[^/]*")}/.*`, `spiffe://${principal}`);
}

/** `source.serviceAccounts`: `ns/sa` or `sa` (in the policy's namespace). */
export function serviceAccountMatches(pattern: string, principal: string, policyNamespace: string): boolean {
  const slash = pattern.indexOf("/");
  const ns = slash < 0 ? policyNamespace : pattern.slice(0, slash);
  const sa = slash < 0 ? pattern : pattern.slice(slash + 1);
  return re2FullMatch(`spiffe://.+/ns/${quoteMeta(ns)}/(.+/|)sa/${quoteMeta(sa)}(/.+)?`, `spiffe://${principal}`);
}

/** `operation.paths` on Envoy's `url_path` (no query); `{*}` / `{**}` are URI templates (one / any segments). */
export function pathMatches(pattern: string, path: string): boolean {
  const re = pathTemplateRegex(pattern);
  return re !== undefined ? re2FullMatch(re, path) : wildcardMatch(pattern, path);
}

/** The RE2 regex of a `{*}` / `{**}` URI template path; undefined for a plain (wildcard) path. */
export function pathTemplateRegex(pattern: string): string | undefined {
  if (!pattern.includes("{*}") && !pattern.includes("{**}")) return undefined;
  return pattern
    .split(/(\{\*\*\}|\{\*\})/)
    .map((part) => (part === "{**}" ? ".*" : part === "{*}" ? "[^/]+" : quoteMeta(part)))
    .join("");
}

/**
 * `ipBlocks`: a CIDR (a bare address is /32 or /128, istio matcher.go `CidrRange`) containing the address
 * (`CidrRange::isInRange`: same family, equal prefix); an unknown address matches no block.
 */
export function cidrContains(block: string, ip: string | undefined): boolean {
  if (ip === undefined) return false;
  const [base = "", len] = block.split("/");
  const parsed = parseIp(base);
  if (parsed === undefined) return false;
  return inCidr(base, len === undefined ? (parsed.version === 4 ? 32 : 128) : Number(len), ip);
}
