/**
 * Path and host rewrites applied when the router finalises request headers (envoy
 * `source/common/router/config_impl.cc` `RouteEntryImplBase::finalizePathHeader`,
 * `currentUrlPathAfterRewriteWithMatchedPath`, `finalizeRequestHeaders`):
 * - `prefix_rewrite` replaces the matched part (the configured prefix or path; the whole query-less path for regex
 *   routes) and keeps the rest, query string included;
 * - `regex_rewrite` replaces within the path without query and keeps the query;
 * - the original path is kept in `x-envoy-original-path` (the router_check_tool passes `insert_envoy_original_path`);
 * - host: `host_rewrite_literal`, `host_rewrite_header` (first value, when non-empty), `host_rewrite_path_regex`;
 *   `auto_host_rewrite` needs the upstream host and is not modelled.
 */
import type { RegexMatchAndSubstitute } from "../../../emit/envoy/gen/envoy/type/matcher/v3/regex.ts";
import type { RouteAction } from "../../../emit/envoy/gen/envoy/config/route/v3/route_components.ts";
import type { HeaderMap } from "./header-map.ts";
import { regexReplaceAll } from "./regex.ts";
import { removeQueryAndFragment } from "./route-match.ts";

/** The rewritten path, or undefined when the route rewrites nothing. */
export function rewritePath(
  path: string,
  matchedPath: string,
  prefixRewrite: string,
  regexRewrite: RegexMatchAndSubstitute | undefined,
): string | undefined {
  if (prefixRewrite !== "") return prefixRewrite + path.slice(matchedPath.length);
  if (regexRewrite?.pattern !== undefined) {
    const just = removeQueryAndFragment(path);
    return regexReplaceAll(regexRewrite.pattern.regex, just, regexRewrite.substitution) + path.slice(just.length);
  }
  return undefined;
}

/** Applies the path rewrite to `:path`, recording the original in `x-envoy-original-path`. */
export function applyPathRewrite(
  headers: HeaderMap,
  matchedPath: string,
  prefixRewrite: string,
  regexRewrite: RegexMatchAndSubstitute | undefined,
): void {
  const path = headers.getFirst(":path") ?? "";
  if (path === "") return;
  const rewritten = rewritePath(path, matchedPath, prefixRewrite, regexRewrite);
  if (rewritten === undefined) return;
  headers.set("x-envoy-original-path", path);
  headers.set(":path", rewritten);
}

/** Applies the route's host rewrite to `:authority` (and `x-forwarded-host` with `append_x_forwarded_host`). */
export function applyHostRewrite(headers: HeaderMap, action: RouteAction): void {
  const spec = action.hostRewriteSpecifier;
  let host: string | undefined;
  switch (spec.oneofKind) {
    case "hostRewriteLiteral":
      host = spec.hostRewriteLiteral;
      break;
    case "hostRewriteHeader": {
      const v = headers.getFirst(spec.hostRewriteHeader);
      host = v === "" ? undefined : v;
      break;
    }
    case "hostRewritePathRegex": {
      const r = spec.hostRewritePathRegex;
      const just = removeQueryAndFragment(headers.getFirst(":path") ?? "");
      host = r.pattern === undefined ? undefined : regexReplaceAll(r.pattern.regex, just, r.substitution);
      break;
    }
    case "autoHostRewrite":
    case undefined:
      break;
    default:
      spec satisfies never;
  }
  if (host === undefined || host === "") return;
  const original = headers.getFirst(":authority") ?? "";
  if (action.appendXForwardedHost && original !== host) headers.add("x-forwarded-host", original);
  headers.set(":authority", host);
}
