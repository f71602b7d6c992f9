/**
 * TLS origination on single-hop outcomes (docs/results.md "TLS": `tls: "origination"`) and the tls mode of gateway
 * Pods' endpoints (compiler/ir/tls-mode.ts: auto mTLS sends a gateway Pod plaintext unless its labels say `istio`),
 * on both engines and the compiled path.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { simulate } from "../../compiler/eval/index.ts";
import { memoryFileSystem } from "../../compiler/load/fs.ts";
import { compile } from "../../compiler/pipeline.ts";
import { parseRequest } from "../../compiler/scenario/parse.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import type { Outcome } from "../../compiler/eval/types.ts";

const T = suite("TLS origination and gateway Pods' tls mode");

const SLEEP = `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: sleep, namespace: default}
spec: {template: {metadata: {labels: {app: sleep}}, spec: {serviceAccountName: sleep}}}
`;

const meshOf = (yaml: string): MeshIR => {
  const r = compile(["mesh.yaml"], { fs: memoryFileSystem({ "mesh.yaml": SLEEP + yaml }) });
  assert.equal(
    r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message),
    [],
  );
  return r.ir!;
};

/** The outcomes of every engine (and the compiled path), which must agree; returned once. */
function outcomes(ir: MeshIR, line: string): readonly Outcome[] {
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
    return r.value!.outcomes;
  });
  assert.equal(all[1], all[0], "envoy engine");
  assert.equal(all[2], all[0], "compiled path");
  return all[0]!;
}

// The Istio task "Egress TLS Origination" (https://istio.io/latest/docs/tasks/traffic-management/egress/egress-tls-origination/):
// port 80 of the ServiceEntry goes to 443, where the DestinationRule originates TLS.
const CNN = `---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: edition-cnn-com, namespace: default}
spec:
  hosts: [edition.cnn.com]
  ports:
  - {number: 80, name: http-port, protocol: HTTP, targetPort: 443}
  - {number: 443, name: https-port, protocol: HTTPS}
  resolution: DNS
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: edition-cnn-com, namespace: default}
spec:
  host: edition.cnn.com
  trafficPolicy:
    portLevelSettings:
    - port: {number: 80}
      tls: {mode: SIMPLE}
`;

T("an http:// request the sidecar sends on with TLS it originates says tls: origination", () => {
  const ir = meshOf(CNN);
  const [o] = outcomes(ir, "GET http://edition.cnn.com:80/politics from default/sleep");
  assert.equal(
    [o!.status, o!.destination?.cluster, o!.mtls, o!.tls],
    [200, "outbound|80||edition.cnn.com", false, "origination"],
  );
});

T("the client's own TLS (https://) says where it ended, not origination; plaintext has no tls", () => {
  const ir = meshOf(CNN);
  assert.equal(
    outcomes(ir, "GET https://edition.cnn.com:443/politics from default/sleep").map((o) => o.tls),
    ["application"],
  );
  const noDr = meshOf(CNN.split("---").slice(0, 2).join("---"));
  assert.equal(
    outcomes(noDr, "GET http://edition.cnn.com:80/politics from default/sleep").map((o) => o.tls),
    [undefined],
  );
});

T("origination to a workload whose sidecar is PERMISSIVE: the handshake fails, the outcome still says so", () => {
  const ir = meshOf(`---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec: {selector: {app: web}, ports: [{name: http, port: 8080}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec: {template: {metadata: {labels: {app: web}}, spec: {serviceAccountName: web}}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: web, namespace: default}
spec: {host: web.default.svc.cluster.local, trafficPolicy: {tls: {mode: SIMPLE}}}
`);
  const [o] = outcomes(ir, "GET http://web.default:8080/ from default/sleep");
  assert.equal([o!.status, o!.tls], [503, "origination"]);
});

const EGRESS_POD = (labels: string, annotations: string) => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: egress, namespace: istio-system}
spec:
  template:
    metadata: {labels: {istio: egressgateway${labels}}${annotations}}
    spec: {serviceAccountName: egress-sa}
---
apiVersion: v1
kind: Service
metadata: {name: egress, namespace: istio-system}
spec:
  selector: {istio: egressgateway}
  ports: [{name: http2, port: 80, targetPort: 8080}]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: api, namespace: default}
spec:
  hosts: [api.example.com]
  ports: [{number: 80, name: http, protocol: HTTP}]
  resolution: DNS
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: egress, namespace: istio-system}
spec:
  selector: {istio: egressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [api.example.com]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: api-via-egress, namespace: default}
spec:
  hosts: [api.example.com]
  gateways: [mesh, istio-system/egress]
  http:
  - match: [{gateways: [mesh], port: 80}]
    route: [{destination: {host: egress.istio-system.svc.cluster.local, port: {number: 80}}}]
  - match: [{gateways: [istio-system/egress], port: 80}]
    route: [{destination: {host: api.example.com, port: {number: 80}}}]
`;

T("a gateway Pod in an injected namespace, or labelled for injection: auto mTLS sends it plaintext", () => {
  // istio-system is not declared (meshc: injection enabled), and the gateway template adds no tlsMode label.
  for (const annotations of [
    "",
    ', annotations: {sidecar.istio.io/inject: "true", inject.istio.io/templates: gateway}',
  ]) {
    const ir = meshOf(EGRESS_POD("", annotations));
    const [o] = outcomes(ir, "GET http://api.example.com:80/ from default/sleep");
    assert.equal([o!.status, o!.hops?.map((h) => h.tls)], [200, ["plaintext", "plaintext"]]);
  }
});

T("a gateway Pod labelled security.istio.io/tlsMode: istio gets Istio mTLS, which its HTTP server cannot take", () => {
  const ir = meshOf(EGRESS_POD(", security.istio.io/tlsMode: istio", ""));
  const [o] = outcomes(ir, "GET http://api.example.com:80/ from default/sleep");
  assert.equal([o!.status, o!.mtls, o!.hops?.[0]?.tls], [503, true, "mtls"]);
});

T.run();
