/**
 * RequestAuthentication at a proxy (sidecar inbound or gateway), with Istio's documented semantics
 * (https://istio.io/latest/docs/reference/config/security/request_authentication/, "Authorization with JWT" task)
 * over the IR's JWT rules, consolidated and ordered as istiod does (`consolidatedJwtRules`):
 *
 * - no token at any rule's locations: the request passes, with no request principal;
 * - each token found must be valid for the rule of its issuer among the rules that read its location: an issuer no
 *   such rule names → 401 "Jwt issuer is not configured"; then expiry (401 "Jwt is expired"), audiences
 *   (403 "Audiences in Jwt are not allowed"), signature (401 "Jwt verification fails");
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

/** Whether the rule's keys are inline (then a real token is checked cryptographically) or at a jwksUri. */
function signature(rule: JWTRule, jwt: Exclude<ReturnType<typeof parseJwt>, JwtStatus>): JwtStatus {
  if (rule.jwks !== undefined || rule.jwksUri === undefined) return checkSignature(jwt, rule.jwks ?? "");
  // The keys are at a jwksUri meshc does not fetch: a `jwt` token stands for a token they accept, a real one cannot
  // be checked (as an Envoy whose remote JWKS fetch fails).
  const marker = checkSignature(jwt, '{"keys":[{"kty":"oct","k":"bWVzaGM"}]}');
  return marker === "kidAlg" || marker === "noValidKeys" ? "fetchFail" : marker;
}

/** The payload with the rule's outputs applied to the headers (authenticator.cc `handleGoodJwt`). */
function accept(rule: JWTRule, token: string, where: string, headers: Record<string, string>, payload: JsonObject) {
  if (rule.outputPayloadToHeader) headers[rule.outputPayloadToHeader.toLowerCase()] = token.split(".")[1]!;
  for (const o of rule.outputClaimToHeaders ?? []) {
    const v = payload[o.claim];
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean")
      if (String(v) !== "") headers[o.header.toLowerCase()] = String(v);
  }
  if (!rule.forwardOriginalToken && where.startsWith("header ")) delete headers[where.slice("header ".length)];
  return normalizePayload(payload, [...new Set([...(rule.spaceDelimitedClaims ?? []), "permission", "scope"])]);
}

/** Authenticates a request's JWT at a proxy with these RequestAuthentications. */
export function authenticateWith(
  policies: readonly RequestAuthenticationNode[],
  req: { readonly headers: Readonly<Record<string, string>>; readonly query: string },
  who: string,
  trace: string[],
  coverage?: CoverageSink,
): Authn {
  const rules = consolidatedJwtRules(policies);
  if (rules.length === 0) return { kind: "none" };
  const found = new Map<string, { token: string; where: string; rules: JWTRule[] }>();
  for (const rule of rules)
    for (const t of extractTokens(locationsOf(rule), req.headers, req.query)) {
      const key = `${t.where}\n${t.token}`;
      const entry = found.get(key) ?? { ...t, rules: [] };
      entry.rules.push(rule);
      found.set(key, entry);
    }
  if (found.size === 0) {
    trace.push(`'${who}' finds no JWT where its RequestAuthentications look: it passes with no request principal.`);
    return { kind: "none" };
  }
  const headers: Record<string, string> = { ...req.headers };
  let first: JsonObject | undefined;
  for (const { token, where, rules: readers } of found.values()) {
    const jwt = parseJwt(token);
    const fail = (status: JwtStatus): Authn => {
      trace.push(`'${who}' rejects the JWT in ${where}: ${JWT_STATUS[status]}.`);
      return { kind: "fail", status };
    };
    if (typeof jwt === "string") return fail(jwt);
    const rule = readers.find((r) => (r.issuer ?? "") === jwt.iss);
    if (rule === undefined) return fail("unknownIssuer");
    const status = [
      checkTime(jwt, Math.floor(Date.now() / 1000)),
      audiencesAllowed(rule.audiences ?? [], jwt) ? "ok" : "audience",
      signature(rule, jwt),
    ].find((s) => s !== "ok") as JwtStatus | undefined;
    if (status !== undefined) return fail(status);
    const hit = policies.find((p) => p.spec.jwtRules?.includes(rule));
    if (hit !== undefined)
      coverage?.hit({
        kind: "jwtRule",
        policy: `${hit.meta.namespace}/${hit.meta.name}`,
        rule: hit.spec.jwtRules!.indexOf(rule),
      });
    const payload = accept(rule, token, where, headers, jwt.payload);
    first ??= payload;
    trace.push(
      `'${who}' accepts the JWT in ${where} (issuer '${jwt.iss}'): request principal '${requestPrincipalOf(payload)}'.`,
    );
  }
  return { kind: "ok", payload: first!, headers };
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
