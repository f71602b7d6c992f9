/**
 * compiler/check/validate/kubernetes-objects.ts: what the Kubernetes API server rejects (k8s.io/apimachinery
 * `pkg/util/validation` IsDNS1123Label, IsDNS1123Subdomain, IsDNS1035Label, IsValidPortNum, IsValidPortName,
 * IsQualifiedName, IsValidLabelValue), located at the offending field, for YAML and mesh.ts inputs alike; and the
 * build-time refusals that keep every output path inside `--out` (issue 18).
 */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { main } from "../../compiler/cli/main.ts";
import { validateKubernetesObjects } from "../../compiler/check/validate/kubernetes-objects.ts";
import { kubernetesMessages } from "../../compiler/diagnostics/messages/kubernetes.ts";
import { compile } from "../../compiler/pipeline.ts";
import { loadVirtual, header, where } from "../dsl/_support.ts";
import { documents, lines, meshLines } from "./_check.ts";

const k8sLines = (text: string) => lines(text, validateKubernetesObjects(documents(text)));

const deployment = (name: string, namespace: string, extra = "") => `apiVersion: apps/v1
kind: Deployment
metadata: {name: "${name}", namespace: "${namespace}"}
spec:
  selector: {matchLabels: {app: a}}
  template:
    metadata: {labels: {app: a}}
    spec: {containers: [{name: c, image: x${extra}}]}
`;
const service = (ports: string, name = "cart") => `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {app: cart}
  ports: ${ports}
`;

const CASES: readonly { name: string; yaml: string; expected: string[] }[] = [
  {
    name: "a valid Deployment and Service",
    yaml: deployment("cart-v1", "shop") + "---\n" + service("[{name: http, port: 80}]"),
    expected: [],
  },
  {
    name: "Deployment ../../victim in namespace ..",
    yaml: deployment("../../victim", ".."),
    expected: [
      "mesh.yaml(3,18): error MESH2330: Invalid Deployment name '../../victim': a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character.",
      "mesh.yaml(3,45): error MESH2331: Invalid namespace '..': a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character.",
    ],
  },
  {
    name: "a name longer than 253 characters",
    yaml: deployment("a".repeat(254), "shop"),
    expected: [
      `mesh.yaml(3,18): error MESH2330: Invalid Deployment name '${"a".repeat(77)}...': must be no more than 253 characters.`,
    ],
  },
  {
    name: "a Service name must start with a letter (IsDNS1035Label)",
    yaml: service("[{name: http, port: 80}]", "1cart"),
    expected: [
      "mesh.yaml(3,18): error MESH2330: Invalid Service name '1cart': a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character.",
    ],
  },
  {
    name: "control characters in a name are escaped in the message",
    yaml: deployment("a\\nb", "shop"),
    expected: [
      "mesh.yaml(3,18): error MESH2330: Invalid Deployment name 'a\\nb': a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character.",
    ],
  },
  ...["1.5", "-1", "0", "65536", '"http"'].map((port) => ({
    name: `Service port ${port}`,
    yaml: service(`[{name: http, port: ${port}}]`),
    expected: [
      `mesh.yaml(6,30): error MESH2332: Invalid port number ${port.replace(/"/g, "'")} at 'spec.ports.0.port': must be an integer from 1 to 65535.`,
    ],
  })),
  {
    name: "Service port names are DNS-1123 labels, required with several ports; target port names are IANA_SVC_NAMEs",
    yaml: service("[{name: HTTP, port: 80, targetPort: web--x}, {port: 81}]"),
    expected: [
      "mesh.yaml(6,18): error MESH2333: Invalid port name 'HTTP' at 'spec.ports.0.name': a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character.",
      "mesh.yaml(6,46): error MESH2333: Invalid port name 'web--x' at 'spec.ports.0.targetPort': must not contain consecutive hyphens.",
      "mesh.yaml(6,55): error MESH2334: Port '81' of Service 'cart' has no name, which a Service with more than one port requires.",
    ],
  },
  {
    name: "container ports and their names",
    yaml: deployment("cart", "shop", ", ports: [{containerPort: 70000, name: a-very-long-port-name}]"),
    expected: [
      "mesh.yaml(8,69): error MESH2332: Invalid port number 70000 at 'spec.template.spec.containers.0.ports.0.containerPort': must be an integer from 1 to 65535.",
      "mesh.yaml(8,82): error MESH2333: Invalid port name 'a-very-long-port-name' at 'spec.template.spec.containers.0.ports.0.name': must be no more than 15 characters.",
    ],
  },
  {
    name: "label keys and values (IsQualifiedName, IsValidLabelValue)",
    yaml: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {"-bad": x, "a/b/c": x, "Example.com/x": y, ok: "not ok!"}
`,
    expected: [
      "mesh.yaml(5,20): error MESH2335: Invalid label key '-bad': name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character.",
      "mesh.yaml(5,32): error MESH2335: Invalid label key 'a/b/c': a qualified name must consist of an optional DNS subdomain prefix and '/' and a name.",
      "mesh.yaml(5,52): error MESH2335: Invalid label key 'Example.com/x': prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character.",
      "mesh.yaml(5,59): error MESH2336: Invalid value 'not ok!' for label 'ok': a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character.",
    ],
  },
  {
    name: "Istio resource names (custom resources: NameIsDNSSubdomain; Istio Gateways: a DNS-1123 label)",
    yaml: `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: "Cart_Routes", namespace: shop}
spec: {hosts: [cart]}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: "gw.example", namespace: shop}
spec: {selector: {istio: ingressgateway}, servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]}
`,
    expected: [
      "mesh.yaml(3,18): error MESH2330: Invalid VirtualService name 'Cart_Routes': a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character.",
      "mesh.yaml(8,18): error MESH2330: Invalid Gateway name 'gw.example': a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character.",
    ],
  },
  {
    name: "EndpointSlices (ValidateEndpointSlice: addressType, addresses of that type, hostname, ports)",
    yaml: `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: db-1, namespace: shop, labels: {kubernetes.io/service-name: db}}
