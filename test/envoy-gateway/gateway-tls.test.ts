/**
 * Gateway HTTPS, TLS and TCP servers in the router configuration (compiler/emit/envoy/gateway/chains.ts, tls.ts,
 * compiler/ir/gateway-merge.ts), after istio pilot/pkg/networking/core/gateway.go `buildGatewayTCPBasedFilterChains`,
 * `createGatewayHTTPFilterChainOpts`, `createGatewayTCPFilterChainOpts`, listener.go `BuildListenerTLSContext`,
 * `buildGatewayListener` and model/gateway.go `mergeGateways`; and both engines' answer to plaintext requests there.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { buildGateway, gatewayProxies } from "../../compiler/emit/envoy/gateway/index.ts";
import { Listener } from "../../compiler/emit/envoy/gen/envoy/config/listener/v3/listener.ts";
import { RouteConfiguration } from "../../compiler/emit/envoy/gen/envoy/config/route/v3/route.ts";
import { TypeRegistry } from "../../compiler/emit/envoy/registry.ts";
import { simulate } from "../../compiler/eval/index.ts";
import { Cluster } from "../../compiler/emit/envoy/gen/envoy/config/cluster/v3/cluster.ts";
import { buildOutbound } from "../../compiler/emit/envoy/outbound/index.ts";
import { CLIENT_CERT_REQUIRED } from "../../compiler/eval/_shared/gateway-connection.ts";
import { parseRequest } from "../../compiler/scenario/parse.ts";
import { memoryFileSystem } from "../../compiler/load/fs.ts";
import { compile } from "../../compiler/pipeline.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import { request } from "../eval/_support.ts";
import { at, type Json } from "../support/istio-sim/xdstest.ts";
import { INGRESS_POD } from "../support/ingress-pod.ts";

const BASE = `---
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
  ports: [{name: http, port: 8080}, {name: tls, port: 8443}, {name: tcp, port: 9000}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec: {template: {metadata: {labels: {app: web}}, spec: {serviceAccountName: web}}}
`;
const meshOf = (yaml: string): MeshIR => {
  const r = compile(["mesh.yaml"], { fs: memoryFileSystem({ "mesh.yaml": BASE + yaml }) });
  assert.equal(
    r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message),
    [],
  );
  return r.ir!;
};
const json = (l: Listener) => Listener.toJson(l, { typeRegistry: TypeRegistry }) as Json;
const built = (ir: MeshIR) => buildGateway(ir, gatewayProxies(ir)[0]!);

const SERVERS = `---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: default}
spec:
  selector: {istio: ingressgateway}
  servers:
  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [app.example.com], tls: {httpsRedirect: true}}
  - {port: {number: 443, name: https, protocol: HTTPS}, hosts: [app.example.com], tls: {mode: SIMPLE, credentialName: app-cert}}
  - {port: {number: 443, name: https-mtls, protocol: HTTPS}, hosts: [mtls.example.com], tls: {mode: MUTUAL, credentialName: mtls-cert}}
  - {port: {number: 443, name: tls, protocol: TLS}, hosts: ["*.pass.example.com"], tls: {mode: PASSTHROUGH}}
  - {port: {number: 9000, name: tcp, protocol: TCP}, hosts: ["*"]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: app, namespace: default}
spec:
  hosts: [app.example.com, mtls.example.com]
  gateways: [gw]
  http: [{route: [{destination: {host: web, port: {number: 8080}}}]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: pass, namespace: default}
spec:
  hosts: ["*.pass.example.com"]
  gateways: [gw]
  tls:
  - match: [{sniHosts: [a.pass.example.com]}]
    route: [{destination: {host: web, port: {number: 8443}}}]
  - match: [{sniHosts: [a.pass.example.com]}]
    route: [{destination: {host: web, port: {number: 9000}}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: tcp, namespace: default}
spec:
  hosts: ["*"]
  gateways: [gw]
  tcp: [{match: [{port: 9000}], route: [{destination: {host: web, port: {number: 9000}}}]}]
`;

const S = suite("gateway TLS servers: listeners, chains and route configurations");
const ir = meshOf(SERVERS);
const c = built(ir);

S("one listener per listen port: 8081 (80 through the Service), 443 and 9000", () => {
  assert.equal(
    c.listeners.map((l) => l.name),
    ["0.0.0.0_443", "0.0.0.0_8081", "0.0.0.0_9000"],
  );
});

S(
  "port 443: TLS inspector; HTTPS chains on SNI with the credential over SDS; the passthrough chain on the tls SNI",
  () => {
    const l = json(c.listeners.find((x) => x.name === "0.0.0.0_443")!);
    const chains = l["filterChains"] as Json[];
    assert.equal(
      (l["listenerFilters"] as { name: string }[]).map((f) => f.name),
      ["envoy.filters.listener.tls_inspector"],
    );
    const summary = chains.map((ch) => {
      const ctx = at(ch, "transportSocket", "typedConfig");
      const f = at(ch, "filters", "0", "typedConfig");
      return {
        sni: at(ch, "filterChainMatch", "serverNames"),
        cert: at(ctx, "commonTlsContext", "tlsCertificateSdsSecretConfigs", "0", "name"),
        ca: at(ctx, "commonTlsContext", "combinedValidationContext", "validationContextSdsSecretConfig", "name"),
        clientCert: at(ctx, "requireClientCertificate"),
        rds: at(f, "rds", "routeConfigName"),
        cluster: at(f, "cluster"),
      };
    });
    assert.equal(summary, [
      {
        sni: ["app.example.com"],
        cert: "kubernetes://app-cert",
        ca: undefined,
        clientCert: false,
        rds: "https.443.https.gw.default",
        cluster: undefined,
      },
      {
        sni: ["mtls.example.com"],
        cert: "kubernetes://mtls-cert",
        ca: "kubernetes://mtls-cert-cacert",
        clientCert: true,
        rds: "https.443.https-mtls.gw.default",
        cluster: undefined,
      },
      // The second rule repeats the SNI: skipped (CheckDuplicates).
      {
        sni: ["a.pass.example.com"],
        cert: undefined,
        ca: undefined,
        clientCert: undefined,
        rds: undefined,
        cluster: "outbound|8443||web.default.svc.cluster.local",
      },
    ]);
  },
);

S("port 9000: a tcp_proxy chain from the tcp route; port 8081: the plain HTTP chain as before", () => {
  const tcp = json(c.listeners.find((x) => x.name === "0.0.0.0_9000")!);
  assert.equal(
    at(tcp, "filterChains", "0", "filters", "0", "typedConfig", "cluster"),
    "outbound|9000||web.default.svc.cluster.local",
  );
  assert.equal(tcp["listenerFilters"], undefined);
});

S("httpsRedirect: the HTTP virtual host requires TLS; each HTTPS server has its own route configuration", () => {
  const routes = c.routes.map((r) => RouteConfiguration.toJson(r, { typeRegistry: TypeRegistry }) as Json);
  assert.equal(
    routes.map((r) => [
      r["name"],
      (r["virtualHosts"] as Record<string, unknown>[]).map((v) => [v["name"], v["requireTls"] ?? "NONE"]),
    ]),
    [
      ["http.8081", [["app.example.com:80", "ALL"]]],
      ["https.443.https-mtls.gw.default", [["mtls.example.com:443", "NONE"]]],
      ["https.443.https.gw.default", [["app.example.com:443", "NONE"]]],
    ],
  );
});

const E = suite("gateway TLS servers: plaintext requests in both engines");

const both = (m: MeshIR, url: string, from: string) => {
  const req = request(url, from);
  const istio = simulate(m, req).value!;
  const envoy = simulate(m, req, { engine: "envoy" }).value!;
  const o = (r: typeof istio) => r.outcomes.map((x) => ({ status: x.status, error: x.error }));
  assert.equal(o(envoy), o(istio));
  return o(istio);
};

E("http:// to an httpsRedirect server: 301 (require_tls ALL)", () => {
  assert.equal(both(ir, "http://app.example.com/", "ingress default/gw"), [{ status: 301, error: undefined }]);
});

E("http:// to the HTTPS port: no plain HTTP chain, the connection is refused", () => {
  assert.equal(both(ir, "http://app.example.com:443/", "ingress default/gw"), [
    { status: 0, error: "gateway has no server on port 443" },
  ]);
});

E("a TCP server of an older Gateway takes port 80: the HTTP server is dropped (mergeGateways), no listener", () => {
  const m = meshOf(
    SERVERS.replace(
      "{port: {number: 80, name: http, protocol: HTTP}, hosts: [app.example.com], tls: {httpsRedirect: true}}",
      "{port: {number: 80, name: http, protocol: HTTP}, hosts: [app.example.com]}",
    ) +
      `---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: a-tcp, namespace: default}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: tcp, protocol: TCP}, hosts: ["*"]}]
`,
  );
  assert.equal(
    built(m)
      .listeners.map((l) => l.name)
      .includes("0.0.0.0_8081"),
    false,
  );
  assert.equal(both(m, "http://app.example.com/", "ingress default/gw"), [
    { status: 0, error: "gateway has no server on port 80" },
  ]);
});

const T = suite("https:// and tls:// requests in both engines (docs/requests.md#tls-https-and-tls)");

const EGRESS = `---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: api, namespace: default}
spec:
  hosts: [api.example.com]
  ports: [{number: 443, name: tls, protocol: TLS}]
  resolution: DNS
  location: MESH_EXTERNAL
`;
const tlsMesh = meshOf(SERVERS + EGRESS);

/** Both engines' outcomes (they must agree), as status, destination cluster, mTLS, TLS end and error. */
const line = (text: string) => {
  const p = parseRequest(text);
  assert.equal(p.diagnostics, []);
  const run = (engine: "istio" | "envoy") => {
    const r = simulate(tlsMesh, p.value!, { engine });
    return {
      codes: r.diagnostics.map((d) => d.code),
      outcomes: r.value?.outcomes.map((o) => [
        o.status,
        o.destination?.cluster ?? null,
        o.mtls,
        o.tls ?? null,
        o.error ?? null,
      ]),
    };
  };
  const istio = run("istio");
  assert.equal(run("envoy"), istio);
  return istio;
};
const WEB = (port: number) => `outbound|${port}||web.default.svc.cluster.local`;

