/** The shipped examples load with zero diagnostics and lower to the expected documents. */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { loadMeshTs } from "../../compiler/load/mesh-ts/index.ts";
import { docById, idOf } from "./_support.ts";

const bookinfo = suite("examples/bookinfo/mesh.ts");
const loaded = loadMeshTs("examples/bookinfo/mesh.ts");
const docs = loaded.value.documents;

bookinfo("type-checks, runs and lowers without diagnostics", () => {
  assert.equal(loaded.diagnostics, []);
});

bookinfo("declares the full bookinfo mesh, sorted by kind, namespace and name", () => {
  assert.equal(docs.map(idOf), [
    "AuthorizationPolicy bookinfo/details-viewer",
    "AuthorizationPolicy bookinfo/productpage-viewer",
    "AuthorizationPolicy bookinfo/ratings-viewer",
    "AuthorizationPolicy bookinfo/reviews-viewer",
    "ConfigMap istio-system/istio",
    "Deployment bookinfo/details-v1",
    "Deployment bookinfo/productpage-v1",
    "Deployment bookinfo/ratings-v1",
    "Deployment bookinfo/reviews-v1",
    "Deployment bookinfo/reviews-v2",
    "Deployment bookinfo/reviews-v3",
    "DestinationRule bookinfo/details",
    "DestinationRule bookinfo/productpage",
    "DestinationRule bookinfo/ratings",
    "DestinationRule bookinfo/reviews",
    "Gateway bookinfo/bookinfo-gateway",
    "Namespace bookinfo",
    "Namespace istio-system",
    "PeerAuthentication bookinfo/default",
    "Service bookinfo/details",
    "Service bookinfo/productpage",
    "Service bookinfo/ratings",
    "Service bookinfo/reviews",
    "ServiceAccount bookinfo/bookinfo-details",
    "ServiceAccount bookinfo/bookinfo-productpage",
    "ServiceAccount bookinfo/bookinfo-ratings",
    "ServiceAccount bookinfo/bookinfo-reviews",
    "VirtualService bookinfo/bookinfo",
    "VirtualService bookinfo/details",
    "VirtualService bookinfo/productpage",
    "VirtualService bookinfo/ratings",
    "VirtualService bookinfo/reviews",
  ]);
});

bookinfo("the reviews Service has its http port and app selector", () => {
  assert.equal(docById(docs, "Service bookinfo/reviews"), {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "reviews", namespace: "bookinfo", labels: { app: "reviews", service: "reviews" } },
    spec: { ports: [{ name: "http", port: 9080, targetPort: 9080 }], selector: { app: "reviews" } },
  });
});

bookinfo("reviews v2 is a Deployment with the version labels and the bookinfo-reviews account", () => {
  assert.equal(docById(docs, "Deployment bookinfo/reviews-v2"), {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "reviews-v2", namespace: "bookinfo", labels: { app: "reviews", version: "v2" } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: "reviews", version: "v2" } },
      template: {
        metadata: { labels: { app: "reviews", version: "v2" } },
        spec: {
          serviceAccountName: "bookinfo-reviews",
          containers: [{ name: "reviews", image: "reviews:v2", ports: [{ containerPort: 9080 }] }],
        },
      },
    },
  });
});

bookinfo("the reviews VirtualService sends jason to v2 and splits everyone else 90/10", () => {
  const host = "reviews.bookinfo.svc.cluster.local";
  assert.equal(docById(docs, "VirtualService bookinfo/reviews"), {
    apiVersion: "networking.istio.io/v1",
    kind: "VirtualService",
    metadata: { name: "reviews", namespace: "bookinfo" },
    spec: {
      hosts: [host],
      http: [
        {
          name: "jason",
          match: [{ headers: { "end-user": { exact: "jason" } } }],
          route: [{ destination: { host, subset: "v2" } }],
        },
        {
          name: "canary",
          route: [
            { destination: { host, subset: "v1" }, weight: 90 },
            { destination: { host, subset: "v2" }, weight: 10 },
          ],
        },
      ],
    },
  });
});