addressType: IPv4
endpoints:
- {addresses: [10.0.0.1, 10.0.0.300], hostname: db.0}
- {addresses: []}
ports: [{name: TCP, port: 0}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: db-2, namespace: shop, labels: {kubernetes.io/service-name: db}}
endpoints: [{addresses: [10.0.0.2]}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: db-3, namespace: shop}
addressType: IPv5
endpoints: [{addresses: [10.0.0.3]}]
`,
    expected: [
      "mesh.yaml(6,26): error MESH2356: Invalid endpoint address '10.0.0.300' at 'endpoints.0.addresses.1': must be a valid IPv4 address.",
      "mesh.yaml(6,49): error MESH2357: Invalid endpoint hostname 'db.0' at 'endpoints.0.hostname': a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character.",
      "mesh.yaml(7,15): error MESH2356: Invalid endpoint address [] at 'endpoints.1.addresses': an endpoint must list from 1 to 100 addresses.",
      "mesh.yaml(8,16): error MESH2333: Invalid port name 'TCP' at 'ports.0.name': a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character.",
      "mesh.yaml(8,27): error MESH2332: Invalid port number 0 at 'ports.0.port': must be an integer from 1 to 65535.",
      "mesh.yaml(10,1): error MESH2355: EndpointSlice 'db-2': addressType (missing) is not 'IPv4', 'IPv6' or 'FQDN'.",
      "mesh.yaml(18,14): error MESH2355: EndpointSlice 'db-3': addressType 'IPv5' is not 'IPv4', 'IPv6' or 'FQDN'.",
    ],
  },
];

const Objects = suite("Kubernetes object validation (the API server's, before any webhook)");
for (const c of CASES) Objects(c.name, () => assert.equal(k8sLines(c.yaml), c.expected));

Objects("every code of the Kubernetes catalog has a case", () => {
  const covered = new Set(
    [...CASES.flatMap((c) => c.expected), ...meshLines(twin)].map((l) => Number(/ MESH(\d+):/.exec(l)?.[1])),
  );
  assert.equal(
    Object.entries(kubernetesMessages)
      .filter(([, m]) => !covered.has(m.code))
      .map(([k]) => k),
    [],
  );
});
Objects.run();

const twin = `apiVersion: v1
kind: Pod
metadata: {name: twin, namespace: shop}
spec: {containers: [{name: c, image: x}]}
---
${deployment("twin", "shop")}`;

const Paths = suite("no input writes outside --out (issue 18)");

Paths(
  "a Pod and a Deployment of the same name would share an output path: an error, the other declaration related",
  () => {
    assert.equal(meshLines(twin), [
      "mesh.yaml(1,1): error MESH2337: Workload 'shop/twin' is declared both as a Deployment and as a Pod; their Envoy configurations would be written to the same file.",
    ]);
  },
);

async function buildCli(input: string): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(["build", input, "--out", join(input, "..", "out")], {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    cwd: process.cwd(),
    color: false,
  });
  return { code, out, err };
}

Paths("build of Deployment ../../victim in namespace ..: exit 1, nothing written anywhere", async () => {
  const dir = mkdtempSync(join(tmpdir(), "meshc-victim-"));
  writeFileSync(join(dir, "victim.json"), "precious\n");
  writeFileSync(join(dir, "in.yaml"), deployment("../../victim", ".."));
  const r = await buildCli(join(dir, "in.yaml"));
  assert.is(r.code, 1, r.err);
  assert.is(r.out, "");
  assert.match(r.err, /MESH2330/);
  assert.equal(readdirSync(dir).sort(), ["in.yaml", "victim.json"]);
  assert.is(existsSync(join(dir, "out")), false);
});

Paths("the same from mesh.ts: workload('../../victim') is reported at its call", () => {
  const text = `${header}m.workload("../../victim", { namespace: m.namespace("..") });\n`;
  const loaded = loadVirtual({ "mesh.ts": text });
  const diags = validateKubernetesObjects(loaded.value.documents);
  assert.equal(
    diags.map((d) => `${where(d.span, { [d.span!.file]: text })} MESH${d.code}`),
    [
      "mesh.ts:2:1 MESH2330", // Deployment ../../victim
      "mesh.ts:2:1 MESH2331", // its namespace ..
      "mesh.ts:2:1 MESH2336", // its label app=../../victim
      "mesh.ts:2:1 MESH2336", // the same label on its pod template
      "mesh.ts:2:41 MESH2330", // Namespace .., at the namespace() call
      "mesh.ts:2:1 MESH2330", // ServiceAccount ../../victim
      "mesh.ts:2:1 MESH2331", // its namespace
    ],
  );
});

Paths("compile of the Pod/Deployment twin has no IR (build writes nothing)", () => {
  const dir = mkdtempSync(join(tmpdir(), "meshc-twin-"));
  writeFileSync(join(dir, "in.yaml"), twin);
  assert.is(compile([join(dir, "in.yaml")]).ir, undefined);
});

Paths.run();
