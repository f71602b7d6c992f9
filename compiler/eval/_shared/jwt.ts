/**
 * What both engines need to check a JWT the way Envoy's jwt_authn filter does, independent of how each finds its
 * providers (the Istio engine from RequestAuthentication jwtRules, the Envoy engine from the emitted JwtProvider):
 * parsing (google/jwt_verify_lib `jwt.cc` `Jwt::parseFromString`), the status texts Envoy returns as the 401/403 body
 * (`status.cc` `getStatusString`), token extraction (envoy `jwt_authn/extractor.cc`), the time (`verifyTimeConstraint`,
 * 60 s clock skew) and audience checks (`check_audience.cc`: `http(s)://` and a trailing `/` are ignored), payload
 * normalization (`normalize_payload_in_metadata`), and the signature against an inline JWKS with node:crypto
 * (`verify.cc` `verifyJwtWithoutTimeChecking`, synchronous, so `simulate` stays synchronous).
 *
 * A `jwt iss=… sub=…` request (docs/requests.md) carries a token meshc writes itself (`symbolicToken`): its payload is the
 * claims as written and its signature is a marker that stands for "signed by the issuer's configured keys" (or, for
 * `jwt invalid`, "not"): such a token is accepted by any provider whose JWKS has a usable key, without meshc holding
 * the issuer's private key. Every other check (issuer, location, audiences, expiry) applies to it as to a real token.
 */
import { createPublicKey, verify as verifySignature, type JsonWebKey } from "node:crypto";
import { decodeJwt, decodeProtectedHeader } from "jose";
import type { RequestJwt } from "../types.ts";
import type { JwtLocations } from "../../ir/request-authn.ts";

/** A JSON value (a claim, the payload Envoy puts in dynamic metadata). */
export type Json = string | number | boolean | null | readonly Json[] | { readonly [k: string]: Json };
export type JsonObject = { readonly [k: string]: Json };

/** jwt_verify_lib statuses meshc can produce, with Envoy's response body for each. */
export const JWT_STATUS = {
  ok: "OK",
  missing: "Jwt is missing",
  badFormat: "Jwt is not in the form of Header.Payload.Signature with two dots and 3 sections",
  badHeader: "Jwt header is an invalid JSON",
  badPayload: "Jwt payload is an invalid JSON",
  expired: "Jwt is expired",
  notYetValid: "Jwt not yet valid",
  unknownIssuer: "Jwt issuer is not configured",
  audience: "Audiences in Jwt are not allowed",
  verification: "Jwt verification fails",
  kidAlg: "Jwks doesn't have key to match kid or alg from Jwt",
  noValidKeys: "Jwks doesn't have valid keys",
  fetchFail: "Jwks remote fetch is failed",
} as const;
export type JwtStatus = keyof typeof JWT_STATUS;

/** envoy filter.cc `onComplete`: a wrong audience is 403, every other failure 401. */
export const statusCode = (s: JwtStatus): number => (s === "audience" ? 403 : 401);

const b64url = (text: string): string => Buffer.from(text, "utf8").toString("base64url");
const SIGNED = b64url("meshc:signed-by-the-issuer's-configured-keys");
const UNSIGNED = b64url("meshc:invalid-signature");

/** The `aud` a `jwt wrong-audience` token carries: a name no RequestAuthentication lists. */
export const WRONG_AUDIENCE = "meshc.invalid/wrong-audience";

/**
 * The token of a `jwt ...` request: header `{"alg":"RS256","kid":"meshc","typ":"JWT"}`, payload the claims (a list
 * claim as a JSON array; `exp: 1` for `expired`, `aud` replaced for `wrong-audience`), and the marker signature.
 * Deterministic: the same request is the same token.
 */
export function symbolicToken(jwt: RequestJwt): string {
  const payload: Record<string, Json> = {};
  for (const [k, v] of Object.entries(jwt.claims)) payload[k] = typeof v === "string" ? v : [...v];
  if (jwt.flaw === "expired") payload["exp"] = 1;
  if (jwt.flaw === "wrong-audience") payload["aud"] = WRONG_AUDIENCE;
  const header = b64url(JSON.stringify({ alg: "RS256", kid: "meshc", typ: "JWT" }));
  return `${header}.${b64url(JSON.stringify(payload))}.${jwt.flaw === "invalid" ? UNSIGNED : SIGNED}`;
}

