// Outbound clusters: names (model.BuildSubsetKey), and the DestinationRule traffic policy translation of
// pilot/pkg/networking/core/cluster_traffic_policy.go and cluster_tls.go (../shared/reference/istio-cluster-listener-translation.md Part A).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { Cluster } from "../../compiler/emit/envoy/gen/envoy/config/cluster/v3/cluster.ts";
import { json, outboundFor } from "./_support.ts";

const names = suite("outbound cluster names");

names(
  "bookinfo productpage-v1: a default cluster and one per subset for every service port, plus passthrough and blackhole",
  () => {
    assert.equal(
      outboundFor("examples/bookinfo/mesh.ts", "productpage-v1").clusters.map((c) => c.name),
      [
        "BlackHoleCluster",
        "PassthroughCluster",
        "outbound|9080|v1|details.bookinfo.svc.cluster.local",
        "outbound|9080|v1|productpage.bookinfo.svc.cluster.local",
        "outbound|9080|v1|ratings.bookinfo.svc.cluster.local",
        "outbound|9080|v1|reviews.bookinfo.svc.cluster.local",
        "outbound|9080|v2|reviews.bookinfo.svc.cluster.local",
        "outbound|9080|v3|reviews.bookinfo.svc.cluster.local",
        "outbound|9080||details.bookinfo.svc.cluster.local",
        "outbound|9080||productpage.bookinfo.svc.cluster.local",
        "outbound|9080||ratings.bookinfo.svc.cluster.local",
        "outbound|9080||reviews.bookinfo.svc.cluster.local",
      ],
    );
  },
);

names.run();

const policy = suite("DestinationRule traffic policy → Cluster (canary checkout)");

const SDS = (name: string) => ({
  name,
  sds_config: {
    api_config_source: {
      api_type: "GRPC",
      transport_api_version: "V3",
      grpc_services: [{ envoy_grpc: { cluster_name: "sds-grpc" } }],
      set_node_on_first_message_only: true,
    },
    initial_fetch_timeout: "0s",
    resource_api_version: "V3",
  },
});

policy("circuit breakers, outlier detection, LEAST_REQUEST, connect timeout, h2 and ISTIO_MUTUAL with h2 ALPN", () => {
  const c = outboundFor("examples/canary/mesh.ts", "frontend-v1").clusters.find(
    (x) => x.name === "outbound|9090|v2|checkout.shop.svc.cluster.local",
  )!;
  assert.equal(json(Cluster, c), {
    name: "outbound|9090|v2|checkout.shop.svc.cluster.local",
    alt_stat_name: "outbound|9090|v2|checkout.shop.svc.cluster.local;",
    type: "EDS",
    eds_cluster_config: {
      eds_config: { ads: {}, initial_fetch_timeout: "0s", resource_api_version: "V3" },
      service_name: "outbound|9090|v2|checkout.shop.svc.cluster.local",
    },
    connect_timeout: "0.500s",
    lb_policy: "LEAST_REQUEST",
    circuit_breakers: {
      thresholds: [
        {
          max_connections: 100,
          max_pending_requests: 4294967295,
          max_requests: 1000,
          max_retries: 4294967295,
          track_remaining: true,
        },
      ],
    },
    typed_extension_protocol_options: {
      "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": {
        "@type": "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
        explicit_http_config: { http2_protocol_options: {} },
      },
    },
    outlier_detection: {
      consecutive_5xx: 5,
      interval: "10s",
      base_ejection_time: "30s",
      max_ejection_percent: 50,
      enforcing_consecutive_5xx: 100,
      enforcing_success_rate: 0,
    },
    // healthy_panic_threshold 0 (panic mode off): proto3 JSON omits the zero value inside the Percent.
    common_lb_config: { healthy_panic_threshold: {} },
    transport_socket: {
      name: "envoy.transport_sockets.tls",
      typed_config: {
        "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",
        common_tls_context: {
          tls_params: { tls_minimum_protocol_version: "TLSv1_2", tls_maximum_protocol_version: "TLSv1_3" },
          tls_certificate_sds_secret_configs: [SDS("default")],
          combined_validation_context: {
            default_validation_context: {
              match_subject_alt_names: [{ exact: "spiffe://cluster.local/ns/shop/sa/checkout" }],
            },
            validation_context_sds_secret_config: SDS("ROOTCA"),
          },
          alpn_protocols: ["istio-peer-exchange", "istio", "h2"],
        },
        sni: "outbound_.9090_.v2_.checkout.shop.svc.cluster.local",
      },
    },
    metadata: {
      filter_metadata: {
        istio: {
          config: "/apis/networking.istio.io/v1/namespaces/shop/destination-rule/checkout",
          services: [{ host: "checkout.shop.svc.cluster.local", name: "checkout", namespace: "shop" }],
          subset: "v2",
        },
      },
    },
  });
});

policy.run();
