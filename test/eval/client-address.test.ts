/**
 * The client's address (`ip`), X-Forwarded-For and `ipBlocks` / `remoteIpBlocks` as Envoy decides them
 * (compiler/eval/_shared/xff.ts), each case on both engines, which must agree exactly: gateways (use_remote_address,
 * xff_num_trusted_hops from ProxyConfig), sidecars (XFF detection with no trusted hop), TCP (the peer only), the
 * gateway pod's own address as a sidecar's `source.ip`, and `lastAddressFromXff` against Envoy's own test cases
 * (test/common/http/utility_test.cc `getLastAddressFromXFF`).
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { simulate } from "../../compiler/eval/index.ts";
import type { SimRequest } from "../../compiler/eval/types.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import { hcmDownstream, lastAddressFromXff } from "../../compiler/eval/_shared/xff.ts";
import { canonicalIp, inCidr, isLoopback } from "../../compiler/ir/ip-address.ts";
import { NS, bothEngines, meshFromYaml, request, service } from "./_support.ts";

const T = suite("client address, X-Forwarded-For, ipBlocks and remoteIpBlocks");

const gatewayPod = (annotation = "", ip = "10.244.0.9") => `---
apiVersion: v1
kind: Namespace
metadata: {name: istio-system}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ingress, namespace: istio-system}
spec:
  template:
    metadata:
      labels: {istio: ingressgateway}
      ${annotation === "" ? "" : `annotations: {proxy.istio.io/config: '${annotation}'}`}
    spec: {serviceAccountName: ingress}
status: {podIP: ${ip}}
---
apiVersion: v1
kind: Service
metadata: {name: ingress, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  ports: [{name: http2, port: 80, targetPort: 8081}, {name: tcp, port: 31400}]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: default}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: a, namespace: default}
spec:
  hosts: ["*"]
  gateways: [gw]
  http: [{route: [{destination: {host: a, port: {number: 80}}}]}]
`;
const meshConfig = (numTrustedProxies: number) => `---
apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |
    defaultConfig:
      gatewayTopology:
        numTrustedProxies: ${numTrustedProxies}
`;
const policy = (name: string, ns: string, selector: string, action: string, source: string) => `---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {matchLabels: {${selector}}}
  action: ${action}
  rules: [{from: [{source: {${source}}}]}]
`;
const AT_GATEWAY = (source: string) => policy("p", "istio-system", "istio: ingressgateway", "ALLOW", source);
const AT_A = (source: string) => policy("p", "default", "app: a", "ALLOW", source);
const mesh = (yaml: string, pod = gatewayPod()): MeshIR =>
  meshFromYaml(NS("default") + service("a", "default", [80]) + pod + yaml);
const IN = "ingress default/gw";

const status = (ir: MeshIR, req: SimRequest): number[] => bothEngines(ir, req).outcomes.map((o) => o.status);
const xff = (v: string) => ({ headers: { "x-forwarded-for": v } });

T("lastAddressFromXff: Envoy's getLastAddressFromXFF cases (skip, whitespace, invalid, too few entries)", () => {
  const h = "192.0.2.10, 192.0.2.1, 10.0.0.1";
  assert.equal(lastAddressFromXff(h, 0), "10.0.0.1");
  assert.equal(lastAddressFromXff(h, 1), "192.0.2.1");
  assert.equal(lastAddressFromXff(h, 2), "192.0.2.10");
  assert.equal(lastAddressFromXff(h, 3), undefined);
  assert.equal(lastAddressFromXff("", 0), undefined);
  assert.equal(lastAddressFromXff(",", 0), undefined);
  assert.equal(lastAddressFromXff(", ", 0), undefined);
  assert.equal(lastAddressFromXff("192.0.2.10,", 0), undefined); // the trailing comma keeps the whole string
  assert.equal(lastAddressFromXff("192.0.2.10 , ", 1), "192.0.2.10");
  assert.equal(lastAddressFromXff("\t192.0.2.10 \r", 0), "192.0.2.10");
  assert.equal(lastAddressFromXff("bad, 192.0.2.10", 0), "192.0.2.10");
  assert.equal(lastAddressFromXff("192.0.2.10, bad", 0), undefined);
  assert.equal(lastAddressFromXff("192.0.2.10:8080", 0), undefined);
  assert.equal(lastAddressFromXff("2001:DB8::1", 0), "2001:db8::1");
  assert.equal(lastAddressFromXff(undefined, 0), undefined);
});

T("addresses: inet_pton's forms, inet_ntop's text, loopback, CIDR ranges", () => {
  for (const bad of ["01.2.3.4", "1.2.3", "256.1.1.1", "1::2::3", ":1::2", "1:2:3:4:5:6:7:8:9", "fe80::1%eth0", ""])
    assert.equal(canonicalIp(bad), undefined, bad);
  assert.equal(canonicalIp("0:0:0:0:0:0:0:1"), "::1");
  assert.equal(canonicalIp("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1");
  assert.equal(canonicalIp("::FFFF:1.2.3.4"), "::ffff:1.2.3.4");
  assert.equal(canonicalIp("1:0:0:0:0:0:0:0"), "1::");
  assert.ok(isLoopback("127.0.0.1") && isLoopback("::1") && !isLoopback("127.0.0.2"));
  assert.ok(inCidr("5.6.7.0", 24, "5.6.7.89") && !inCidr("5.6.7.0", 24, "5.6.8.1"));
  assert.ok(inCidr("2001:db8::", 32, "2001:db8:ffff::1") && !inCidr("2001:db8::", 32, "1.2.3.4"));
  assert.ok(!inCidr("0.0.0.0", 0, "::ffff:1.2.3.4") && !inCidr("0.0.0.0", 0, undefined));
});

T("hcmDownstream: use_remote_address appends the peer (the proxy's own address for a loopback peer)", () => {
  const gw = { useRemoteAddress: true, xffNumTrustedHops: 2 };
  const d = hcmDownstream(gw, "10.0.0.5", "10.244.0.9", { "x-forwarded-for": "1.1.1.1, 2.2.2.2" });
  assert.equal([d.remote, d.headers["x-forwarded-for"]], ["1.1.1.1", "1.1.1.1, 2.2.2.2,10.0.0.5"]);
  const few = hcmDownstream(gw, "10.0.0.5", undefined, { "x-forwarded-for": "2.2.2.2" });
  assert.equal([few.remote, few.from], ["10.0.0.5", "peer"]);
  const lo = hcmDownstream(gw, "127.0.0.1", "10.244.0.9", {});
  assert.equal(lo.headers["x-forwarded-for"], "10.244.0.9");
  const unknown = hcmDownstream(gw, undefined, undefined, { "x-forwarded-for": "" });
  assert.equal([unknown.remote, unknown.headers["x-forwarded-for"]], [undefined, ""]);
  const sidecar = hcmDownstream({ useRemoteAddress: false, xffNumTrustedHops: 0 }, "10.0.0.5", undefined, {
    "x-forwarded-for": "1.1.1.1",
  });
  assert.equal([sidecar.remote, sidecar.headers["x-forwarded-for"]], ["1.1.1.1", "1.1.1.1"]);
});

T("gateway, ipBlocks: the connection's peer (`ip`), never X-Forwarded-For; no `ip`: in no block", () => {
  const ir = mesh(AT_GATEWAY(`ipBlocks: ["5.6.7.0/24"]`));
  assert.equal(status(ir, request("http://a.example.com/", IN, { ip: "5.6.7.8" })), [200]);
  assert.equal(status(ir, request("http://a.example.com/", IN, { ip: "9.9.9.9", ...xff("5.6.7.8") })), [403]);
  assert.equal(status(ir, request("http://a.example.com/", IN)), [403]);
});

T("gateway, remoteIpBlocks with 0 trusted hops: the peer, whatever X-Forwarded-For says", () => {
  const ir = mesh(AT_GATEWAY(`remoteIpBlocks: ["5.6.7.8"]`));
  assert.equal(status(ir, request("http://a.example.com/", IN, { ip: "5.6.7.8", ...xff("1.1.1.1") })), [200]);
  assert.equal(status(ir, request("http://a.example.com/", IN, { ip: "9.9.9.9", ...xff("5.6.7.8") })), [403]);
});

T("gateway, numTrustedProxies from meshConfig defaultConfig: the entry N from the right of X-Forwarded-For", () => {
  const ir = mesh(meshConfig(2) + AT_GATEWAY(`remoteIpBlocks: ["5.6.7.8"]`));
  const r = (v: string) => request("http://a.example.com/", IN, { ip: "10.0.0.5", ...xff(v) });
  assert.equal(status(ir, r("5.6.7.8, 10.0.0.4")), [200]);
  assert.equal(status(ir, r("1.1.1.1, 5.6.7.8")), [403]);
  // Fewer entries than trusted hops, or an entry that is no address: the peer.
  assert.equal(status(ir, r("5.6.7.8")), [403]);
  assert.equal(status(ir, r("oops, 10.0.0.4")), [403]);
  assert.equal(status(ir, request("http://a.example.com/", IN, { ip: "5.6.7.8", ...xff("junk") })), [200]);
});

T("gateway, the pod's proxy.istio.io/config annotation replaces defaultConfig's gatewayTopology", () => {
  const pod = gatewayPod(`{"gatewayTopology": {"numTrustedProxies": 1}}`);
  const ir = mesh(meshConfig(3) + AT_GATEWAY(`remoteIpBlocks: ["5.6.7.8"]`), pod);
  const r = (v: string) => request("http://a.example.com/", IN, { ip: "10.0.0.5", ...xff(v) });
  assert.equal(status(ir, r("1.1.1.1, 2.2.2.2, 5.6.7.8")), [200]);
  assert.equal(status(ir, r("5.6.7.8, 2.2.2.2, 3.3.3.3")), [403]);
});

T("sidecar after a gateway: source.ip is the gateway pod's address, remote.ip the X-Forwarded-For it appended", () => {
  const viaGw = (v: Partial<SimRequest> = {}) => request("http://a.example.com/", IN, { ip: "203.0.113.7", ...v });
  const direct = mesh(AT_A(`ipBlocks: ["10.244.0.9"]`));
  assert.equal(status(direct, viaGw()), [200]);
  assert.equal(status(mesh(AT_A(`ipBlocks: ["203.0.113.7"]`)), viaGw()), [403]);
  const remote = mesh(AT_A(`remoteIpBlocks: ["203.0.113.7"]`));
  assert.equal(status(remote, viaGw()), [200]);
  assert.equal(status(remote, viaGw(xff("203.0.113.7"))), [200]);
  assert.equal(status(remote, viaGw({ ip: "198.51.100.1", ...xff("203.0.113.7") })), [403]);
  // No `ip`: the gateway appends nothing; the sidecar reads the client's own last entry, else the gateway pod.
  assert.equal(status(remote, request("http://a.example.com/", IN)), [403]);
  assert.equal(status(remote, request("http://a.example.com/", IN, xff("203.0.113.7"))), [200]);
});

T(
  "sidecar from outside: remote.ip is X-Forwarded-For's last address (use_remote_address false), source.ip the peer",
  () => {
    const remote = mesh(AT_A(`remoteIpBlocks: ["192.0.2.1"]`));
    assert.equal(status(remote, request("http://a/", "outside", { ip: "192.0.2.1" })), [200]);
    assert.equal(status(remote, request("http://a/", "outside", { ip: "198.51.100.9", ...xff("192.0.2.1") })), [200]);
    assert.equal(status(remote, request("http://a/", "outside", { ip: "198.51.100.9", ...xff("192.0.2.1, x") })), [
      403,
    ]);
    const src = mesh(AT_A(`ipBlocks: ["192.0.2.1"]`));
    assert.equal(status(src, request("http://a/", "outside", { ip: "198.51.100.9", ...xff("192.0.2.1") })), [403]);
    assert.equal(status(mesh(AT_A(`notRemoteIpBlocks: ["192.0.2.0/24"]`)), request("http://a/", "outside")), [200]);
  },
);

T("IPv6 client addresses and ranges", () => {
  const ir = mesh(AT_GATEWAY(`ipBlocks: ["2001:db8::/32"]`));
  assert.equal(status(ir, request("http://a.example.com/", IN, { ip: "2001:db8::7" })), [200]);
  assert.equal(status(ir, request("http://a.example.com/", IN, { ip: "2001:db9::7" })), [403]);
  assert.equal(
    status(mesh(AT_A(`remoteIpBlocks: ["2001:db8::7"]`)), request("http://a/", "outside", xff("2001:DB8::7"))),
    [200],
  );
});

T("`ip` on a workload's request, or one that is no address: the API reports it too (MESH4050, MESH4051)", () => {
  const ir = mesh("");
  const w = simulate(ir, request("http://a/", "default/a-v1", { ip: "10.0.0.1" }));
  assert.equal([w.value, w.diagnostics.map((d) => d.code)], [undefined, [4050]]);
  const bad = simulate(ir, request("http://a/", "outside", { ip: "10.0.0" }));
  assert.equal([bad.value, bad.diagnostics.map((d) => d.code)], [undefined, [4051]]);
});

T.run();
