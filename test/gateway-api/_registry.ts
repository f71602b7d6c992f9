/**
 * The service registry of istiod's `TestConvertResources` (pilot/pkg/config/kube/gateway/conversion_test.go), from the
 * conformance folder's `registry.yaml`, as Kubernetes manifests meshc reads: a Service and a Deployment per
 * `*.svc.<domain>` host, a ServiceEntry for any other host, plus one sidecar client (`default/client`) whose
 * outbound routes show the mesh (GAMMA) routes. Only the client has a sidecar: the backends' own proxies would add
 * nothing to compare and cost most of the run.
 */
import { load } from "js-yaml";

interface RegistryEntry {
  readonly namespace: string;
  readonly hostname: string;
  readonly ports: "ports" | "custom" | "inferencePoolPorts";
}

/** conversion_test.go `ports`, `customPorts` and `inferencePoolPorts`: the first port's endpoints listen on 8080. */
const PORTS: Readonly<Record<RegistryEntry["ports"], readonly { name: string; port: number; target: number }[]>> = {
  ports: [
    { name: "http", port: 80, target: 8080 },
    { name: "tcp", port: 34000, target: 34000 },
    { name: "tcp-other", port: 34001, target: 34001 },
  ],
  custom: [
    { name: "http", port: 80, target: 8080 },
    { name: "https", port: 443, target: 443 },
    { name: "tcp", port: 34000, target: 34000 },
    { name: "tcp-other", port: 34001, target: 34001 },
  ],
  inferencePoolPorts: [{ name: "http", port: 54321, target: 54321 }],
};

/** The registry as YAML, with the test's DNS domain `domain.suffix` replaced by meshc's `cluster.local`. */
export function registryYaml(registryText: string): string {
  const entries = (load(registryText) as { services: RegistryEntry[] }).services.filter(
    (e) => !e.hostname.startsWith("<"),
  );
  const docs = entries.map((e) => {
    const ports = PORTS[e.ports];
    const svc = /^([^.]+)\.([^.]+)\.svc\.domain\.suffix$/.exec(e.hostname);
    if (svc === null) {
      const p = ports.map(
        (x) =>
          `{name: ${x.name}, number: ${x.port}, protocol: ${x.name === "https" ? "HTTPS" : x.name.startsWith("tcp") ? "TCP" : "HTTP"}}`,
      );
      return `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: se-${e.hostname.replace(/\./g, "-")}, namespace: ${e.namespace}}
spec: {hosts: [${e.hostname}], location: MESH_INTERNAL, resolution: DNS, ports: [${p.join(", ")}]}`;
    }
    const [, name, ns] = svc;
    const gateway = name === "istio-ingressgateway";
    const labels = gateway ? `{istio: ingressgateway}` : `{app: ${name}}`;
    const p = ports.map((x) => `{name: ${x.name}, port: ${x.port}, targetPort: ${x.target}}`);
    return `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec: {selector: ${labels}, ports: [${p.join(", ")}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}}
spec: {template: {metadata: {labels: ${labels}, annotations: {sidecar.istio.io/inject: "false"}}}}`;
  });
  docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: client, namespace: default}
spec: {template: {metadata: {labels: {app: client, sidecar.istio.io/inject: "true"}}}}`);
  return docs.join("\n---\n");
}

/**
 * conversion_test.go: every namespace of the inputs exists, labelled `istio.io/test-name-part: <name up to the first
 * '-'>` (listeners' namespace selectors match on it).
 */
export function namespacesYaml(docs: readonly { object: Readonly<Record<string, unknown>> }[]): string {
  const names = new Set(
    docs.map((d) => (d.object["metadata"] as { namespace?: string } | undefined)?.namespace ?? "default"),
  );
  return [...names]
    .sort()
    .map(
      (ns) => `apiVersion: v1
kind: Namespace
metadata: {name: ${ns}, labels: {istio.io/test-name-part: ${ns.split("-")[0]}}}`,
    )
    .join("\n---\n");
}
