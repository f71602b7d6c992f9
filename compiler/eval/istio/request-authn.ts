/**
 * RequestAuthentication at a proxy (sidecar inbound or gateway), with Istio's documented semantics
 * (https://istio.io/latest/docs/reference/config/security/request_authentication/, "Authorization with JWT" task)
 * over the IR's JWT rules, consolidated and ordered as istiod does (`consolidatedJwtRules`):
 *
 * - no token at any rule's locations: the request passes, with no request principal;
 * - a token must be valid for the rule of its issuer (expiry: 401 "Jwt is expired"; audiences: 403 "Audiences in Jwt
 *   are not allowed"; signature: 401 "Jwt verification fails"), and that rule must read the location it is at (else
 *   401 "Jwt issuer is not configured"); which failure is reported follows the requirement istiod builds
 *   (`authenticateWith`);
 * - valid: the payload is the request's claims (`request.auth.*`, `requestPrincipals` = `iss/sub`), the token is
 *   removed from its header unless `forwardOriginalToken`, `outputClaimToHeaders` / `outputPayloadToHeader` add
 *   headers.
 *
 * The Envoy engine reaches the same answers by running the emitted jwt_authn requirement tree (envoy/engine/jwt.ts).
 */
import type { MeshIR, RequestAuthenticationNode } from "../../ir/ir.ts";
import type { JWTRule } from "../../ir/istio-api.ts";
import {
  consolidatedJwtRules,
  DEFAULT_JWT_LOCATIONS,
  requestAuthenticationsOf,
  type JwtLocations,
  type ProxyIdentity,
} from "../../ir/request-authn.ts";
import type { CoverageSink } from "../coverage.ts";
import {
  audiencesAllowed,
  checkSignature,
  checkTime,
  extractTokens,
  remoteSignature,
  JWT_STATUS,
  normalizePayload,
  parseJwt,
  requestPrincipalOf,
  type JsonObject,
  type JwtStatus,
} from "../_shared/jwt.ts";

/** The outcome of authentication at one proxy. */
export type Authn =
  /** Verified: the payload, and the headers the request continues with. */
  | { readonly kind: "ok"; readonly payload: JsonObject; readonly headers: Readonly<Record<string, string>> }
  /** No RequestAuthentication applies, or no token: nothing changes. */
  | { readonly kind: "none" }
  /** Rejected: Envoy's local reply. */
  | { readonly kind: "fail"; readonly status: JwtStatus };

const locationsOf = (r: JWTRule): JwtLocations =>
  r.fromHeaders === undefined && r.fromParams === undefined && r.fromCookies === undefined
    ? DEFAULT_JWT_LOCATIONS
    : {
        headers: (r.fromHeaders ?? []).map((h) => ({ name: h.name, prefix: h.prefix ?? "" })),
        params: r.fromParams ?? [],
        cookies: r.fromCookies ?? [],
      };

/** The rule's keys: inline (a real token is checked cryptographically) or at a jwksUri meshc does not fetch. */
function signature(rule: JWTRule, jwt: Exclude<ReturnType<typeof parseJwt>, JwtStatus>): JwtStatus {
  if (rule.jwks !== undefined || rule.jwksUri === undefined) return checkSignature(jwt, rule.jwks ?? "");
  return remoteSignature(jwt);
}

/** The payload with the rule's outputs applied to the headers (authenticator.cc `handleGoodJwt`). */
function accept(rule: JWTRule, token: string, where: string, headers: Record<string, string>, payload: JsonObject) {
  // Envoy adds these (`addCopy`): a header the client sent keeps its value, and matchers see both, joined by ','.
  const add = (name: string, v: string) => {
    const k = name.toLowerCase();
    headers[k] = headers[k] === undefined ? v : `${headers[k]},${v}`;
  };
  if (rule.outputPayloadToHeader) add(rule.outputPayloadToHeader, token.split(".")[1]!);
  for (const o of rule.outputClaimToHeaders ?? []) {
    const v = payload[o.claim];
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean")
      if (String(v) !== "") add(o.header, String(v));
  }
  if (!rule.forwardOriginalToken && where.startsWith("header ")) delete headers[where.slice("header ".length)];
  return normalizePayload(payload, [...new Set([...(rule.spaceDelimitedClaims ?? []), "permission", "scope"])]);
}

interface Found {
  readonly token: string;
  readonly where: string;
}

/** State of one authentication: the headers it changes, the last verified payload, the rules that verified. */
interface State {
  readonly rules: readonly JWTRule[];
  readonly headers: Record<string, string>;
  payload: JsonObject | undefined;
  readonly verified: JWTRule[];
}

