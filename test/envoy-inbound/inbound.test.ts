/**
 * The sidecar's inbound side (compiler/emit/envoy/inbound/): `virtualInbound` filter chains per PeerAuthentication
 * mode as istiod builds them (filterchain_options.go), the mTLS transport socket, the inbound HTTP filter order
 * (listener_builder.go) and network RBAC on TCP ports; every emitted message passes Envoy's PGV rules.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { buildInbound } from "../../compiler/emit/envoy/inbound/index.ts";
import { Cluster, Cluster_DiscoveryType } from "../../compiler/emit/envoy/gen/envoy/config/cluster/v3/cluster.ts";
import { Listener } from "../../compiler/emit/envoy/gen/envoy/config/listener/v3/listener.ts";
import type { FilterChain } from "../../compiler/emit/envoy/gen/envoy/config/listener/v3/listener_components.ts";
import { HttpConnectionManager } from "../../compiler/emit/envoy/gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.ts";
import { DownstreamTlsContext } from "../../compiler/emit/envoy/gen/envoy/extensions/transport_sockets/tls/v3/tls.ts";
import { validateMessage } from "../../compiler/emit/envoy/pgv/index.ts";
import { compile } from "../../compiler/pipeline.ts";
import { memoryFileSystem } from "../../compiler/load/fs.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";

const summary = (c: FilterChain) => {
  const m = c.filterChainMatch;
  return [
    c.name,
    m?.destinationPort?.value ?? null,
    m?.transportProtocol ?? "",
    (m?.applicationProtocols ?? []).join(","),
    c.transportSocket !== undefined,
    c.filters.map((f) => f.name).join(","),
  ];
};

function irOf(yaml: string): MeshIR {
  const c = compile(["in.yaml"], { fs: memoryFileSystem({ "in.yaml": yaml }) });
  if (c.ir === undefined) throw new Error(c.diagnostics.map((d) => d.message).join("\n"));
  return c.ir;
}
const workload = (ir: MeshIR, id: string) => ir.workloads.find((w) => w.id === id)!;
const hcmOf = (c: FilterChain) =>
  HttpConnectionManager.fromBinary(
    c.filters[0]!.configType.oneofKind === "typedConfig"
      ? c.filters[0]!.configType.typedConfig.value
      : new Uint8Array(),
  );

const APP = (ports: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: app, namespace: shop, labels: {app: app}}
spec:
  selector: {matchLabels: {app: app}}
  template: {metadata: {labels: {app: app}}, spec: {containers: [{name: app, image: app}]}}
---
apiVersion: v1
kind: Service
metadata: {name: app, namespace: shop}
spec: {selector: {app: app}, ports: ${ports}}
`;
const HCM = "envoy.filters.network.http_connection_manager";
const TCP = "envoy.filters.network.tcp_proxy";

const Modes = suite("inbound: filter chains per PeerAuthentication mode");

Modes(
  "bookinfo reviews-v1 under a mesh-wide STRICT policy: one mTLS chain per port plus istiod's catch-all chains",
  () => {
    const c = compile(["examples/bookinfo/mesh.ts"]);
    const { listeners, clusters } = buildInbound(c.ir!, workload(c.ir!, "bookinfo/reviews-v1"));
    const l = listeners[0]!;
    assert.equal(
      [
        l.name,
        l.address?.address.oneofKind === "socketAddress" ? l.address.address.socketAddress.portSpecifier : undefined,
      ],
      ["virtualInbound", { oneofKind: "portValue", portValue: 15006 }],
    );
    assert.equal(
      l.listenerFilters.map((f) => f.name),
      ["envoy.filters.listener.original_dst", "envoy.filters.listener.tls_inspector"],
    );
    assert.equal(l.filterChains.map(summary), [
      ["virtualInbound-blackhole", 15006, "", "", false, TCP],
      ["virtualInbound-catchall-http", null, "tls", "istio-http/1.0,istio-http/1.1,istio-h2", true, HCM],
      // bookinfo's AuthorizationPolicies select reviews: network RBAC guards the TCP passthrough chain too.
      ["virtualInbound", null, "tls", "", true, `envoy.filters.network.rbac,${TCP}`],
      ["0.0.0.0_9080", 9080, "tls", "", true, HCM],
    ]);
    assert.equal(
      clusters.map((x) => [x.name, x.clusterDiscoveryType]),
      [
        ["inbound|9080||", { oneofKind: "type", type: Cluster_DiscoveryType.ORIGINAL_DST }],
        ["InboundPassthroughCluster", { oneofKind: "type", type: Cluster_DiscoveryType.ORIGINAL_DST }],
      ],
    );
  },
);

Modes(
  "the mTLS chain requires a client certificate from the mesh's trust domain, with SDS secrets default and ROOTCA",
  () => {
    const c = compile(["examples/bookinfo/mesh.ts"]);
    const chain = buildInbound(c.ir!, workload(c.ir!, "bookinfo/reviews-v1")).listeners[0]!.filterChains[3]!;
    const socket = chain.transportSocket!;
    const tls = DownstreamTlsContext.fromBinary(
      socket.configType.oneofKind === "typedConfig" ? socket.configType.typedConfig.value : new Uint8Array(),
    );
    const common = tls.commonTlsContext!;
    const validation =
      common.validationContextType.oneofKind === "combinedValidationContext"
        ? common.validationContextType.combinedValidationContext
        : undefined;
    assert.equal(
      [
        socket.name,
        tls.requireClientCertificate?.value,
        common.alpnProtocols,
        common.tlsCertificateSdsSecretConfigs.map((s) => s.name),
        validation?.validationContextSdsSecretConfig?.name,
        validation?.defaultValidationContext?.matchSubjectAltNames,
      ],
      [
        "envoy.transport_sockets.tls",
        true,
        ["h2", "http/1.1"],
        ["default"],
        "ROOTCA",
        [{ matchPattern: { oneofKind: "prefix", prefix: "spiffe://cluster.local/" }, ignoreCase: false }],
      ],
    );
    const route = hcmOf(chain).routeSpecifier;
    assert.equal(
      route.oneofKind === "routeConfig"
        ? [route.routeConfig.name, route.routeConfig.virtualHosts.map((v) => v.name)]
        : undefined,
      ["inbound|9080||", ["inbound|http|9080"]],
    );
  },
);

Modes("PERMISSIVE (default) with a workload-level port override to DISABLE", () => {
  const ir = irOf(`${APP("[{name: http, port: 80, targetPort: 8080}, {name: tcp-db, port: 5432}]")}---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: app, namespace: shop}
spec: {selector: {matchLabels: {app: app}}, portLevelMtls: {"5432": {mode: DISABLE}}}
`);
  const l = buildInbound(ir, workload(ir, "shop/app")).listeners[0]!;
  assert.equal(
    l.listenerFilters.map((f) => f.name),
    [
      "envoy.filters.listener.original_dst",
      "envoy.filters.listener.tls_inspector",
      "envoy.filters.listener.http_inspector",
    ],
  );
  assert.equal(l.filterChains.map(summary), [
    ["virtualInbound-blackhole", 15006, "", "", false, TCP],
    ["virtualInbound-catchall-http", null, "tls", "istio-http/1.0,istio-http/1.1,istio-h2", true, HCM],
    ["virtualInbound-catchall-http", null, "raw_buffer", "http/1.1,h2c", false, HCM],
    ["virtualInbound", null, "tls", "istio-peer-exchange,istio", true, TCP],
    ["virtualInbound", null, "raw_buffer", "", false, TCP],
    ["virtualInbound", null, "tls", "", false, TCP],
    // Service ports in target port order (listener_inbound.go buildInboundChainConfigs sorts them).
    ["0.0.0.0_5432", 5432, "raw_buffer", "", false, TCP],
    ["0.0.0.0_8080", 8080, "tls", "istio,istio-peer-exchange,istio-http/1.0,istio-http/1.1,istio-h2", true, HCM],
    ["0.0.0.0_8080", 8080, "raw_buffer", "", false, HCM],
  ]);
  // populateListenerFilters: the TLS inspector is on by default (the passthrough chains need it) and off on the ports
  // without TLS chains (15006, the DISABLE port 5432); the HTTP inspector only where a chain matches http/1.1 or h2c.
  const disabled = (name: string) => l.listenerFilters.find((f) => f.name === name)?.filterDisabled;
  const range = (start: number) => ({
    rule: { oneofKind: "destinationPortRange", destinationPortRange: { start, end: start + 1 } },
  });
  assert.equal(disabled("envoy.filters.listener.tls_inspector"), {
    rule: { oneofKind: "orMatch", orMatch: { rules: [range(5432), range(15006)] } },
  });
  assert.equal(disabled("envoy.filters.listener.http_inspector"), {
    rule: { oneofKind: "orMatch", orMatch: { rules: [range(5432), range(8080), range(15006)] } },
  });
});

Modes.run();

const Filters = suite("inbound: HTTP filter order and network RBAC");

const POLICIES = `---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: allow-get, namespace: shop}
spec: {rules: [{to: [{operation: {methods: [GET]}}]}]}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ext, namespace: shop}
spec: {action: CUSTOM, provider: {name: authz}, rules: [{to: [{operation: {paths: [/admin]}}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: ext-authz, namespace: shop}
spec: {ports: [{name: grpc, port: 9000}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |
    extensionProviders:
    - name: authz
      envoyExtAuthzGrpc: {service: ext-authz.shop.svc.cluster.local, port: 9000}
`;

Filters("an ALLOW and a CUSTOM policy: RBAC shadow + ext_authz, then RBAC allow, fault, cors, router", () => {
  const ir = irOf(APP("[{name: http, port: 80, targetPort: 8080}]") + POLICIES);
  const chains = buildInbound(ir, workload(ir, "shop/app")).listeners[0]!.filterChains.filter(
    (c) => c.name === "0.0.0.0_8080",
  );
  assert.equal(
    chains.map((c) => hcmOf(c).httpFilters.map((f) => f.name)),
    [0, 1].map(() => [
      "envoy.filters.http.rbac",
      "envoy.filters.http.ext_authz",
      "envoy.filters.http.rbac",
      "envoy.filters.http.fault",
      "envoy.filters.http.cors",
      "envoy.filters.http.router",
    ]),
  );
});

Filters("a TCP port gets network RBAC (stat prefix tcp.) before tcp_proxy; the HTTP-only ALLOW rule is dropped", () => {
  const ir = irOf(APP("[{name: tcp-db, port: 5432}]") + POLICIES);
  const chains = buildInbound(ir, workload(ir, "shop/app")).listeners[0]!.filterChains.filter(
    (c) => c.name === "0.0.0.0_5432",
  );
  assert.equal(
    chains.map((c) => c.filters.map((f) => f.name)),
    [0, 1, 2].map(() => [
      "envoy.filters.network.rbac",
      "envoy.filters.network.ext_authz",
      "envoy.filters.network.rbac",
      TCP,
    ]),
  );
});

Filters.run();

const Valid = suite("inbound: every emitted message passes Envoy's validation rules");

Valid("bookinfo workloads and the policy fixtures have zero PGV violations", () => {
  const c = compile(["examples/bookinfo/mesh.ts"]);
  const irs: [MeshIR, string][] = [
    ...c.ir!.workloads.filter((w) => w.sidecar).map((w): [MeshIR, string] => [c.ir!, w.id]),
    [
      irOf(
        APP("[{name: http, port: 80, targetPort: 8080}, {name: tcp-db, port: 5432}, {name: other, port: 7000}]") +
          POLICIES,
      ),
      "shop/app",
    ],
  ];
  const violations = irs.flatMap(([ir, id]) => {
    const r = buildInbound(ir, workload(ir, id));
    return [
      ...r.listeners.flatMap((l) => validateMessage(Listener, l)),
      ...r.clusters.flatMap((x) => validateMessage(Cluster, x)),
    ];
  });
  assert.equal(violations, []);
});

Valid.run();