export interface ParsedJwt {
  readonly token: string;
  readonly header: JsonObject;
  readonly payload: JsonObject;
  readonly iss: string;
  readonly audiences: readonly string[];
}

/** `Jwt::parseFromString`: three sections, JSON header with `alg`, JSON payload. */
export function parseJwt(token: string): ParsedJwt | JwtStatus {
  if (token.split(".").length !== 3) return "badFormat";
  let header: JsonObject;
  let payload: JsonObject;
  try {
    header = decodeProtectedHeader(token) as JsonObject;
  } catch {
    return "badHeader";
  }
  try {
    payload = decodeJwt(token);
  } catch {
    return "badPayload";
  }
  const aud = payload["aud"];
  const audiences =
    typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud.filter((a) => typeof a === "string") : [];
  const iss = typeof payload["iss"] === "string" ? payload["iss"] : "";
  return { token, header, payload, iss, audiences: audiences };
}

/** `verifyTimeConstraint` with the default 60 s clock skew; `exp` and `nbf` are optional. */
export function checkTime(jwt: ParsedJwt, nowSeconds: number): JwtStatus {
  const exp = jwt.payload["exp"];
  const nbf = jwt.payload["nbf"];
  if (typeof nbf === "number" && nbf > nowSeconds + 60) return "notYetValid";
  if (typeof exp === "number" && exp !== 0 && exp < nowSeconds - 60) return "expired";
  return "ok";
}

const normalizeAudience = (a: string): string => a.replace(/^https?:\/\//, "").replace(/\/$/, "");

/** `CheckAudience::areAudiencesAllowed`: no configured audiences allows any; else one must match. */
export function audiencesAllowed(configured: readonly string[], jwt: ParsedJwt): boolean {
  if (configured.length === 0) return true;
  const allowed = new Set(configured.map(normalizeAudience));
  return jwt.audiences.some((a) => allowed.has(normalizeAudience(a)));
}

/** The keys of a JWKS that node:crypto can import as public keys (jwks.cc skips keys it cannot read). */
function usableKeys(jwks: string): { jwk: JsonWebKey & { kid?: string; alg?: string } }[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(jwks);
  } catch {
    return undefined;
  }
  const keys = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys)) return undefined;
  return keys.flatMap((k: JsonWebKey & { kid?: string; alg?: string }) => {
    try {
      createPublicKey({ key: k, format: "jwk" });
      return [{ jwk: k }];
    } catch {
      return [];
    }
  });
}

/** For meshc's own tokens, whether they count as signed ("ok") or not ("verification"); undefined for others. */
export function ownSignature(jwt: ParsedJwt): "ok" | "verification" | undefined {
  const signature = jwt.token.split(".")[2];
  return signature === SIGNED ? "ok" : signature === UNSIGNED ? "verification" : undefined;
}

/**
 * A provider whose keys are at a remote JWKS (`jwksUri`): meshc does not fetch, so its own tokens count as the keys
 * would judge them, and a real token fails as an unreachable JWKS does ("Jwks remote fetch is failed").
 */
export const remoteSignature = (jwt: ParsedJwt): JwtStatus => ownSignature(jwt) ?? "fetchFail";

/** Whether an inline JWKS has at least one key Envoy can use. */
export const jwksUsable = (jwks: string): boolean => (usableKeys(jwks)?.length ?? 0) > 0;

const ALGS: Record<string, { hash: string; kty: string; pss?: boolean; ec?: boolean }> = {
  RS256: { hash: "sha256", kty: "RSA" },
  RS384: { hash: "sha384", kty: "RSA" },
  RS512: { hash: "sha512", kty: "RSA" },
  PS256: { hash: "sha256", kty: "RSA", pss: true },
  PS384: { hash: "sha384", kty: "RSA", pss: true },
  PS512: { hash: "sha512", kty: "RSA", pss: true },
  ES256: { hash: "sha256", kty: "EC", ec: true },
  ES384: { hash: "sha384", kty: "EC", ec: true },
  ES512: { hash: "sha512", kty: "EC", ec: true },
};

