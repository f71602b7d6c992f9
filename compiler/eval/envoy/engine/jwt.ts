/**
 * The `envoy.filters.http.jwt_authn` filter on one request, run from its emitted config (envoy
 * `source/extensions/filters/http/jwt_authn/`): the first `rules` entry whose match takes the request picks the
 * requirement (`matcher.cc`; istiod emits one, prefix `/`), whose verifier tree then runs (`verifier.cc`):
 *
 * - `provider_name`: the provider's own locations (`Extractor::create(provider)`); no token → "Jwt is missing";
 * - `requires_any`: its regular children in order, then one `allow_missing` over the providers they name; done at
 *   the first success, else with the status of the last child;
 * - `requires_all`: done at the first failure, else success;
 * - `allow_missing`: the named providers' locations, each token checked by the provider of its `iss`
 *   (`findByIssuer`); no token → success.
 *
 * Each token (`authenticator.cc`, last extracted first): issuer allowed at its location, provider for the issuer,
 * time, audiences, then the signature (`local_jwks` inline; `remote_jwks` only for meshc's own `jwt` tokens, since
 * meshc does not fetch: a real token there fails as a failed fetch). A valid token adds its normalized payload
 * (`payload_in_metadata`) and its headers (`forward_payload_header`, `claim_to_headers`) and leaves its header unless
 * `forward`. The filter answers a failure with 401 (403 for audiences) and Envoy's status text (`filter.cc`).
 */
import type {
  JwtAuthentication,
  JwtProvider,
  JwtRequirement,
} from "../../../emit/envoy/gen/envoy/extensions/filters/http/jwt_authn/v3/config.ts";
import { DEFAULT_JWT_LOCATIONS, type JwtLocations } from "../../../ir/request-authn.ts";
import {
  audiencesAllowed,
  checkSignature,
  checkTime,
  extractTokens,
  JWT_STATUS,
  normalizePayload,
  parseJwt,
  remoteSignature,
  type JsonObject,
  type JwtStatus,
} from "../../_shared/jwt.ts";
import type { HeaderMap } from "../route/header-map.ts";

/** The filter's result: success (with the payload metadata, if a token was verified) or its local reply. */
export type JwtRun =
  | { readonly kind: "ok"; readonly metadata: JsonObject | undefined }
  | { readonly kind: "fail"; readonly status: JwtStatus };

interface Ctx {
  readonly config: JwtAuthentication;
  readonly headers: HeaderMap;
  readonly query: string;
  payload: JsonObject | undefined;
  readonly verified: string[];
}

interface Token {
  readonly token: string;
  readonly where: string;
  /** Issuers of the providers that read this location (empty: any). */
  readonly issuers: readonly string[];
}

const locationsOf = (p: JwtProvider): JwtLocations =>
  p.fromHeaders.length === 0 && p.fromParams.length === 0 && p.fromCookies.length === 0
    ? DEFAULT_JWT_LOCATIONS
    : {
        headers: p.fromHeaders.map((h) => ({ name: h.name, prefix: h.valuePrefix })),
        params: p.fromParams,
        cookies: p.fromCookies,
      };

/** extractor.cc: the tokens at the locations of `providers`, each with the issuers allowed there. */
function extract(ctx: Ctx, providers: readonly JwtProvider[]): Token[] {
  const byKey = new Map<string, { token: string; where: string; issuers: string[] }>();
  const headers: Record<string, string> = {};
  for (const [k, v] of ctx.headers.toList()) headers[k] ??= v;
  for (const p of providers)
    for (const t of extractTokens(locationsOf(p), headers, ctx.query)) {
      const key = `${t.where}\n${t.token}`;
      const entry = byKey.get(key) ?? { ...t, issuers: [] };
      if (p.issuer === "") entry.issuers.length = 0;
      else entry.issuers.push(p.issuer);
      byKey.set(key, entry);
    }
  return [...byKey.values()];
}

function signature(p: JwtProvider, jwt: Exclude<ReturnType<typeof parseJwt>, JwtStatus>): JwtStatus {
  const src = p.jwksSourceSpecifier;
  if (src.oneofKind === "localJwks")
    return checkSignature(
      jwt,
      src.localJwks.specifier.oneofKind === "inlineString" ? src.localJwks.specifier.inlineString : "",
    );
  // remote_jwks: Envoy would fetch; meshc does not. Its own tokens stand for tokens those keys accept.
  return remoteSignature(jwt);
}

