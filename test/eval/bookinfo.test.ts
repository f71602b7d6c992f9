/**
 * The decisions Istio documents for bookinfo (https://istio.io/latest/docs/tasks/traffic-management/request-routing/,
 * .../fault-injection/, .../traffic-shifting/, .../security/authorization/authz-http/), on examples/bookinfo/mesh.ts.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { compile } from "../../compiler/pipeline.ts";
import type { DestinationRef, Outcome } from "../../compiler/eval/types.ts";
import { decision, request, run } from "./_support.ts";

const ir = compile(["examples/bookinfo/mesh.ts"]).ir!;
const PP = "bookinfo/productpage-v1";
const RETRIES = {
  attempts: 2,
  perTryTimeout: null,
  retryOn: "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes",
};
const dest = (svc: string, subset: string | null): DestinationRef => ({
  service: `${svc}.bookinfo.svc.cluster.local`,
  subset,
  port: 9080,
  cluster: `outbound|9080|${subset ?? ""}|${svc}.bookinfo.svc.cluster.local`,
});
const allowed = (svc: string, subset: string | null, policy: string, probability = 1): Outcome => ({
  probability,
  status: 200,
  destination: dest(svc, subset),
  mtls: true,
  authz: { decision: "ALLOW", policy, rule: 0 },
  fault: null,
});

const routing = suite("bookinfo routing");

routing("jason is routed to reviews v2 (request-routing task)", () => {
  const r = run(ir, request("http://reviews.bookinfo:9080/reviews/1", PP, { headers: { "end-user": "jason" } }));
  assert.equal(r, {
    request: {
      method: "GET",
      host: "reviews.bookinfo.svc.cluster.local",
      port: 9080,
      path: "/reviews/1",
      headers: { "end-user": "jason" },
      source: PP,
    },
    route: { resource: "VirtualService bookinfo/reviews", index: 0, name: "jason" },
    timeout: null,
    retries: RETRIES,
    outcomes: [allowed("reviews", "v2", "bookinfo/reviews-viewer")],
    trace: [
      "GET reviews.bookinfo.svc.cluster.local:9080/reviews/1 from bookinfo/productpage-v1 (through its sidecar).",
      "VirtualService bookinfo/reviews applies to reviews.bookinfo.svc.cluster.local (hosts [reviews.bookinfo.svc.cluster.local], gateway mesh, visible from namespace 'bookinfo').",
      "VirtualService bookinfo/reviews http[0] 'jason' matched match[0]: header 'end-user' exact 'jason'.",
      "DestinationRule bookinfo/reviews sets tls ISTIO_MUTUAL; 'bookinfo/reviews-v2' port 9080 is STRICT (PeerAuthentication bookinfo/default): connection accepted with mTLS.",
      "ALLOW policy bookinfo/reviews-viewer rule 0 matched: from[0] principals: principal 'cluster.local/ns/bookinfo/sa/bookinfo-productpage' matches 'cluster.local/ns/bookinfo/sa/bookinfo-productpage'; to[0] methods: method 'GET' matches 'GET'.",
    ],
  });
});

routing("everyone else gets the 90/10 canary split (traffic-shifting task)", () => {
  const r = run(ir, request("http://reviews:9080/reviews/1", PP));
  assert.equal(decision(r), {
    route: { resource: "VirtualService bookinfo/reviews", index: 1, name: "canary" },
    timeout: null,
    retries: RETRIES,
    outcomes: [
      allowed("reviews", "v1", "bookinfo/reviews-viewer", 0.9),
      allowed("reviews", "v2", "bookinfo/reviews-viewer", 0.1),
    ],
  });
  assert.equal(r.trace.slice(2, 5), [
    "VirtualService bookinfo/reviews http[0] 'jason' match[0] did not match: header 'end-user' is absent (wanted exact 'jason').",
    "VirtualService bookinfo/reviews http[1] 'canary' matched: it has no match conditions (every request).",
    "Weighted split: 90% → reviews.bookinfo.svc.cluster.local@v1, 10% → reviews.bookinfo.svc.cluster.local@v2.",
  ]);
});

routing("ratings is delayed 7s for jason (fault-injection task), reviews may call it", () => {
  const r = run(
    ir,
    request("http://ratings:9080/ratings/0", "bookinfo/reviews-v2", { headers: { "end-user": "jason" } }),
  );
  assert.equal(decision(r), {
    route: { resource: "VirtualService bookinfo/ratings", index: 0, name: "jason-delay" },
    timeout: null,
    retries: RETRIES,
    outcomes: [{ ...allowed("ratings", "v1", "bookinfo/ratings-viewer"), fault: { delay: "7s" } }],
  });
});

const security = suite("bookinfo security");

security("productpage → details is allowed by details-viewer", () => {
  const r = run(ir, request("http://details:9080/details/0", PP));
  assert.equal(decision(r), {
    route: { resource: "VirtualService bookinfo/details", index: 0, name: null },
    timeout: null,
    retries: RETRIES,
    outcomes: [allowed("details", "v1", "bookinfo/details-viewer")],
  });
});

security("productpage → ratings is denied by default: ALLOW policies exist, none matches (policy null)", () => {
  const r = run(ir, request("http://ratings:9080/ratings/0", PP));
  assert.equal(r.outcomes, [
    {
      probability: 1,
      status: 403,
      destination: dest("ratings", "v1"),
      mtls: true,
      authz: { decision: "DENY", policy: null, rule: null },
      fault: null,
    },
  ]);
  assert.equal(r.trace.slice(-2), [
    "ALLOW policy bookinfo/ratings-viewer rule 0 did not match: from[0] principals: principal 'cluster.local/ns/bookinfo/sa/bookinfo-productpage' is not in [cluster.local/ns/bookinfo/sa/bookinfo-reviews].",
    "ALLOW policies apply to 'bookinfo/ratings-v1' but none matched: denied.",
  ]);
});

security("a plaintext client outside the mesh is reset by the STRICT namespace (status 0)", () => {
  const r = run(ir, request("http://ratings.bookinfo:9080/ratings/0", "outside", { method: "POST" }));
  assert.equal(r, {
    request: {
      method: "POST",
      host: "ratings.bookinfo.svc.cluster.local",
      port: 9080,
      path: "/ratings/0",
      headers: {},
      source: "outside",
    },
    route: null,
    timeout: null,
    retries: null,
    outcomes: [
      {
        probability: 1,
        status: 0,
        destination: dest("ratings", null),
        mtls: false,
        authz: null,
        fault: null,
        error: "'bookinfo/ratings-v1' port 9080 is STRICT: it accepts only Istio mTLS, and the client sent plaintext",
      },
    ],
    trace: [
      "POST ratings.bookinfo.svc.cluster.local:9080/ratings/0 from outside (no client proxy).",
      "The client sends without a sidecar: no VirtualService applies; Kubernetes load-balances over every endpoint.",
      "Connection reset: the client has no sidecar (or bypasses it), so it sends plaintext; 'bookinfo/ratings-v1' port 9080 is STRICT (PeerAuthentication bookinfo/default): a STRICT server accepts only Istio mTLS",
    ],
  });
});

security("the ingress gateway reaches productpage, allowed by productpage-viewer", () => {
  const r = run(ir, request("http://bookinfo.example.com/productpage", "ingress bookinfo/bookinfo-gateway"));
  assert.equal(decision(r), {
    route: { resource: "VirtualService bookinfo/bookinfo", index: 0, name: null },
    timeout: null,
    retries: RETRIES,
    outcomes: [allowed("productpage", null, "bookinfo/productpage-viewer")],
  });
});

security(
  "REGISTRY_ONLY blackholes an external host: no HTTP listener on port 80, BlackHoleCluster closes the connection (status 0)",
  () => {
    const r = run(ir, request("http://httpbin.org/get", PP));
    assert.equal(decision(r), {
      route: null,
      timeout: null,
      retries: null,
      outcomes: [
        {
          probability: 1,
          status: 0,
          destination: null,
          mtls: null,
          authz: null,
          fault: null,
          error:
            "'httpbin.org' is not in the service registry and the outbound traffic policy is REGISTRY_ONLY (BlackHoleCluster)",
        },
      ],
    });
  },
);

routing.run();
security.run();
