/** Gateway and ServiceEntry cases (istio `ValidateGateway`, `ValidateServiceEntry`). */
import { resource, type CheckCase } from "./_case.ts";

const gw = (spec: string) => resource("Gateway", spec);
const se = (spec: string) => resource("ServiceEntry", spec);

export const gatewayServiceEntryCases: readonly CheckCase[] = [
  {
    name: "an HTTPS gateway with a credential and an HTTP redirect server passes",
    yaml: gw(`
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["bookinfo/*.example.com"]
    tls: {mode: SIMPLE, credentialName: example-cert}
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
    tls: {httpsRedirect: true}
`),
    expected: [],
  },
  {
    name: "servers: none, no hosts, invalid hosts, protocol, port, name, TLS by protocol and mode",
    yaml: `${gw(`
  servers: []
`)}
---
${gw(`
  servers:
  - port: {number: 70000, name: "", protocol: SCTP}
    hosts: []
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["a/b/c", "Bad_NS/x.com"]
  - port: {number: 8443, name: https, protocol: TLS}
    hosts: ["*"]
    tls: {mode: MUTUAL, serverCertificate: /c.pem}
  - port: {number: 9000, name: tcp, protocol: TCP}
    hosts: ["*"]
    tls: {mode: ISTIO_MUTUAL, privateKey: /k.pem}
`).replace("name: x", "name: y")}`,
    expected: [
      "mesh.yaml(5,3): error MESH2090: A Gateway must have at least one server.",
      "mesh.yaml(13,5): error MESH2091: A server must have at least one host.",
      "mesh.yaml(13,11): error MESH2094: A server port must have a 'name'.",
      "mesh.yaml(13,20): error MESH2023: Port '70000' is not a number in the range 1-65535.",
      "mesh.yaml(13,47): error MESH2093: Protocol 'SCTP' is not supported.",
      "mesh.yaml(15,48): error MESH2095: A server with protocol 'HTTPS' must have TLS settings.",
      "mesh.yaml(16,13): error MESH2092: Server host 'a/b/c' is not valid.",
      "mesh.yaml(16,22): error MESH2092: Server host 'Bad_NS/x.com' is not valid.",
      "mesh.yaml(17,32): error MESH2030: Duplicate server port name 'https'.",
      "mesh.yaml(19,17): error MESH2082: TLS mode 'MUTUAL' requires 'caCertificates'.",
      "mesh.yaml(19,17): error MESH2082: TLS mode 'MUTUAL' requires 'privateKey'.",
      "mesh.yaml(22,10): error MESH2096: A server with protocol 'TCP' cannot have TLS settings.",
      "mesh.yaml(22,43): error MESH2083: TLS mode 'ISTIO_MUTUAL' cannot set 'privateKey'.",
    ],
  },
  {
    name: "a DNS ServiceEntry with endpoints and a STATIC one with addresses pass",
    yaml: `${se(`
  hosts: [api.example.com]
  ports: [{number: 443, name: https, protocol: TLS}]
  location: MESH_EXTERNAL
  resolution: DNS
  endpoints: [{address: eu.api.example.com, ports: {https: 8443}}]
`)}
---
${se(`
  hosts: [db.internal]
  addresses: [10.1.0.0/16]
  ports: [{number: 5432, name: tcp-pg, protocol: TCP}]
  resolution: STATIC
  endpoints: [{address: 10.1.2.3, labels: {app: db}}]
`).replace("name: x", "name: y")}`,
    expected: [],
  },
  {
    name: "ServiceEntry hosts, addresses, ports and resolution rules",
    yaml: `${se(`
  hosts: []
  resolution: NONE
  endpoints: [{address: 1.2.3.4}]
`)}
---
${se(`
  hosts: ["*", "*.example.com", "*foo.com", a.example.com]
  addresses: [10.0.0.0/8, not-an-ip]
  ports:
  - {number: 80, name: http, protocol: HTTP}
  - {number: 80, name: http, protocol: BOGUS}
  - {number: 0, name: Bad_Name, protocol: TCP}
  resolution: DNS
`).replace("name: x", "name: y")}
---
${se(`
  hosts: [svc.internal]
  ports: [{number: 80, name: http}]
  resolution: STATIC
  workloadSelector: {labels: {app: x}}
  endpoints: [{address: not-an-ip, ports: {grpc: 9000}}]
`).replace("name: x", "name: z")}
---
${se(`
  hosts: [svc.internal]
  ports: [{number: 80, name: http, protocol: HTTP}]
  resolution: STATIC
`).replace("name: x", "name: w")}
---
${se(`
  hosts: [api.example.com]
  ports: [{number: 80, name: http, protocol: HTTP}]
  resolution: DNS_ROUND_ROBIN
  endpoints: [{address: a.example.com}, {address: "b..com"}]
`).replace("name: x", "name: v")}`,
    expected: [
      "mesh.yaml(5,3): error MESH2100: A ServiceEntry must have at least one host.",
      "mesh.yaml(7,14): error MESH2104: Endpoints are not allowed with resolution 'NONE'.",
      "mesh.yaml(14,11): error MESH2101: Host '*' is not allowed in a ServiceEntry.",
      "mesh.yaml(14,16): error MESH2105: Host '*.example.com' must be fully qualified when resolution 'DNS' has no endpoints.",
      "mesh.yaml(14,33): error MESH2105: Host '*foo.com' must be fully qualified when resolution 'DNS' has no endpoints.",
      "mesh.yaml(14,33): warning MESH2111: Host '*foo.com' uses a partial wildcard, which Istio treats as a full '*' label.",
      "mesh.yaml(15,15): error MESH2103: CIDR addresses require resolution 'NONE' or 'STATIC'.",
      "mesh.yaml(15,27): error MESH2029: 'not-an-ip' is not a valid IP address or CIDR block.",
      "mesh.yaml(18,5): error MESH2109: A ServiceEntry with several hosts cannot have the non-HTTP, non-TLS port '80'.",
      "mesh.yaml(18,14): error MESH2030: Duplicate port '80'.",
      "mesh.yaml(18,24): error MESH2030: Duplicate port name 'http'.",
      "mesh.yaml(18,40): error MESH2093: Protocol 'BOGUS' is not supported.",
      "mesh.yaml(19,5): error MESH2109: A ServiceEntry with several hosts cannot have the non-HTTP, non-TLS port '0'.",
      "mesh.yaml(19,14): error MESH2023: Port '0' is not a number in the range 1-65535.",
      "mesh.yaml(19,23): error MESH2038: Name 'Bad_Name' is not a valid DNS-1123 label.",
      "mesh.yaml(30,21): error MESH2102: A ServiceEntry cannot set both 'workloadSelector' and 'endpoints'.",
      "mesh.yaml(31,25): error MESH2107: Endpoint address 'not-an-ip' is not a valid IP address.",
      "mesh.yaml(31,50): error MESH2108: Endpoint port 'grpc' is not declared in the ServiceEntry's 'ports'.",
      "mesh.yaml(40,15): warning MESH2110: A ServiceEntry with resolution 'STATIC' has neither 'endpoints' nor a 'workloadSelector'.",
      "mesh.yaml(50,14): error MESH2106: Resolution 'DNS_ROUND_ROBIN' allows at most one endpoint.",
      "mesh.yaml(50,51): error MESH2107: Endpoint address 'b..com' is not a valid IP address or host name.",
    ],
  },
];
