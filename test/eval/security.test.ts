/** mTLS (PeerAuthentication × DestinationRule) and authorization, each citing the Istio behaviour it pins. */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { NS, meshFromYaml, request, run, service } from "./_support.ts";

const base =
  NS("default") +
  NS("legacy", "istio-injection: disabled") +
  service("a", "default", [80]) +
  service("b", "default", [80, 9000]) +
  service("old", "legacy", [80]);
const pa = (ns: string, spec: string, name = "default") => `---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: ${name}, namespace: ${ns}}
spec: ${spec}
`;
const A = "default/a-v1";
/** [status, mtls, error?] of each outcome. */
const conn = (yaml: string, from: string, url = "http://b:80/", plaintext = false) =>
  run(meshFromYaml(base + yaml), request(url, from, { plaintext })).outcomes.map((o) => [
    o.status,
    o.mtls,
    ...(o.error === undefined ? [] : ["error"]),
  ]);

const mtls = suite("mTLS (istio policy_applier.go ComposePeerAuthentication, cluster_tls.go auto mTLS)");

mtls("default PERMISSIVE: a sidecar client gets auto mTLS, a sidecar-less client plaintext", () => {
  assert.equal(conn("", A), [[200, true]]);
  assert.equal(conn("", "legacy/old-v1", "http://b.default:80/"), [[200, false]]);
});

mtls("STRICT: plaintext from outside the mesh is reset (status 0); `plaintext` bypasses the sidecar likewise", () => {
  const strict = pa("default", "{mtls: {mode: STRICT}}");
  assert.equal(conn(strict, "legacy/old-v1", "http://b.default:80/"), [[0, false, "error"]]);
  assert.equal(conn(strict, A, "http://b:80/", true), [[0, false, "error"]]);
  assert.equal(conn(strict, A), [[200, true]]);
});

mtls("precedence: workload > namespace > mesh (root namespace); UNSET inherits", () => {
  const meshStrict = pa("istio-system", "{mtls: {mode: STRICT}}");
  assert.equal(
    conn(meshStrict + pa("default", "{mtls: {mode: PERMISSIVE}}"), "legacy/old-v1", "http://b.default:80/"),
    [[200, false]],
  );
  assert.equal(conn(meshStrict + pa("default", "{mtls: {mode: UNSET}}"), "legacy/old-v1", "http://b.default:80/"), [
    [0, false, "error"],
  ]);
  const wl = pa("default", "{selector: {matchLabels: {app: b}}, mtls: {mode: STRICT}}", "b-strict");
  assert.equal(conn(pa("default", "{mtls: {mode: PERMISSIVE}}") + wl, "legacy/old-v1", "http://b.default:80/"), [
    [0, false, "error"],
  ]);
});

mtls("port-level mode from the workload policy overrides on that port", () => {
  const wl = pa(
    "default",
    "{selector: {matchLabels: {app: b}}, mtls: {mode: STRICT}, portLevelMtls: {9000: {mode: PERMISSIVE}}}",
    "b",
  );
  assert.equal(conn(wl, "legacy/old-v1", "http://b.default:9000/"), [[200, false]]);
  assert.equal(conn(wl, "legacy/old-v1", "http://b.default:80/"), [[0, false, "error"]]);
});

mtls(
  "a DestinationRule with tls DISABLE towards a STRICT server → 503; ISTIO_MUTUAL to a sidecar-less server → 503",
  () => {
    const dr = (host: string, mode: string) => `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: dr-${mode.toLowerCase()}, namespace: default}
spec: {host: ${host}, trafficPolicy: {tls: {mode: ${mode}}}}
`;
    assert.equal(conn(pa("default", "{mtls: {mode: STRICT}}") + dr("b", "DISABLE"), A), [[503, false, "error"]]);
    assert.equal(conn(dr("old.legacy.svc.cluster.local", "ISTIO_MUTUAL"), A, "http://old.legacy/"), [
      [503, true, "error"],
    ]);
  },
);

mtls("auto mTLS ignores workload-level DISABLE (push_context.go), so the client's mTLS fails there with 503", () => {
  assert.equal(conn(pa("default", "{selector: {matchLabels: {app: b}}, mtls: {mode: DISABLE}}", "b"), A), [
    [503, true, "error"],
  ]);
  assert.equal(conn(pa("default", "{mtls: {mode: DISABLE}}"), A), [[200, false]]);
});

