/**
 * Route `match.query_parameters` (envoy `source/common/router/config_utility.cc` `ConfigUtility::QueryParameterMatcher`):
 * the query is parsed from `:path` without URL-decoding (`Http::Utility::QueryParamsMulti::parseQueryString`), the
 * parameter must be present, and `string_match` is applied to its first value. `present_match` (true or false) only
 * requires presence: no string matcher is built for it.
 */
import type { QueryParameterMatcher } from "../../../emit/envoy/gen/envoy/config/route/v3/route_components.ts";
import { matchStringMatcher } from "./string-matcher.ts";

/** Name → values in order. `a=1&b&a=2` → { a: ["1", "2"], b: [""] }. */
export function parseQueryString(path: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const q = path.indexOf("?");
  if (q < 0) return out;
  let query = path.slice(q + 1);
  const hash = query.indexOf("#");
  if (hash >= 0) query = query.slice(0, hash);
  for (const part of query.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? "" : part.slice(eq + 1);
    const list = out.get(name);
    if (list === undefined) out.set(name, [value]);
    else list.push(value);
  }
  return out;
}

/** The first matcher that fails against `path`'s query, or undefined when all match. */
export function firstFailingQueryParameter(
  matchers: readonly QueryParameterMatcher[],
  path: string,
): QueryParameterMatcher | undefined {
  const params = parseQueryString(path);
  return matchers.find((m) => {
    const first = params.get(m.name)?.[0];
    if (first === undefined) return true;
    const s = m.queryParameterMatchSpecifier;
    return s.oneofKind === "stringMatch" && !matchStringMatcher(s.stringMatch, first);
  });
}
