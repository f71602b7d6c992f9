/**
 * Which pods run a Gateway and where they listen (compiler/ir/gateway-selection.ts: push_context.go `mergeGateways`,
 * model/gateway.go `resolvePorts`, `getSidecarScope`), through the emitter and both engines.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { buildGateway, emitEnvoy, proxyForGateway } from "../../compiler/emit/envoy/index.ts";
import { simulate } from "../../compiler/eval/index.ts";
import { gatewayProxies } from "../../compiler/emit/envoy/gateway/index.ts";
import { configDumpToJson } from "../../compiler/emit/envoy/registry.ts";
import { resourcesOf, type MeshIR } from "../../compiler/ir/ir.ts";
import { meshFromYaml, request } from "../eval/_support.ts";

const APP = `---
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec: {template: {metadata: {labels: {app: web}}, spec: {serviceAccountName: web}}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{name: http, port: 8000}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web, namespace: shop}
spec:
  hosts: ["*"]
  gateways: [shop/gw]
  http: [{route: [{destination: {host: web, port: {number: 8000}}}]}]
`;

/** A gateway pod in `shop` behind Service `gw-svc` (80 → 8080); Gateway `shop/gw` names it, with servers on 80 and 81. */
const THROUGH_SERVICE = `${APP}---
apiVersion: apps/v1
kind: Deployment
metadata: {name: gw-pod, namespace: shop}
spec: {template: {metadata: {labels: {role: gw}, annotations: {sidecar.istio.io/inject: "false"}}}}
---
apiVersion: v1
kind: Service
metadata: {name: gw-svc, namespace: shop}
spec: {selector: {role: gw}, ports: [{name: http, port: 80, targetPort: 8080}]}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
  namespace: shop
  annotations: {internal.istio.io/gateway-service: gw-svc.shop.svc.cluster.local}
spec:
  servers:
  - {port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}
  - {port: {number: 81, name: http-81, protocol: HTTP}, hosts: ["*"]}
`;

const gw = (ir: MeshIR) => resourcesOf(ir, "gateway").find((g) => g.meta.name === "gw")!;
const both = (ir: MeshIR, url: string) =>
  (["istio", "envoy"] as const).map((engine) => {
    const o = simulate(ir, request(url, "ingress shop/gw"), { engine }).value!.outcomes[0]!;
    return { status: o.status, to: o.destination?.cluster ?? null };
  });

const sel = suite("Gateway selection through Services");

sel("a server port is a Service port: it listens on the target port; a port the Service lacks gets no listener", () => {
  const ir = meshFromYaml(THROUGH_SERVICE);
  const proxy = proxyForGateway(ir, gw(ir))!;
  assert.is(proxy.workload.id, "shop/gw-pod");
  assert.equal(
    buildGateway(ir, proxy).listeners.map((l) => l.name),
    ["0.0.0.0_8080"],
  );
  const routed = { status: 200, to: "outbound|8000||web.shop.svc.cluster.local" };
  assert.equal(both(ir, "http://a.example.com:80/"), [routed, routed]);
  const refused = { status: 0, to: null };
  assert.equal(both(ir, "http://a.example.com:81/"), [refused, refused]);
});

sel("a Gateway whose Services no pod serves runs nowhere (no stand-in): requests are refused", () => {
  const ir = meshFromYaml(THROUGH_SERVICE.replace("gw-svc.shop.svc", "other.shop.svc"));
  assert.is(proxyForGateway(ir, gw(ir)), undefined);
  assert.equal(gatewayProxies(ir), []);
  const refused = { status: 0, to: null };
  assert.equal(both(ir, "http://a.example.com:80/"), [refused, refused]);
});

sel("a selector-less Gateway runs on the routers only: sidecars keep their sidecar configuration", () => {
  const ir = meshFromYaml(
    `${APP}---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: shop}
spec: {servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]}
`,
  );
  assert.equal(
    gatewayProxies(ir).map((p) => [p.workload.id, p.synthetic]),
    [["istio-system/istio-ingressgateway", true]],
  );
  const web = emitEnvoy(ir).value.find((c) => c.workload.id === "shop/web")!;
  assert.ok(configDumpToJson(web.dump).includes("virtualInbound"), "shop/web keeps its sidecar configuration");
});

sel("a Sidecar of the gateway's namespace does not apply to the gateway (getSidecarScope: default scope)", () => {
  const ir = meshFromYaml(
    `${THROUGH_SERVICE}---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: shop}
spec: {egress: [{hosts: ["~/*"]}]}
`,
  );
  const clusters = buildGateway(ir, proxyForGateway(ir, gw(ir))!).clusters.map((c) => c.name);
  assert.ok(clusters.includes("outbound|8000||web.shop.svc.cluster.local"), clusters.join(", "));
  const routed = { status: 200, to: "outbound|8000||web.shop.svc.cluster.local" };
  assert.equal(both(ir, "http://a.example.com:80/"), [routed, routed]);
});

sel.run();
