/**
 * Where a JWT rule's keys come from. An inline `jwks` must hold a key Envoy can read (envoy `jwt_authn/jwks_cache.cc`
 * rejects every token with "Jwks doesn't have valid keys" otherwise): MESH2292. A `jwksUri` is fetched by istiod
 * (`JwksResolver.BuildLocalJwks`), which meshc, working offline, cannot do: MESH2291 says what meshc emits and
 * simulates instead (compiler/emit/envoy/inbound/jwt.ts).
 */
import { createPublicKey, type JsonWebKey } from "node:crypto";
import { Messages } from "../../diagnostics/messages.ts";
import { defineRule, type Rule } from "../_rule.ts";

/** Whether node:crypto can import one of the keys as a public key (malformed JSON is MESH2153's). */
function hasUsableKey(jwks: string): boolean | undefined {
  let keys: unknown;
  try {
    keys = (JSON.parse(jwks) as { keys?: unknown }).keys;
  } catch {
    return undefined;
  }
  if (!Array.isArray(keys)) return undefined;
  return keys.some((k: JsonWebKey) => {
    try {
      createPublicKey({ key: k, format: "jwk" });
      return true;
    } catch {
      return false;
    }
  });
}

/** Inline JWKS without a usable key (MESH2292) and keys fetched from a jwksUri (MESH2291). */
export const jwksSource: Rule = defineRule(({ nodes, at }) => {
  for (const ra of nodes("requestAuthentication")) {
    const report = at(ra);
    (ra.spec.jwtRules ?? []).forEach((rule, i) => {
      const issuer = rule.issuer ?? "";
      if (typeof rule.jwks === "string") {
        if (hasUsableKey(rule.jwks) === false)
          report(Messages.JWKS_of_issuer_0_has_no_usable_key, ["spec", "jwtRules", i, "jwks"], [issuer]);
      } else if (typeof rule.jwksUri === "string" && rule.jwksUri !== "")
        report(Messages.JWKS_of_issuer_0_is_fetched_from_1, ["spec", "jwtRules", i, "jwksUri"], [issuer, rule.jwksUri]);
    });
  }
});
