/**
 * A hand-written mesh with the features the random meshes of test/eval-envoy/_mesh-arb.ts do not generate, and an
 * arbitrary of requests against it (valid and invalid sources and hosts), for the compiled-path equivalence test.
 */
import fc from "fast-check";
import type { SimRequest } from "../../compiler/eval/types.ts";

const deployment = (ns: string, app: string, version: string) => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${app}-${version}, namespace: ${ns}}
spec:
  template:
    metadata: {labels: {app: ${app}, version: ${version}}}
    spec: {serviceAccountName: ${app}}
`;

const service = (ns: string, app: string, ports: string) => `---
apiVersion: v1
kind: Service
metadata: {name: ${app}, namespace: ${ns}}
spec:
  selector: {app: ${app}}
  ports: [${ports}]
`;

const policy = (name: string, spec: string, annotations = "") => `---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ${name}, namespace: shop${annotations}}
spec: ${spec}
`;

export const RICH_MESH = `---
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Namespace
metadata: {name: legacy, labels: {istio-injection: disabled}}
---
apiVersion: v1
kind: Namespace
metadata: {name: istio-system}
${service("shop", "web", "{name: http, port: 8080}")}${deployment("shop", "web", "v1")}${deployment("shop", "gw", "v1")}
${service("shop", "api", "{name: http, port: 8080}, {name: http-alt, port: 9090, targetPort: 9091}")}${deployment("shop", "api", "v1")}${deployment("shop", "api", "v2")}
${service("legacy", "old", "{name: http, port: 8080}")}${deployment("legacy", "old", "v1")}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: shop}
spec:
  selector: {app: gw}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: ext, namespace: shop}
spec:
  hosts: [ext.example.com]
  location: MESH_EXTERNAL
  resolution: DNS
  ports: [{number: 80, name: http, protocol: HTTP}, {number: 443, name: tls, protocol: TLS}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: api, namespace: shop}
spec:
  hosts: [api]
  http:
  - name: beta
    match: [{queryParams: {v: {exact: "2"}}, sourceLabels: {app: web}}, {headers: {"@request.auth.claims.sub": {exact: a}}}]
    route: [{destination: {host: api, subset: v2, port: {number: 8080}}}]
  - name: old
    match: [{uri: {prefix: /old}}]
    rewrite: {uri: /new, authority: api-internal}
    route: [{destination: {host: api, subset: v1, port: {number: 8080}}}]
  - match: [{uri: {regex: "/r/(.*)"}}]
    rewrite: {uriRegexRewrite: {match: "/r/(.*)", rewrite: "/x/\\\\1"}}
    route: [{destination: {host: api, subset: v1, port: {number: 8080}}}]
  - match: [{uri: {exact: /moved}}]
    redirect: {uri: /new-home}
  - match: [{uri: {exact: /teapot}}]
    directResponse: {status: 418}
  - match: [{method: {exact: POST}, authority: {prefix: api}, withoutHeaders: {x-debug: {}, x-user: {prefix: b}}}]
    fault: {abort: {httpStatus: 500, percentage: {value: 50}}}
    route: [{destination: {host: api, subset: v1, port: {number: 8080}}}]
  - match: [{port: 9090}, {uri: {prefix: /A}, ignoreUriCase: true}]
    route: [{destination: {host: api, subset: v2, port: {number: 9090}}}]
  - route: [{destination: {host: api, subset: v1, port: {number: 8080}}, weight: 70}, {destination: {host: api, subset: v2, port: {number: 8080}}, weight: 30}]
    mirror: {host: web}
    timeout: 3s
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: front, namespace: shop}
spec:
  hosts: [shop.example.com]
  gateways: [gw]
  http:
  - match: [{uri: {prefix: /api}}]
    route: [{destination: {host: api.shop.svc.cluster.local, port: {number: 8080}}}]
  - route: [{destination: {host: web.shop.svc.cluster.local}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ext, namespace: shop}
spec:
  hosts: [ext.example.com]
  http:
  - route: [{destination: {host: ext.example.com, port: {number: 80}}}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: api, namespace: shop}
spec:
  host: api
  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}, portLevelSettings: [{port: {number: 9090}, tls: {mode: DISABLE}}]}
  subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: shop}
spec:
  outboundTrafficPolicy: {mode: REGISTRY_ONLY}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: shop}