/** One token against one rule: issuer (allowed at its location), time, audiences, keys; outputs on success. */
function check(st: State, t: Found, rule: JWTRule | undefined, allowed: readonly string[]): JwtStatus {
  const jwt = parseJwt(t.token);
  if (typeof jwt === "string") return jwt;
  if (!allowed.includes(jwt.iss)) return "unknownIssuer";
  const r = rule ?? st.rules.find((x) => (x.issuer ?? "") === jwt.iss);
  if (r === undefined) return "unknownIssuer";
  const status = [
    checkTime(jwt, Math.floor(Date.now() / 1000)),
    audiencesAllowed(r.audiences ?? [], jwt) ? "ok" : "audience",
    signature(r, jwt),
  ].find((x) => x !== "ok") as JwtStatus | undefined;
  if (status !== undefined) return status;
  st.payload = accept(r, t.token, t.where, st.headers, jwt.payload);
  st.verified.push(r);
  return "ok";
}

/** Rule `i` alone: a token must be at its locations, and every one must be its issuer's and valid. */
function byRule(st: State, rule: JWTRule, tokens: readonly Found[]): JwtStatus {
  if (tokens.length === 0) return "missing";
  for (const t of [...tokens].reverse()) {
    const status = check(st, t, rule, [rule.issuer ?? ""]);
    if (status !== "ok") return status;
  }
  return "ok";
}

/** Rule `i` or no token: each token at its locations is checked by the rule of its issuer; the last result counts. */
function orMissing(st: State, rule: JWTRule, tokens: readonly Found[]): JwtStatus {
  let status: JwtStatus = "ok";
  for (const t of [...tokens].reverse()) status = check(st, t, undefined, [rule.issuer ?? ""]);
  return status;
}

/**
 * Authenticates a request's JWT at a proxy with these RequestAuthentications, with the semantics istiod compiles
 * them to (policy_applier.go `convertToEnvoyJwtConfig`): the request passes when one rule finds tokens at its
 * locations and all are valid for it; otherwise, with one rule, when its token is absent or valid; with several,
 * when for every rule in issuer order the tokens at its locations are absent or valid for their issuer (else that
 * rule's result is the answer, so a token at a location its issuer's rule does not read is "Jwt issuer is not
 * configured").
 */
export function authenticateWith(
  policies: readonly RequestAuthenticationNode[],
  req: { readonly headers: Readonly<Record<string, string>>; readonly query: string },
  who: string,
  trace: string[],
  coverage?: CoverageSink,
): Authn {
  const rules = consolidatedJwtRules(policies);
  if (rules.length === 0) return { kind: "none" };
  const tokens = rules.map((r) => extractTokens(locationsOf(r), req.headers, req.query));
  const st: State = { rules, headers: { ...req.headers }, payload: undefined, verified: [] };
  let status: JwtStatus = "missing";
  for (let i = 0; i < rules.length && status !== "ok"; i++) status = byRule(st, rules[i]!, tokens[i]!);
  if (status !== "ok") {
    status = "ok";
    for (let i = 0; i < rules.length && status === "ok"; i++) status = orMissing(st, rules[i]!, tokens[i]!);
  }
  const where = [...new Set(tokens.flat().map((t) => t.where))].join(", ");
  if (status !== "ok") {
    trace.push(`'${who}' rejects the JWT in ${where}: ${JWT_STATUS[status]}.`);
    return { kind: "fail", status };
  }
  for (const rule of new Set(st.verified)) {
    const hit = policies.find((p) => p.spec.jwtRules?.includes(rule));
    if (hit !== undefined)
      coverage?.hit({
        kind: "jwtRule",
        policy: `${hit.meta.namespace}/${hit.meta.name}`,
        rule: hit.spec.jwtRules!.indexOf(rule),
      });
  }
  if (st.payload === undefined) {
    trace.push(`'${who}' finds no JWT where its RequestAuthentications look: it passes with no request principal.`);
    return { kind: "none" };
  }
  trace.push(`'${who}' accepts the JWT in ${where}: request principal '${requestPrincipalOf(st.payload)}'.`);
  return { kind: "ok", payload: st.payload, headers: st.headers };
}

/** Authentication at a proxy: the RequestAuthentications that select it (ir/request-authn.ts). */
export function authenticate(
  ir: MeshIR,
  proxy: ProxyIdentity,
  req: { readonly headers: Readonly<Record<string, string>>; readonly query: string },
  who: string,
  trace: string[],
  coverage?: CoverageSink,
): Authn {
  return authenticateWith(requestAuthenticationsOf(ir, proxy), req, who, trace, coverage);
}
