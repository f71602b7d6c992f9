// RequestAuthentication → the `envoy.filters.http.jwt_authn` filter of a sidecar's inbound HCM or a gateway's HCM
// (istio pilot/pkg/security/authn/policy_applier.go `JwtFilter` / `convertToEnvoyJwtConfig`). One provider per JWT
// rule, the rules of every applicable policy sorted by issuer (`newPolicyApplier`), named `origins-<i>`; each keeps
// its verified payload in dynamic metadata under `payload` (what RBAC `requestPrincipals` / `request.auth.*` and route
// `@request.auth.claims` matchers read), with `scope` and `permission` (and `spaceDelimitedClaims`) normalized to
// lists. The requirement accepts a request with no token (`allow_missing`) and rejects one with an invalid token:
// RequestAuthentication only rejects bad tokens; requiring one is AuthorizationPolicy's job
// (https://istio.io/latest/docs/reference/config/security/request_authentication/).
//
// JWKS: an inline `jwks` becomes `local_jwks` (as istiod's default `PILOT_JWT_ENABLE_REMOTE_JWKS=false` does). A
// `jwksUri` is fetched by istiod and inlined (`JwksResolver.BuildLocalJwks`); meshc works offline and cannot fetch
// it, so it emits what istiod emits in its `envoy` fetch mode instead: `remote_jwks` on the cluster
// `outbound|<port>||<host>` (MESH2207 says so and how to inline the keys).
import type { RequestAuthenticationNode } from "../../../ir/ir.ts";
import type { JWTRule } from "../../../ir/istio-api.ts";
import { consolidatedJwtRules } from "../../../ir/request-authn.ts";
import { HttpUri } from "../gen/envoy/config/core/v3/http_uri.ts";
import { RouteMatch } from "../gen/envoy/config/route/v3/route_components.ts";
import { Empty } from "../gen/google/protobuf/empty.ts";
import {
  JwtAuthentication,
  JwtClaimToHeader,
  JwtHeader,
  JwtProvider,
  JwtProvider_NormalizePayload,
  JwtRequirement,
  JwtRequirementAndList,
  JwtRequirementOrList,
  RemoteJwks,
  RequirementRule,
} from "../gen/envoy/extensions/filters/http/jwt_authn/v3/config.ts";
import { DataSource } from "../gen/envoy/config/core/v3/base.ts";
import { Duration } from "../gen/google/protobuf/duration.ts";
import { duration } from "../proto.ts";

/** `outbound|<port>||<host>` of a JWKS URI (istiod's `model.BuildSubsetKey` on `security.ParseJwksURI`'s host and port). */
function jwksCluster(uri: string): string {
  const url = new URL(uri);
  const port = url.port !== "" ? url.port : url.protocol === "https:" ? "443" : "80";
  return `outbound|${port}||${url.hostname}`;
}

/** `buildSpaceDelimitedClaims`: the rule's claims plus `permission` and `scope`, deduplicated and sorted. */
function spaceDelimitedClaims(rule: JWTRule): string[] {
  return [...new Set([...(rule.spaceDelimitedClaims ?? []), "permission", "scope"])].sort();
}

function jwksSource(rule: JWTRule, timeout: Duration): JwtProvider["jwksSourceSpecifier"] {
  if (rule.jwks !== undefined || rule.jwksUri === undefined)
    return {
      oneofKind: "localJwks",
      localJwks: DataSource.create({ specifier: { oneofKind: "inlineString", inlineString: rule.jwks ?? "" } }),
    };
  let cluster = "";
  try {
    cluster = jwksCluster(rule.jwksUri);
  } catch {
    // An invalid URI is MESH2152 (check); the build does not get here with one.
  }
  return {
    oneofKind: "remoteJwks",
    remoteJwks: RemoteJwks.create({
      httpUri: HttpUri.create({ uri: rule.jwksUri, httpUpstreamType: { oneofKind: "cluster", cluster }, timeout }),
      cacheDuration: Duration.create({ seconds: "300" }),
    }),
  };
}

function provider(rule: JWTRule, clearRouteCache: boolean): JwtProvider {
  const timeout = duration(rule.timeout) ?? Duration.create({ seconds: "5" });
  return JwtProvider.create({
    issuer: rule.issuer ?? "",
    audiences: [...(rule.audiences ?? [])],
    jwksSourceSpecifier: jwksSource(rule, timeout),
    forward: rule.forwardOriginalToken ?? false,
    fromHeaders: (rule.fromHeaders ?? []).map((h) => JwtHeader.create({ name: h.name, valuePrefix: h.prefix ?? "" })),
    fromParams: [...(rule.fromParams ?? [])],
    fromCookies: [...(rule.fromCookies ?? [])],
    forwardPayloadHeader: rule.outputPayloadToHeader ?? "",
    payloadInMetadata: "payload",
    normalizePayloadInMetadata: JwtProvider_NormalizePayload.create({
      spaceDelimitedClaims: spaceDelimitedClaims(rule),
    }),
    claimToHeaders: (rule.outputClaimToHeaders ?? []).map((c) =>
      JwtClaimToHeader.create({ headerName: c.header, claimName: c.claim }),
    ),
    clearRouteCache,
  });
}

const byName = (name: string) =>
  JwtRequirement.create({ requiresType: { oneofKind: "providerName", providerName: name } });
const anyOf = (requirements: JwtRequirement[]) =>
  JwtRequirement.create({
    requiresType: { oneofKind: "requiresAny", requiresAny: JwtRequirementOrList.create({ requirements }) },
  });
const allowMissing = () =>
  JwtRequirement.create({ requiresType: { oneofKind: "allowMissing", allowMissing: Empty.create() } });

/**
 * The jwt_authn config for the RequestAuthentications of a proxy, or undefined when none applies. One provider:
 * `requires_any [origins-0, allow_missing]`; several: `requires_any [origins-0, …, origins-n, requires_all
 * [requires_any [origins-i, allow_missing] …]]`, so a token, when present, must be valid for its issuer, and providers
 * that share a location still pass (convertToEnvoyJwtConfig). `clearRouteCache`: gateways re-pick the route once the
 * payload is in metadata, for claim-based routing (sidecars' inbound routes never match on claims).
 *
 * `jwtAuthnConfig([ra])` with one rule for `https://issuer.example.com` → `{ providers: { "origins-0": { issuer, … } },
 * rules: [{ match: { prefix: "/" }, requires: { requires_any: [origins-0, allow_missing] } }] }`.
 */
export function jwtAuthnConfig(
  policies: readonly RequestAuthenticationNode[],
  clearRouteCache = false,
): JwtAuthentication | undefined {
  const rules = consolidatedJwtRules(policies);
  if (rules.length === 0) return undefined;
  const providers: Record<string, JwtProvider> = {};
  rules.forEach((r, i) => (providers[`origins-${i}`] = provider(r, clearRouteCache)));
  const names = Object.keys(providers);
  const inner = names.map((name) => anyOf([byName(name), allowMissing()]));
  const requires =
    inner.length === 1
      ? inner[0]!
      : anyOf([
          ...names.map(byName),
          JwtRequirement.create({
            requiresType: {
              oneofKind: "requiresAll",
              requiresAll: JwtRequirementAndList.create({ requirements: inner }),
            },
          }),
        ]);
  const rule = RequirementRule.create({
    match: RouteMatch.create({ pathSpecifier: { oneofKind: "prefix", prefix: "/" } }),
    requirementType: { oneofKind: "requires", requires },
  });
  return JwtAuthentication.create({ providers, rules: [rule], bypassCorsPreflight: true });
}
