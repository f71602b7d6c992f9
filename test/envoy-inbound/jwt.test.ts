/**
 * RequestAuthentication → jwt_authn, as istiod's `convertToEnvoyJwtConfig` (pilot/pkg/security/authn/policy_applier.go)
 * builds it: every applicable rule sorted by issuer, providers `origins-<i>`, the multi-provider requirement, inline
 * keys as `local_jwks`, a jwksUri as `remote_jwks` on `outbound|<port>||<host>`; and claim routes as metadata matchers.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { jwtAuthnConfig } from "../../compiler/emit/envoy/inbound/jwt.ts";
import { JwtAuthentication } from "../../compiler/emit/envoy/gen/envoy/extensions/filters/http/jwt_authn/v3/config.ts";
import { RouteMatch } from "../../compiler/emit/envoy/gen/envoy/config/route/v3/route_components.ts";
import { translateRouteMatch } from "../../compiler/emit/envoy/outbound/route-match.ts";
import { resourcesOf } from "../../compiler/ir/ir.ts";
import { meshFromYaml } from "../eval/_support.ts";

const JWKS = '{"keys":[]}';
const ir = meshFromYaml(`
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: b, namespace: foo}
spec:
  jwtRules:
  - issuer: https://z.example.com
    jwksUri: https://keys.example.com:8443/jwks.json
    timeout: 2s
    fromHeaders: [{name: x-jwt, prefix: "Bearer "}]
    fromParams: [token]
    forwardOriginalToken: true
    outputPayloadToHeader: x-payload
---
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: a, namespace: foo}
spec:
  jwtRules:
  - issuer: https://a.example.com
    jwks: '${JWKS}'
    audiences: [api]
    outputClaimToHeaders: [{header: x-sub, claim: sub}]
    fromCookies: [session]
`);

const Jwt = suite("jwt_authn config (convertToEnvoyJwtConfig)");

Jwt(
  "two rules: sorted by issuer, requires_any [origins-0, origins-1, requires_all [any [p, allow_missing]...]]",
  () => {
    const config = jwtAuthnConfig(resourcesOf(ir, "requestAuthentication"));
    assert.ok(config);
    assert.equal(JwtAuthentication.toJson(config), {
      providers: {
        "origins-0": {
          issuer: "https://a.example.com",
          audiences: ["api"],
          localJwks: { inlineString: JWKS },
          fromCookies: ["session"],
          payloadInMetadata: "payload",
          normalizePayloadInMetadata: { spaceDelimitedClaims: ["permission", "scope"] },
          claimToHeaders: [{ headerName: "x-sub", claimName: "sub" }],
        },
        "origins-1": {
          issuer: "https://z.example.com",
          remoteJwks: {
            httpUri: {
              uri: "https://keys.example.com:8443/jwks.json",
              cluster: "outbound|8443||keys.example.com",
              timeout: "2s",
            },
            cacheDuration: "300s",
          },
          forward: true,
          fromHeaders: [{ name: "x-jwt", valuePrefix: "Bearer " }],
          fromParams: ["token"],
          forwardPayloadHeader: "x-payload",
          payloadInMetadata: "payload",
          normalizePayloadInMetadata: { spaceDelimitedClaims: ["permission", "scope"] },
        },
      },
      rules: [
        {
          match: { prefix: "/" },
          requires: {
            requiresAny: {
              requirements: [
                { providerName: "origins-0" },
                { providerName: "origins-1" },
                {
                  requiresAll: {
                    requirements: [
                      { requiresAny: { requirements: [{ providerName: "origins-0" }, { allowMissing: {} }] } },
                      { requiresAny: { requirements: [{ providerName: "origins-1" }, { allowMissing: {} }] } },
                    ],
                  },
                },
              ],
            },
          },
        },
      ],
      bypassCorsPreflight: true,
    });
  },
);

Jwt("one rule: requires_any [origins-0, allow_missing]; gateways clear the route cache", () => {
  const [a] = resourcesOf(ir, "requestAuthentication").filter((r) => r.meta.name === "a");
  const json = JwtAuthentication.toJson(jwtAuthnConfig([a!], true)!) as {
    providers: Record<string, { clearRouteCache?: boolean }>;
    rules: unknown[];
  };
  assert.is(json.providers["origins-0"]!.clearRouteCache, true);
  assert.equal(json.rules, [
    {
      match: { prefix: "/" },
      requires: { requiresAny: { requirements: [{ providerName: "origins-0" }, { allowMissing: {} }] } },
    },
  ]);
});

Jwt(
  "claim routes: '@request.auth.claims.a.b' and '[a][b]' become payload metadata matchers, withoutHeaders inverted",
  () => {
    const m = translateRouteMatch({
      headers: { "@request.auth.claims.org.team": { exact: "pay" }, "x-a": { exact: "1" } },
      withoutHeaders: { "@request.auth.claims[groups]": { prefix: "adm" } },
    });
    const json = RouteMatch.toJson(m) as { headers: unknown[]; dynamicMetadata: unknown[] };
    assert.equal(json.headers, [{ name: "x-a", stringMatch: { exact: "1" } }]);
    const value = (sm: object) => ({
      orMatch: { valueMatchers: [{ listMatch: { oneOf: { stringMatch: sm } } }, { stringMatch: sm }] },
    });
    assert.equal(json.dynamicMetadata, [
      {
        filter: "envoy.filters.http.jwt_authn",
        path: [{ key: "payload" }, { key: "org" }, { key: "team" }],
        value: value({ exact: "pay" }),
      },
      {
        filter: "envoy.filters.http.jwt_authn",
        path: [{ key: "payload" }, { key: "groups" }],
        value: value({ prefix: "adm" }),
        invert: true,
      },
    ]);
  },
);

Jwt.run();
