/** Documentation of codes 2200–2999: semantic analysis. */
import type { DocTable } from "./_types.ts";

export const analyzeDocs: DocTable = {
  2200: [
    "Istio has no cluster for a port the service lacks, so the route fails.",
    "route:\n- destination: {host: reviews, port: {number: 8080}}",
    "route:\n- destination: {host: reviews, port: {number: 9080}}",
  ],
  2201: [
    "With several ports Istio cannot pick one, so the destination must name it.",
    "route:\n- destination: {host: reviews}  # ports 9080 and 9090",
    "route:\n- destination: {host: reviews, port: {number: 9080}}",
  ],
  2202: [
    "A misspelt gateway binds the VirtualService to nothing.",
    "gateways: [edge/pubic]",
    "gateways: [edge/public]",
  ],
  2203: [
    "A gateway only uses VirtualServices for hosts its servers serve.",
    "# Gateway edge/public serves shop.example.com\nhosts: [api.example.com]\ngateways: [public]",
    "hosts: [shop.example.com]\ngateways: [public]",
  ],
  2204: [
    "istiod merges mesh VirtualServices for one host in no defined order.",
    "# VirtualService ratings and ratings-canary\nhosts: [ratings]",
    "# one VirtualService for ratings, with both sets of rules\nhosts: [ratings]",
  ],
  2205: [
    "On a gateway the later VirtualService's rules come after the earlier one's and may never match.",
    "# VirtualService web and web-beta, both on gateway public\nhosts: [shop.example.com]",
    "# one VirtualService for shop.example.com, beta rule first\nhosts: [shop.example.com]",
  ],
  2206: [
    "Claims are only known after a RequestAuthentication validated the JWT.",
    'match:\n- headers: {"@request.auth.claims.group": {exact: beta}}',
    "# plus, for the gateway workloads:\nkind: RequestAuthentication\nspec:\n  selector: {matchLabels: {istio: ingressgateway}}\n  jwtRules: [{issuer: https://auth.example.com}]",
  ],
  2207: [
    "A DestinationRule for a host nobody serves is dead configuration, often a typo.",
    "host: ratngs",
    "host: ratings",
  ],
  2208: [
    "A subset whose labels match no pod has no endpoints: 503 UH.",
    "subsets:\n- name: v3\n  labels: {version: v3}  # no v3 deployed",
    "subsets:\n- name: v2\n  labels: {version: v2}",
  ],
  2209: [
    "Declaring subsets routes nothing; without a route naming them, traffic goes to every version.",
    "# DestinationRule reviews declares v1 and v2; no VirtualService names a subset",
    "kind: VirtualService\nspec:\n  hosts: [reviews]\n  http:\n  - route: [{destination: {host: reviews, subset: v1}}]",
  ],
  2220: [
    "A rule without 'match' takes every request; rules after it never run.",
    "http:\n- name: default\n  route: [...]\n- name: admin\n  match: [{uri: {prefix: /admin}}]",
    "http:\n- name: admin\n  match: [{uri: {prefix: /admin}}]\n- name: default\n  route: [...]",
  ],
  2221: [
    "Every request the rule matches is taken by earlier rules.",
    "- match: [{uri: {prefix: /api}}]\n- match: [{uri: {prefix: /api/v2}}]",
    "- match: [{uri: {prefix: /api/v2}}]\n- match: [{uri: {prefix: /api}}]",
  ],
  2222: [
    "A match identical to an earlier one can never be the first to match.",
    'match:\n- headers: {x-beta: {exact: "1"}}\n- headers: {x-beta: {exact: "1"}}',
    'match:\n- headers: {x-beta: {exact: "1"}}',
  ],
  2223: [
    "An earlier, broader match (prefix, regex, fewer conditions) takes the requests first.",
    '- match: [{uri: {prefix: /api/v1/product}}]\n- match: [{uri: {regex: "/api/v1/products/[0-9]+"}}]',
    '- match: [{uri: {regex: "/api/v1/products/[0-9]+"}}]\n- match: [{uri: {prefix: /api/v1/product}}]',
  ],
  2224: [
    "Istio turns off retries and timeouts on routes with a client-side fault (istio/istio#20928).",
    "fault: {abort: {httpStatus: 503, percentage: {value: 50}}}\nretries: {attempts: 3}",
    "fault: {abort: {httpStatus: 503, percentage: {value: 50}}}",
  ],
  2225: [
    "The route timeout covers all tries; tries that cannot fit never complete.",
    "timeout: 2s\nretries: {attempts: 3, perTryTimeout: 1s}",
    "timeout: 4s\nretries: {attempts: 3, perTryTimeout: 1s}",
  ],
  2226: [
    "Mirroring to the route's own destination doubles its load and tests nothing.",
    "route: [{destination: {host: checkout}}]\nmirror: {host: checkout}",
    "route: [{destination: {host: checkout, subset: v1}}]\nmirror: {host: checkout, subset: v2}",
  ],
  2240: [
    "Rules are ORed: a rule with only 'to' allows those operations from anyone (istio/istio#24665).",
    "rules:\n- from: [{source: {principals: [cluster.local/ns/shop/sa/web]}}]\n- to: [{operation: {methods: [POST]}}]",
    "rules:\n- from: [{source: {principals: [cluster.local/ns/shop/sa/web]}}]\n  to: [{operation: {methods: [POST]}}]",
  ],
  2241: [
    "Identities come from the mTLS certificate; plaintext requests have none.",
    "# namespace shop: no STRICT PeerAuthentication\naction: DENY\nrules:\n- from: [{source: {namespaces: [legacy]}}]",
    "kind: PeerAuthentication\nmetadata: {name: default, namespace: shop}\nspec: {mtls: {mode: STRICT}}",
  ],
  2242: [
    "'not these identities' is true for a plaintext request, which has none.",
    "action: ALLOW\nrules:\n- from: [{source: {notNamespaces: [legacy]}}]",
    "action: ALLOW\nrules:\n- from: [{source: {namespaces: [shop, web]}}]",
  ],
  2243: [
    "The TCP filter cannot see HTTP fields: ALLOW rules are dropped, DENY rules widened.",
    "# orders also serves tcp-db on 5432\nrules:\n- to: [{operation: {methods: [GET]}}]",
    'rules:\n- to: [{operation: {methods: [GET], ports: ["8080"]}}]',
  ],
  2244: [
    "An ALLOW policy without rules matches nothing, so everything is denied.",
    "spec:\n  selector: {matchLabels: {app: orders}}\n  action: ALLOW",
    "spec:\n  selector: {matchLabels: {app: orders}}\n  action: ALLOW\n  rules:\n  - from: [{source: {principals: [cluster.local/ns/shop/sa/web]}}]",
  ],
  2245: [
    "Exact paths miss '/admin/' and sub-paths.",
    "action: DENY\nrules:\n- to: [{operation: {paths: [/admin]}}]",
    "action: DENY\nrules:\n- to: [{operation: {paths: [/admin, /admin/*]}}]",
  ],
  2246: [
    "Authorization hosts compare the whole Host header, port included.",
    "to: [{operation: {hosts: [internal.shop]}}]",
    'to: [{operation: {hosts: [internal.shop, "internal.shop:*"]}}]',
  ],
  2247: [
    "A plaintext client cannot talk to a STRICT server: the connection is reset.",
    "trafficPolicy:\n  tls: {mode: DISABLE}",
    "trafficPolicy:\n  tls: {mode: ISTIO_MUTUAL}",
  ],
  2248: [
    "A policy that selects nothing protects nothing, often a label typo.",
    "selector: {matchLabels: {app: order}}",
    "selector: {matchLabels: {app: orders}}",
  ],
  2249: [
    "TLS without a CA does not check who answers.",
    "tls: {mode: SIMPLE}",
    "tls: {mode: SIMPLE, caCertificates: /etc/certs/ca.pem}",
  ],
  2250: [
    "With two namespace-wide Sidecars, which one applies is undefined.",
    "# Sidecar default and egress-lockdown in shop, neither with a workloadSelector",
    "# one Sidecar without workloadSelector in shop; the other with\nworkloadSelector: {labels: {app: web}}",
  ],
  2270: [
    "Without a protocol Istio sniffs, and HTTP routing and policies may not apply.",
    "ports:\n- {name: web, port: 80}",
    "ports:\n- {name: http-web, port: 80}",
  ],
};
