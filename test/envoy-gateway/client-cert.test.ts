/**
 * Client certificates (`cert [untrusted|expired] [san=...]`, docs/requests.md) at gateway servers that terminate TLS:
 * the DownstreamTlsContext istiod builds (listener.go `BuildListenerTLSContext`) met as Envoy's default validator
 * decides (default_validator.cc `initializeSslContexts`, `addClientValidationContext`, `doVerifyCertChain`), on both
 * engines, which must agree.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { simulate } from "../../compiler/eval/index.ts";
import {
  CLIENT_CERT_EXPIRED,
  CLIENT_CERT_REQUIRED,
  CLIENT_CERT_UNTRUSTED,
  clientCertSanMismatch,
} from "../../compiler/eval/_shared/gateway-connection.ts";
import { dnsNameMatch, sanMatches } from "../../compiler/eval/_shared/client-cert.ts";
import { parseRequest } from "../../compiler/scenario/parse.ts";
import { memoryFileSystem } from "../../compiler/load/fs.ts";
import { compile } from "../../compiler/pipeline.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import { INGRESS_POD } from "../support/ingress-pod.ts";

const MESH = `---
apiVersion: v1
kind: Namespace
metadata: {name: default, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Namespace
metadata: {name: istio-system}
${INGRESS_POD}---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  selector: {app: web}
  ports: [{name: http, port: 8080}, {name: tcp, port: 9000}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec: {template: {metadata: {labels: {app: web}}, spec: {serviceAccountName: web}}}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: default}
spec:
  selector: {istio: ingressgateway}
  servers:
  - {port: {number: 443, name: simple, protocol: HTTPS}, hosts: [simple.example.com], tls: {mode: SIMPLE, credentialName: simple-cert}}
  - {port: {number: 443, name: mutual, protocol: HTTPS}, hosts: [mutual.example.com], tls: {mode: MUTUAL, credentialName: mutual-cert}}
  - {port: {number: 443, name: optional, protocol: HTTPS}, hosts: [optional.example.com], tls: {mode: OPTIONAL_MUTUAL, credentialName: optional-cert}}
  - port: {number: 443, name: sans, protocol: HTTPS}
    hosts: [sans.example.com]
    tls: {mode: MUTUAL, credentialName: sans-cert, subjectAltNames: [client.example.com, "spiffe://example.com/client"]}
  - port: {number: 443, name: optional-sans, protocol: HTTPS}
    hosts: [optional-sans.example.com]
    tls: {mode: OPTIONAL_MUTUAL, credentialName: optional-sans-cert, subjectAltNames: [client.example.com]}
  - port: {number: 443, name: files, protocol: HTTPS}
    hosts: [files.example.com]
    tls: {mode: MUTUAL, serverCertificate: /etc/certs/cert.pem, privateKey: /etc/certs/key.pem, caCertificates: /etc/certs/ca.pem}
  - {port: {number: 9443, name: tls, protocol: TLS}, hosts: [db.example.com], tls: {mode: MUTUAL, credentialName: db-cert}}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: app, namespace: default}
spec:
  hosts: ["*.example.com"]
  gateways: [gw]
  http: [{route: [{destination: {host: web, port: {number: 8080}}}]}]
  tcp: [{match: [{port: 9443}], route: [{destination: {host: web, port: {number: 9000}}}]}]
`;

const ir: MeshIR = (() => {
  const r = compile(["mesh.yaml"], { fs: memoryFileSystem({ "mesh.yaml": MESH }) });
  assert.equal(
    r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message),
    [],
  );
  return r.ir!;
})();

const WEB = "outbound|8080||web.default.svc.cluster.local";
const OK = [200, WEB, null] as const;

/** Both engines' outcomes (they must agree): status, destination cluster, error. */
const outcomes = (text: string) => {
  const p = parseRequest(text);
  assert.equal(p.diagnostics, []);
  const run = (engine: "istio" | "envoy") =>
    simulate(ir, p.value!, { engine }).value!.outcomes.map((o) => [
      o.status,
      o.destination?.cluster ?? null,
      o.error ?? null,
    ]);
  const istio = run("istio");
  assert.equal(run("envoy"), istio);
  return istio;
};
const to = (host: string, cert = "") =>
  outcomes(`GET https://${host}/ from ingress default/gw${cert === "" ? "" : ` ${cert}`}`);
const closed = (error: string) => [[0, null, error]];

const T = suite("client certificates at gateway servers that terminate TLS");

