/**
 * The request headers a route's `headers.request` operations leave for the upstream (istio route.go
 * `TranslateHeadersOperations`: `set` → OVERWRITE_IF_EXISTS_OR_ADD, `add` → APPEND_IF_EXISTS_OR_ADD, `remove`, with
 * pseudo-headers and `host` dropped and taken as the authority instead), applied as Envoy applies one level's
 * mutations (header_parser.cc `HeaderParser::evaluateHeaders`: removals first, then overwrites, then additions; an
 * empty value is skipped). Levels (config_impl.cc `getHeaderParsers`): the weighted cluster's, then the route's; a
 * single destination's operations join the route's (route.go `applyHTTPRouteDestination`). The authority: the
 * rule's `rewrite.authority`, else the route's header authority, else the destination's (`hostRewriteLiteral` at the
 * action overrides the weighted cluster's).
 */
import type { HeaderOperations, Headers } from "../../ir/istio-api.ts";
import type { HttpView } from "../_shared/model.ts";

const internal = (k: string) => k.startsWith(":") || k.toLowerCase() === "host";
const isAuthority = (k: string) => k.toLowerCase() === ":authority" || k.toLowerCase() === "host";

/** One parser's operations (several HeaderOperations merged in order) applied to `headers`. */
function evaluate(headers: Record<string, string>, ops: readonly (HeaderOperations | undefined)[]): void {
  for (const o of ops) for (const k of o?.remove ?? []) if (!internal(k)) delete headers[k.toLowerCase()];
  const entries = (m: Readonly<Record<string, string>> | undefined) =>
    Object.entries(m ?? {}).filter(([k, v]) => !internal(k) && v !== "");
  for (const o of ops) for (const [k, v] of entries(o?.set)) headers[k.toLowerCase()] = v;
  for (const o of ops)
    for (const [k, v] of entries(o?.add)) {
      const name = k.toLowerCase();
      // Envoy appends another value; header matchers read all values joined with `,` (getAllOfHeaderAsString).
      headers[name] = headers[name] === undefined ? v : `${headers[name]},${v}`;
    }
}

/** route.go `translateAppendHeaders`' authority: from `set` before `add`. */
function authorityOf(h: Headers | undefined): string | undefined {
  const of = (m: Readonly<Record<string, string>> | undefined) =>
    Object.entries(m ?? {}).find(([k]) => isAuthority(k))?.[1];
  return of(h?.request?.set) ?? of(h?.request?.add);
}

/** The headers after the route's (and a single destination's) operations: the compiled plans' part (compiled/plan.ts). */
export function routeHeaders(
  headers: Readonly<Record<string, string>>,
  route: Headers | undefined,
  destination: Headers | undefined,
): Readonly<Record<string, string>> {
  if (route?.request === undefined && destination?.request === undefined) return headers;
  const out: Record<string, string> = { ...headers };
  evaluate(out, [route?.request, destination?.request]);
  return out;
}

/** The authority the upstream sees: `rewrite.authority`, else the route's header authority, else the destination's. */
export function forwardedAuthority(
  authority: string,
  route: Headers | undefined,
  destination: Headers | undefined,
  rewriteAuthority: string | undefined,
): string {
  return rewriteAuthority ?? authorityOf(route) ?? authorityOf(destination) ?? authority;
}

/**
 * The view the upstream sees after the route's and the chosen destination's header operations. `single`: the rule
 * has one destination (its operations are the route's); `rewriteAuthority`: the rule's `rewrite.authority`.
 */
export function forwardedHeaders(
  view: HttpView,
  route: Headers | undefined,
  destination: Headers | undefined,
  single: boolean,
  rewriteAuthority: string | undefined,
): HttpView {
  if (route?.request === undefined && destination?.request === undefined) return view;
  const headers: Record<string, string> = { ...view.headers };
  if (single) evaluate(headers, [route?.request, destination?.request]);
  else {
    evaluate(headers, [destination?.request]);
    evaluate(headers, [route?.request]);
  }
  return { ...view, headers, authority: forwardedAuthority(view.authority, route, destination, rewriteAuthority) };
}
