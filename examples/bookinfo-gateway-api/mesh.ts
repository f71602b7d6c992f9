/**
 * Istio's bookinfo sample with the Kubernetes Gateway API instead of Istio's routing APIs, as istio.io shows it:
 * - the ingress: https://istio.io/latest/docs/setup/getting-started/ (samples/bookinfo/gateway-api/bookinfo-gateway.yaml:
 *   a Gateway of class `istio`, which istiod deploys as `bookinfo-gateway-istio`, and the HTTPRoute `bookinfo`);
 * - the reviews canary: https://istio.io/latest/docs/tasks/traffic-management/traffic-shifting/ and
 *   .../request-routing/ (the "Gateway API" tabs: an HTTPRoute whose parent is the reviews Service, sending to the
 *   per-version Services of samples/bookinfo/platform/kube/bookinfo-versions.yaml).
 *
 * It makes the decisions examples/bookinfo makes: jason always sees reviews v2, everyone else gets 90% v1 and 10% v2,
 * the gateway serves the same paths, and the same policies allow and deny. The Gateway API has no fault injection,
 * so the 7s delay bookinfo injects into jason's ratings calls has no counterpart here.
 */
import { authorizationPolicy, gateway, httpRoute, meshConfig, namespace, peerAuthentication, service } from "meshc";

// ---- the mesh -----------------------------------------------------------------------------------------------------

namespace("istio-system");

// Only services in the registry are reachable; anything else is blackholed.
meshConfig({ trustDomain: "cluster.local", enableAutoMtls: true, outboundTrafficPolicy: { mode: "REGISTRY_ONLY" } });

// ---- services ----------------------------------------------------------------------------------------------------

const bookinfo = namespace("bookinfo", { labels: { "istio-injection": "enabled" } });

/** Every bookinfo service serves plain HTTP on 9080. Versions are Deployments; routes split between Services. */
const http = [{ name: "http", port: 9080 }] as const;

export const productpage = service("productpage", {
  namespace: bookinfo,
  ports: http,
  versions: { v1: {} },
  subsets: false,
  serviceAccount: "bookinfo-productpage",
});

export const details = service("details", {
  namespace: bookinfo,
  ports: http,
  versions: { v1: {} },
  subsets: false,
  serviceAccount: "bookinfo-details",
});

export const reviews = service("reviews", {
  namespace: bookinfo,
  ports: http,
  versions: { v1: {}, v2: {}, v3: {} },
  subsets: false,
  serviceAccount: "bookinfo-reviews",
});

export const ratings = service("ratings", {
  namespace: bookinfo,
  ports: http,
  versions: { v1: {} },
  subsets: false,
  serviceAccount: "bookinfo-ratings",
});

// A Service per version (bookinfo-versions.yaml): Gateway API routes split traffic between Services, not subsets.
const reviewsV1 = service("reviews-v1", { namespace: bookinfo, ports: http, selector: reviews.version("v1") });
const reviewsV2 = service("reviews-v2", { namespace: bookinfo, ports: http, selector: reviews.version("v2") });
service("reviews-v3", { namespace: bookinfo, ports: http, selector: reviews.version("v3") });

// ---- ingress ---------------------------------------------------------------------------------------------------

// istio.io's getting started annotates the Gateway with a ClusterIP Service, reached by port-forwarding.
const bookinfoGateway = gateway("bookinfo-gateway", {
  namespace: bookinfo,
  gatewayClassName: "istio",
  annotations: { "networking.istio.io/service-type": "ClusterIP" },
  listeners: [{ name: "http", port: 80, protocol: "HTTP", allowedRoutes: { namespaces: { from: "Same" } } }],
});

httpRoute("bookinfo", {
  namespace: bookinfo,
  parentRefs: [bookinfoGateway],
  rules: [
    {
      matches: [
        { path: { type: "Exact", value: "/productpage" } },
        { path: { type: "PathPrefix", value: "/static" } },
        { path: { type: "Exact", value: "/login" } },
        { path: { type: "Exact", value: "/logout" } },
        { path: { type: "PathPrefix", value: "/api/v1/products" } },
      ],
      backendRefs: [productpage.port("http")],
    },
  ],
});

// ---- routing -----------------------------------------------------------------------------------------------------

// Mesh routing (GAMMA): the route's parent is the reviews Service on port 9080, so it applies to its callers.
httpRoute("reviews", {
  namespace: bookinfo,
  parentRefs: [reviews.port("http")],
  rules: [
    {
      matches: [{ headers: [{ name: "end-user", value: "jason" }] }],
      backendRefs: [reviewsV2.port("http")],
    },
    {
      backendRefs: [
        { backend: reviewsV1.port("http"), weight: 90 },
        { backend: reviewsV2.port("http"), weight: 10 },
      ],
    },
  ],
});

// ---- security ----------------------------------------------------------------------------------------------------

// Every workload in bookinfo only accepts mutual TLS.
peerAuthentication({ namespace: bookinfo, mtls: { mode: "STRICT" } });

// Least privilege: each service is reachable only from the callers that need it. The gateway's pods run as the
// service account istiod's automated deployment gives them, bookinfo-gateway-istio.
authorizationPolicy("productpage-viewer", {
  selector: productpage,
  action: "ALLOW",
  rules: [{ from: [{ source: { principals: [bookinfoGateway] } }], to: [{ operation: { methods: ["GET", "POST"] } }] }],
});

authorizationPolicy("details-viewer", {
  selector: details,
  action: "ALLOW",
  rules: [{ from: [{ source: { principals: [productpage] } }], to: [{ operation: { methods: ["GET"] } }] }],
});

authorizationPolicy("reviews-viewer", {
  selector: reviews,
  action: "ALLOW",
  rules: [{ from: [{ source: { principals: [productpage] } }], to: [{ operation: { methods: ["GET"] } }] }],
});

authorizationPolicy("ratings-viewer", {
  selector: ratings,
  action: "ALLOW",
  rules: [{ from: [{ source: { principals: [reviews] } }], to: [{ operation: { methods: ["GET"] } }] }],
});