// TestPeerAuthenticationPassthrough (istio peer_authentication_simulation_test.go), the cases with the port in a
// service: ErrNoFilterChain ↔ status 0 for a plaintext client, a matched cluster ↔ 200.
mtls("conformance: peer-authentication-passthrough (selector app=b, port 9000 overrides)", () => {
  const cases: [string, number, boolean, number][] = [
    ["{mtls: {mode: DISABLE}}", 80, false, 200],
    ["{mtls: {mode: STRICT}}", 80, false, 0],
    ["{mtls: {mode: STRICT}}", 80, true, 200],
    ["{mtls: {mode: PERMISSIVE}}", 80, false, 200],
    ["{mtls: {mode: DISABLE}, portLevelMtls: {9000: {mode: STRICT}}}", 9000, false, 0],
    ["{mtls: {mode: DISABLE}, portLevelMtls: {9000: {mode: STRICT}}}", 80, false, 200],
    ["{mtls: {mode: STRICT}, portLevelMtls: {9000: {mode: DISABLE}}}", 9000, false, 200],
    ["{mtls: {mode: STRICT}, portLevelMtls: {9000: {mode: DISABLE}}}", 80, false, 0],
    ["{mtls: {mode: DISABLE}, portLevelMtls: {9000: {mode: PERMISSIVE}}}", 9000, false, 200],
  ];
  for (const [spec, port, viaSidecar, status] of cases) {
    const yaml = pa("default", `{selector: {matchLabels: {app: b}}, ${spec.slice(1, -1)}}`, "b");
    const dr = `---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: b, namespace: default}\nspec: {host: b, trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}}\n`;
    const got = run(
      meshFromYaml(base + yaml + dr),
      request(`http://b.default:${port}/`, viaSidecar ? A : "legacy/old-v1"),
    ).outcomes.map((o) => o.status);
    assert.equal(got, [status], `${spec} port ${port} ${viaSidecar ? "mtls" : "plaintext"}`);
  }
});

const authz = suite("authorization (istio authz builder.go; envoy rbac matchers.cc)");
const ap = (name: string, spec: string, annotations = "") => `---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ${name}, namespace: default${annotations}}
spec: ${spec}
`;
const decide = (yaml: string, from = A, url = "http://b:80/", extra = {}) =>
  run(meshFromYaml(base + yaml), request(url, from, extra)).outcomes.map((o) => [o.status, o.authz]);

authz("rules absent matches nothing (ALLOW → deny all); rules [{}] matches everything", () => {
  assert.equal(decide(ap("nil", "{selector: {matchLabels: {app: b}}}")), [
    [403, { decision: "DENY", policy: null, rule: null }],
  ]);
  assert.equal(decide(ap("all", "{rules: [{}]}")), [[200, { decision: "ALLOW", policy: "default/all", rule: 0 }]]);
});

authz("DENY before ALLOW; AUDIT never denies", () => {
  const yaml =
    ap("allow", "{rules: [{}]}") +
    ap("deny", "{action: DENY, rules: [{to: [{operation: {paths: ['/admin/*']}}]}]}") +
    ap("audit", "{action: AUDIT, rules: [{}]}");
  assert.equal(decide(yaml, A, "http://b:80/admin/x"), [[403, { decision: "DENY", policy: "default/deny", rule: 0 }]]);
  assert.equal(decide(yaml, A, "http://b:80/public"), [[200, { decision: "ALLOW", policy: "default/allow", rule: 0 }]]);
});

authz("CUSTOM with a provider missing from MeshConfig fails closed", () => {
  assert.equal(decide(ap("ext", "{action: CUSTOM, provider: {name: nope}, rules: [{}]}")), [
    [403, { decision: "DENY", policy: "default/ext", rule: 0 }],
  ]);
});

authz("principals never match plaintext, notPrincipals ['*'] does (Istio's 'deny plaintext' recipe)", () => {
  const yaml = ap("deny-plain", "{action: DENY, rules: [{from: [{source: {notPrincipals: ['*']}}]}]}");
  assert.equal(decide(yaml, "legacy/old-v1", "http://b.default:80/"), [
    [403, { decision: "DENY", policy: "default/deny-plain", rule: 0 }],
  ]);
  assert.equal(decide(yaml), [[200, { decision: "ALLOW", policy: null, rule: null }]]);
  assert.equal(
    decide(
      ap("ns", "{rules: [{from: [{source: {namespaces: ['default']}}]}]}"),
      "legacy/old-v1",
      "http://b.default:80/",
    ),
    [[403, { decision: "DENY", policy: null, rule: null }]],
  );
});