/**
 * `verifyJwtWithoutTimeChecking` against an inline JWKS: keys whose `kid` (when both have one) and `alg`/`kty`
 * fit the token's header are tried; none → "kidAlg"; one verifies → "ok"; else "verification". meshc's own
 * symbolic tokens verify against any JWKS with a usable key.
 */
export function checkSignature(jwt: ParsedJwt, jwks: string): JwtStatus {
  const keys = usableKeys(jwks);
  if (keys === undefined || keys.length === 0) return "noValidKeys";
  const [signingInput, signature] = [jwt.token.slice(0, jwt.token.lastIndexOf(".")), jwt.token.split(".")[2]!];
  const own = ownSignature(jwt);
  if (own !== undefined) return own;
  const alg = typeof jwt.header["alg"] === "string" ? jwt.header["alg"] : "";
  const kid = typeof jwt.header["kid"] === "string" ? jwt.header["kid"] : undefined;
  const spec = ALGS[alg];
  const candidates = keys.filter(
    ({ jwk }) =>
      (kid === undefined || jwk.kid === undefined || jwk.kid === kid) &&
      (jwk.alg === undefined || jwk.alg === alg) &&
      (spec === undefined || jwk.kty === spec.kty || (alg === "EdDSA" && jwk.kty === "OKP")),
  );
  if (candidates.length === 0 || (spec === undefined && alg !== "EdDSA")) return "kidAlg";
  const data = Buffer.from(signingInput, "ascii");
  const sig = Buffer.from(signature, "base64url");
  for (const { jwk } of candidates) {
    const key = createPublicKey({ key: jwk, format: "jwk" });
    const ok =
      alg === "EdDSA"
        ? verifySignature(null, data, key, sig)
        : verifySignature(
            spec!.hash,
            data,
            spec!.pss ? { key, padding: 6, saltLength: -1 } : spec!.ec ? { key, dsaEncoding: "ieee-p1363" } : key,
            sig,
          );
    if (ok) return "ok";
  }
  return "verification";
}

/**
 * `normalize_payload_in_metadata.space_delimited_claims`: those claims, when strings, become the list of their
 * space-separated parts in the payload metadata (`scope: "a b"` → `["a", "b"]`).
 */
export function normalizePayload(payload: JsonObject, spaceDelimited: readonly string[]): JsonObject {
  const out: Record<string, Json> = { ...payload };
  for (const c of spaceDelimited) {
    const v = out[c];
    if (typeof v === "string") out[c] = v.split(" ").filter((s) => s !== "");
  }
  return out;
}

/** A token found in the request, at one of a provider's locations. */
export interface FoundToken {
  readonly token: string;
  /** `header authorization`, `query parameter access_token`, `cookie session`. */
  readonly where: string;
}

/** The cookie `name` of a `cookie` header (`a=1; b=2`). */
function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * extractor.cc `ExtractorImpl::extract`: each header location whose value starts with its prefix (the token is the
 * rest, up to a `,` or space), each query parameter, each cookie. Header names are lower case.
 */
export function extractTokens(
  locations: JwtLocations,
  headers: Readonly<Record<string, string>>,
  query: string,
): FoundToken[] {
  const out: FoundToken[] = [];
  for (const h of locations.headers) {
    const value = headers[h.name.toLowerCase()];
    if (value === undefined || !value.startsWith(h.prefix)) continue;
    const token = value.slice(h.prefix.length).split(/[ ,]/)[0]!;
    if (token !== "") out.push({ token, where: `header ${h.name.toLowerCase()}` });
  }
  const params = new URLSearchParams(query);
  for (const p of locations.params) {
    const v = params.get(p);
    if (v !== null && v !== "") out.push({ token: v, where: `query parameter ${p}` });
  }
  for (const c of locations.cookies) {
    const v = cookie(headers["cookie"], c);
    if (v !== undefined && v !== "") out.push({ token: v, where: `cookie ${c}` });
  }
  return out;
}

/** `iss/sub` of a verified payload: what `requestPrincipals` and `request.auth.principal` match. */
export function requestPrincipalOf(payload: JsonObject): string {
  const iss = typeof payload["iss"] === "string" ? payload["iss"] : "";
  const sub = typeof payload["sub"] === "string" ? payload["sub"] : "";
  return `${iss}/${sub}`;
}
