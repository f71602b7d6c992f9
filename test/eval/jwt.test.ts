/**
 * End-user authentication (RequestAuthentication → jwt_authn) on both engines, with real tokens signed at test time
 * with `jose` and checked against the inline JWKS, and with meshc's own `jwt ...` tokens. Each case asserts the whole
 * outcome and that the Istio engine (IR, Istio's documented semantics) and the Envoy engine (the emitted jwt_authn
 * requirement tree) agree. Statuses and bodies: envoy jwt_authn `filter.cc` `onComplete` (403 for audiences, else 401).
 */
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { simulate } from "../../compiler/eval/index.ts";
import type { Outcome, SimRequest } from "../../compiler/eval/types.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import { parseRequest } from "../../compiler/scenario/index.ts";
import { checkExpectations } from "../../compiler/scenario/expect.ts";
import { Messages } from "../../compiler/diagnostics/messages.ts";
import { meshFromYaml } from "./_support.ts";

const ISS = "https://auth.example.com";

interface Keys {
  jwks: string;
  sign: (payload: JWTPayload) => Promise<string>;
  other: (payload: JWTPayload) => Promise<string>;
}

async function keys(): Promise<Keys> {
  const a = await generateKeyPair("ES256");
  const b = await generateKeyPair("ES256");
  const jwk = { ...(await exportJWK(a.publicKey)), kid: "k1", alg: "ES256" };
  const signer = (key: CryptoKey) => (payload: JWTPayload) =>
    new SignJWT(payload).setProtectedHeader({ alg: "ES256", kid: "k1" }).sign(key);
  return { jwks: JSON.stringify({ keys: [jwk] }), sign: signer(a.privateKey), other: signer(b.privateKey) };
}

function mesh(jwks: string): MeshIR {
  return meshFromYaml(`
apiVersion: v1
kind: Namespace
metadata: {name: foo, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: foo}
spec: {selector: {app: api}, ports: [{name: http, port: 8000}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: foo}
spec: {template: {metadata: {labels: {app: api}}, spec: {serviceAccountName: api}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: client, namespace: foo}
spec: {template: {metadata: {labels: {app: client}}, spec: {serviceAccountName: client}}}
---
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: api-jwt, namespace: foo}
spec:
  selector: {matchLabels: {app: api}}
  jwtRules:
  - issuer: ${ISS}
    jwks: '${jwks}'
    audiences: [api.example.com]
    outputClaimToHeaders: [{header: x-user, claim: sub}]
  - issuer: https://partner.example.com
    jwksUri: https://partner.example.com/jwks.json
    fromHeaders: [{name: x-partner-jwt}]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: users, namespace: foo}
spec:
  selector: {matchLabels: {app: api}}
  rules:
  - from: [{source: {requestPrincipals: ["${ISS}/*"]}}]
    when:
    - {key: "request.auth.claims[org][team]", values: [payments]}
    - {key: "request.headers[x-user]", values: ["alice"]}
  - from: [{source: {requestPrincipals: ["https://partner.example.com/*"]}}]
    to: [{operation: {methods: [GET]}}]
    when: [{key: "request.auth.claims[scope]", values: [read]}]
`);
}

const req = (extra: Partial<SimRequest> = {}): SimRequest => ({
  method: "GET",
  scheme: "http",
  host: "api.foo",
  port: 8000,
  path: "/v1",
  query: "",
  headers: {},
  source: { kind: "workload", namespace: "foo", name: "client" },
  plaintext: false,
  ...extra,
});

/** Both engines' outcomes, which must be equal. */
function outcomes(ir: MeshIR, r: SimRequest): readonly Outcome[] {
  const istio = simulate(ir, r);
  const envoy = simulate(ir, r, { engine: "envoy" });
  assert.equal(istio.diagnostics, []);
  const strip = (x: typeof istio) => ({ ...x.value!, trace: [] });
  assert.equal(strip(envoy), strip(istio), "the Envoy engine agrees with the Istio engine");
  return istio.value!.outcomes;
}

const dest = {
  service: "api.foo.svc.cluster.local",
  subset: null,
  port: 8000,
  cluster: "outbound|8000||api.foo.svc.cluster.local",
};
const rejected = (status: number, error: string): Outcome[] => [
  { probability: 1, status, destination: dest, mtls: true, authz: null, fault: null, error },
];

const Jwt = suite("RequestAuthentication: jwt_authn on both engines");
let k: Keys;
let ir: MeshIR;
Jwt.before(async () => {
  k = await keys();
  ir = mesh(k.jwks);
});

Jwt("no token passes authentication with no principal; the ALLOW policy then denies (403)", () => {
  assert.equal(outcomes(ir, req()), [
    {
      probability: 1,
      status: 403,
      destination: dest,
      mtls: true,
      authz: { decision: "DENY", policy: null, rule: null },
      fault: null,
    },
  ]);
});