authz("trust-domain aliases: a principal in an alias domain matches (trustdomain/bundle.go)", () => {
  const meshCm = `---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio, namespace: istio-system}\ndata:\n  mesh: "trustDomain: td1\\ntrustDomainAliases: [old-td]"\n`;
  const yaml = meshCm + ap("p", "{rules: [{from: [{source: {principals: ['old-td/ns/default/sa/a']}}]}]}");
  assert.equal(decide(yaml), [[200, { decision: "ALLOW", policy: "default/p", rule: 0 }]]);
});

authz(
  "trustDomains / notTrustDomains match the peer's trust domain, '*' within it (Istio authz builder golden trust-domains-out.yaml)",
  () => {
    const meshCm = `---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio, namespace: istio-system}\ndata:\n  mesh: "trustDomain: partner.example"\n`;
    const status = (source: string) => decide(meshCm + ap("p", `{rules: [{from: [{source: ${source}}]}]}`))[0]![0];
    assert.equal(
      [
        status("{trustDomains: ['partner.example']}"),
        status("{trustDomains: ['partner*']}"),
        status("{trustDomains: ['cluster.local']}"),
        status("{notTrustDomains: ['part*']}"),
      ],
      [200, 200, 403, 403],
    );
    // Without mTLS there is no peer trust domain: trustDomains never matches, notTrustDomains always does.
    assert.equal(
      decide(meshCm + ap("p", "{rules: [{from: [{source: {notTrustDomains: ['x']}}]}]}"), A, "http://b:80/", {
        plaintext: true,
      })[0]![0],
      200,
    );
  },
);

authz("paths as Envoy sees them: prefix '/x/*', suffix '*.js', normalized, query excluded", () => {
  const yaml = ap("p", "{rules: [{to: [{operation: {paths: ['/x/*', '*.js']}}]}]}");
  const status = (url: string) => decide(yaml, A, url)[0]![0];
  assert.equal(
    [
      status("http://b:80/x/1?q=2"),
      status("http://b:80/app.js"),
      status("http://b:80/y/../x/2"),
      status("http://b:80/x"),
    ],
    [200, 200, 200, 403],
  );
});

authz(
  "when keys: request.headers, source.namespace, destination.port; request.auth.* never match without a JWT",
  () => {
    const rule = (when: string) => ap("p", `{rules: [{when: [${when}]}]}`);
    assert.equal(
      decide(rule("{key: 'request.headers[x-user]', values: ['adm*']}"), A, "http://b:80/", {
        headers: { "x-user": "admin" },
      })[0]![0],
      200,
    );
    assert.equal(decide(rule("{key: source.namespace, values: [default]}"))[0]![0], 200);
    assert.equal(decide(rule("{key: destination.port, values: ['9000']}"), A, "http://b:9000/")[0]![0], 200);
    assert.equal(decide(rule("{key: 'request.auth.claims[iss]', values: ['*']}"))[0]![0], 403);
    assert.equal(decide(rule("{key: 'request.auth.claims[iss]', notValues: ['x']}"))[0]![0], 200);
    assert.equal(decide(rule("{key: no.such.key, values: ['x']}"))[0]![0], 403);
  },
);

authz("dry-run policies are reported in authz.dryRun, never enforced", () => {
  const yaml = ap("dry", "{action: DENY, rules: [{}]}", ", annotations: {istio.io/dry-run: 'true'}");
  assert.equal(decide(yaml), [
    [
      200,
      { decision: "ALLOW", policy: null, rule: null, dryRun: [{ policy: "default/dry", decision: "DENY", rule: 0 }] },
    ],
  ]);
});

authz("a root-namespace policy without selector applies mesh-wide", () => {
  const yaml = ap("x", "{rules: []}").replace("namespace: default", "namespace: istio-system");
  assert.equal(decide(yaml), [[403, { decision: "DENY", policy: null, rule: null }]]);
});

mtls.run();
authz.run();
