import { suite } from "uvu";
import * as assert from "uvu/assert";
import { memoryFileSystem } from "../../compiler/load/fs.ts";
import { loadYamlInputs } from "../../compiler/load/yaml/index.ts";
import { diagnosticLines } from "./_located.ts";

const svc = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: bookinfo\n`;

const Walk = suite("directories are walked recursively in sorted order");

Walk("files come in input order, then by sorted name at every level; only .yaml/.yml", () => {
  const files = {
    "k8s/b.yml": svc("b"),
    "k8s/a/z.yaml": svc("az"),
    "k8s/a/Y.yaml": svc("aY"),
    "k8s/notes.txt": "not yaml",
    "k8s/c.yaml.bak": svc("ignored"),
    "istio/x.yaml": svc("x"),
    "explicit.json": svc("json"),
  };
  const result = loadYamlInputs(["istio/", "k8s", "explicit.json", "k8s/b.yml"], memoryFileSystem(files));
  assert.equal(result.diagnostics, []);
  assert.equal(
    result.value.sourceFiles.map((f) => f.fileName),
    ["istio/x.yaml", "k8s/a/Y.yaml", "k8s/a/z.yaml", "k8s/b.yml", "explicit.json"],
  );
  assert.equal(
    result.value.documents.map((d) => (d.object.metadata as { name: string }).name),
    ["x", "aY", "az", "b", "json"],
  );
  assert.equal(result.value.documents[1]?.span, { file: "k8s/a/Y.yaml", start: 0, length: 71 });
});

Walk("missing inputs and directories without YAML are errors, and the other inputs still load", () => {
  const files = { "docs/readme.md": "# no yaml", "ok.yaml": svc("ok") };
  const result = loadYamlInputs(["missing.yaml", "docs", "ok.yaml"], memoryFileSystem(files));
  assert.equal(diagnosticLines(files, result.diagnostics), [
    "error MESH1001: Cannot read input 'missing.yaml': no such file or directory.",
    "error MESH1006: Directory 'docs' contains no .yaml or .yml files.",
  ]);
  assert.equal(
    result.value.sourceFiles.map((f) => f.fileName),
    ["ok.yaml"],
  );
});

Walk("an unreadable file is reported with the file system's reason", () => {
  const fs = memoryFileSystem({ "a.yaml": svc("a") });
  const denied = {
    ...fs,
    readFile(path: string): string {
      throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: "EACCES" });
    },
  };
  const result = loadYamlInputs(["a.yaml"], denied);
  assert.equal(diagnosticLines({}, result.diagnostics), [
    "error MESH1001: Cannot read input 'a.yaml': permission denied.",
  ]);
  assert.equal(result.value, { documents: [], sourceFiles: [] });
});

Walk.run();

const Errors = suite("every problem is reported at its node, and loading goes on");

const BAD: Record<string, string> = {
  "bad/1-syntax.yaml": `${svc("before")}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: x\n   bad: indent\n---\n${svc("after")}`,
  "bad/2-shape.yaml": [
    "- just\n- a list\n",
    "kind: Service\nmetadata:\n  name: no-api-version\n",
    "apiVersion: v1\nmetadata:\n  name: no-kind\n",
    "apiVersion: v1\nkind: Service\n",
    "apiVersion: v1\nkind: Service\nmetadata:\n  namespace: bookinfo\n",
    "apiVersion: v1\nkind: 42\nmetadata:\n  name: x\n",
    "apiVersion: v1\nkind: Service\nmetadata: [a]\n",
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n  namespace: {a: b}\n",
  ].join("---\n"),
  "bad/3-kinds.yaml": [
    "apiVersion: networking.istio.io/v1alpha3\nkind: EnvoyFilter\nmetadata:\n  name: f\n",
    "apiVersion: gateway.networking.k8s.io/v1\nkind: ListenerSet\nmetadata:\n  name: g\n",
    "apiVersion: security.istio.io/v1alpha3\nkind: AuthorizationPolicy\nmetadata:\n  name: p\n",
    "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: d\n",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-settings\n",
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  labels:\n    enabled: on\n",
  ].join("---\n"),
};

Errors("syntax, shape and kind problems in several files, with codes and positions", () => {
  const result = loadYamlInputs(["bad"], memoryFileSystem(BAD));
  assert.equal(diagnosticLines(BAD, result.diagnostics), [
    "bad/1-syntax.yaml(11,7): error MESH1201: Invalid YAML: bad indentation of a mapping entry.",
    "bad/2-shape.yaml(1,1): error MESH1202: A YAML document must be a Kubernetes resource (a mapping with 'apiVersion', 'kind' and 'metadata'), but this one is a sequence.",
    "bad/2-shape.yaml(4,1): error MESH1203: Resource is missing required field 'apiVersion'.",
    "bad/2-shape.yaml(8,1): error MESH1203: Resource is missing required field 'kind'.",
    "bad/2-shape.yaml(12,1): error MESH1203: Resource is missing required field 'metadata.name'.",
    "bad/2-shape.yaml(18,3): error MESH1203: Resource is missing required field 'metadata.name'.",
    "bad/2-shape.yaml(21,7): error MESH1204: Field 'kind' must be a non-empty string, but found a number.",
    "bad/2-shape.yaml(27,11): error MESH1204: Field 'metadata' must be a mapping, but found a sequence.",
    "bad/2-shape.yaml(33,14): error MESH1204: Field 'metadata.namespace' must be a non-empty string, but found a mapping.",
    "bad/3-kinds.yaml(2,7): warning MESH1206: Kind 'EnvoyFilter' of apiVersion 'networking.istio.io/v1alpha3' is not supported by meshc; the resource is skipped.",
    "bad/3-kinds.yaml(7,7): warning MESH1206: Kind 'ListenerSet' of apiVersion 'gateway.networking.k8s.io/v1' is not supported by meshc; the resource is skipped.",
    "bad/3-kinds.yaml(11,13): error MESH1205: Kind 'AuthorizationPolicy' is not served by apiVersion 'security.istio.io/v1alpha3'.",
    "bad/3-kinds.yaml(16,13): error MESH1205: Kind 'Deployment' is not served by apiVersion 'extensions/v1beta1'.",
    "bad/3-kinds.yaml(31,14): warning MESH1208: Unquoted 'on' is read as the string 'on' here but as a boolean by Kubernetes, which parses YAML 1.1.",
  ]);
  assert.equal(
    result.diagnostics.filter((d) => d.hint !== undefined).map((d) => [d.code, d.hint]),
    [
      [1205, "Use apiVersion 'security.istio.io/v1' or 'security.istio.io/v1beta1'."],
      [1205, "Use apiVersion 'apps/v1'."],
      [1208, 'Quote it ("on") to keep a string, or write true or false.'],
    ],
  );
  // The documents before the syntax error load; the one holding it and those after it do not.
  assert.equal(
    result.value.documents.map((d) => `${String(d.object.kind)}/${(d.object.metadata as { name: string }).name}`),
    ["Service/before", "Service/s"],
  );
});

Errors("a List (kubectl get -o yaml) is read item by item, with spans re-rooted at each item", () => {
  const files = {
    "list.yaml": `apiVersion: v1\nkind: List\nitems:\n- ${svc("one").replace(/\n(?=.)/g, "\n  ")}- apiVersion: v1\n  kind: Pod\n  metadata: {}\n`,
  };
  const result = loadYamlInputs(["list.yaml"], memoryFileSystem(files));
  assert.equal(diagnosticLines(files, result.diagnostics), [
    "list.yaml(11,13): error MESH1203: Resource is missing required field 'metadata.name'.",
  ]);
  const [one] = result.value.documents;
  assert.equal(one?.object, { apiVersion: "v1", kind: "Service", metadata: { name: "one", namespace: "bookinfo" } });
  assert.equal(
    diagnosticLines(files, [{ code: 0, severity: "info", message: "", span: one?.spans.get("metadata.name") }]),
    ["list.yaml(7,11): info MESH0: "],
  );
});

Errors.run();
