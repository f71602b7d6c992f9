/**
 * A small shop: `frontend` calls `checkout`, and checkout v2 is being canaried at 20%. Calls to checkout get a
 * 3s budget with up to two retries of 1s each; the DestinationRule caps connections and ejects failing pods.
 */
import { authorizationPolicy, canary, namespace, peerAuthentication, routes, service } from "meshc";

const shop = namespace("shop", { labels: { "istio-injection": "enabled" } });

export const frontend = service("frontend", {
  namespace: shop,
  ports: [{ name: "http", port: 80, targetPort: 8080 }],
  versions: { v1: {} },
});

export const checkout = service("checkout", {
  namespace: shop,
  ports: [{ name: "grpc", port: 9090, appProtocol: "grpc" }],
  versions: { v1: { replicas: 3 }, v2: { replicas: 1 } },
  trafficPolicy: {
    loadBalancer: { simple: "LEAST_REQUEST" },
    connectionPool: { tcp: { maxConnections: 100, connectTimeout: "500ms" }, http: { http2MaxRequests: 1000 } },
    outlierDetection: { consecutive5xxErrors: 5, interval: "10s", baseEjectionTime: "30s", maxEjectionPercent: 50 },
    tls: { mode: "ISTIO_MUTUAL" },
  },
});

routes(frontend, { http: [{ route: [{ destination: frontend.subset("v1") }] }] });

routes(checkout, {
  http: [
    {
      name: "canary",
      route: canary(checkout, { v1: 80, v2: 20 }),
      timeout: "3s",
      retries: { attempts: 2, perTryTimeout: "1s", retryOn: "5xx,connect-failure,unavailable" },
    },
  ],
});

peerAuthentication({ namespace: shop, mtls: { mode: "STRICT" } });

authorizationPolicy("checkout-callers", {
  selector: checkout,
  action: "ALLOW",
  rules: [{ from: [{ source: { principals: [frontend] } }] }],
});
