/**
 * Type tests of the Gateway API DSL: parents and backends are declared values, so a listener a Gateway does not
 * declare, a port a service does not declare, or a subset (the Gateway API has none) fail to compile, and the right
 * names autocomplete (the parameter types are the literal unions captured by `const` type parameters).
 */
import { gateway, gatewayClass, grpcRoute, httpRoute, referenceGrant, service, tcpRoute, tlsRoute, type KubeHttpFilter } from "meshc";

const reviews = service("reviews", {
  namespace: "bookinfo",
  ports: [{ name: "http", port: 9080 }],
  versions: { v1: {}, v2: {} },
  subsets: false,
});
const reviewsV1 = service("reviews-v1", { namespace: "bookinfo", ports: [{ name: "http", port: 9080 }], selector: reviews.version("v1") });
// @ts-expect-error: 'v9' is not a declared version of reviews
service("reviews-v9", { namespace: "bookinfo", ports: [{ name: "http", port: 9080 }], selector: reviews.version("v9") });

const gw = gateway("web", {
  namespace: "bookinfo",
  listeners: [
    { name: "http", port: 80, protocol: "HTTP" },
    { name: "https", port: 443, protocol: "HTTPS", tls: { certificateRefs: [{ name: "web-cert" }] } },
  ],
});

// ---- parents: a Gateway, one of its declared listeners, or a service (GAMMA)
httpRoute("r", { parentRefs: [gw, gw.listener("http"), gw.listener("https"), reviews, reviews.port("http")], rules: [] });
// @ts-expect-error: 'grpc' is not a listener of gw
gw.listener("grpc");
// @ts-expect-error: 'grpc' is not a declared port of reviews
httpRoute("r", { parentRefs: [reviews.port("grpc")], rules: [] });
// @ts-expect-error: a parent is a declared value, not a name
httpRoute("r", { parentRefs: ["web"], rules: [] });

// ---- backends: a declared service on a declared port, weighted or not
httpRoute("r", {
  parentRefs: [gw],
  rules: [{ backendRefs: [reviewsV1.port("http"), { backend: reviews.port("http"), weight: 10 }] }],
});
// @ts-expect-error: 'grpc' is not a declared port of reviews-v1
httpRoute("r", { parentRefs: [gw], rules: [{ backendRefs: [reviewsV1.port("grpc")] }] });
// @ts-expect-error: the Gateway API has no subsets; split between Services per version instead
httpRoute("r", { parentRefs: [gw], rules: [{ backendRefs: [reviews.subset("v1")] }] });
// @ts-expect-error: a backend is a declared service port, not a name
httpRoute("r", { parentRefs: [gw], rules: [{ backendRefs: [{ name: "reviews", port: 9080 }] }] });
// @ts-expect-error: a whole service is not a backend (the Gateway API requires a port)
httpRoute("r", { parentRefs: [gw], rules: [{ backendRefs: [reviews] }] });

// ---- matches and filters follow the Gateway API's shapes
httpRoute("r", {
  parentRefs: [gw],
  rules: [
    {
      matches: [{ path: { type: "PathPrefix", value: "/api" }, headers: [{ name: "end-user", value: "jason" }], method: "GET" }],
      filters: [
        { type: "RequestHeaderModifier", requestHeaderModifier: { set: [{ name: "x", value: "y" }] } },
        { type: "RequestMirror", requestMirror: { backendRef: reviewsV1.port("http"), percent: 10 } },
      ],
      backendRefs: [reviewsV1.port("http")],
      timeouts: { request: "10s" },
    },
  ],
});
// @ts-expect-error: 'Prefix' is not a Gateway API path match type (PathPrefix is)
httpRoute("r", { parentRefs: [gw], rules: [{ matches: [{ path: { type: "Prefix", value: "/" } }] }] });
// @ts-expect-error: a RequestRedirect filter is configured by `requestRedirect`, not `urlRewrite`
const badFilter: KubeHttpFilter = { type: "RequestRedirect", urlRewrite: { hostname: "x" } };
void badFilter;
// @ts-expect-error: 200 is not a redirect status
httpRoute("r", { parentRefs: [gw], rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { statusCode: 200 } }] }] });

// ---- gRPC: header modifiers and mirrors only
grpcRoute("g", { parentRefs: [gw], rules: [{ matches: [{ method: { service: "helloworld.Greeter" } }], backendRefs: [reviewsV1.port("http")] }] });
grpcRoute("g", {
  parentRefs: [gw],
  // @ts-expect-error: GRPCRoute has no URLRewrite filter
  rules: [{ filters: [{ type: "URLRewrite", urlRewrite: { hostname: "x" } }] }],
});

// ---- TCP and TLS routes: backends are required
tcpRoute("t", { parentRefs: [gw], rules: [{ backendRefs: [reviewsV1.port("http")] }] });
tlsRoute("t", { parentRefs: [gw], hostnames: ["a.example.com"], rules: [{ backendRefs: [reviewsV1.port("http")] }] });
// @ts-expect-error: a TCPRoute rule needs backendRefs
tcpRoute("t", { parentRefs: [gw], rules: [{}] });

// ---- ReferenceGrant: from route kinds in namespaces, to declared services or kinds
referenceGrant("g", { from: [{ kind: "HTTPRoute", namespace: "web" }], to: [reviews, { kind: "Secret", name: "cert" }] });
// @ts-expect-error: `from` needs the namespace of the referring resources
referenceGrant("g", { from: [{ kind: "HTTPRoute" }], to: [reviews] });

// ---- GatewayClass: istiod's built-in class names default their controller; any other name must give one
gatewayClass("istio-waypoint", {});
const cls = gatewayClass("internal", { controllerName: "istio.io/gateway-controller" });
// @ts-expect-error: a class of another name needs controllerName
gatewayClass("custom", {});
gateway("classed", { gatewayClassName: cls, listeners: [{ name: "http", port: 80, protocol: "HTTP" }] });
