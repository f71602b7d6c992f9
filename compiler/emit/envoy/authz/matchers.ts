// String, header, path, metadata and URI-template matchers as istiod builds them for RBAC
// (istio pilot/pkg/security/authz/matcher/{string,header,metadata,template}.go and model/util.go).
import { HeaderMatcher } from "../gen/envoy/config/route/v3/route_components.ts";
import { MetadataMatcher } from "../gen/envoy/type/matcher/v3/metadata.ts";
import { PathMatcher } from "../gen/envoy/type/matcher/v3/path.ts";
import { RegexMatcher } from "../gen/envoy/type/matcher/v3/regex.ts";
import { StringMatcher } from "../gen/envoy/type/matcher/v3/string.ts";
import { ListMatcher, OrMatcher, ValueMatcher } from "../gen/envoy/type/matcher/v3/value.ts";
import { UriTemplateMatchConfig } from "../gen/envoy/extensions/path/match/uri_template/v3/uri_template_match.ts";

/** `matcher.StringMatcherRegex`: a RE2 `safe_regex` (no engine type, as current istiod). */
export function regexMatcher(regex: string): StringMatcher {
  return StringMatcher.create({ matchPattern: { oneofKind: "safeRegex", safeRegex: RegexMatcher.create({ regex }) } });
}
export const exactMatcher = (exact: string, ignoreCase = false): StringMatcher =>
  StringMatcher.create({ matchPattern: { oneofKind: "exact", exact }, ignoreCase });
export const prefixMatcher = (prefix: string, ignoreCase = false): StringMatcher =>
  StringMatcher.create({ matchPattern: { oneofKind: "prefix", prefix }, ignoreCase });
export const suffixMatcher = (suffix: string, ignoreCase = false): StringMatcher =>
  StringMatcher.create({ matchPattern: { oneofKind: "suffix", suffix }, ignoreCase });

/**
 * `matcher.StringMatcherWithPrefix`: `*` → regex `.+` (prefix dropped), `*x` → suffix `x` (or regex `P.*x` with a
 * prefix P), `x*` → prefix `Px`, else exact `Px`.
 * `stringMatcherWithPrefix("*-s", "spiffe://")` → `{ safeRegex: { regex: "spiffe://.*-s" } }`.
 */
export function stringMatcherWithPrefix(v: string, prefix: string): StringMatcher {
  if (v === "*") return regexMatcher(".+");
  if (v.startsWith("*")) return prefix === "" ? suffixMatcher(v.slice(1)) : regexMatcher(prefix + ".*" + v.slice(1));
  if (v.endsWith("*")) return prefixMatcher(prefix + v.slice(0, -1));
  return exactMatcher(prefix + v);
}

/** `matcher.StringMatcher`: {@link stringMatcherWithPrefix} without a prefix. */
export const stringMatcher = (v: string): StringMatcher => stringMatcherWithPrefix(v, "");

/** Go's `regexp.QuoteMeta`: escapes `\.+*?()|[]{}^$`. */
export const quoteMeta = (s: string): string => s.replace(/[\\.+*?()|[\]{}^$]/g, "\\$&");

const present = (name: string): HeaderMatcher =>
  HeaderMatcher.create({ name, headerMatchSpecifier: { oneofKind: "presentMatch", presentMatch: true } });
const headerString = (name: string, stringMatch: StringMatcher): HeaderMatcher =>
  HeaderMatcher.create({ name, headerMatchSpecifier: { oneofKind: "stringMatch", stringMatch } });

function wildcardHeader(name: string, v: string, ignoreCase: boolean): HeaderMatcher {
  if (v === "*") return present(name);
  if (v.startsWith("*")) return headerString(name, suffixMatcher(v.slice(1), ignoreCase));
  if (v.endsWith("*")) return headerString(name, prefixMatcher(v.slice(0, -1), ignoreCase));
  return headerString(name, exactMatcher(v, ignoreCase));
}