bookinfo("the gateway VirtualService routes the five productpage paths to port 9080", () => {
  const uris = [
    { exact: "/productpage" },
    { prefix: "/static" },
    { exact: "/login" },
    { exact: "/logout" },
    { prefix: "/api/v1/products" },
  ];
  assert.equal(docById(docs, "VirtualService bookinfo/bookinfo"), {
    apiVersion: "networking.istio.io/v1",
    kind: "VirtualService",
    metadata: { name: "bookinfo", namespace: "bookinfo" },
    spec: {
      hosts: ["*"],
      gateways: ["bookinfo-gateway"],
      http: [
        {
          match: uris.map((uri) => ({ uri })),
          route: [{ destination: { host: "productpage.bookinfo.svc.cluster.local", port: { number: 9080 } } }],
        },
      ],
    },
  });
});

bookinfo("ratings accepts only reviews' service account", () => {
  assert.equal(docById(docs, "AuthorizationPolicy bookinfo/ratings-viewer"), {
    apiVersion: "security.istio.io/v1",
    kind: "AuthorizationPolicy",
    metadata: { name: "ratings-viewer", namespace: "bookinfo" },
    spec: {
      selector: { matchLabels: { app: "ratings" } },
      action: "ALLOW",
      rules: [
        {
          from: [{ source: { principals: ["cluster.local/ns/bookinfo/sa/bookinfo-reviews"] } }],
          to: [{ operation: { methods: ["GET"] } }],
        },
      ],
    },
  });
});

bookinfo("the ratings fault injects a 7s delay for jason before the default route", () => {
  const vs = docById(docs, "VirtualService bookinfo/ratings") as { spec: { http: unknown[] } };
  const v1 = { destination: { host: "ratings.bookinfo.svc.cluster.local", subset: "v1" } };
  assert.equal(vs.spec.http, [
    {
      name: "jason-delay",
      match: [{ headers: { "end-user": { exact: "jason" } } }],
      fault: { delay: { fixedDelay: "7s", percentage: { value: 100 } } },
      route: [v1],
    },
    { name: "default", route: [v1] },
  ]);
});

bookinfo("only user files are returned as source files, named relative to the working directory as tsc does", () => {
  assert.equal(
    loaded.value.sourceFiles.map((f) => f.fileName),
    ["examples/bookinfo/mesh.ts"],
  );
});

bookinfo.run();

const canary = suite("examples/canary/mesh.ts");
const shop = loadMeshTs("examples/canary/mesh.ts");

canary("loads without diagnostics", () => {
  assert.equal(shop.diagnostics, []);
});

canary("checkout's DestinationRule carries the traffic policy and one subset per version", () => {
  assert.equal(docById(shop.value.documents, "DestinationRule shop/checkout"), {
    apiVersion: "networking.istio.io/v1",
    kind: "DestinationRule",
    metadata: { name: "checkout", namespace: "shop" },
    spec: {
      host: "checkout.shop.svc.cluster.local",
      trafficPolicy: {
        loadBalancer: { simple: "LEAST_REQUEST" },
        connectionPool: { tcp: { maxConnections: 100, connectTimeout: "500ms" }, http: { http2MaxRequests: 1000 } },
        outlierDetection: { consecutive5xxErrors: 5, interval: "10s", baseEjectionTime: "30s", maxEjectionPercent: 50 },
        tls: { mode: "ISTIO_MUTUAL" },
      },
      subsets: [
        { name: "v1", labels: { app: "checkout", version: "v1" } },
        { name: "v2", labels: { app: "checkout", version: "v2" } },
      ],
    },
  });
});

canary("checkout's route is an 80/20 split with a timeout and retries", () => {
  const host = "checkout.shop.svc.cluster.local";
  assert.equal(docById(shop.value.documents, "VirtualService shop/checkout"), {
    apiVersion: "networking.istio.io/v1",
    kind: "VirtualService",
    metadata: { name: "checkout", namespace: "shop" },
    spec: {
      hosts: [host],
      http: [
        {
          name: "canary",
          route: [
            { destination: { host, subset: "v1" }, weight: 80 },
            { destination: { host, subset: "v2" }, weight: 20 },
          ],
          timeout: "3s",
          retries: { attempts: 2, perTryTimeout: "1s", retryOn: "5xx,connect-failure,unavailable" },
        },
      ],
    },
  });
});

canary.run();
