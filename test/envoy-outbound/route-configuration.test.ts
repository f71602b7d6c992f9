// Sidecar outbound RouteConfiguration `9080` of bookinfo's productpage-v1, compared with what istiod generates
// (pilot/pkg/networking/core/httproute.go, route/route.go, route/retry/retry.go; ../shared/reference/istio-route-translation.md).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { RouteConfiguration } from "../../compiler/emit/envoy/gen/envoy/config/route/v3/route.ts";
import { VirtualHost } from "../../compiler/emit/envoy/gen/envoy/config/route/v3/route_components.ts";
import { DEFAULT_RETRY_POLICY, json, outboundFor } from "./_support.ts";

const routes = suite("outbound RouteConfiguration 9080 (bookinfo productpage-v1)");
const config = () => outboundFor("examples/bookinfo/mesh.ts", "productpage-v1").routes;
const vhost = (name: string) => {
  const vh = config()[0]!.virtualHosts.find((v) => v.name === name);
  if (vh === undefined) throw new Error(`no vhost ${name}`);
  return json(VirtualHost, vh);
};
// `istio.config` names the VirtualService (util.go BuildConfigInfoMetadata); `meshc` the rule and match it came from.
const vsMeta = (vs: string, meshc: Record<string, unknown>) => ({
  filter_metadata: {
    istio: { config: `/apis/networking.istio.io/v1/namespaces/bookinfo/virtual-service/${vs}` },
    meshc,
  },
});
const jason = { prefix: "/", case_sensitive: true, headers: [{ name: "end-user", string_match: { exact: "jason" } }] };

routes("one RouteConfiguration per HTTP port, vhosts sorted, the REGISTRY_ONLY catch-all last", () => {
  const [rc] = config();
  assert.equal(
    config().map((r) => r.name),
    ["9080"],
  );
  assert.equal(
    rc!.virtualHosts.map((v) => v.name),
    [
      "details.bookinfo.svc.cluster.local:9080",
      "productpage.bookinfo.svc.cluster.local:9080",
      "ratings.bookinfo.svc.cluster.local:9080",
      "reviews.bookinfo.svc.cluster.local:9080",
      "block_all",
    ],
  );
  const { virtual_hosts: _vh, ...rest } = json(RouteConfiguration, rc!) as Record<string, unknown>;
  assert.equal(rest, {
    name: "9080",
    validate_clusters: false,
    max_direct_response_body_size_bytes: 1048576,
    ignore_port_in_host_matching: true,
  });
});

routes("reviews: jason route to v2, then the 90/10 canary with the default retry policy and timeout 0s", () => {
  assert.equal(vhost("reviews.bookinfo.svc.cluster.local:9080"), {
    name: "reviews.bookinfo.svc.cluster.local:9080",
    domains: [
      "reviews.bookinfo.svc.cluster.local",
      "reviews.bookinfo.svc.cluster.local.",
      "reviews",
      "reviews.bookinfo.svc",
      "reviews.bookinfo",
    ],
    routes: [
      {
        name: "jason",
        match: jason,
        route: {
          cluster: "outbound|9080|v2|reviews.bookinfo.svc.cluster.local",
          timeout: "0s",
          retry_policy: DEFAULT_RETRY_POLICY,
          max_grpc_timeout: "0s",
        },
        metadata: vsMeta("reviews", { http: 0, match: 0, name: "jason" }),
        decorator: { operation: "reviews.bookinfo.svc.cluster.local:9080/*" },
      },
      {
        name: "canary",
        match: { prefix: "/" },
        route: {
          weighted_clusters: {
            clusters: [
              { name: "outbound|9080|v1|reviews.bookinfo.svc.cluster.local", weight: 90 },
              { name: "outbound|9080|v2|reviews.bookinfo.svc.cluster.local", weight: 10 },
            ],
          },
          timeout: "0s",
          retry_policy: DEFAULT_RETRY_POLICY,
          max_grpc_timeout: "0s",
        },
        metadata: vsMeta("reviews", { http: 1, name: "canary" }),
        decorator: { operation: "reviews:9080/*" },
      },
    ],
    include_request_attempt_count: true,
  });
});

routes(
  "ratings: the jason delay as typed_per_filter_config for envoy.filters.http.fault (100% = 1000000/MILLION)",
  () => {
    const vh = vhost("ratings.bookinfo.svc.cluster.local:9080") as { routes: Record<string, unknown>[] };
    assert.equal(vh.routes[0], {
      name: "jason-delay",
      match: jason,
      route: {
        cluster: "outbound|9080|v1|ratings.bookinfo.svc.cluster.local",
        timeout: "0s",
        retry_policy: DEFAULT_RETRY_POLICY,
        max_grpc_timeout: "0s",
      },
      metadata: vsMeta("ratings", { http: 0, match: 0, name: "jason-delay" }),
      decorator: { operation: "ratings.bookinfo.svc.cluster.local:9080/*" },
      typed_per_filter_config: {
        "envoy.filters.http.fault": {
          "@type": "type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault",
          delay: { fixed_delay: "7s", percentage: { numerator: 1000000, denominator: "MILLION" } },
        },
      },
    });
  },
);

routes("REGISTRY_ONLY: block_all answers 502 for every other host", () => {
  assert.equal(vhost("block_all"), {
    name: "block_all",
    domains: ["*"],
    routes: [{ name: "block_all", match: { prefix: "/" }, direct_response: { status: 502 } }],
    include_request_attempt_count: true,
  });
});

routes("ALLOW_ANY (canary, default mesh config): allow_any to PassthroughCluster with timeout 0s", () => {
  const rc = outboundFor("examples/canary/mesh.ts", "frontend-v1").routes.find((r) => r.name === "80")!;
  assert.equal(json(VirtualHost, rc.virtualHosts.at(-1)!), {
    name: "allow_any",
    domains: ["*"],
    routes: [
      {
        name: "allow_any",
        match: { prefix: "/" },
        route: { cluster: "PassthroughCluster", timeout: "0s", max_grpc_timeout: "0s" },
      },
    ],
    include_request_attempt_count: true,
  });
});

routes.run();
