/**
 * AuthorizationPolicy values against a verified JWT payload, as the matchers istiod generates read the jwt_authn
 * filter's `payload` metadata (istio `pilot/pkg/security/authz/model/generator.go`): `requestPrincipals` /
 * `request.auth.principal` split the value at its last `/` into an `iss` and a `sub` matcher
 * (`requestPrincipalGenerator`); `request.auth.audiences` (`aud`), `request.auth.presenter` (`azp`) and
 * `request.auth.claims[a][b]` (`requestClaimGenerator`, nested claims) match the claim, or one element of a list claim
 * (`MetadataListValueMatcherForJWTClaims`). Values use `StringMatcher`: `*` any non-empty, `*x` suffix, `x*` prefix.
 */
import type { Json, JsonObject } from "../_shared/jwt.ts";

type Match = (s: string) => boolean;
const ANY: Match = (s) => s.length > 0 && !s.includes("\n");
const exact =
  (x: string): Match =>
  (s) =>
    s === x;
const prefix =
  (x: string): Match =>
  (s) =>
    s.startsWith(x);
const suffix =
  (x: string): Match =>
  (s) =>
    s.endsWith(x);

/** `matcher.StringMatcher(v)`. */
function stringMatch(v: string): Match {
  if (v === "*") return ANY;
  if (v.startsWith("*")) return suffix(v.slice(1));
  if (v.endsWith("*")) return prefix(v.slice(0, -1));
  return exact(v);
}

/** `requestPrincipalGenerator`: `iss/sub` matchers for one value. */
export function requestPrincipalMatches(value: string, payload: JsonObject): boolean {
  const idx = value.lastIndexOf("/");
  const found = idx >= 0;
  const [iss, sub] = found ? [value.slice(0, idx), value.slice(idx + 1)] : [value, ""];
  let matchIss = exact(iss);
  let matchSub = exact(sub);
  if (value === "*") [matchIss, matchSub] = [ANY, ANY];
  else if (value.startsWith("*")) {
    if (found) matchIss = iss === "*" ? ANY : suffix(iss.slice(1));
    else [matchIss, matchSub] = [ANY, suffix(value.slice(1))];
  } else if (value.endsWith("*")) {
    if (found) matchSub = sub === "*" ? ANY : prefix(sub.slice(0, -1));
    else [matchIss, matchSub] = [prefix(value.slice(0, -1)), ANY];
  }
  const i = payload["iss"];
  const s = payload["sub"];
  return typeof i === "string" && typeof s === "string" && matchIss(i) && matchSub(s);
}

/** `extractNameInNestedBrackets`: `[a][b]` → `["a", "b"]`; otherwise the text between the outer brackets. */
export function claimPath(brackets: string): string[] {
  const out: string[] = [];
  for (let begin = 0; begin < brackets.length; ) {
    const end = brackets[begin] === "[" ? brackets.slice(begin + 1).search(/[[\]]/) + begin + 1 : -1;
    if (end <= begin || brackets[end] !== "]") return [brackets.replace(/^\[/, "").replace(/\]$/, "")];
    out.push(brackets.slice(begin + 1, end));
    begin = end + 1;
  }
  return out;
}

function claimAt(payload: JsonObject | undefined, path: readonly string[]): Json | undefined {
  let v: Json | undefined = payload;
  for (const k of path) v = typeof v === "object" && v !== null && !Array.isArray(v) ? (v as JsonObject)[k] : undefined;
  return v;
}

/** The claim at `path` matches `value`, or the claim is a list with one string element that does. */
export function claimMatches(value: string, payload: JsonObject, path: readonly string[]): boolean {
  const m = stringMatch(value);
  const v = claimAt(payload, path);
  if (typeof v === "string") return m(v);
  return Array.isArray(v) && v.some((e) => typeof e === "string" && m(e));
}

/** The claim as a trace shows it. */
export function shownClaim(payload: JsonObject | undefined, path: readonly string[]): string | undefined {
  const v = claimAt(payload, path);
  return v === undefined ? undefined : typeof v === "string" ? v : JSON.stringify(v);
}
