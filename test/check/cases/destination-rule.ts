/** DestinationRule cases (istio `ValidateDestinationRule`). */
import { resource, type CheckCase } from "./_case.ts";

const dr = (spec: string) => resource("DestinationRule", spec);

export const destinationRuleCases: readonly CheckCase[] = [
  {
    name: "subsets with a traffic policy, port-level settings and credentialName TLS pass",
    yaml: dr(`
  host: reviews.bookinfo.svc.cluster.local
  trafficPolicy:
    connectionPool: {tcp: {maxConnections: 100, connectTimeout: 30ms}, http: {http1MaxPendingRequests: 10, idleTimeout: 1h}}
    outlierDetection: {consecutive5xxErrors: 7, interval: 5m, baseEjectionTime: 15m, maxEjectionPercent: 50}
    loadBalancer: {consistentHash: {httpCookie: {name: user, ttl: 0.5s}}}
    tls: {mode: MUTUAL, credentialName: client-cert}
    portLevelSettings:
    - port: {number: 9080}
      loadBalancer: {simple: LEAST_REQUEST}
  subsets:
  - name: v1
    labels: {version: v1}
  - name: v2
    labels: {version: v2}
    trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}
  workloadSelector: {matchLabels: {app: productpage}}
`),
    expected: [],
  },
  {
    name: "a missing host, an invalid host",
    yaml: `${dr(`
  subsets: [{name: v1}]
`)}
---
${dr(`
  host: "reviews..local"
`).replace("name: x", "name: y")}`,
    expected: [
      "mesh.yaml(5,3): error MESH2080: A DestinationRule must have a 'host'.",
      "mesh.yaml(12,9): error MESH2025: Host 'reviews..local' is not a valid host name.",
    ],
  },
  {
    name: "subsets: invalid and duplicate names, invalid labels",
    yaml: dr(`
  host: reviews
  subsets:
  - name: V1
  - name: v2
    labels: {"version/": v2}
  - name: v2
    labels: {version: "-v2"}
`),
    expected: [
      "mesh.yaml(7,11): error MESH2038: Name 'V1' is not a valid DNS-1123 label.",
      "mesh.yaml(9,26): error MESH2028: Label 'version/' is not a valid Kubernetes label.",
      "mesh.yaml(10,11): error MESH2030: Duplicate subset 'v2'.",
      "mesh.yaml(11,23): error MESH2028: Label 'version=-v2' is not a valid Kubernetes label.",
    ],
  },
  {
    name: "traffic policy ranges, durations and consistent hash keys",
    yaml: dr(`
  host: reviews
  trafficPolicy:
    connectionPool: {tcp: {maxConnections: -1, connectTimeout: 0ms}, http: {maxRetries: -3}}
    outlierDetection: {consecutive5xxErrors: -1, interval: 5x, maxEjectionPercent: 150}
    loadBalancer: {consistentHash: {httpHeaderName: x-user, useSourceIp: true}}
  subsets:
  - name: v1
    trafficPolicy: {loadBalancer: {consistentHash: {}}}
`),
    expected: [
      "mesh.yaml(7,44): error MESH2033: 'maxConnections' must not be negative.",
      "mesh.yaml(7,64): error MESH2021: Duration '0ms' must be at least 1ms.",
      "mesh.yaml(7,89): error MESH2033: 'maxRetries' must not be negative.",
      "mesh.yaml(8,46): error MESH2033: 'consecutive5xxErrors' must not be negative.",
      "mesh.yaml(8,60): error MESH2020: '5x' is not a valid duration.",
      "mesh.yaml(8,84): error MESH2024: Percentage 150 is neither 0 nor in the range 0.0001-100.",
      "mesh.yaml(9,36): error MESH2081: 'consistentHash' must set exactly one hash key.",
      "mesh.yaml(12,52): error MESH2081: 'consistentHash' must set exactly one hash key.",
    ],
  },
  {
    name: "TLS: MUTUAL without certificates, ISTIO_MUTUAL with certificates",
    yaml: dr(`
  host: reviews
  trafficPolicy:
    tls: {mode: MUTUAL, caCertificates: /etc/ca.pem}
    portLevelSettings:
    - port: {number: 9080}
      tls: {mode: ISTIO_MUTUAL, clientCertificate: /etc/cert.pem}
`),
    expected: [
      "mesh.yaml(7,17): error MESH2082: TLS mode 'MUTUAL' requires 'clientCertificate'.",
      "mesh.yaml(7,17): error MESH2082: TLS mode 'MUTUAL' requires 'privateKey'.",
      "mesh.yaml(10,52): error MESH2083: TLS mode 'ISTIO_MUTUAL' cannot set 'clientCertificate'.",
    ],
  },
  {
    name: "port-level settings: missing, invalid and duplicate ports, empty settings; wildcard selector",
    yaml: dr(`
  host: reviews
  trafficPolicy:
    portLevelSettings:
    - loadBalancer: {simple: RANDOM}
    - port: {number: 0}
      loadBalancer: {simple: RANDOM}
    - port: {number: 9080}
      loadBalancer: {simple: RANDOM}
    - port: {number: 9080}
  workloadSelector: {matchLabels: {app: "*"}}
`),
    expected: [
      "mesh.yaml(8,7): error MESH2084: A port-level setting must name its 'port'.",
      "mesh.yaml(9,22): error MESH2023: Port '0' is not a number in the range 1-65535.",
      "mesh.yaml(13,7): error MESH2085: A port-level setting must set at least one policy.",
      "mesh.yaml(13,22): error MESH2030: Duplicate port-level setting for port '9080'.",
      "mesh.yaml(14,41): error MESH2028: Label 'app=*' is not a valid Kubernetes label.",
      "mesh.yaml(14,41): error MESH2036: Selector label 'app=*' cannot contain a wildcard.",
    ],
  },
  {
    name: "a workload selector without labels is a warning",
    yaml: dr(`
  host: reviews
  workloadSelector: {matchLabels: {}}
`),
    expected: [
      "mesh.yaml(6,21): warning MESH2035: A workload selector without labels selects every workload in the namespace.",
    ],
  },
];
