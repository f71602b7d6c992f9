/**
 * VirtualService `tcp` routes in a sidecar's outbound TCP listener (compiler/emit/envoy/outbound/tcp-routes.ts), as
 * istiod builds them (istio pilot/pkg/networking/core/tcp.go `buildSidecarOutboundTCPFilterChainOpts`,
 * networkfilter.go `buildOutboundNetworkFiltersWithWeightedClusters`): a chain per destination-subnet rule, then the
 * terminal chain with weighted clusters and the VirtualService's config metadata; every listener passes Envoy's PGV.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { Listener } from "../../compiler/emit/envoy/gen/envoy/config/listener/v3/listener.ts";
import { buildOutbound } from "../../compiler/emit/envoy/outbound/index.ts";
import { validateMessage } from "../../compiler/emit/envoy/pgv/index.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import { json } from "../envoy-outbound/_support.ts";
import { meshFromYaml } from "../eval/_support.ts";
import { BASE, MONGO_SUBSETS, tcpVs } from "./_mesh.ts";

const M = "mongo.db.svc.cluster.local";
const TYPE = "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy";
const proxyTo = (cluster: string) => ({
  name: "envoy.filters.network.tcp_proxy",
  typed_config: { stat_prefix: cluster, cluster, "@type": TYPE },
});

function listener(ir: MeshIR, workload: string, name: string): Listener {
  const w = ir.workloads.find((x) => x.id === workload)!;
  const l = buildOutbound(ir, w).listeners.find((x) => x.name === name);
  if (l === undefined) throw new Error(`no listener ${name}`);
  return l;
}

const chainsOf = (l: Listener) => (json(Listener, l) as { filter_chains: unknown[] }).filter_chains;

const Emit = suite("tcp routes → outbound TCP filter chains");

const ir = meshFromYaml(
  BASE +
    MONGO_SUBSETS +
    tcpVs(
      "mongo",
      M,
      `  - match: [{destinationSubnets: [10.0.0.0/8, 192.168.1.1]}]
    route: [{destination: {host: ${M}, subset: v2}}]
  - match: [{sourceLabels: {tier: front}}]
    route: [{destination: {host: ${M}, subset: v2, port: {number: 27018}}}]
  - route: [{destination: {host: ${M}, subset: v1}, weight: 80}, {destination: {host: ${M}, subset: v2}, weight: 20}, {destination: {host: ${M}, subset: v2}, weight: 0}]`,
    ),
);

Emit("a subnet chain, then the terminal chain: weighted clusters (weight 0 left out), stat prefix `<vs>.<ns>`", () => {
  assert.equal(chainsOf(listener(ir, "shop/batch-v1", "0.0.0.0_27017")), [
    {
      filter_chain_match: {
        prefix_ranges: [
          { address_prefix: "10.0.0.0", prefix_len: 8 },
          { address_prefix: "192.168.1.1", prefix_len: 32 },
        ],
      },
      filters: [proxyTo(`outbound|27017|v2|${M}`)],
      transport_socket_connect_timeout: "15s",
    },
    {
      filters: [
        {
          name: "envoy.filters.network.tcp_proxy",
          typed_config: {
            stat_prefix: "mongo.db",
            weighted_clusters: {
              clusters: [
                { name: `outbound|27017|v1|${M}`, weight: 80 },
                { name: `outbound|27017|v2|${M}`, weight: 20 },
              ],
            },
            "@type": TYPE,
          },
        },
      ],
      metadata: {
        filter_metadata: {
          istio: { config: "/apis/networking.istio.io/v1/namespaces/db/virtual-service/mongo" },
          meshc: { tcp: 2 },
        },
      },
      transport_socket_connect_timeout: "15s",
    },
  ]);
});

Emit(
  "sourceLabels are decided per proxy: tier=front gets tcp[1] as its terminal chain, to the destination's port",
  () => {
    assert.equal(chainsOf(listener(ir, "shop/app-v1", "0.0.0.0_27017")).at(-1), {
      filters: [proxyTo(`outbound|27018|v2|${M}`)],
      metadata: {
        filter_metadata: {
          istio: { config: "/apis/networking.istio.io/v1/namespaces/db/virtual-service/mongo" },
          meshc: { tcp: 1 },
        },
      },
      transport_socket_connect_timeout: "15s",
    });
  },
);

Emit("without tcp rules the port keeps its one chain to the service's cluster", () => {
  assert.equal(chainsOf(listener(ir, "shop/batch-v1", "0.0.0.0_6379")), [
    { filters: [proxyTo("outbound|6379||redis.db.svc.cluster.local")], transport_socket_connect_timeout: "15s" },
  ]);
});

Emit("every listener of both clients passes Envoy's validation rules", () => {
  const violations = ["shop/batch-v1", "shop/app-v1"].flatMap((id) =>
    buildOutbound(ir, ir.workloads.find((w) => w.id === id)!).listeners.flatMap((l) =>
      validateMessage(Listener, l).map((v) => `${id} ${l.name} ${v.path}: ${v.message}`),
    ),
  );
  assert.equal(violations, []);
});

Emit.run();
