/**
 * The route of a gateway that forwards a connection by a VirtualService `tls` or `tcp` rule (docs/results.md "Hops"):
 * the emitter writes the rule on the gateway's tcp_proxy chain (compiler/emit/envoy/gateway/chains.ts, outbound/
 * tcp-routes.ts `ruleMetadata`), the Envoy engine reads it back (engine/tcp-proxy.ts `chainRoute`), the Istio engine
 * names the rule it chose from the IR (istio/gateway-connection.ts). It is an ingress request's `route`, and the
 * gateway's `route` in the hops of a request that reaches a gateway pod (istio gateway.go
 * `buildGatewayNetworkFiltersFromTLSRoutes`, `buildGatewayNetworkFiltersFromTCPRoutes`).
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { buildGateway, gatewayProxies } from "../../compiler/emit/envoy/gateway/index.ts";
import { Metadata } from "../../compiler/emit/envoy/gen/envoy/config/core/v3/base.ts";
import { simulate } from "../../compiler/eval/index.ts";
import type { RouteRef } from "../../compiler/eval/types.ts";
import { memoryFileSystem } from "../../compiler/load/fs.ts";
import { compile } from "../../compiler/pipeline.ts";
import { parseRequest } from "../../compiler/scenario/parse.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import { INGRESS_POD } from "../support/ingress-pod.ts";

const T = suite("the route of a gateway's tls/tcp forwarding");

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
  ports: [{name: tls, port: 8443}, {name: tcp, port: 9000}]
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
  - {port: {number: 443, name: tls, protocol: TLS}, hosts: ["*.pass.example.com"], tls: {mode: PASSTHROUGH}}
  - {port: {number: 9000, name: tcp, protocol: TCP}, hosts: ["*"]}
  - {port: {number: 15443, name: tls-auto, protocol: TLS}, hosts: ["*.local"], tls: {mode: AUTO_PASSTHROUGH}}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: pass, namespace: default}
spec:
  hosts: ["*.pass.example.com"]
  gateways: [gw]
  tls:
  - match: [{sniHosts: [b.pass.example.com]}]
    route: [{destination: {host: web, port: {number: 9000}}}]
  - match: [{sniHosts: [a.pass.example.com]}]
    route: [{destination: {host: web, port: {number: 8443}}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: tcp, namespace: default}
spec:
  hosts: ["*"]
  gateways: [gw]
  tcp:
  - match: [{port: 9001}]
    route: [{destination: {host: web, port: {number: 8443}}}]
  - route: [{destination: {host: web, port: {number: 9000}}}]
`;

const meshOf = (inputs: string[], files?: Record<string, string>): MeshIR => {
  const r = compile(inputs, files === undefined ? {} : { fs: memoryFileSystem(files) });
  assert.equal(
    r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message),
    [],
  );
  return r.ir!;
};
const ingress = meshOf(["mesh.yaml"], { "mesh.yaml": MESH });
const egress = meshOf(["examples/egress-gateway-https"]);

/**
 * The result's `route` and, per outcome, its status, cluster and the route of each hop, from the Istio engine, the
 * Envoy engine and the compiled path, which must agree; returned once.
 */
function routes(ir: MeshIR, line: string) {
  const request = parseRequest(line).value!;
  const all = [
    simulate(ir, request, { engine: "istio" }),
    simulate(ir, request, { engine: "envoy" }),
    simulate(ir, request, { trace: false }),
  ].map((r) => {
    assert.equal(
      r.diagnostics.map((d) => d.message),
      [],
    );
    const { route, outcomes } = r.value!;
    return {
      route,
      outcomes: outcomes.map((o) => ({
        status: o.status,
        cluster: o.destination?.cluster ?? null,
        hops: o.hops?.map((h) => [h.proxy, h.route]) ?? null,
      })),
    };
  });
  assert.equal(all[1], all[0], "envoy engine");
  assert.equal(all[2], all[0], "compiled path");
  return all[0]!;
}

const vs = (name: string, index: number, section: "tcp" | "tls"): RouteRef => ({
  resource: `VirtualService default/${name}`,
  index,
  name: null,
  section,
});
const WEB = (port: number) => `outbound|${port}||web.default.svc.cluster.local`;

T("the emitted chains: a tls or tcp rule's chain names its rule; an auto-passthrough chain names none", () => {
  const listeners = buildGateway(ingress, gatewayProxies(ingress)[0]!).listeners;
  const metadata = (name: string) =>
    listeners
      .find((l) => l.name === name)!
      .filterChains.map((c) => (c.metadata === undefined ? null : Metadata.toJson(c.metadata)));
  const config = (name: string) => ({
    config: `/apis/networking.istio.io/v1/namespaces/default/virtual-service/${name}`,
  });
  assert.equal(metadata("0.0.0.0_443"), [
    { filterMetadata: { istio: config("pass"), meshc: { tls: 0 } } },
    { filterMetadata: { istio: config("pass"), meshc: { tls: 1 } } },
  ]);
  assert.equal(metadata("0.0.0.0_9000"), [{ filterMetadata: { istio: config("tcp"), meshc: { tcp: 1 } } }]);
  // One auto-passthrough chain per service port the server's `*.local` covers (ingress:80, web:8443, web:9000).
  assert.equal(metadata("0.0.0.0_15443"), [null, null, null]);
});

T("ingress tls:// through a PASSTHROUGH server: the route is the tls rule matching the SNI", () => {
  assert.equal(routes(ingress, "tls://a.pass.example.com:443 from ingress default/gw"), {
    route: vs("pass", 1, "tls"),
    outcomes: [{ status: 200, cluster: WEB(8443), hops: null }],
  });
  assert.equal(routes(ingress, "tls://b.pass.example.com:443 from ingress default/gw").route, vs("pass", 0, "tls"));
});

T("ingress tcp:// through a TCP server: the route is the first tcp rule whose match holds for the server", () => {
  assert.equal(routes(ingress, "tcp://anything:9000 from ingress default/gw"), {
    route: vs("tcp", 1, "tcp"),
    outcomes: [{ status: 200, cluster: WEB(9000), hops: null }],
  });
});

T("no rule forwards: an SNI no tls rule names, an auto-passthrough server; the route is null", () => {
  assert.equal(routes(ingress, "tls://c.pass.example.com:443 from ingress default/gw"), {
    route: null,
    outcomes: [{ status: 0, cluster: null, hops: null }],
  });
  const auto = "tls://web.default.svc.cluster.local:15443 from ingress default/gw";
  assert.equal(routes(ingress, `${auto} sni outbound_.8443_._.web.default.svc.cluster.local`), {
    route: null,
    outcomes: [{ status: 0, cluster: null, hops: null }],
  });
});

// examples/egress-gateway-https: Istio's "Egress Gateways" task, section "Egress gateway for HTTPS traffic".
T(
  "the egress gateway's hop names the tls rule that forwarded the client's TLS; the top-level route the sidecar's",
  () => {
    const cnn = "VirtualService default/direct-cnn-through-egress-gateway";
    const rule = (index: number): RouteRef => ({ resource: cnn, index, name: null, section: "tls" });
    const expected = {
      route: rule(0),
      outcomes: [
        {
          status: 200,
          cluster: "outbound|443||edition.cnn.com",
          hops: [
            ["default/sleep", rule(0)],
            ["istio-system/istio-egressgateway", rule(1)],
          ],
        },
      ],
    };
    assert.equal(routes(egress, "tls://edition.cnn.com:443 from default/sleep"), expected);
    assert.equal(routes(egress, "GET https://edition.cnn.com/politics from default/sleep"), expected);
  },
);

T.run();
