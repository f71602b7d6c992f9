/**
 * Whether one route's `match` holds (envoy `source/common/router/config_impl.cc` `RouteEntryImplBase::matchRoute`
 * and the path-specifier subclasses; route_components.proto `RouteMatch`). Order: `runtime_fraction` → `tls_context`
 * → `grpc` → `headers` (all) → `query_parameters` (all) → `dynamic_metadata` (all), then the path specifier on the
 * path without query and fragment (`Http::PathUtil::removeQueryAndFragment`).
 */
import type { RouteMatch } from "../../../emit/envoy/gen/envoy/config/route/v3/route_components.ts";
import { describeHeaderMatcher, firstFailingHeader } from "./header-matcher.ts";
import type { HeaderMap } from "./header-map.ts";
import { matchMetadata } from "./metadata-matcher.ts";
import { firstFailingQueryParameter } from "./query-parameters.ts";
import { regexFullMatch } from "./regex.ts";
import { asciiLower } from "./string-matcher.ts";
import type { JsonObject, RuntimeSnapshot } from "./types.ts";

export interface MatchContext {
  readonly headers: HeaderMap;
  readonly randomValue: bigint;
  readonly runtime: RuntimeSnapshot;
  readonly dynamicMetadata: Readonly<Record<string, JsonObject>>;
  readonly tls: { readonly presented: boolean; readonly validated: boolean } | undefined;
  /** RouteConfiguration.ignore_path_parameters_in_path_matching. */
  readonly ignorePathParameters: boolean;
}

export type RouteMatchResult =
  /** `matchedPath`: the part `prefix_rewrite` replaces (config_impl.cc `currentUrlPathAfterRewriteWithMatchedPath`). */
  { readonly matched: true; readonly matchedPath: string } | { readonly matched: false; readonly reason: string };

const no = (reason: string): RouteMatchResult => ({ matched: false, reason });

export function matchRoute(match: RouteMatch | undefined, ctx: MatchContext): RouteMatchResult {
  if (match === undefined) return no("route has no match");
  const rf = match.runtimeFraction;
  if (rf !== undefined && rf.defaultValue !== undefined) {
    if (!ctx.runtime.featureEnabled(rf.runtimeKey, rf.defaultValue, ctx.randomValue)) {
      return no(`runtime_fraction '${rf.runtimeKey}' not enabled for random value ${ctx.randomValue}`);
    }
  }
  const tls = match.tlsContext;
  if (tls?.presented !== undefined && tls.presented.value !== (ctx.tls?.presented ?? false))
    return no("tls_context.presented differs");
  if (tls?.validated !== undefined && tls.validated.value !== (ctx.tls?.validated ?? false))
    return no("tls_context.validated differs");
  if (match.grpc !== undefined && !isGrpcRequest(ctx.headers)) return no("not a gRPC request (content-type)");
  const header = firstFailingHeader(match.headers, ctx.headers);
  if (header !== undefined) return no(`${describeHeaderMatcher(header)} did not match`);
  if (match.queryParameters.length > 0) {
    const q = firstFailingQueryParameter(match.queryParameters, ctx.headers.getFirst(":path") ?? "");
    if (q !== undefined) return no(`query parameter '${q.name}' did not match`);
  }
  const md = match.dynamicMetadata.find((m) => !matchMetadata(m, ctx.dynamicMetadata));
  if (md !== undefined) return no(`dynamic_metadata '${md.filter}' did not match`);
  return matchPath(match, ctx);
}

function matchPath(match: RouteMatch, ctx: MatchContext): RouteMatchResult {
  const full = ctx.headers.getFirst(":path") ?? "";
  let path = removeQueryAndFragment(full);
  if (ctx.ignorePathParameters) path = path.split(";")[0] ?? "";
  const cs = match.caseSensitive?.value ?? true;
  const fold = (s: string) => (cs ? s : asciiLower(s));
  const p = match.pathSpecifier;
  switch (p.oneofKind) {
    case "prefix":
      return fold(path).startsWith(fold(p.prefix))
        ? { matched: true, matchedPath: p.prefix }
        : no(`path does not start with '${p.prefix}'`);
    case "path":
      return fold(path) === fold(p.path) ? { matched: true, matchedPath: p.path } : no(`path is not '${p.path}'`);
    case "safeRegex":
      // case_sensitive is ignored for regex routes; the whole path (no query) is what a prefix_rewrite replaces.
      return regexFullMatch(p.safeRegex.regex, path)
        ? { matched: true, matchedPath: path }
        : no(`path does not fully match regex '${p.safeRegex.regex}'`);
    case "pathSeparatedPrefix": {
      const v = fold(p.pathSeparatedPrefix);
      const f = fold(path);
      const ok = f === v || f.startsWith(`${v}/`);
      return ok
        ? { matched: true, matchedPath: p.pathSeparatedPrefix }
        : no(`path is not '${p.pathSeparatedPrefix}' or below it`);
    }
    case "connectMatcher":
      return ctx.headers.getFirst(":method") === "CONNECT"
        ? { matched: true, matchedPath: "" }
        : no("not a CONNECT request");
    case "pathMatchPolicy":
      return no("path_match_policy extensions are not modelled");
    case undefined:
      return no("route has no path specifier");
    default:
      return p satisfies never;
  }
}

/** Path up to the first `?` or `#` (envoy `source/common/http/path_utility.cc` `PathUtil::removeQueryAndFragment`). */
export function removeQueryAndFragment(path: string): string {
  const cut = path.search(/[?#]/);
  return cut < 0 ? path : path.slice(0, cut);
}

/**
 * `content-type` is `application/grpc` or starts with `application/grpc+` (envoy `source/common/grpc/common.cc`
 * `Common::hasGrpcContentType`; `application/grpc-web` is not gRPC).
 */
export function isGrpcRequest(headers: HeaderMap): boolean {
  const ct = headers.getFirst("content-type") ?? "";
  return ct === "application/grpc" || ct.startsWith("application/grpc+");
}
