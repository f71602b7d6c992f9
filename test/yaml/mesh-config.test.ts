import { suite } from "uvu";
import * as assert from "uvu/assert";
import { memoryFileSystem } from "../../compiler/load/fs.ts";
import { loadYamlInputs, parseMeshConfig } from "../../compiler/load/yaml/index.ts";
import { diagnosticLines, located } from "./_located.ts";

const configMap = (mesh: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio\n  namespace: istio-system\ndata:\n  mesh: ${mesh}\n`;

function meshOf(files: Record<string, string>) {
  const loaded = loadYamlInputs(Object.keys(files), memoryFileSystem(files));
  assert.equal(loaded.diagnostics, []);
  const [doc] = loaded.value.documents;
  if (doc === undefined) throw new Error("no document");
  return { doc, mesh: parseMeshConfig(doc) };
}

const Mesh = suite("MeshConfig from the istio ConfigMap's data.mesh");

Mesh("a literal block scalar is parsed with positions inside the outer file", () => {
  const files = {
    "mesh.yaml": configMap(
      "|\n    trustDomain: example.org\n\n    outboundTrafficPolicy:\n      mode: REGISTRY_ONLY\n",
    ),
  };
  const { doc, mesh } = meshOf(files);
  assert.is(
    doc.object.data && (doc.object.data as { mesh: unknown }).mesh,
    "trustDomain: example.org\n\noutboundTrafficPolicy:\n  mode: REGISTRY_ONLY\n",
  );
  assert.equal(mesh.diagnostics, []);
  assert.equal(mesh.value.value, { trustDomain: "example.org", outboundTrafficPolicy: { mode: "REGISTRY_ONLY" } });
  assert.equal(
    [...mesh.value.spans].map(([path, span]) => `${path}: ${located(files, span)}`),
    [
      `trustDomain#key: mesh.yaml(8,5) "trustDomain"`,
      `trustDomain: mesh.yaml(8,18) "example.org"`,
      `outboundTrafficPolicy#key: mesh.yaml(10,5) "outboundTrafficPolicy"`,
      `outboundTrafficPolicy: mesh.yaml(11,7) "mode: REGISTRY_ONLY"`,
      `outboundTrafficPolicy.mode#key: mesh.yaml(11,7) "mode"`,
      `outboundTrafficPolicy.mode: mesh.yaml(11,13) "REGISTRY_ONLY"`,
    ],
  );
});

Mesh("other forms of the string map every position to the data.mesh node", () => {
  const files = { "mesh.yaml": configMap(`"trustDomain: example.org"`) };
  const { mesh } = meshOf(files);
  assert.equal(mesh.value.value, { trustDomain: "example.org" });
  assert.equal(located(files, mesh.value.spans.get("trustDomain")), `mesh.yaml(7,9) "\\"trustDomain: example.org\\""`);
});

Mesh("errors inside the string are reported at their line in the file", () => {
  const files = {
    "a.yaml": configMap("|\n    trustDomain: [unclosed\n"),
    "b.yaml": configMap("|\n    - a list\n"),
    "c.yaml": configMap("42"),
    "d.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio\n",
  };
  const results = Object.keys(files).map((name) => meshOf({ [name]: files[name as keyof typeof files] }).mesh);
  assert.equal(
    results.map((r) => diagnosticLines(files, r.diagnostics)),
    [
      ["a.yaml(8,27): error MESH1201: Invalid YAML: unexpected end of the stream within a flow collection."],
      ["b.yaml(7,9): error MESH1207: The MeshConfig in 'data.mesh' must be one YAML mapping, but it is a sequence."],
      ["c.yaml(7,9): error MESH1204: Field 'data.mesh' must be a string of MeshConfig YAML, but found a number."],
      [],
    ],
  );
  assert.equal(
    results.map((r) => r.value.value),
    [{}, {}, {}, {}],
  );
});

Mesh.run();