/** authenticator.cc `startVerify` … `handleGoodJwt` for one token. */
function verifyToken(ctx: Ctx, t: Token, fixed: string | undefined): JwtStatus {
  const jwt = parseJwt(t.token);
  if (typeof jwt === "string") return jwt;
  if (t.issuers.length > 0 && !t.issuers.includes(jwt.iss)) return "unknownIssuer";
  const providers = ctx.config.providers;
  const name =
    fixed ??
    Object.keys(providers).find((n) => providers[n]!.issuer === jwt.iss) ??
    Object.keys(providers).find((n) => providers[n]!.issuer === "");
  const p = name === undefined ? undefined : providers[name];
  if (p === undefined) return "unknownIssuer";
  const status = [
    checkTime(jwt, Math.floor(Date.now() / 1000)),
    audiencesAllowed(p.audiences, jwt) ? "ok" : "audience",
    signature(p, jwt),
  ].find((s) => s !== "ok") as JwtStatus | undefined;
  if (status !== undefined) return status;
  if (p.forwardPayloadHeader !== "") ctx.headers.add(p.forwardPayloadHeader, t.token.split(".")[1]!);
  for (const c of p.claimToHeaders) {
    const v = jwt.payload[c.claimName];
    if ((typeof v === "string" || typeof v === "number" || typeof v === "boolean") && String(v) !== "")
      ctx.headers.add(c.headerName, String(v));
  }
  if (!p.forward && t.where.startsWith("header ")) ctx.headers.remove(t.where.slice("header ".length));
  if (p.payloadInMetadata !== "")
    ctx.payload = normalizePayload(jwt.payload, p.normalizePayloadInMetadata?.spaceDelimitedClaims ?? []);
  ctx.verified.push(name!);
  return "ok";
}

/** authenticator.cc `verify` / `doneWithStatus` over a token list. */
function authenticate(ctx: Ctx, tokens: readonly Token[], fixed: string | undefined, allowMissing: boolean): JwtStatus {
  if (tokens.length === 0) return allowMissing ? "ok" : "missing";
  let status: JwtStatus = "ok";
  for (const t of [...tokens].reverse()) {
    status = verifyToken(ctx, t, fixed);
    if (status !== "ok" && !allowMissing) return status;
  }
  return status;
}

function verify(ctx: Ctx, r: JwtRequirement, parents: readonly string[]): JwtStatus {
  const providers = ctx.config.providers;
  const t = r.requiresType;
  switch (t.oneofKind) {
    case "providerName": {
      const p = providers[t.providerName];
      return p === undefined ? "unknownIssuer" : authenticate(ctx, extract(ctx, [p]), t.providerName, false);
    }
    case "providerAndAudiences": {
      const p = providers[t.providerAndAudiences.providerName];
      return p === undefined
        ? "unknownIssuer"
        : authenticate(ctx, extract(ctx, [p]), t.providerAndAudiences.providerName, false);
    }
    case "requiresAny": {
      const children = t.requiresAny.requirements;
      const regular = children.filter(
        (c) => c.requiresType.oneofKind !== "allowMissing" && c.requiresType.oneofKind !== "allowMissingOrFailed",
      );
      const bypass =
        children.find((c) => c.requiresType.oneofKind === "allowMissingOrFailed") ??
        children.find((c) => c.requiresType.oneofKind === "allowMissing");
      const used = regular.flatMap((c) =>
        c.requiresType.oneofKind === "providerName"
          ? [c.requiresType.providerName]
          : c.requiresType.oneofKind === "providerAndAudiences"
            ? [c.requiresType.providerAndAudiences.providerName]
            : [],
      );
      let status: JwtStatus = "ok";
      for (const c of [...regular, ...(bypass === undefined ? [] : [bypass])]) {
        status = verify(ctx, c, c === bypass ? used : []);
        if (status === "ok") return "ok";
      }
      return status;
    }
    case "requiresAll": {
      for (const c of t.requiresAll.requirements) {
        const status = verify(ctx, c, []);
        if (status !== "ok") return status;
      }
      return "ok";
    }
    case "allowMissing":
    case "allowMissingOrFailed": {
      const list = parents.flatMap((n) => (providers[n] === undefined ? [] : [providers[n]]));
      const status = authenticate(ctx, extract(ctx, list), undefined, true);
      return t.oneofKind === "allowMissingOrFailed" ? "ok" : status;
    }
    case undefined:
      return "ok";
    default:
      return t satisfies never;
  }
}

/**
 * Runs the filter on `headers` (changed in place, as Envoy's header map is) with the request's query string. The
 * requirement is the first rule's (istiod's only rule matches every path); a config without rules requires nothing.
 */
export function runJwtAuthn(
  config: JwtAuthentication,
  headers: HeaderMap,
  query: string,
  trace: string[],
): JwtRun & { readonly providers: readonly string[] } {
  const rule = config.rules.find((r) => r.requirementType.oneofKind === "requires");
  const ctx: Ctx = { config, headers, query, payload: undefined, verified: [] };
  if (rule === undefined || rule.requirementType.oneofKind !== "requires")
    return { kind: "ok", metadata: undefined, providers: [] };
  const status = verify(ctx, rule.requirementType.requires, []);
  if (status !== "ok") {
    trace.push(`jwt_authn filter: ${JWT_STATUS[status]}: the proxy answers ${status === "audience" ? 403 : 401}.`);
    return { kind: "fail", status, providers: ctx.verified };
  }
  trace.push(
    ctx.payload === undefined
      ? "jwt_authn filter: no JWT where its providers look: the request continues with no request principal."
      : `jwt_authn filter: provider '${ctx.verified.at(-1)}' verified the JWT of issuer '${String((ctx.payload["iss"] as string | undefined) ?? "")}'.`,
  );
  return {
    kind: "ok",
    metadata: ctx.payload === undefined ? undefined : { payload: ctx.payload },
    providers: ctx.verified,
  };
}