T("MUTUAL: none → certificate required; one from its CA → routed; another CA's or an expired one → closed", () => {
  assert.equal(to("mutual.example.com"), closed(CLIENT_CERT_REQUIRED));
  assert.equal(to("mutual.example.com", "cert"), [OK]);
  assert.equal(to("mutual.example.com", "cert untrusted"), closed(CLIENT_CERT_UNTRUSTED));
  assert.equal(to("mutual.example.com", "cert expired"), closed(CLIENT_CERT_EXPIRED));
});

T("OPTIONAL_MUTUAL: no certificate is fine, but a presented one is still verified", () => {
  assert.equal(to("optional.example.com"), [OK]);
  assert.equal(to("optional.example.com", "cert"), [OK]);
  assert.equal(to("optional.example.com", "cert untrusted"), closed(CLIENT_CERT_UNTRUSTED));
});

T("SIMPLE: no CertificateRequest, so whatever the client holds is never sent", () => {
  assert.equal(to("simple.example.com"), [OK]);
  assert.equal(to("simple.example.com", "cert untrusted"), [OK]);
});

T("subjectAltNames: some SAN of the certificate must match one (a certificate without SANs matches none)", () => {
  const sans = ["client.example.com", "spiffe://example.com/client"];
  assert.equal(to("sans.example.com", "cert san=client.example.com"), [OK]);
  assert.equal(to("sans.example.com", "cert san=other.example.com,spiffe://example.com/client"), [OK]);
  assert.equal(to("sans.example.com", "cert san=*.example.com"), [OK]);
  assert.equal(to("sans.example.com", "cert"), closed(clientCertSanMismatch(sans, [])));
  assert.equal(
    to("sans.example.com", "cert san=other.example.com"),
    closed(clientCertSanMismatch(sans, ["other.example.com"])),
  );
  assert.equal(to("sans.example.com", "cert untrusted san=client.example.com"), closed(CLIENT_CERT_UNTRUSTED));
});

T("OPTIONAL_MUTUAL with subjectAltNames: SAN matchers make Envoy require a certificate", () => {
  assert.equal(to("optional-sans.example.com"), closed(CLIENT_CERT_REQUIRED));
  assert.equal(to("optional-sans.example.com", "cert san=client.example.com"), [OK]);
});

T("MUTUAL with file certificates: the caCertificates file is the CA", () => {
  assert.equal(to("files.example.com"), closed(CLIENT_CERT_REQUIRED));
  assert.equal(to("files.example.com", "cert"), [OK]);
  assert.equal(to("files.example.com", "cert untrusted"), closed(CLIENT_CERT_UNTRUSTED));
});

T("a TLS server terminating MUTUAL TLS before its tcp route", () => {
  const TCP = "outbound|9000||web.default.svc.cluster.local";
  assert.equal(outcomes("tls://db.example.com:9443 from ingress default/gw"), closed(CLIENT_CERT_REQUIRED));
  assert.equal(outcomes("tls://db.example.com:9443 from ingress default/gw cert"), [[200, TCP, null]]);
});

T("the cert clause: a flaw, and SANs repeated or comma-separated; only on https:// and tls://", () => {
  const r = parseRequest("tls://db.example.com:9443 from ingress default/gw cert expired san=a.example.com,b san=c");
  assert.equal(r.diagnostics, []);
  assert.equal(r.value!.cert, { flaw: "expired", sans: ["a.example.com", "b", "c"] });
  assert.equal(parseRequest("GET https://a.example.com/ cert").value!.cert, { sans: [] });
  assert.equal(parseRequest("GET https://a.example.com/").value!.cert, undefined);
  assert.equal(
    parseRequest("tcp://a.example.com:1 cert").diagnostics.map((d) => d.code),
    [4046],
  );
});

const D = suite("Envoy's SAN matching (utility.cc dnsNameMatch, san_matcher.cc StringSanMatcher::match)");

D("DNS SANs: equal ignoring case, or a wildcard in the left-most label; other SAN types are compared exactly", () => {
  assert.ok(dnsNameMatch("Client.Example.com", "client.example.COM"));
  assert.ok(dnsNameMatch("a.example.com", "*.example.com"));
  assert.ok(dnsNameMatch("api1.example.com", "api*.example.com"));
  assert.not.ok(dnsNameMatch("a.b.example.com", "*.example.com"));
  assert.not.ok(dnsNameMatch("example.com", "*.example.com"));
  assert.not.ok(dnsNameMatch("xn--a.example.com", "xn--*.example.com"));
  assert.ok(sanMatches("spiffe://td/ns/a/sa/b", "spiffe://td/ns/a/sa/b"));
  assert.not.ok(sanMatches("spiffe://td/ns/a/sa/B", "spiffe://td/ns/a/sa/b"));
  assert.ok(sanMatches("10.0.0.1", "10.0.0.1"));
});

T.run();
D.run();