T(
  "https:// to a SIMPLE server: TLS terminated at the gateway, then its routes (RDS https.443.https.gw.default)",
  () => {
    assert.equal(line("GET https://app.example.com/ from ingress default/gw").outcomes, [
      [200, WEB(8080), true, "gateway", null],
    ]);
  },
);

T("https:// to a MUTUAL server: no client certificate, the connection is closed", () => {
  assert.equal(line("GET https://mtls.example.com/ from ingress default/gw").outcomes, [
    [0, null, null, null, CLIENT_CERT_REQUIRED],
  ]);
});

T("tls:// through the PASSTHROUGH server: the tls route matching the SNI; the client's TLS reaches the server", () => {
  assert.equal(line("tls://a.pass.example.com:443 from ingress default/gw").outcomes, [
    [200, WEB(8443), true, "application", null],
  ]);
  assert.equal(line("tls://x.example.com:443 from ingress default/gw sni a.pass.example.com").outcomes, [
    [200, WEB(8443), true, "application", null],
  ]);
  assert.equal(line("tls://b.pass.example.com:443 from ingress default/gw").outcomes, [
    [0, null, null, null, "no filter chain of the gateway's listener on port 443 matches SNI 'b.pass.example.com'"],
  ]);
});

T("tcp:// through the TCP server: its tcp route", () => {
  assert.equal(line("tcp://anything:9000 from ingress default/gw").outcomes, [[200, WEB(9000), true, null, null]]);
});

