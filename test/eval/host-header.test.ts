/**
 * A sidecar routes an HTTP request by its `:authority`, not by the address the client dialled: Envoy picks the
 * virtual host of RouteConfiguration `<port>` by the Host header (envoy config_impl.cc `RouteMatcher::findVirtualHost`
 * over the domains istio httproute.go `generateVirtualHostDomains` gives each service). A request to `reviews` with
 * `Host: ratings` takes ratings' routes; a Host no virtual host takes goes to the catch-all (PassthroughCluster to the
 * dialled address, or `block_all` under REGISTRY_ONLY); a sniffed port's listener bound to the service's VIP has one
 * virtual host for every domain (httproute.go `getVirtualHostsForSniffedServicePort`), so there the Host header does
 * not change the route. Both engines and the compiled path must give the same answers.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { simulate } from "../../compiler/eval/index.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import type { SimulationResult } from "../../compiler/eval/types.ts";
import { parseRequest } from "../../compiler/scenario/parse.ts";
import { meshFromYaml } from "./_support.ts";

const svc = (name: string, ports: string, extra = "") => `---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: shop}
spec:
  ${extra}selector: {app: ${name}}
  ports: [${ports}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  template:
    metadata: {labels: {app: ${name}}}
    spec: {serviceAccountName: ${name}}
`;

const mesh = (policy: "ALLOW_ANY" | "REGISTRY_ONLY"): MeshIR =>
  meshFromYaml(
    `---
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |
    outboundTrafficPolicy: {mode: ${policy}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {serviceAccountName: web}
` +
      svc("reviews", "{name: http, port: 9080}", "clusterIP: 10.96.0.10\n  ") +
      svc("ratings", "{name: http, port: 9080}", "clusterIP: 10.96.0.11\n  ") +
      svc("cart", "{name: sniffed, port: 7000}", "clusterIP: 10.96.0.12\n  ") +
      svc("wishlist", "{name: sniffed, port: 7000}", "clusterIP: 10.96.0.13\n  ") +
      `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ratings, namespace: shop}
spec:
  hosts: [ratings]
  http:
  - match: [{uri: {prefix: /v2}}]
    route: [{destination: {host: reviews}}]
  - route: [{destination: {host: ratings}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: legacy, namespace: shop}
spec:
  hosts: [legacy.example.com]
  http:
  - route: [{destination: {host: ratings, port: {number: 9080}}}]
`,
  );

const meshes = { ALLOW_ANY: mesh("ALLOW_ANY"), REGISTRY_ONLY: mesh("REGISTRY_ONLY") };

type Brief = { route: string | null; outcomes: [number, string | null][] };

/** The answer of both engines and of the compiled path, which must be equal. */
function answer(text: string, ir: MeshIR): Brief {
  const p = parseRequest(text);
  assert.equal(p.diagnostics, []);
  const brief = (r: { value?: SimulationResult | undefined }): Brief => ({
    route: r.value?.route?.resource ?? null,
    outcomes: (r.value?.outcomes ?? []).map((o) => [o.status, o.destination?.cluster ?? null]),
  });
  const istio = brief(simulate(ir, p.value!, { engine: "istio" }));
  assert.equal(brief(simulate(ir, p.value!, { engine: "envoy" })), istio, `engines disagree on ${text}`);
  assert.equal(brief(simulate(ir, p.value!, { trace: false })), istio, `compiled path disagrees on ${text}`);
  return istio;
}

const RATINGS = "outbound|9080||ratings.shop.svc.cluster.local";
const REVIEWS = "outbound|9080||reviews.shop.svc.cluster.local";

const test = suite("a sidecar picks the virtual host by :authority (config_impl.cc findVirtualHost)");

test("Host: ratings on a request to reviews takes ratings' VirtualService", () => {
  const ir = meshes.ALLOW_ANY;
  assert.equal(answer("GET http://reviews:9080/ from shop/web header host=ratings", ir), {
    route: "VirtualService shop/ratings",
    outcomes: [[200, RATINGS]],
  });
  assert.equal(answer("GET http://reviews:9080/v2 from shop/web header host=ratings.shop.svc:9080", ir), {
    route: "VirtualService shop/ratings",
    outcomes: [[200, REVIEWS]],
  });
  // Dialled by VIP: the same.
  assert.equal(answer("GET http://10.96.0.10:9080/ from shop/web header host=ratings.shop", ir).outcomes, [
    [200, RATINGS],
  ]);
});

test("without a Host header, and with the dialled service's own names, nothing changes", () => {
  const ir = meshes.ALLOW_ANY;
  for (const host of ["", " header host=reviews", " header host=REVIEWS.shop.svc.cluster.local."])
    assert.equal(answer(`GET http://reviews:9080/ from shop/web${host}`, ir), {
      route: null,
      outcomes: [[200, REVIEWS]],
    });
});

test("a Host a VirtualService names outside the registry takes that VirtualService", () => {
  assert.equal(answer("GET http://reviews:9080/ from shop/web header host=legacy.example.com", meshes.ALLOW_ANY), {
    route: null,
    outcomes: [[200, "PassthroughCluster"]],
  });
  // Its own port 80 has no listener (no service serves HTTP there): virtualOutbound passes the bytes through.
  assert.equal(answer("GET http://legacy.example.com/ from shop/web", meshes.ALLOW_ANY), {
    route: null,
    outcomes: [[200, "PassthroughCluster"]],
  });
});

test("a Host no virtual host takes: allow_any passes it through, block_all answers 502", () => {
  assert.equal(answer("GET http://reviews:9080/ from shop/web header host=unknown.example", meshes.ALLOW_ANY), {
    route: null,
    outcomes: [[200, "PassthroughCluster"]],
  });
  assert.equal(answer("GET http://reviews:9080/ from shop/web header host=unknown.example", meshes.REGISTRY_ONLY), {
    route: null,
    outcomes: [[502, null]],
  });
});

test("a sniffed port's listener on the service's VIP answers every Host with its own routes", () => {
  assert.equal(answer("GET http://cart:7000/ from shop/web header host=wishlist", meshes.ALLOW_ANY), {
    route: null,
    outcomes: [[200, "outbound|7000||cart.shop.svc.cluster.local"]],
  });
});

test("every pairing of dialled service and Host header: the engines agree", () => {
  const hosts = [
    "reviews",
    "ratings.shop",
    "cart",
    "wishlist.shop.svc",
    "legacy.example.com",
    "x.example",
    "10.96.0.11",
  ];
  const urls = ["http://reviews:9080/", "http://ratings:9080/v2", "http://cart:7000/", "http://10.96.0.13:7000/"];
  for (const ir of Object.values(meshes))
    for (const url of urls) for (const h of hosts) answer(`GET ${url} from shop/web header host=${h}`, ir);
});

test.run();
