/**
 * Istio's bookinfo sample (https://istio.io/latest/docs/examples/bookinfo/), declared with meshc.
 *
 * productpage calls details and reviews; reviews v2 and v3 call ratings. Traffic enters through the
 * bookinfo-gateway. We are rolling out reviews v2 to 10% of users, while jason always sees v2, and we are
 * testing how productpage copes with a slow ratings service for jason.
 */
import {
  authorizationPolicy,
  canary,
  ingressGateway,
  meshConfig,
  namespace,
  peerAuthentication,
  routes,
  service,
  virtualService,
  type HttpMatch,
  type TrafficPolicy,
} from "meshc";

// ---- the mesh -----------------------------------------------------------------------------------------------------

namespace("istio-system");

// Only services in the registry are reachable; anything else is blackholed.
meshConfig({ trustDomain: "cluster.local", enableAutoMtls: true, outboundTrafficPolicy: { mode: "REGISTRY_ONLY" } });

// ---- services ----------------------------------------------------------------------------------------------------

const bookinfo = namespace("bookinfo", { labels: { "istio-injection": "enabled" } });

/** Every bookinfo service serves plain HTTP on 9080. */
const http = [{ name: "http", port: 9080 }] as const;

/** Sidecars talk to each other with Istio mutual TLS. */
const istioMutual: TrafficPolicy = { tls: { mode: "ISTIO_MUTUAL" } };

export const productpage = service("productpage", {
  namespace: bookinfo,
  ports: http,
  versions: { v1: {} },
  trafficPolicy: istioMutual,
  serviceAccount: "bookinfo-productpage",
});

export const details = service("details", {
  namespace: bookinfo,
  ports: http,
  versions: { v1: {} },
  trafficPolicy: istioMutual,
  serviceAccount: "bookinfo-details",
});

export const reviews = service("reviews", {
  namespace: bookinfo,
  ports: http,
  versions: { v1: {}, v2: {}, v3: {} },
  trafficPolicy: istioMutual,
  serviceAccount: "bookinfo-reviews",
});

export const ratings = service("ratings", {
  namespace: bookinfo,
  ports: http,
  versions: { v1: {} },
  trafficPolicy: istioMutual,
  serviceAccount: "bookinfo-ratings",
});

/** The identity of Istio's default ingress gateway (installed by istioctl into istio-system). */
const ingressGatewayPrincipal = "cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account";

// ---- ingress ---------------------------------------------------------------------------------------------------

const gateway = ingressGateway("bookinfo-gateway", {
  namespace: bookinfo,
  selector: { istio: "ingressgateway" },
  servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["*"] }],
});

virtualService("bookinfo", {
  namespace: bookinfo,
  hosts: ["*"],
  gateways: [gateway],
  http: [
    {
      match: [
        { uri: { exact: "/productpage" } },
        { uri: { prefix: "/static" } },
        { uri: { exact: "/login" } },
        { uri: { exact: "/logout" } },
        { uri: { prefix: "/api/v1/products" } },
      ],
      route: [{ destination: productpage.port("http") }],
    },
  ],
});

// ---- routing -----------------------------------------------------------------------------------------------------

/** Requests from the logged-in test user. */
const jason: HttpMatch = { headers: { "end-user": { exact: "jason" } } };

routes(productpage, { http: [{ route: [{ destination: productpage.subset("v1") }] }] });
routes(details, { http: [{ route: [{ destination: details.subset("v1") }] }] });

routes(reviews, {
  http: [
    { name: "jason", match: [jason], route: [{ destination: reviews.subset("v2") }] },
    { name: "canary", route: canary(reviews, { v1: 90, v2: 10 }) },
  ],
});

routes(ratings, {
  http: [
    {
      name: "jason-delay",
      match: [jason],
      fault: { delay: { fixedDelay: "7s", percentage: 100 } },
      route: [{ destination: ratings.subset("v1") }],
    },
    { name: "default", route: [{ destination: ratings.subset("v1") }] },
  ],
});

// ---- security ----------------------------------------------------------------------------------------------------

// Every workload in bookinfo only accepts mutual TLS.
peerAuthentication({ namespace: bookinfo, mtls: { mode: "STRICT" } });

// Least privilege: each service is reachable only from the callers that need it.
authorizationPolicy("productpage-viewer", {
  selector: productpage,
  action: "ALLOW",
  rules: [
    {
      from: [{ source: { principals: [ingressGatewayPrincipal] } }],
      to: [{ operation: { methods: ["GET", "POST"] } }],
    },
  ],
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
