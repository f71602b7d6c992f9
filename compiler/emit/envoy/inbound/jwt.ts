// RequestAuthentication → the inbound `envoy.filters.http.jwt_authn` filter (istio
// pilot/pkg/security/authn/policy_applier.go `JwtFilter` / `convertPolicyToJwtConfig`): one provider per jwtRule named
// `origins-<i>`, payload kept in dynamic metadata under `payload` (what RBAC `requestPrincipals` match), and a
// requirement that accepts any provider or a request without a token (`allow_missing`): RequestAuthentication only
// rejects invalid tokens; requiring one is AuthorizationPolicy's job.
import type { RequestAuthenticationNode } from "../../../ir/ir.ts";
import type { JWTRule } from "../../../ir/istio-api.ts";
import { HttpUri } from "../gen/envoy/config/core/v3/http_uri.ts";
import { RouteMatch } from "../gen/envoy/config/route/v3/route_components.ts";
import { Empty } from "../gen/google/protobuf/empty.ts";
import {
  JwtAuthentication,
  JwtHeader,
  JwtProvider,
  JwtRequirement,
  JwtRequirementOrList,
  RemoteJwks,
  RequirementRule,
} from "../gen/envoy/extensions/filters/http/jwt_authn/v3/config.ts";
import { DataSource } from "../gen/envoy/config/core/v3/base.ts";
import { Duration } from "../gen/google/protobuf/duration.ts";

/** `outbound|<port>||<host>` of a JWKS URI (istiod's `model.BuildSubsetKey` on the URI's host and port). */
function jwksCluster(uri: string): string {
  const url = new URL(uri);
  const port = url.port !== "" ? url.port : url.protocol === "https:" ? "443" : "80";
  return `outbound|${port}||${url.hostname}`;
}

function provider(rule: JWTRule): JwtProvider {
  const jwks: JwtProvider["jwksSourceSpecifier"] =
    rule.jwks !== undefined
      ? {
          oneofKind: "localJwks",
          localJwks: DataSource.create({ specifier: { oneofKind: "inlineString", inlineString: rule.jwks } }),
        }
      : {
          oneofKind: "remoteJwks",
          remoteJwks: RemoteJwks.create({
            httpUri: HttpUri.create({
              uri: rule.jwksUri ?? "",
              httpUpstreamType: { oneofKind: "cluster", cluster: rule.jwksUri ? jwksCluster(rule.jwksUri) : "" },
              timeout: Duration.create({ seconds: "5" }),
            }),
            cacheDuration: Duration.create({ seconds: "300" }),
          }),
        };
  return JwtProvider.create({
    issuer: rule.issuer ?? "",
    audiences: [...(rule.audiences ?? [])],
    jwksSourceSpecifier: jwks,
    forward: rule.forwardOriginalToken ?? false,
    fromHeaders: (rule.fromHeaders ?? []).map((h) => JwtHeader.create({ name: h.name, valuePrefix: h.prefix ?? "" })),
    fromParams: [...(rule.fromParams ?? [])],
    fromCookies: [...(rule.fromCookies ?? [])],
    payloadInMetadata: "payload",
    forwardPayloadHeader: rule.outputPayloadToHeader ?? "",
  });
}

/**
 * The jwt_authn config for the RequestAuthentications of a workload, or undefined when none applies.
 * Not modelled: istiod fetches remote JWKS itself and inlines them (`PILOT_JWT_ENABLE_REMOTE_JWKS`); meshc, which
 * cannot fetch, keeps `remote_jwks`; claim-to-header outputs are left out.
 */
export function jwtAuthnConfig(policies: readonly RequestAuthenticationNode[]): JwtAuthentication | undefined {
  const rules = policies.flatMap((p) => p.spec.jwtRules ?? []);
  if (rules.length === 0) return undefined;
  const providers: Record<string, JwtProvider> = {};
  rules.forEach((r, i) => (providers[`origins-${i}`] = provider(r)));
  const requiresAny = JwtRequirementOrList.create({
    requirements: [
      ...Object.keys(providers).map((name) =>
        JwtRequirement.create({ requiresType: { oneofKind: "providerName", providerName: name } }),
      ),
      JwtRequirement.create({ requiresType: { oneofKind: "allowMissing", allowMissing: Empty.create() } }),
    ],
  });
  const rule = RequirementRule.create({
    match: RouteMatch.create({ pathSpecifier: { oneofKind: "prefix", prefix: "/" } }),
    requirementType: {
      oneofKind: "requires",
      requires: JwtRequirement.create({ requiresType: { oneofKind: "requiresAny", requiresAny } }),
    },
  });
  return JwtAuthentication.create({ providers, rules: [rule], bypassCorsPreflight: true });
}