T("from a sidecar, TLS to a ServiceEntry's TLS port passes through (resolution DNS, MESH_EXTERNAL: no mTLS)", () => {
  const api = "outbound|443||api.example.com";
  assert.equal(line("tls://api.example.com:443 from default/web").outcomes, [[200, api, false, "application", null]]);
  assert.equal(line("GET https://api.example.com/x from default/web").outcomes, [
    [200, api, false, "application", null],
  ]);
});

T("tls:// from a sidecar to a host that VirtualService tls rules route on SNI: the rule's chain takes it", () => {
  const m = meshOf(
    SERVERS +
      EGRESS +
      `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: api-sni, namespace: default}
spec:
  hosts: [api.example.com]
  tls: [{match: [{sniHosts: [api.example.com]}], route: [{destination: {host: api.example.com}}]}]
`,
  );
  const p = parseRequest("tls://api.example.com:443 from default/web").value!;
  for (const engine of ["istio", "envoy"] as const) {
    const r = simulate(m, p, { engine });
    assert.equal(r.diagnostics, []);
    assert.equal(r.value!.route, { resource: "VirtualService default/api-sni", index: 0, name: null, section: "tls" });
    assert.equal(
      r.value!.outcomes.map((o) => [o.status, o.destination?.cluster, o.tls]),
      [[200, "outbound|443||api.example.com", "application"]],
    );
  }
});

