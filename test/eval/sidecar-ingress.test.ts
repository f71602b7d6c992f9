/**
 * Sidecar `ingress` listeners decide the server's inbound chains (listener_inbound.go `buildInboundChainConfigs`):
 * a port the Service declares HTTP but the Sidecar declares TCP is a tcp_proxy chain inbound, whose network RBAC
 * leaves out HTTP-only fields (an ALLOW rule with `paths` never matches, a DENY rule with `methods` matches on its
 * other fields); a port the ingress does not list reaches the sniffing passthrough chains. Both engines agree.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { simulate } from "../../compiler/eval/index.ts";
import { meshFromYaml, request } from "./_support.ts";

const mesh = (policy: string) =>
  meshFromYaml(`---
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http-a, port: 8080}, {name: http-b, port: 9090}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec: {template: {metadata: {labels: {app: web}}, spec: {serviceAccountName: web}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: client, namespace: shop}
spec: {template: {metadata: {labels: {app: client}}, spec: {serviceAccountName: client}}}
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: web, namespace: shop}
spec:
  workloadSelector: {labels: {app: web}}
  ingress:
  - {port: {number: 8080, name: raw, protocol: TCP}, defaultEndpoint: "127.0.0.1:8080"}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: p, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
${policy}`);

const ALLOW_PATH = `  action: ALLOW\n  rules: [{to: [{operation: {paths: ["/a"]}}]}]\n`;
const DENY_GET = `  action: DENY\n  rules: [{to: [{operation: {methods: [GET], ports: ["8080"]}}]}]\n`;

const both = (policy: string, url: string) => {
  const ir = mesh(policy);
  const req = request(url, "shop/client");
  const [istio, envoy] = [simulate(ir, req).value!, simulate(ir, req, { engine: "envoy" }).value!];
  assert.equal(
    envoy.outcomes.map((o) => [o.status, o.authz]),
    istio.outcomes.map((o) => [o.status, o.authz]),
  );
  return istio.outcomes.map((o) => o.status);
};

const test = suite("Sidecar ingress listeners decide the inbound chain (both engines)");

test("an HTTP service port declared TCP by the Sidecar: an ALLOW rule on paths does not match (403)", () => {
  assert.equal(both(ALLOW_PATH, "http://web.shop:8080/a"), [403]);
});

test("a DENY rule with methods matches on its port alone on the TCP chain (403 for any method)", () => {
  assert.equal(both(DENY_GET, "http://web.shop:8080/b"), [403]);
});

test("a port the ingress does not list takes the sniffing passthrough chain: HTTP rules apply", () => {
  assert.equal(both(ALLOW_PATH, "http://web.shop:9090/a"), [200]);
  assert.equal(both(ALLOW_PATH, "http://web.shop:9090/b"), [403]);
});

test.run();
