/** Documentation of codes 1000–1299: inputs, the mesh.ts DSL and YAML. */
import type { DocTable } from "./_types.ts";

export const loadDocs: DocTable = {
  1001: [
    "The input path does not exist or cannot be read.",
    "meshc check mesh/istio.yml",
    "meshc check mesh/istio.yaml",
    "shell",
  ],
  1002: [
    "meshc reads mesh.ts files and YAML files or directories, nothing else.",
    "meshc check mesh.json",
    "meshc check mesh.yaml",
    "shell",
  ],
  1003: [
    "A mesh.ts describes the whole mesh; YAML beside it would form a second source of truth.",
    "meshc check mesh.ts extra.yaml",
    "meshc check mesh.ts",
    "shell",
  ],
  1005: ["Every command needs a mesh to read.", "meshc check", "meshc check examples/bookinfo/mesh.ts", "shell"],
  1006: [
    "A directory input without YAML files is most likely the wrong directory.",
    "meshc check docs/",
    "meshc check manifests/",
    "shell",
  ],
  1010: [
    "Kubernetes keeps one object per kind, namespace and name; the second silently replaces the first.",
    "kind: VirtualService\nmetadata: {name: reviews, namespace: shop}\n---\nkind: VirtualService\nmetadata: {name: reviews, namespace: shop}",
    "kind: VirtualService\nmetadata: {name: reviews, namespace: shop}\n---\nkind: VirtualService\nmetadata: {name: reviews-canary, namespace: shop}",
  ],
  1011: [
    "istiod reads one MeshConfig, from the 'istio' ConfigMap in the root namespace.",
    "kind: ConfigMap\nmetadata: {name: istio, namespace: istio-system}\n---\nkind: ConfigMap\nmetadata: {name: istio, namespace: other}",
    "kind: ConfigMap\nmetadata: {name: istio, namespace: istio-system}",
  ],
  1101: [
    "mesh.ts threw while it ran, so the mesh it declares is incomplete.",
    "const port = service.ports[3].port; // undefined.port",
    "const port = service.ports[0].port;",
    "ts",
  ],
  1102: [
    "The value was made by a newer meshc than the compiler understands.",
    "routes(web, futureFeature())",
    "routes(web, { http: [...] })",
    "ts",
  ],
  1103: [
    "A destination names a port the service does not declare.",
    'route: [{ destination: reviews.port("grpc") }]',
    'route: [{ destination: reviews.port("http") }]',
    "ts",
  ],
  1104: [
    "A mesh has one MeshConfig; a second meshConfig() call would silently override parts of the first.",
    'meshConfig({ trustDomain: "a" });\nmeshConfig({ enableAutoMtls: true });',
    'meshConfig({ trustDomain: "a", enableAutoMtls: true });',
    "ts",
  ],
  1105: [
    "A mesh.ts that declares nothing usually forgot to call the DSL at top level.",
    'export function mesh() { service("web", {...}); }',
    'service("web", {...});',
    "ts",
  ],
  1201: ["The YAML does not parse.", "spec:\n  hosts: [reviews", "spec:\n  hosts: [reviews]"],
  1202: [
    "Every YAML document must be a Kubernetes object.",
    "- reviews\n- ratings",
    "apiVersion: v1\nkind: Service\nmetadata: {name: reviews}",
  ],
  1203: [
    "Kubernetes objects need apiVersion, kind and metadata.name.",
    "kind: Service\nmetadata: {name: reviews}",
    "apiVersion: v1\nkind: Service\nmetadata: {name: reviews}",
  ],
  1204: ["A top-level field has the wrong type.", "metadata: reviews", "metadata: {name: reviews}"],
  1205: [
    "The kind exists, but not in this API group or version.",
    "apiVersion: security.istio.io/v1\nkind: VirtualService",
    "apiVersion: networking.istio.io/v1\nkind: VirtualService",
  ],
  1206: [
    "meshc skips kinds it does not model, so they are not checked.",
    "apiVersion: networking.istio.io/v1alpha3\nkind: EnvoyFilter",
    "# keep EnvoyFilters out of the meshc input",
  ],
  1207: [
    "MeshConfig under data.mesh must be one YAML mapping.",
    'data:\n  mesh: "- a"',
    "data:\n  mesh: |\n    trustDomain: cluster.local",
  ],
  1208: [
    "Kubernetes parses YAML 1.1, where yes/no/on/off are booleans.",
    "labels: {enabled: yes}",
    'labels: {enabled: "yes"}',
  ],
  1301: [
    "What the typed DSL cannot say is imported verbatim, so nothing is lost; the typed form gives checked references.",
    "metadata:\n  name: reviews\n  labels: {team: a}   # the DSL's routes() writes no labels",
    "metadata:\n  name: reviews",
  ],
  1302: [
    "The typed form of the resource would not type-check (e.g. a field the DSL's types do not have), so it is kept verbatim.",
    "http:\n- route: [{destination: {host: reviews}}]\n  unknownField: 1",
    "http:\n- route: [{destination: {host: reviews}}]",
  ],
  1303: [
    "meshc import verifies that the mesh.ts it writes builds to the input's resources; a difference is a bug in import.",
    "meshc import cluster/",
    "meshc import cluster/   # after the fix",
    "shell",
  ],
  1305: [
    "Some resources have no typed call (a Pod, a DestinationRule of no declared service); they are kept as written.",
    "kind: Pod\nmetadata: {name: debug, namespace: shop}",
    "kind: Deployment   # workload() covers Deployments\nmetadata: {name: debug, namespace: shop}",
  ],
  1304: [
    "There is nothing to import when no input document is a resource meshc reads.",
    "meshc import README.md",
    "meshc import manifests/",
    "shell",
  ],
};
