// HTTPMatchRequest → Envoy RouteMatch, as istiod's `TranslateRouteMatch` (pilot/pkg/networking/core/route/route.go)
// and `ConvertToEnvoyMatch` (pilot/pkg/networking/util/util.go) build it.
import { pathSeparatedPrefix } from "../../../ir/route-semantics.ts";
import type { HTTPMatchRequest, StringMatch } from "../../../ir/istio-api.ts";
import { HeaderMatcher, QueryParameterMatcher, RouteMatch } from "../gen/envoy/config/route/v3/route_components.ts";
import { RegexMatcher } from "../gen/envoy/type/matcher/v3/regex.ts";
import { StringMatcher } from "../gen/envoy/type/matcher/v3/string.ts";
import { boolValue, byString } from "../proto.ts";
import type { MetadataMatcher } from "../gen/envoy/type/matcher/v3/metadata.ts";
import { ValueMatcher } from "../gen/envoy/type/matcher/v3/value.ts";
import { jwtClaimsListMatcher } from "../authz/matchers.ts";
import { routingClaim } from "../../../ir/request-authn.ts";

/** util.go `ConvertToEnvoyMatch`: exact → exact, prefix → prefix, regex → safe_regex (RE2). */
export function stringMatcher(m: StringMatch): StringMatcher {
  if ("exact" in m) return StringMatcher.create({ matchPattern: { oneofKind: "exact", exact: m.exact } });
  if ("prefix" in m) return StringMatcher.create({ matchPattern: { oneofKind: "prefix", prefix: m.prefix } });
  return StringMatcher.create({
    matchPattern: { oneofKind: "safeRegex", safeRegex: RegexMatcher.create({ regex: m.regex }) },
  });
}

/** route.go: an empty StringMatch `{}` or `regex: "*"` means "the header is present" (`present_match: true`). */
function isPresentMatch(m: StringMatch): boolean {
  return Object.keys(m).length === 0 || ("regex" in m && m.regex === "*");
}

/** route.go `translateHeaderMatch` (and its `withoutHeaders` form, `invert_match` + `treat_missing_header_as_empty`). */
function headerMatcher(name: string, m: StringMatch, invert: boolean): HeaderMatcher {
  if (isPresentMatch(m)) {
    return HeaderMatcher.create({
      name,
      headerMatchSpecifier: { oneofKind: "presentMatch", presentMatch: true },
      invertMatch: invert,
    });
  }
  return HeaderMatcher.create({
    name,
    headerMatchSpecifier: { oneofKind: "stringMatch", stringMatch: stringMatcher(m) },
    invertMatch: invert,
    treatMissingHeaderAsEmpty: invert,
  });
}

/** route.go `translateMetadataMatch`: the claim at `[payload, ...claim]` of the jwt_authn filter's metadata. */
function claimMatcher(claim: readonly string[], m: StringMatch, invert: boolean): MetadataMatcher {
  const value = isPresentMatch(m)
    ? ValueMatcher.create({ matchPattern: { oneofKind: "presentMatch", presentMatch: true } })
    : ValueMatcher.create({ matchPattern: { oneofKind: "stringMatch", stringMatch: stringMatcher(m) } });
  return { ...jwtClaimsListMatcher(claim, value), invert };
}

/** route.go `translateQueryParamMatch`. */
function queryMatcher(name: string, m: StringMatch): QueryParameterMatcher {
  if (isPresentMatch(m))
    return QueryParameterMatcher.create({
      name,
      queryParameterMatchSpecifier: { oneofKind: "presentMatch", presentMatch: true },
    });
  return QueryParameterMatcher.create({
    name,
    queryParameterMatchSpecifier: { oneofKind: "stringMatch", stringMatch: stringMatcher(m) },
  });
}

/**
 * route.go `TranslateRouteMatch`. No match → `prefix: "/"` (no case_sensitive). Otherwise the uri, `case_sensitive:
 * !ignoreUriCase`, headers sorted by name (then withoutHeaders), then `:method`, `:authority`, `:scheme` as
 * pseudo-header matchers, and query parameters. JWT claim headers (`@request.auth.claims.*`, `ToRoutingClaim`) become
 * dynamic metadata matchers on the jwt_authn payload (`translateMetadataMatch` → `MetadataMatcherForJWTClaims`: the
 * claim, or one element of a list claim, matches; `invert` for `withoutHeaders`), after the header matchers.
 */
export function translateRouteMatch(match: HTTPMatchRequest | undefined, gatewaySemantics = false): RouteMatch {
  if (match === undefined) return RouteMatch.create({ pathSpecifier: { oneofKind: "prefix", prefix: "/" } });
  const out = RouteMatch.create({
    pathSpecifier: { oneofKind: "prefix", prefix: "/" },
    caseSensitive: boolValue(!(match.ignoreUriCase ?? false)),
  });
  const uri = match.uri;
  if (uri !== undefined) {
    if ("exact" in uri) out.pathSpecifier = { oneofKind: "path", path: uri.exact };
    else if ("prefix" in uri) {
      // Gateway API semantics (ir/route-semantics.ts): a prefix matches whole path elements.
      const separated = gatewaySemantics ? pathSeparatedPrefix(uri.prefix) : undefined;
      out.pathSpecifier =
        separated === undefined
          ? { oneofKind: "prefix", prefix: uri.prefix }
          : { oneofKind: "pathSeparatedPrefix", pathSeparatedPrefix: separated };
    } else out.pathSpecifier = { oneofKind: "safeRegex", safeRegex: RegexMatcher.create({ regex: uri.regex }) };
  }
  for (const name of Object.keys(match.headers ?? {}).sort(byString)) {
    const claim = routingClaim(name);
    if (claim !== undefined) out.dynamicMetadata.push(claimMatcher(claim, match.headers![name]!, false));
    else out.headers.push(headerMatcher(name.toLowerCase(), match.headers![name]!, false));
  }
  for (const name of Object.keys(match.withoutHeaders ?? {}).sort(byString)) {
    const claim = routingClaim(name);
    if (claim !== undefined) out.dynamicMetadata.push(claimMatcher(claim, match.withoutHeaders![name]!, true));
    else out.headers.push(headerMatcher(name.toLowerCase(), match.withoutHeaders![name]!, true));
  }
  if (match.method !== undefined) out.headers.push(headerMatcher(":method", match.method, false));
  if (match.authority !== undefined) out.headers.push(headerMatcher(":authority", match.authority, false));
  if (match.scheme !== undefined) out.headers.push(headerMatcher(":scheme", match.scheme, false));
  // Istio iterates a Go map here (unordered); meshc sorts by name for determinism.
  for (const name of Object.keys(match.queryParams ?? {}).sort(byString))
    out.queryParameters.push(queryMatcher(name, match.queryParams![name]!));
  return out;
}

/** route.go `IsCatchAllRoute`: prefix `/` (or path-separated `/`, regex `*` / `.*`) and no other matcher. */
export function isCatchAllMatch(m: RouteMatch): boolean {
  const ps = m.pathSpecifier;
  const catchAllPath =
    (ps.oneofKind === "prefix" && ps.prefix === "/") ||
    (ps.oneofKind === "pathSeparatedPrefix" && ps.pathSeparatedPrefix === "/") ||
    (ps.oneofKind === "safeRegex" && (ps.safeRegex.regex === "*" || ps.safeRegex.regex === ".*"));
  return catchAllPath && m.headers.length === 0 && m.queryParameters.length === 0 && m.dynamicMetadata.length === 0;
}
