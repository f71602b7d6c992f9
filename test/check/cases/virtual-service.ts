/** VirtualService cases (istio `ValidateVirtualService` and friends). */
import { resource, type CheckCase } from "./_case.ts";

const vs = (spec: string) => resource("VirtualService", spec);

export const virtualServiceCases: readonly CheckCase[] = [
  {
    name: "a canary split with matches, retries, fault, CORS and mirror passes",
    yaml: vs(`
  hosts: [reviews, "*.example.com"]
  http:
  - name: jason
    match:
    - headers: {end-user: {exact: jason}}
      uri: {regex: "/reviews/[0-9]+"}
      ignoreUriCase: true
    route:
    - destination: {host: reviews, subset: v2}
    timeout: 10s
    retries: {attempts: 3, perTryTimeout: 2s, retryOn: "5xx,connect-failure,503"}
    fault: {delay: {fixedDelay: 7s, percentage: {value: 0.5}}, abort: {httpStatus: 500, percentage: {value: 10}}}
    corsPolicy: {allowOrigins: [{prefix: "https://"}], allowMethods: [GET, POST], maxAge: 24h}
    mirror: {host: reviews, subset: v3}
    mirrorPercentage: {value: 5}
  - route:
    - destination: {host: reviews, subset: v1}
      weight: 90
    - destination: {host: reviews, subset: v2}
      weight: 10
---
${resource("DestinationRule", "  host: reviews\n  subsets: [{name: v1}, {name: v2}, {name: v3}]")}`),
    expected: [],
  },
  {
    name: "a delegate VirtualService cannot have gateways, tls or tcp",
    yaml: vs(`
  gateways: [istio-system/ingress]
  tcp:
  - route: [{destination: {host: db}}]
`),
    expected: [
      "mesh.yaml(5,13): error MESH2040: A VirtualService without hosts is a delegate and cannot have 'gateways'.",
      "mesh.yaml(7,3): error MESH2040: A VirtualService without hosts is a delegate and cannot have 'tcp'.",
    ],
  },
  {
    name: "hosts: invalid names, '*' bound to the mesh, overlaps",
    yaml: vs(`
  hosts: ["foo.*.com", "*"]
  http: [{route: [{destination: {host: a}}]}]
---
${vs(`
  hosts: ["*.example.com", "api.example.com"]
  http: [{route: [{destination: {host: a}}]}]
`).replace("name: x", "name: y")}`),
    expected: [
      "mesh.yaml(5,11): error MESH2025: Host 'foo.*.com' is not a valid host name.",
      "mesh.yaml(5,24): error MESH2041: Host '*' is not allowed in a VirtualService bound to the mesh.",
      "mesh.yaml(12,28): error MESH2042: Hosts '*.example.com' and 'api.example.com' of the same VirtualService overlap.",
    ],
  },
  {
    name: "no route lists, and gateway references that are not names",
    yaml: vs(`
  hosts: [a]
  gateways: ["bad_gw", "ns/Bad"]
`),
    expected: [
      "mesh.yaml(5,3): error MESH2043: A VirtualService must have at least one of 'http', 'tcp' or 'tls'.",
      "mesh.yaml(6,14): error MESH2044: Gateway reference 'bad_gw' is not valid.",
      "mesh.yaml(6,24): error MESH2044: Gateway reference 'ns/Bad' is not valid.",
    ],
  },
  {
    name: "route actions conflict or are missing; redirect and rewrite details",
    yaml: vs(`
  hosts: [a]
  http:
  - name: nothing
  - redirect: {uri: /x, redirectCode: 200, scheme: ftp, port: 70000}
    rewrite: {uri: /y}
    route: [{destination: {host: a}}]
  - redirect: {redirectCode: 301}
  - directResponse: {status: 700}
  - route: [{destination: {host: a}}]
    rewrite: {uri: /x, uriRegexRewrite: {match: "(", rewrite: /}}
  - route: [{destination: {host: a}}]
    rewrite: {}
`),
    expected: [
      "mesh.yaml(7,5): error MESH2045: An HTTP route needs 'route', 'redirect', 'directResponse' or 'delegate'.",
      "mesh.yaml(8,15): error MESH2046: An HTTP route cannot have both 'route' and 'redirect'.",
      "mesh.yaml(8,39): error MESH2051: Redirect code 200 is not a 3xx status.",
      "mesh.yaml(8,52): error MESH2053: Redirect scheme 'ftp' must be 'http' or 'https'.",
      "mesh.yaml(8,63): error MESH2023: Port '70000' is not a number in the range 1-65535.",
      "mesh.yaml(9,14): error MESH2046: An HTTP route cannot have both 'redirect' and 'rewrite'.",
      "mesh.yaml(11,15): error MESH2052: A redirect must set 'uri', 'authority', 'scheme' or 'port'.",
      "mesh.yaml(12,30): error MESH2050: HTTP status 700 is not in the range 200-599.",
      "mesh.yaml(14,41): error MESH2055: A rewrite cannot set both 'uri' and 'uriRegexRewrite'.",
      "mesh.yaml(14,49): error MESH2026: Regular expression '(' is not valid RE2: missing closing ): `(`.",
      "mesh.yaml(16,14): error MESH2054: A rewrite must set 'uri', 'uriRegexRewrite' or 'authority'.",
    ],
  },
  {
    name: "destination weights: negative, zero total, not 100; wildcard and invalid destinations",
    yaml: vs(`
  hosts: [a]
  http:
  - route:
    - destination: {host: a}
      weight: -10
    - destination: {host: b}
      weight: 50
  - route:
    - destination: {host: a}
      weight: 0
    - destination: {host: b}
      weight: 0
  - route:
    - destination: {host: a}
      weight: 60
    - destination: {host: "*", subset: V1, port: {number: 0}}
      weight: 60
`),
    expected: [
      "mesh.yaml(8,5): warning MESH2049: The weights of the destinations add up to 40, not 100.",
      "mesh.yaml(9,15): error MESH2047: Weight -10 must not be negative.",
      "mesh.yaml(13,5): error MESH2048: The weights of the destinations add up to 0.",
      "mesh.yaml(18,5): warning MESH2049: The weights of the destinations add up to 120, not 100.",
      "mesh.yaml(20,27): error MESH2068: Destination host '*' is not allowed.",
      "mesh.yaml(20,40): error MESH2001: Subset 'V1' is not declared for service '*'.",
      "mesh.yaml(20,40): error MESH2038: Name 'V1' is not a valid DNS-1123 label.",
      "mesh.yaml(20,59): error MESH2023: Port '0' is not a number in the range 1-65535.",
    ],
  },
  {
    name: "matches: empty and invalid string matches, header names, ignoreUriCase, port, labels, sourceNamespace",
    yaml: vs(`
  hosts: [a]
  http:
  - match:
    - uri: {prefix: ""}
      headers: {"bad header": {regex: "a(b"}}
      queryParams: {q: {regex: ""}}
      ignoreUriCase: true
      port: 70000
      sourceLabels: {"-bad": x}
      gateways: ["a/b/c"]
      sourceNamespace: Bad_NS
    route: [{destination: {host: a}}]
`),
    expected: [
      "mesh.yaml(8,21): error MESH2027: The match 'uri.prefix' must not be empty.",
      "mesh.yaml(9,31): error MESH2034: Header name 'bad header' is not valid.",
      "mesh.yaml(9,39): error MESH2026: Regular expression 'a(b' is not valid RE2: missing closing ): `a(b`.",
      "mesh.yaml(10,32): error MESH2027: The match 'queryParams.q.regex' must not be empty.",
      "mesh.yaml(12,13): error MESH2023: Port '70000' is not a number in the range 1-65535.",
      "mesh.yaml(13,30): error MESH2028: Label '-bad' is not a valid Kubernetes label.",
      "mesh.yaml(14,18): error MESH2044: Gateway reference 'a/b/c' is not valid.",
      "mesh.yaml(15,24): error MESH2038: Name 'Bad_NS' is not a valid DNS-1123 label.",
    ],
  },
  {
    name: "ignoreUriCase without a uri match, and retry settings with zero attempts",
    yaml: vs(`
  hosts: [a]
  http:
  - match: [{ignoreUriCase: true, method: {exact: GET}}]
    route: [{destination: {host: a}}]
    retries: {attempts: 0, perTryTimeout: 1s}
`),
    expected: [
      "mesh.yaml(7,29): warning MESH2056: 'ignoreUriCase' has no effect without a 'uri' match.",
      "mesh.yaml(9,25): error MESH2057: Retry settings have no effect when 'attempts' is 0.",
    ],
  },
  {
    name: "policies: durations, retries, faults, CORS, mirrors",
    yaml: vs(`
  hosts: [a]
  http:
  - route: [{destination: {host: a}}]
    timeout: 10 seconds
    retries: {attempts: -1, perTryTimeout: 1.0005s, retryOn: "5xx,sometimes"}
    fault: {abort: {grpcStatus: NOPE, percentage: {value: 120}}, delay: {fixedDelay: 0s}}
    corsPolicy: {allowOrigins: [{exact: ""}], allowMethods: [FETCH], allowHeaders: ["x y"], maxAge: 1500ms}
    mirrorPercentage: {value: -1}
    mirrors: [{destination: {host: b}, percentage: {value: 101}}]
  - route: [{destination: {host: a}}]
    fault: {abort: {http2Error: x, httpStatus: 100}}
  - route: [{destination: {host: a}}]
    fault: {}
`),
    expected: [
      "mesh.yaml(8,14): error MESH2020: '10 seconds' is not a valid duration.",
      "mesh.yaml(9,25): error MESH2033: 'attempts' must not be negative.",
      "mesh.yaml(9,44): error MESH2022: Duration '1.0005s' is more precise than a millisecond.",
      "mesh.yaml(9,62): error MESH2058: 'sometimes' is not a valid retryOn policy.",
      "mesh.yaml(10,33): error MESH2060: The gRPC status 'NOPE' is not a known status code name.",
      "mesh.yaml(10,59): error MESH2024: Percentage 120 is neither 0 nor in the range 0.0001-100.",
      "mesh.yaml(10,86): error MESH2021: Duration '0s' must be at least 1ms.",
      "mesh.yaml(11,41): error MESH2027: The match 'allowOrigins.exact' must not be empty.",
      "mesh.yaml(11,62): error MESH2062: 'FETCH' is not a valid CORS method.",
      "mesh.yaml(11,85): error MESH2034: Header name 'x y' is not valid.",
      "mesh.yaml(11,101): error MESH2063: CORS 'maxAge' must be a whole number of seconds.",
      "mesh.yaml(12,31): error MESH2024: Percentage -1 is neither 0 nor in the range 0.0001-100.",
      "mesh.yaml(13,60): error MESH2024: Percentage 101 is neither 0 nor in the range 0.0001-100.",
      "mesh.yaml(15,33): error MESH2061: HTTP/2 error aborts are not supported.",
      "mesh.yaml(15,48): error MESH2050: HTTP status 100 is not in the range 200-599.",
      "mesh.yaml(17,12): error MESH2059: A fault must have an 'abort' or a 'delay'.",
    ],
  },
  {
    name: "tls and tcp routes: matches, SNI hosts, destinations, subnets",
    yaml: vs(`
  hosts: ["*.example.com"]
  tls:
  - match: []
    route: [{destination: {host: a}}]
  - match: [{sniHosts: []}, {sniHosts: [other.org, "bad..host"], destinationSubnets: [10.0.0.0/33]}]
  tcp:
  - match: [{port: 70000}]
`),
    expected: [
      "mesh.yaml(7,5): error MESH2064: A TLS route must have at least one match.",
      "mesh.yaml(9,5): error MESH2067: A TLS route must have at least one destination.",
      "mesh.yaml(9,13): error MESH2065: A TLS match must have at least one SNI host.",
      "mesh.yaml(9,41): error MESH2066: SNI host 'other.org' is not covered by any host of the VirtualService.",
      "mesh.yaml(9,52): error MESH2025: Host 'bad..host' is not a valid host name.",
      "mesh.yaml(9,87): error MESH2029: '10.0.0.0/33' is not a valid IP address or CIDR block.",
      "mesh.yaml(11,5): error MESH2067: A TCP route must have at least one destination.",
      "mesh.yaml(11,20): error MESH2023: Port '70000' is not a number in the range 1-65535.",
    ],
  },
];
