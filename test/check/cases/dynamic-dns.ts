/**
 * Istio 1.31's dynamic-DNS egress (check/validate/dynamic-dns.ts): recognised, reported as not modelled (MESH2190,
 * MESH2191) rather than read as ALLOW_ANY or rejected as an unknown value; the Sidecar CRD's outboundTrafficPolicy
 * does not take ALLOW_ANY_DYNAMIC_DNS (istio 1.31 release notes: "not supported in the Sidecar CRD"; istio's
 * integration test TestAllowAnyDynamicDNSPolicy sets it in MeshConfig for that reason).
 */
import { resource, type CheckCase } from "./_case.ts";

const meshConfig = (mode: string) =>
  `apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |
    outboundTrafficPolicy:
      mode: ${mode}
`;

export const dynamicDnsCases: readonly CheckCase[] = [
  {
    name: "MeshConfig mode ALLOW_ANY_DYNAMIC_DNS is reported as not modelled, at the mode",
    yaml: meshConfig("ALLOW_ANY_DYNAMIC_DNS"),
    expected: [
      "mesh.yaml(7,13): error MESH2190: Outbound traffic policy mode 'ALLOW_ANY_DYNAMIC_DNS' is not modelled by meshc yet.",
    ],
  },
  { name: "MeshConfig modes ALLOW_ANY and REGISTRY_ONLY pass", yaml: meshConfig("REGISTRY_ONLY"), expected: [] },
  {
    // The ServiceEntry of cluster_dfp_sidecar_test.go TestSidecarDynamicDNSClusters.
    name: "a wildcard ServiceEntry with resolution DYNAMIC_DNS is reported as not modelled",
    yaml: resource(
      "ServiceEntry",
      `  hosts: ["*.svc.cluster.local"]
  ports: [{number: 80, name: test-port, protocol: HTTP}]
  location: MESH_EXTERNAL
  resolution: DYNAMIC_DNS
`,
    ),
    expected: ["mesh.yaml(8,15): error MESH2191: ServiceEntry resolution 'DYNAMIC_DNS' is not modelled by meshc yet."],
  },
];

/** Schema cases: the Sidecar CRD's mode enum has no ALLOW_ANY_DYNAMIC_DNS. */
export const dynamicDnsSchemaCases: readonly CheckCase[] = [
  {
    // istio/api 1.31 ServiceEntry.Resolution DYNAMIC_DNS (scripts/gen-schemas/patches.ts).
    name: "a ServiceEntry's resolution DYNAMIC_DNS passes the CRD schema",
    yaml: resource(
      "ServiceEntry",
      `  hosts: ["*.svc.cluster.local"]
  ports: [{number: 80, name: http, protocol: HTTP}]
  resolution: DYNAMIC_DNS
`,
    ),
    expected: [],
  },
  {
    name: "a Sidecar's outboundTrafficPolicy mode REGISTRY_ONLY passes",
    yaml: resource("Sidecar", "  outboundTrafficPolicy: {mode: REGISTRY_ONLY}\n"),
    expected: [],
  },
  {
    name: "a Sidecar's outboundTrafficPolicy mode ALLOW_ANY_DYNAMIC_DNS is rejected (MeshConfig only)",
    yaml: resource("Sidecar", "  outboundTrafficPolicy: {mode: ALLOW_ANY_DYNAMIC_DNS}\n"),
    expected: [
      "mesh.yaml(5,33): error MESH2012: Value 'ALLOW_ANY_DYNAMIC_DNS' is not allowed for field 'spec.outboundTrafficPolicy.mode'.",
    ],
  },
];
