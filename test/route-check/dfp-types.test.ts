/**
 * The dynamic forward proxy types are in the Any registry (compiler/emit/envoy/registry.ts): a route table whose
 * routes carry the HTTP DFP filter's per-route config loads in `meshc route-check`, as Envoy's router_check_tool loads
 * it, and the cluster and filter shapes istiod 1.31 builds for DYNAMIC_DNS ServiceEntries (as
 * pilot/pkg/networking/core/cluster_dfp_sidecar_test.go TestSidecarDynamicDNSClusters /
 * TestSidecarDynamicDNSInsecureSkipVerify and listener_dfp_test.go TestSidecarDynamicDNSFilters expect them) decode and
 * encode through the bindings. meshc does not emit them yet (MESH2190, MESH2191).
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { Cluster } from "../../compiler/emit/envoy/gen/envoy/config/cluster/v3/cluster.ts";
import { Filter } from "../../compiler/emit/envoy/gen/envoy/config/listener/v3/listener_components.ts";
import { TypeRegistry } from "../../compiler/emit/envoy/registry.ts";
import { loadRouteConfiguration } from "../../compiler/route-check/load-config.ts";

const DFP = suite("dynamic forward proxy types in the Any registry");

DFP("a route with the HTTP DFP filter's per-route config loads (route-check)", () => {
  const loaded = loadRouteConfiguration(`
name: local
virtual_hosts:
- name: any
  domains: ["*"]
  routes:
  - match: {prefix: /}
    route: {cluster: dynamic_forward_proxy_cluster}
    typed_per_filter_config:
      envoy.filters.http.dynamic_forward_proxy:
        "@type": type.googleapis.com/envoy.extensions.filters.http.dynamic_forward_proxy.v3.PerRouteConfig
        host_rewrite_literal: example.org
`);
  assert.ok(loaded.ok, loaded.ok ? "" : loaded.error);
});

// TestSidecarDynamicDNSClusters ("TLS with SIMPLE mode") and TestSidecarDynamicDNSInsecureSkipVerify: the fields the
// Go tests read off outbound|443||*.svc.cluster.local.
const istiodCluster = {
  name: "outbound|443||*.svc.cluster.local",
  lbPolicy: "CLUSTER_PROVIDED",
  clusterType: {
    name: "envoy.clusters.dynamic_forward_proxy",
    typedConfig: {
      "@type": "type.googleapis.com/envoy.extensions.clusters.dynamic_forward_proxy.v3.ClusterConfig",
      dnsCacheConfig: { name: "*.svc.cluster.local_dfp_dns_cache", dnsLookupFamily: "V4_ONLY" },
      allowInsecureClusterOptions: true,
    },
  },
  transportSocket: {
    name: "envoy.transport_sockets.tls",
    typedConfig: { "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext" },
  },
};

DFP("TestSidecarDynamicDNSClusters: the DFP cluster istiod builds round-trips through the bindings", () => {
  const cluster = Cluster.fromJson(istiodCluster, { typeRegistry: TypeRegistry, ignoreUnknownFields: false });
  assert.equal(Cluster.toJson(cluster, { typeRegistry: TypeRegistry }), istiodCluster);
});

DFP("TestSidecarDynamicDNSFilters: the SNI DFP network filter (cache, V4_ONLY, port_value) decodes", () => {
  const json = {
    name: "envoy.filters.network.sni_dynamic_forward_proxy",
    typedConfig: {
      "@type": "type.googleapis.com/envoy.extensions.filters.network.sni_dynamic_forward_proxy.v3.FilterConfig",
      dnsCacheConfig: { name: "*.svc.cluster.local_dfp_dns_cache", dnsLookupFamily: "V4_ONLY" },
      portValue: 443,
    },
  };
  const filter = Filter.fromJson(json, { typeRegistry: TypeRegistry, ignoreUnknownFields: false });
  assert.equal(Filter.toJson(filter, { typeRegistry: TypeRegistry }), json);
});

DFP.run();
