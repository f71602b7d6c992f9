/**
 * A VirtualService `HTTPMatchRequest` compiled for one client and one port: the same conditions as
 * `../route-match.ts` `evaluateMatch` (which explains them in the trace), with `port`, `sourceLabels`,
 * `sourceNamespace`, `gateways` and `scheme` decided at plan time (they depend on the client and the listener only)
 * and the string matchers compiled once (`compileStringMatch`).
 */
import { matchesPathSeparatedPrefix, pathSeparatedPrefix } from "../../../ir/route-semantics.ts";
import type { HTTPMatchRequest, StringMatch } from "../../../ir/istio-api.ts";
import type { Client } from "../../_shared/model.ts";
import { CLAIM, queryParam, sourceMatches } from "../route-match.ts";
import { compileStringMatch, isPresenceMatch, matchString } from "../string-match.ts";
import { allOf, type Ctx, type Pred } from "./predicate.ts";

/** `headerCheck` of route-match.ts on a value that is always present. */
function present(m: StringMatch, get: (c: Ctx) => string): Pred {
  if (isPresenceMatch(m)) return true;
  const f = compileStringMatch(m);
  return (c) => f(get(c));
}

/** `headerCheck` on a possibly missing header; `invert` for `withoutHeaders` (missing = ""). */
function header(m: StringMatch, name: string, invert: boolean): Pred {
  if (isPresenceMatch(m)) return invert ? (c) => c.headers[name] === undefined : (c) => c.headers[name] !== undefined;
  const f = compileStringMatch(m);
  if (invert) return (c) => !f(c.headers[name] ?? "");
  return (c) => {
    const v = c.headers[name];
    return v !== undefined && f(v);
  };
}

function query(m: StringMatch, name: string): Pred {
  const presence = isPresenceMatch(m);
  const f = compileStringMatch(m);
  return (c) => {
    const v = queryParam(c.query, name);
    return v !== undefined && (presence || f(v));
  };
}

/** One match block (all conditions AND-ed) for requests from `client` on `port`. */
export function compileMatch(
  m: HTTPMatchRequest,
  client: Client,
  port: number,
  vsNamespace: string,
  gatewaySemantics = false,
): Pred {
  const parts: Pred[] = [];
  if (m.port !== undefined) parts.push(m.port === port);
  // route.go `sourceMatchHTTP`: `gateways` alone when set, else `sourceLabels` and `sourceNamespace`.
  parts.push(sourceMatches(m, client, vsNamespace));
  const separated =
    gatewaySemantics && m.uri !== undefined && "prefix" in m.uri ? pathSeparatedPrefix(m.uri.prefix) : undefined;
  if (separated !== undefined) {
    const ignoreCase = m.ignoreUriCase === true;
    parts.push((c) => matchesPathSeparatedPrefix(separated, c.path, ignoreCase));
  } else if (m.uri !== undefined) {
    const f = compileStringMatch(m.uri, m.ignoreUriCase === true && !("regex" in m.uri));
    parts.push((c) => f(c.path));
  }
  // The engine's requests are plain HTTP (`HttpView.scheme`).
  if (m.scheme !== undefined) parts.push(isPresenceMatch(m.scheme) || matchString(m.scheme, "http"));
  if (m.method !== undefined) parts.push(present(m.method, (c) => c.method));
  if (m.authority !== undefined) parts.push(present(m.authority, (c) => c.authority));
  for (const [name, sm] of Object.entries(m.headers ?? {}))
    parts.push(CLAIM.test(name) ? false : header(sm, name.toLowerCase(), false));
  for (const [name, sm] of Object.entries(m.withoutHeaders ?? {}))
    parts.push(CLAIM.test(name) ? true : header(sm, name.toLowerCase(), true));
  for (const [name, sm] of Object.entries(m.queryParams ?? {})) parts.push(query(sm, name));
  return allOf(parts);
}