T("https:// to an HTTP port from a sidecar: MESH5110", () => {
  assert.equal(line("GET https://web.default:8080/ from default/web"), { codes: [5110], outcomes: undefined });
});

T("'sni' only on tls:// and https:// (MESH4043); a tls:// connection has no method (MESH4022)", () => {
  assert.equal(
    parseRequest("tcp://web.default:9000 sni a").diagnostics.map((d) => d.code),
    [4043],
  );
  assert.equal(
    parseRequest("GET tls://web.default:8443").diagnostics.map((d) => [d.code, d.message]),
    [[4022, "A 'tls://' request opens a TLS connection and has no method ('GET')."]],
  );
});

const O = suite("DestinationRule TLS origination with credentialName (cluster_tls.go buildUpstreamClusterTLSContext)");

O("a gateway's cluster originates TLS with the credential; a sidecar's ignores it without a workloadSelector", () => {
  const m = meshOf(
    SERVERS +
      EGRESS.replace("{number: 443, name: tls, protocol: TLS}", "{number: 80, name: http, protocol: HTTP}") +
      `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: api, namespace: default}
spec:
  host: api.example.com
  trafficPolicy: {tls: {mode: SIMPLE, credentialName: api-cred, sni: api.example.com}}
`,
  );
  const api = (clusters: readonly { name: string; transportSocket?: unknown }[]) =>
    clusters.find((x) => x.name === "outbound|80||api.example.com");
  const gw = api(built(m).clusters)!;
  assert.equal(
    at(Cluster.toJson(gw as Cluster, { typeRegistry: TypeRegistry }), "transportSocket", "typedConfig", "sni"),
    "api.example.com",
  );
  const web = buildOutbound(m, m.workloads.find((w) => w.name === "web")!);
  assert.equal(api(web.clusters)?.transportSocket, undefined);
  // Both engines: the sidecar sends plaintext.
  const p = parseRequest("GET http://api.example.com/ from default/web").value!;
  const o = (engine: "istio" | "envoy") => simulate(m, p, { engine }).value!.outcomes.map((x) => [x.status, x.mtls]);
  assert.equal(o("envoy"), o("istio"));
  assert.equal(o("istio"), [[200, false]]);
});

S.run();
E.run();
T.run();
O.run();
