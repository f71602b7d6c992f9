/**
 * The Envoy engine on bookinfo: the requests of test/eval/bookinfo.test.ts (Istio's request-routing, fault-injection,
 * traffic-shifting and authorization tasks) give the Istio engine's results — whole values, trace aside — when
 * evaluated on the emitted Envoy configuration; two of them are spelled out in full.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { simulate } from "../../compiler/eval/index.ts";
import type { SimRequest, SimulationResult } from "../../compiler/eval/types.ts";
import { compile } from "../../compiler/pipeline.ts";
import { request } from "../eval/_support.ts";

const ir = compile(["examples/bookinfo/mesh.ts"]).ir!;
const PP = "bookinfo/productpage-v1";
const RETRIES = {
  attempts: 2,
  perTryTimeout: null,
  retryOn: "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes",
};

function envoy(req: SimRequest): Omit<SimulationResult, "trace"> {
  const r = simulate(ir, req, { engine: "envoy" });
  assert.equal(r.diagnostics, []);
  const { trace: _t, ...rest } = r.value!;
  return rest;
}
function istio(req: SimRequest): Omit<SimulationResult, "trace"> {
  const { trace: _t, ...rest } = simulate(ir, req).value!;
  return rest;
}

const same = suite("bookinfo: Envoy engine = Istio engine (test/eval/bookinfo.test.ts requests)");

const REQUESTS: readonly [string, SimRequest][] = [
  ["jason → reviews v2", request("http://reviews.bookinfo:9080/reviews/1", PP, { headers: { "end-user": "jason" } })],
  ["90/10 canary split", request("http://reviews:9080/reviews/1", PP)],
  [
    "ratings delayed 7s for jason",
    request("http://ratings:9080/ratings/0", "bookinfo/reviews-v2", { headers: { "end-user": "jason" } }),
  ],
  ["details allowed by details-viewer", request("http://details:9080/details/0", PP)],
  ["ratings denied by default", request("http://ratings:9080/ratings/0", PP)],
  [
    "plaintext from outside reset by STRICT",
    request("http://ratings.bookinfo:9080/ratings/0", "outside", { method: "POST" }),
  ],
  ["REGISTRY_ONLY external host", request("http://httpbin.org/get", PP)],
];
for (const [name, req] of REQUESTS) same(name, () => assert.equal(envoy(req), istio(req)));

const whole = suite("bookinfo: Envoy engine whole values");

whole("jason is routed to reviews v2 over mTLS, allowed by reviews-viewer", () => {
  assert.equal(envoy(REQUESTS[0]![1]), {
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
    outcomes: [
      {
        probability: 1,
        status: 200,
        destination: {
          service: "reviews.bookinfo.svc.cluster.local",
          subset: "v2",
          port: 9080,
          cluster: "outbound|9080|v2|reviews.bookinfo.svc.cluster.local",
        },
        mtls: true,
        authz: { decision: "ALLOW", policy: "bookinfo/reviews-viewer", rule: 0 },
        fault: null,
      },
    ],
  });
});

whole("a plaintext client outside the mesh finds no filter chain on the STRICT server: status 0", () => {
  assert.equal(envoy(REQUESTS[5]![1]).outcomes, [
    {
      probability: 1,
      status: 0,
      destination: {
        service: "ratings.bookinfo.svc.cluster.local",
        subset: null,
        port: 9080,
        cluster: "outbound|9080||ratings.bookinfo.svc.cluster.local",
      },
      mtls: false,
      authz: null,
      fault: null,
      error: "'bookinfo/ratings-v1' port 9080 is STRICT: it accepts only Istio mTLS, and the client sent plaintext",
    },
  ]);
});

whole("an ingress request goes through the default ingress gateway's router config: productpage over mTLS", () => {
  assert.equal(envoy(request("http://bookinfo.example.com/productpage", "ingress bookinfo/bookinfo-gateway")), {
    request: {
      method: "GET",
      host: "bookinfo.example.com",
      port: 80,
      path: "/productpage",
      headers: {},
      source: "ingress bookinfo/bookinfo-gateway",
    },
    route: { resource: "VirtualService bookinfo/bookinfo", index: 0, name: null },
    timeout: null,
    retries: RETRIES,
    outcomes: [
      {
        probability: 1,
        status: 200,
        destination: {
          service: "productpage.bookinfo.svc.cluster.local",
          subset: null,
          port: 9080,
          cluster: "outbound|9080||productpage.bookinfo.svc.cluster.local",
        },
        mtls: true,
        authz: { decision: "ALLOW", policy: "bookinfo/productpage-viewer", rule: 0 },
        fault: null,
      },
    ],
  });
});

const INGRESS: readonly [string, SimRequest][] = [
  ["ingress /productpage", request("http://bookinfo.example.com:80/productpage", "ingress bookinfo/bookinfo-gateway")],
  [
    "ingress static prefix",
    request("http://bookinfo.example.com/static/css/x.css", "ingress bookinfo/bookinfo-gateway"),
  ],
  [
    "ingress no route (404)",
    request("http://bookinfo.example.com/productpage/admin", "ingress bookinfo/bookinfo-gateway"),
  ],
  [
    "ingress DELETE denied by productpage",
    request("http://bookinfo.example.com/api/v1/products/0", "ingress bookinfo/bookinfo-gateway", { method: "DELETE" }),
  ],
  [
    "ingress port without a server (refused)",
    request("http://bookinfo.example.com:8443/productpage", "ingress bookinfo/bookinfo-gateway"),
  ],
];
for (const [name, req] of INGRESS) same(name, () => assert.equal(envoy(req), istio(req)));

same.run();
whole.run();
