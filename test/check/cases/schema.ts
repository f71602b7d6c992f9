/** Structural schema cases (Istio's CRD OpenAPI schemas). */
import { resource, type CheckCase } from "./_case.ts";

export const schemaCases: readonly CheckCase[] = [
  {
    name: "every kind, in v1, v1beta1 and v1alpha3, with fields newer than the packaged 1.18 schema, passes",
    yaml: [
      resource("VirtualService", "  hosts: [a]\n  http:\n  - route: [{destination: {host: a}, weight: 100}]\n    mirrors: [{destination: {host: b}, percentage: {value: 5}}]\n    retries: {attempts: 2, backoff: 25ms}"),
      resource("DestinationRule", "  host: a\n  trafficPolicy: {tls: {mode: SIMPLE, caCrl: /crl.pem}, connectionPool: {tcp: {idleTimeout: 1h}}}").replace("networking.istio.io/v1", "networking.istio.io/v1alpha3"),
      resource("Gateway", "  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ['*']}]").replace("networking.istio.io/v1", "networking.istio.io/v1beta1"),
      resource("ServiceEntry", "  hosts: [a.com]\n  ports: [{number: 443, name: https, protocol: TLS}]\n  resolution: DNS"),
      resource("Sidecar", "  egress: [{hosts: ['./*']}]"),
      resource("PeerAuthentication", "  mtls: {mode: STRICT}"),
      resource("AuthorizationPolicy", "  targetRefs: [{kind: Service, name: a}]\n  rules: [{from: [{source: {serviceAccounts: [ns/sa]}}]}]"),
      resource("RequestAuthentication", "  jwtRules: [{issuer: a, fromCookies: [session], timeout: 5s}]"),
    ].join("\n---\n"),
    expected: [],
  },
  {
    name: "unknown fields, wrong types, values outside an enum, missing required fields",
    yaml: `${resource("VirtualService", `
  hosts: [reviews]
  http:
  - rout: []
    route:
    - destination: {host: reviews}
      weight: "90"
    - destination: {subset: v1}
`, "{name: x, namespace: default, labels: {version: 2}}")}
---
${resource("DestinationRule", `
  host: reviews
  trafficPolicy:
    tls: {mode: STRICT}
    loadBalancer: {simple: FASTEST}
  subsets:
  - labels: {version: v1}
`, "{name: y, namespace: default}")}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: z, namespace: default}
specs: {}`,
    expected: [
      "mesh.yaml(3,59): error MESH2011: Field 'metadata.labels.version' must be a string, but is an integer.",
      "mesh.yaml(7,11): error MESH2010: Unknown field 'spec.http.0.rout'.",
      "mesh.yaml(10,15): error MESH2011: Field 'spec.http.0.route.0.weight' must be an integer, but is a string.",
      "mesh.yaml(11,20): error MESH2013: Missing required field 'host' in 'spec.http.0.route.1.destination'.",
      "mesh.yaml(20,17): error MESH2012: Value 'STRICT' is not allowed for field 'spec.trafficPolicy.tls.mode'.",
      "mesh.yaml(21,28): error MESH2012: Value 'FASTEST' is not allowed for field 'spec.trafficPolicy.loadBalancer.simple'.",
      "mesh.yaml(23,5): error MESH2013: Missing required field 'name' in 'spec.subsets.0'.",
      "mesh.yaml(29,8): error MESH2010: Unknown field 'specs'.",
    ],
  },
  {
    name: "conflicting oneof fields and other schema keywords",
    yaml: resource("VirtualService", `
  hosts: [a]
  http:
  - match:
    - uri: {exact: /a, prefix: /b}
    route: [{destination: {host: a}}]
    fault: {abort: {httpStatus: 500, grpcStatus: UNAVAILABLE}}
---
${resource("ServiceEntry", "  hosts: [a.com]\n  ports: [{number: -80, name: http}]").replace("name: x", "name: y")}`),
    expected: [
      "mesh.yaml(8,12): error MESH2014: Only one of the fields 'exact', 'prefix', 'regex' may be set in 'spec.http.0.match.0.uri'.",
      "mesh.yaml(10,20): error MESH2014: Only one of the fields 'httpStatus', 'grpcStatus', 'http2Error' may be set in 'spec.http.0.fault.abort'.",
      "mesh.yaml(17,20): error MESH2015: Field 'spec.ports.0.number' is invalid: must be >= 0.",
    ],
  },
];
