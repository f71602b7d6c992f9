/** PeerAuthentication, AuthorizationPolicy and RequestAuthentication cases (istio `Validate*` in validation.go). */
import { resource, type CheckCase } from "./_case.ts";

const ap = (spec: string, meta?: string) => resource("AuthorizationPolicy", spec, meta);
const MESH_CONFIG = `apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |
    extensionProviders:
    - name: ext-authz
      envoyExtAuthzHttp: {service: authz.foo.svc.cluster.local, port: 8000}
`;

export const securityCases: readonly CheckCase[] = [
  {
    name: "workload mTLS with port-level modes, an ALLOW policy with conditions and a JWT rule pass",
    yaml: `${resource("PeerAuthentication", "  selector: {matchLabels: {app: reviews}}\n  mtls: {mode: STRICT}\n  portLevelMtls: {\"9080\": {mode: PERMISSIVE}}")}
---
${ap(`
  selector: {matchLabels: {app: ratings}}
  rules:
  - from: [{source: {principals: ["cluster.local/ns/bookinfo/sa/reviews"], ipBlocks: [10.0.0.0/8]}}]
    to: [{operation: {methods: [GET], paths: ["/ratings/*", "*.json", "/api/{*}/items/{**}"], ports: ["9080"]}}]
    when:
    - {key: "request.headers[x-user]", values: [jason]}
    - {key: "request.auth.claims[groups]", notValues: [guests]}
    - {key: destination.port, values: ["9080"]}
`)}
---
${resource("RequestAuthentication", "  selector: {matchLabels: {app: ratings}}\n  jwtRules:\n  - issuer: https://issuer.example.com\n    jwksUri: https://issuer.example.com/jwks\n    fromHeaders: [{name: x-jwt, prefix: \"Bearer \"}]")}`,
    expected: [],
  },
  {
    name: "PeerAuthentication: port-level mTLS without a selector, empty, and invalid ports",
    yaml: `${resource("PeerAuthentication", "  portLevelMtls: {\"9080\": {mode: DISABLE}}")}
---
${resource("PeerAuthentication", "  selector: {matchLabels: {app: a}}\n  portLevelMtls: {\"0\": {mode: DISABLE}, http: {mode: STRICT}}", "{name: y, namespace: default}")}
---
${resource("PeerAuthentication", "  selector: {matchLabels: {app: a}}\n  portLevelMtls: {}", "{name: z, namespace: default}")}`,
    expected: [
      "mesh.yaml(5,18): error MESH2120: 'portLevelMtls' requires a workload selector.",
      "mesh.yaml(12,24): error MESH2023: Port '0' is not a number in the range 1-65535.",
      "mesh.yaml(12,47): error MESH2023: Port 'http' is not a number in the range 1-65535.",
      "mesh.yaml(19,18): error MESH2031: 'portLevelMtls' must not be empty.",
    ],
  },
  {
    name: "AuthorizationPolicy: selector with targetRef, CUSTOM without provider, provider with ALLOW, DENY without rules, dry-run",
    yaml: `${ap(`
  selector: {matchLabels: {app: a}}
  targetRef: {kind: Service, name: a}
  action: CUSTOM
  rules: [{}]
`)}
---
${ap(`
  action: ALLOW
  provider: {name: ext-authz}
  rules: [{}]
`, "{name: y, namespace: default}")}
---
${ap(`
  action: DENY
`, "{name: z, namespace: default, annotations: {istio.io/dry-run: \"yes\"}}")}`,
    expected: [
      "mesh.yaml(6,14): error MESH2037: Only one of 'selector', 'targetRef' and 'targetRefs' may be set.",
      "mesh.yaml(7,11): error MESH2130: An AuthorizationPolicy with action 'CUSTOM' must set 'provider.name'.",
      "mesh.yaml(16,13): error MESH2131: 'provider' is only allowed with action 'CUSTOM', not 'ALLOW'.",
      "mesh.yaml(22,73): error MESH2140: Annotation 'istio.io/dry-run' must be 'true' or 'false', not 'yes'.",
      "mesh.yaml(24,11): error MESH2133: An AuthorizationPolicy with action 'DENY' and no 'rules' never applies.",
    ],
  },
  {
    name: "AuthorizationPolicy CUSTOM: unknown provider, unsupported sources and keys",
    yaml: `${MESH_CONFIG}---
${ap(`
  action: CUSTOM
  provider: {name: opa}
  rules:
  - from: [{source: {namespaces: [foo], ipBlocks: [1.2.3.4]}}]
    when: [{key: request.auth.principal, values: [x]}]
`)}
---
${ap(`
  action: CUSTOM
  provider: {name: ext-authz}
  rules: [{to: [{operation: {paths: [/admin]}}]}]
`, "{name: y, namespace: default}")}`,
    expected: [
      "mesh.yaml(15,20): error MESH2132: Provider 'opa' is not an extension provider in MeshConfig.",
      "mesh.yaml(17,34): error MESH2134: 'namespaces' is not supported with action 'CUSTOM'.",
      "mesh.yaml(18,18): error MESH2134: 'request.auth.principal' is not supported with action 'CUSTOM'.",
    ],
  },
  {
    name: "AuthorizationPolicy rules: empty from/to, empty sources, bad values, keys, paths, ports; DENY on HTTP only",
    yaml: ap(`
  action: DENY
  rules:
  - from: []
    to: []
  - from: [{source: {}}]
    to: [{operation: {}}]
  - from: [{source: {principals: [""], ipBlocks: [10.0.0.0/40], serviceAccounts: [ns/sa], namespaces: [foo]}}]
    to: [{operation: {ports: ["http", "70000"], paths: ["/a/{x}", "/a/{**}/{*}"], methods: [GET]}}]
    when:
    - {key: request.header, values: [x]}
    - {key: source.ip}
    - {key: source.ip, values: [nope]}
    - {key: ""}
  - to: [{operation: {paths: ["/admin"]}}]
`),
    expected: [
      "mesh.yaml(7,11): error MESH2031: 'from' must not be empty.",
      "mesh.yaml(8,9): error MESH2031: 'to' must not be empty.",
      "mesh.yaml(9,21): error MESH2031: 'from.source' must not be empty.",
      "mesh.yaml(10,22): error MESH2031: 'to.operation' must not be empty.",
      "mesh.yaml(11,21): error MESH2135: 'serviceAccounts' cannot be combined with 'namespaces' or 'principals'.",
      "mesh.yaml(11,35): error MESH2032: 'principals' must not contain an empty value.",
      "mesh.yaml(11,51): error MESH2029: '10.0.0.0/40' is not a valid IP address or CIDR block.",
      "mesh.yaml(12,31): error MESH2138: Port 'http' is not a number in the range 0-65535.",
      "mesh.yaml(12,39): error MESH2138: Port '70000' is not a number in the range 0-65535.",
      "mesh.yaml(12,57): error MESH2139: Path '/a/{x}' is not valid.",
      "mesh.yaml(12,67): error MESH2139: Path '/a/{**}/{*}' is not valid.",
      "mesh.yaml(14,13): error MESH2136: Condition key 'request.header' is not supported.",
      "mesh.yaml(15,7): error MESH2137: Condition 'source.ip' needs 'values' or 'notValues'.",
      "mesh.yaml(16,33): error MESH2029: 'nope' is not a valid IP address or CIDR block.",
      "mesh.yaml(17,13): error MESH2031: 'key' must not be empty.",
      "mesh.yaml(18,5): warning MESH2141: This DENY rule uses only HTTP attributes, so it denies all traffic to TCP ports in its scope.",
    ],
  },
  {
    name: "RequestAuthentication: issuer or jwksUri, URI form, jwks, empty locations, header names, timeout",
    yaml: resource("RequestAuthentication", `
  selector: {matchLabels: {app: a}}
  targetRefs: [{kind: Service, name: a}]
  jwtRules:
  - audiences: [""]
  - issuer: a
    jwksUri: "ftp://keys"
    jwks: "{not json"
    fromHeaders: [{name: ""}, {name: "bad header"}]
    fromParams: [""]
    outputClaimToHeaders: [{header: "x y", claim: sub}]
    timeout: 1us
`),
    expected: [
      "mesh.yaml(6,15): error MESH2037: Only one of 'selector', 'targetRef' and 'targetRefs' may be set.",
      "mesh.yaml(8,5): error MESH2150: A JWT rule needs an 'issuer' or a 'jwksUri'.",
      "mesh.yaml(8,17): error MESH2032: 'audiences' must not contain an empty value.",
      "mesh.yaml(10,14): error MESH2151: 'ftp://keys' is not a valid JWKS URI.",
      "mesh.yaml(10,14): warning MESH2152: 'jwksUri' is ignored because 'jwks' is set.",
      "mesh.yaml(11,11): error MESH2153: 'jwks' is not a valid JSON Web Key Set.",
      "mesh.yaml(12,26): error MESH2031: 'fromHeaders.name' must not be empty.",
      "mesh.yaml(12,38): error MESH2034: Header name 'bad header' is not valid.",
      "mesh.yaml(13,18): error MESH2032: 'fromParams' must not contain an empty value.",
      "mesh.yaml(14,37): error MESH2034: Header name 'x y' is not valid.",
      "mesh.yaml(15,14): error MESH2021: Duration '1us' must be at least 1ms.",
    ],
  },
];