Jwt("a real token signed by the inline key: principal iss/sub, nested claim and claim-to-header allow", async () => {
  const token = await k.sign({ iss: ISS, sub: "alice", aud: "api.example.com", org: { team: "payments" } });
  const [o] = outcomes(ir, req({ headers: { authorization: `Bearer ${token}` } }));
  assert.equal(o, {
    probability: 1,
    status: 200,
    destination: dest,
    mtls: true,
    authz: { decision: "ALLOW", policy: "foo/users", rule: 0 },
    fault: null,
    auth: {
      principal: `${ISS}/alice`,
      claims: { iss: ISS, sub: "alice", aud: "api.example.com", org: { team: "payments" } },
    },
  });
});

Jwt("a token signed by another key: 401 Jwt verification fails", async () => {
  const token = await k.other({ iss: ISS, sub: "alice", aud: "api.example.com" });
  assert.equal(
    outcomes(ir, req({ headers: { authorization: `Bearer ${token}` } })),
    rejected(401, "Jwt verification fails"),
  );
});

Jwt("an expired token: 401 Jwt is expired", async () => {
  const token = await k.sign({ iss: ISS, sub: "alice", aud: "api.example.com", exp: 1000 });
  assert.equal(outcomes(ir, req({ headers: { authorization: `Bearer ${token}` } })), rejected(401, "Jwt is expired"));
});

Jwt("a token for another audience: 403 Audiences in Jwt are not allowed", async () => {
  const token = await k.sign({ iss: ISS, sub: "alice", aud: "other" });
  assert.equal(
    outcomes(ir, req({ headers: { authorization: `Bearer ${token}` } })),
    rejected(403, "Audiences in Jwt are not allowed"),
  );
});

Jwt("an issuer no rule names: 401 Jwt issuer is not configured", () => {
  const r = parseRequest(
    "GET http://api.foo:8000/v1 from foo/client jwt iss=https://evil.example.com sub=alice",
  ).value!;
  assert.equal(outcomes(ir, r), rejected(401, "Jwt issuer is not configured"));
});

Jwt(
  "locations: a token only the jwksUri rule reads cannot be verified offline; in Authorization it is another rule's",
  async () => {
    const token = await k.sign({ iss: "https://partner.example.com", sub: "p1", scope: "read write" });
    // x-partner-jwt is read by the partner rule alone, whose keys are at a jwksUri meshc does not fetch.
    assert.equal(
      outcomes(ir, req({ headers: { "x-partner-jwt": token } })),
      rejected(401, "Jwks remote fetch is failed"),
    );
    // meshc's own token of that issuer goes in Authorization: Bearer, which only the api-jwt rule reads.
    const r = parseRequest(
      "GET http://api.foo:8000/v1 from foo/client jwt iss=https://partner.example.com sub=p1",
    ).value!;
    assert.equal(outcomes(ir, r), rejected(401, "Jwt issuer is not configured"));
  },
);

Jwt("wrong-audience and invalid flaws of meshc's own token", () => {
  const wrong = parseRequest(
    `GET http://api.foo:8000/v1 from foo/client jwt wrong-audience iss=${ISS} sub=alice`,
  ).value!;
  assert.equal(outcomes(ir, wrong), rejected(403, "Audiences in Jwt are not allowed"));
  const bad = parseRequest(
    `GET http://api.foo:8000/v1 from foo/client jwt invalid iss=${ISS} sub=alice aud=api.example.com`,
  ).value!;
  assert.equal(outcomes(ir, bad), rejected(401, "Jwt verification fails"));
});

Jwt("expect principal: holds for the verified principal, fails with MESH5041 otherwise", () => {
  const r = parseRequest(
    `GET http://api.foo:8000/v1 from foo/client jwt iss=${ISS} sub=bob aud=api.example.com`,
  ).value!;
  const result = simulate(ir, r).value!;
  const span = { file: "t", start: 0, length: 1 };
  assert.equal(
    checkExpectations(
      result,
      [{ kind: "principal", span, principal: `${ISS}/bob` }],
      () => ({ kind: "unknown" }) as never,
    ),
    [],
  );
  const failed = checkExpectations(
    result,
    [{ kind: "principal", span, principal: null }],
    () => ({ kind: "unknown" }) as never,
  );
  assert.equal(
    failed.map((f) => [f.diagnostic.code, f.diagnostic.message]),
    [
      [
        Messages.Expected_request_principal_0_but_found_1.code,
        `Expected the request principal none but found '${ISS}/bob'.`,
      ],
    ],
  );
});

Jwt.run();
