/**
 * End-user JWTs for the differential test's meshes (test/eval-envoy/_mesh-arb.ts): RequestAuthentications on a
 * workload, `default`, the whole mesh or the ingress gateway pod, with one or two rules (issuers `iss-a`, `iss-b`),
 * audiences, a custom header location (where meshc's own tokens, sent in `Authorization`, are not seen),
 * `forwardOriginalToken`, a claim-to-header output, and keys inline or at a jwksUri; and the `jwt` clause of requests
 * (claims `iss`, `sub`, `groups`, `aud`, and the flaws `invalid`, `expired`, `wrong-audience`).
 */
import fc from "fast-check";
import type { RequestJwt } from "../../compiler/eval/types.ts";
import { pick, type Svc } from "./_route-arb.ts";

/** A P-256 public key generated for this test (its private half was never kept: meshc's own tokens need none). */
const JWKS =
  '{"keys":[{"kty":"EC","x":"0I4zgC0OHiD46AZlmdroQqYIMxIND3EhvyAnwp1G2xA","y":"yQrYnzrfp_hGWqCNRRlgZZl2onvK4Z_571aUxMzPvJQ","crv":"P-256","kid":"k1"}]}';

const ruleArb = fc
  .record({
    issuer: pick(["iss-a", "iss-b"]),
    audiences: fc.boolean(),
    header: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    forward: fc.boolean(),
    claimHeader: fc.boolean(),
    remote: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
  })
  .map((r) =>
    [
      `  - issuer: ${r.issuer}`,
      r.remote ? `    jwksUri: https://${r.issuer}.example.com/jwks.json` : `    jwks: '${JWKS}'`,
      r.audiences ? "    audiences: [aud-1]" : "",
      r.header ? '    fromHeaders: [{name: x-jwt, prefix: "Bearer "}]' : "",
      r.forward ? "    forwardOriginalToken: true" : "",
      r.claimHeader ? "    outputClaimToHeaders: [{header: x-sub, claim: sub}]" : "",
    ]
      .filter(Boolean)
      .join("\n"),
  );

/** Zero to two RequestAuthentications. */
export const raArb = (services: readonly Svc[]): fc.Arbitrary<string> =>
  fc
    .array(
      fc.record({
        where: pick(["workload", "workload", "default", "mesh", "gateway"]),
        svc: pick(services.map((s) => s.name)),
        rules: fc.array(ruleArb, { minLength: 1, maxLength: 2 }),
      }),
      { maxLength: 2 },
    )
    .map((list) =>
      list
        .map(
          (ra, i) => `---
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: jwt-${i}, namespace: ${ra.where === "mesh" || ra.where === "gateway" ? "istio-system" : "default"}}
spec:
${ra.where === "workload" ? `  selector: {matchLabels: {app: ${ra.svc}}}\n` : ra.where === "gateway" ? "  selector: {matchLabels: {istio: ingressgateway}}\n" : ""}  jwtRules:
${ra.rules.join("\n")}
`,
        )
        .join(""),
    );

/** The `jwt` clause of a request, or none (half the time). */
export const jwtArb: fc.Arbitrary<RequestJwt | undefined> = fc.option(
  fc
    .record({
      iss: pick(["iss-a", "iss-a", "iss-b", "iss-c"]),
      sub: pick(["alice", "bob"]),
      groups: fc.option(pick(["admin", "admin,dev", "dev"]), { nil: undefined }),
      aud: fc.option(pick(["aud-1", "aud-2"]), { nil: undefined }),
      flaw: fc.option(pick(["invalid", "expired", "wrong-audience"] as const), { nil: undefined, freq: 4 }),
    })
    .map((j): RequestJwt => {
      const claims: Record<string, string | readonly string[]> = { iss: j.iss, sub: j.sub };
      if (j.groups !== undefined) claims["groups"] = j.groups.includes(",") ? j.groups.split(",") : j.groups;
      if (j.aud !== undefined) claims["aud"] = j.aud;
      return j.flaw === undefined ? { claims } : { claims, flaw: j.flaw };
    }),
  { nil: undefined },
);

/** AuthorizationPolicy source fields on the request principal. */
export const REQUEST_PRINCIPALS = ["iss-a/alice", "iss-a/*", "*", "iss-b/bob"];

/** `when` conditions on the verified JWT. */
export const JWT_CONDITIONS = [
  `[{key: "request.auth.claims[groups]", values: ["admin"]}]`,
  `[{key: "request.auth.audiences", values: ["aud-1"]}]`,
  `[{key: "request.auth.principal", values: ["iss-b/*"]}]`,
  `[{key: "request.headers[x-sub]", values: ["alice"]}]`,
];
