// The .proto files whose import closure `npm run gen:envoy` generates: the Envoy v3 messages meshc emits (the xDS
// resources, the filters istiod configures on a sidecar, the admin ConfigDump that wraps them). Every file they
// import (google.protobuf well-known types, validate.proto, udpa/xds annotations, …) is generated too. To support a
// new extension, add its file here and rerun `npm run gen:envoy`; then add its types to compiler/emit/envoy/registry.ts.

/** Root .proto files, relative to the include roots of `@grpc/grpc-js-xds/deps/*`. Order does not matter. */
export const ROOT_PROTOS: readonly string[] = [
  // xDS resources: LDS, RDS, CDS, EDS, SDS.
  "envoy/config/listener/v3/listener.proto",
  "envoy/config/route/v3/route.proto",
  "envoy/config/cluster/v3/cluster.proto",
  "envoy/config/endpoint/v3/endpoint.proto",
  "envoy/extensions/transport_sockets/tls/v3/secret.proto",
  // Admin /config_dump (ListenersConfigDump, RoutesConfigDump, ClustersConfigDump, EndpointsConfigDump, SecretsConfigDump).
  "envoy/admin/v3/config_dump.proto",
  "envoy/admin/v3/config_dump_shared.proto",
  // Network filters.
  "envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.proto",
  "envoy/extensions/filters/network/rbac/v3/rbac.proto",
  "envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy.proto",
  "envoy/extensions/filters/network/ext_authz/v3/ext_authz.proto",
  // HTTP filters, in istiod's chain order (pilot/pkg/networking/core/listener_builder.go, buildInboundHTTPFilters).
  "envoy/extensions/filters/http/ext_authz/v3/ext_authz.proto",
  "envoy/extensions/filters/http/jwt_authn/v3/config.proto",
  "envoy/extensions/filters/http/rbac/v3/rbac.proto",
  "envoy/extensions/filters/http/fault/v3/fault.proto",
  "envoy/extensions/filters/http/cors/v3/cors.proto",
  "envoy/extensions/filters/http/router/v3/router.proto",
  // RBAC permission extension istiod uses for AuthorizationPolicy paths with `{*}` / `{**}` templates
  // (pilot/pkg/security/authz/matcher/template.go PathTemplateMatcher).
  "envoy/extensions/path/match/uri_template/v3/uri_template_match.proto",
  // Retry extensions istiod sets on every outbound route's retry policy (pilot/pkg/networking/core/route/retry/retry.go:
  // the previous_hosts host predicate, and previous_priorities for retryRemoteLocalities).
  "envoy/extensions/retry/host/previous_hosts/v3/previous_hosts.proto",
  "envoy/extensions/retry/priority/previous_priorities/v3/previous_priorities_config.proto",
  // Listener filters.
  "envoy/extensions/filters/listener/tls_inspector/v3/tls_inspector.proto",
  "envoy/extensions/filters/listener/http_inspector/v3/http_inspector.proto",
  "envoy/extensions/filters/listener/original_dst/v3/original_dst.proto",
  // Transport sockets and cluster extensions istiod sets on every sidecar (raw_buffer for plaintext,
  // HttpProtocolOptions in Cluster.typed_extension_protocol_options, file access log).
  "envoy/extensions/transport_sockets/tls/v3/tls.proto",
  "envoy/extensions/transport_sockets/raw_buffer/v3/raw_buffer.proto",
  "envoy/extensions/upstreams/http/v3/http_protocol_options.proto",
  "envoy/extensions/access_loggers/file/v3/file.proto",
  // Dynamic forward proxy (Istio 1.31 DYNAMIC_DNS ServiceEntries and ALLOW_ANY_DYNAMIC_DNS: the cluster type
  // envoy.clusters.dynamic_forward_proxy, the HTTP and SNI DFP filters; pilot/pkg/networking/core/cluster_dfp_sidecar_test.go,
  // listener_dfp_test.go). Their DNS cache config (envoy/extensions/common/dynamic_forward_proxy/v3) comes with them.
  "envoy/extensions/clusters/dynamic_forward_proxy/v3/cluster.proto",
  "envoy/extensions/filters/http/dynamic_forward_proxy/v3/dynamic_forward_proxy.proto",
  "envoy/extensions/filters/network/sni_dynamic_forward_proxy/v3/sni_dynamic_forward_proxy.proto",
  // TypedStruct: how istiod configures its own (non-Envoy-API) extensions such as istio.metadata_exchange.
  "xds/type/v3/typed_struct.proto",
  "udpa/type/v1/typed_struct.proto",
  // The ADS wire messages `meshc serve` speaks (DiscoveryRequest / DiscoveryResponse, state of the world). Only the
  // messages: ads.proto's service would generate a ServiceType that needs @protobuf-ts/runtime-rpc at run time, and the
  // one method path it defines is spelled out in compiler/serve/ads-service.ts (checked against ads.proto by a test).
  "envoy/service/discovery/v3/discovery.proto",
];