/** `matcher.HeaderMatcher`: `*` → present, `*x` suffix, `x*` prefix, else exact (case-sensitive). */
export const headerMatcher = (name: string, v: string): HeaderMatcher => wildcardHeader(name, v, false);
/** `matcher.HostMatcher`: as {@link headerMatcher} with `ignore_case: true` (hosts are case-insensitive). */
export const hostMatcher = (name: string, v: string): HeaderMatcher => wildcardHeader(name, v, true);

/** `matcher.PathMatcher`: a url_path matcher (Envoy compares the path without query). */
export const pathMatcher = (path: string): PathMatcher =>
  PathMatcher.create({ rule: { oneofKind: "path", path: stringMatcher(path) } });

/** `security.ContainsPathTemplate`: the path uses `{*}` or `{**}`. */
export const containsPathTemplate = (path: string): boolean => path.includes("{*}") || path.includes("{**}");

/** `matcher.PathTemplateMatcher`: `{*}` → `*`, `{**}` → `**` (template.go `sanitizePathTemplate`). */
export const pathTemplateMatcher = (path: string): UriTemplateMatchConfig =>
  UriTemplateMatchConfig.create({ pathTemplate: path.replaceAll("{**}", "**").replaceAll("{*}", "*") });

const stringValue = (m: StringMatcher): ValueMatcher =>
  ValueMatcher.create({ matchPattern: { oneofKind: "stringMatch", stringMatch: m } });

/** `matcher.OrMatcher`: one matcher as is, several in an `or_match`. */
export function orMatcher(matchers: readonly ValueMatcher[]): ValueMatcher {
  if (matchers.length === 1) return matchers[0]!;
  return ValueMatcher.create({
    matchPattern: { oneofKind: "orMatch", orMatch: OrMatcher.create({ valueMatchers: [...matchers] }) },
  });
}

/** `matcher.StringOrMatcher`: the values as string matchers, OR-ed. */
export const stringOrMatcher = (values: readonly string[]): ValueMatcher =>
  orMatcher(values.map((v) => stringValue(stringMatcher(v))));

/** A `list_match.one_of` value matcher. */
export const listOneOf = (oneOf: ValueMatcher): ValueMatcher =>
  ValueMatcher.create({
    matchPattern: {
      oneofKind: "listMatch",
      listMatch: ListMatcher.create({ matchPattern: { oneofKind: "oneOf", oneOf } }),
    },
  });

/** A dynamic metadata matcher on `filter` at the key path `keys`. */
export const metadataMatcher = (filter: string, keys: readonly string[], value: ValueMatcher): MetadataMatcher =>
  MetadataMatcher.create({ filter, path: keys.map((key) => ({ segment: { oneofKind: "key" as const, key } })), value });

/** `matcher.MetadataStringMatcher`: one key, one string matcher. */
export const metadataStringMatcher = (filter: string, key: string, m: StringMatcher): MetadataMatcher =>
  metadataMatcher(filter, [key], stringValue(m));

/** `matcher.MetadataListMatcher` (not extended): the value is a list containing a string matching `m`. */
export const metadataListMatcher = (filter: string, keys: readonly string[], m: StringMatcher): MetadataMatcher =>
  metadataMatcher(filter, keys, listOneOf(stringValue(m)));

const JWT_FILTER = "envoy.filters.http.jwt_authn";

/** `MetadataStringMatcherForJWTClaim`: the claim `claim` of the verified JWT payload (`[payload, claim]`). */
export const jwtClaimMatcher = (claim: string, m: StringMatcher): MetadataMatcher =>
  metadataMatcher(JWT_FILTER, ["payload", claim], stringValue(m));

/**
 * `MetadataListValueMatcherForJWTClaims` (extended): the claim at `[payload, ...claims]` is a list with one matching
 * element, or is itself a matching value: `or_match [list_match.one_of(value), value]`.
 */
export const jwtClaimsListMatcher = (claims: readonly string[], value: ValueMatcher): MetadataMatcher =>
  metadataMatcher(JWT_FILTER, ["payload", ...claims], orMatcher([listOneOf(value), value]));

/** The `stringMatch` value matcher of `m`. */
export { stringValue };