spec: {mtls: {mode: STRICT}}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: api, namespace: shop}
spec: {selector: {matchLabels: {app: api}}, portLevelMtls: {9091: {mode: PERMISSIVE}}}
${policy("deny-admin", `{selector: {matchLabels: {app: api}}, action: DENY, rules: [{to: [{operation: {paths: ["/admin/{**}", "/x/{*}"]}}]}, {to: [{operation: {hosts: ["api-internal"], paths: ["/new/x"]}}]}]}`)}${policy(
  "allow-web",
  `{selector: {matchLabels: {app: api}}, rules: [{from: [{source: {principals: ["cluster.local/ns/shop/sa/web"]}}], to: [{operation: {methods: [GET], hosts: ["api*"], notPaths: ["/secret"]}}], when: [{key: "request.headers[x-user]", values: ["a*"]}]}, {to: [{operation: {ports: ["9091"]}}]}, {from: [{source: {ipBlocks: ["10.0.0.0/8"], notNamespaces: [legacy]}}]}, {when: [{key: "foo.bar", values: [x]}]}, {from: [{source: {serviceAccounts: [web], trustDomains: ["cluster.*"]}}], when: [{key: "connection.sni", values: ["*8080*"]}, {key: "destination.port", notValues: ["9090"]}]}]}`,
)}${policy("dry-post", `{selector: {matchLabels: {app: api}}, action: DENY, rules: [{to: [{operation: {methods: [POST]}}]}]}`, `, annotations: {"istio.io/dry-run": "true"}`)}${policy(
  "dry-allow",
  `{selector: {matchLabels: {app: web}}, rules: [{to: [{operation: {paths: ["/a*"]}}]}]}`,
  `, annotations: {"istio.io/dry-run": "true"}`,
)}${policy("audit", `{action: AUDIT, rules: [{to: [{operation: {paths: ["/a*"]}}]}]}`)}${policy(
  "custom",
  `{selector: {matchLabels: {app: api}}, action: CUSTOM, provider: {name: ext-authz}, rules: [{to: [{operation: {paths: ["/custom"]}}]}]}`,
)}${policy("web-ns", `{selector: {matchLabels: {app: web}}, rules: [{from: [{source: {namespaces: ["shop", "leg*"]}}]}, {}]}`)}`;

const WEB: SimRequest["source"] = { kind: "workload", namespace: "shop", name: "web-v1" };
const SOURCES: SimRequest["source"][] = [
  WEB,
  WEB,
  WEB,
  WEB,
  { kind: "workload", namespace: "shop", name: "api-v2" },
  { kind: "workload", namespace: "legacy", name: "old-v1" },
  { kind: "workload", namespace: "shop", name: "nope" },
  { kind: "outside" },
  { kind: "ingress", namespace: "shop", gateway: "gw" },
  { kind: "ingress", namespace: "shop", gateway: "missing" },
];

export const richRequestArb: fc.Arbitrary<SimRequest> = fc
  .record({
    source: fc.constantFrom(...SOURCES),
    host: fc.constantFrom(
      "api",
      "api",
      "api",
      "api.shop",
      "api.shop",
      "api.shop.svc.cluster.local",
      "web",
      "web.shop",
      "old.legacy",
      "ext.example.com",
      "unknown.example.org",
      "nosuch",
      "shop.example.com",
    ),
    port: fc.constantFrom(undefined, 8080, 8080, 8080, 8080, 9090, 9090, 80, 443),
    path: fc.constantFrom(
      "/",
      "/old/x",
      "/r/abc",
      "/moved",
      "/teapot",
      "/admin/x",
      "/x/y",
      "/custom",
      "/secret",
      "/a",
      "/api/v1",
      "/abc",
    ),
    method: fc.constantFrom("GET", "POST"),
    user: fc.option(fc.constantFrom("a1", "b"), { nil: undefined }),
    debug: fc.boolean(),
    plaintext: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
  })
  .map((r): SimRequest => {
    const headers: Record<string, string> = {};
    if (r.user !== undefined) headers["x-user"] = r.user;
    if (r.debug) headers["x-debug"] = "1";
    return {
      method: r.method,
      scheme: "http",
      host: r.host,
      port: r.port,
      path: r.path,
      query: "",
      headers,
      source: r.source,
      plaintext: r.plaintext,
    };
  });
