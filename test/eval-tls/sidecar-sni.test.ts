/**
 * A sidecar routes TLS on its SNI (compiler/emit/envoy/outbound/tcp-routes.ts `tlsRouteChains`, listeners.ts; the
 * engines' istio/sni.ts and envoy/engine/tcp.ts), after istio tls.go `buildSidecarOutboundTLSFilterChainOpts`.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { simulate } from "../../compiler/eval/index.ts";
import { buildOutbound } from "../../compiler/emit/envoy/outbound/index.ts";
import { memoryFileSystem } from "../../compiler/load/fs.ts";
import { compile } from "../../compiler/pipeline.ts";
import { parseRequest } from "../../compiler/scenario/parse.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";

const T = suite("sidecar SNI routing");

const MESH = `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: sleep, namespace: default}
spec: {template: {metadata: {labels: {app: sleep}}, spec: {serviceAccountName: sleep}}}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: ext, namespace: default}
spec:
  hosts: [api.example.com, b.example.com]
  ports: [{number: 443, name: tls, protocol: TLS}]
  resolution: DNS
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: api-sni, namespace: default}
spec:
  hosts: [api.example.com]
  tls:
  - match: [{sniHosts: [api.example.com]}]
    route: [{destination: {host: api.example.com}, weight: 80}, {destination: {host: b.example.com}, weight: 20}]
`;

const meshOf = (yaml: string): MeshIR => {
  const r = compile(["mesh.yaml"], { fs: memoryFileSystem({ "mesh.yaml": yaml }) });
  assert.equal(
    r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message),
    [],
  );
  return r.ir!;
};
const ir = meshOf(MESH);

/** Both engines' route and outcomes (which must agree) as [probability, status, cluster]. */
function both(line: string) {
  const p = parseRequest(line).value!;
  const [istio, envoy] = (["istio", "envoy"] as const).map((engine) => {
    const r = simulate(ir, p, { engine });
    assert.equal(
      r.diagnostics.map((d) => d.message),
      [],
    );
    return {
      route: r.value!.route,
      outcomes: r.value!.outcomes.map((o) => [o.probability, o.status, o.destination?.cluster ?? null]),
    };
  });
  assert.equal(envoy, istio);
  return istio!;
}

T("the emitted listener: a chain per tls match on its sniHosts, the other host's own chain on its name", () => {
  const sleep = ir.workloads.find((w) => w.name === "sleep")!;
  const l = buildOutbound(ir, sleep).listeners.find((x) => x.name === "0.0.0.0_443")!;
  assert.equal(
    l.filterChains.map((c) => c.filterChainMatch?.serverNames),
    [["api.example.com"], ["b.example.com"]],
  );
  assert.equal(
    l.listenerFilters.map((f) => f.name),
    ["envoy.filters.listener.tls_inspector"],
  );
  assert.is(l.defaultFilterChain?.name, "PassthroughFilterChain");
});

T("the SNI picks the chain: the tls rule's weighted split, another host's own chain, else passthrough", () => {
  const api = "outbound|443||api.example.com";
  const b = "outbound|443||b.example.com";
  assert.equal(both("tls://api.example.com:443 from default/sleep"), {
    route: { resource: "VirtualService default/api-sni", index: 0, name: null, section: "tls" },
    outcomes: [
      [0.8, 200, api],
      [0.2, 200, b],
    ],
  });
  assert.equal(both("tls://b.example.com:443 from default/sleep").outcomes, [[1, 200, b]]);
  assert.equal(both("GET https://c.example.com/ from default/sleep sni api.example.com").route?.section, "tls");
  assert.equal(both("tls://b.example.com:443 from default/sleep sni c.example.com").outcomes, [
    [1, 200, "PassthroughCluster"],
  ]);
});

T.run();
