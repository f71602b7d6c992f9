/**
 * YAML in → IR → YAML out is the identity on every supported field: the fixture sets every field of every Istio kind
 * meshc supports, and bookinfo-yaml is a real mesh. Documents are compared as parsed data (key order aside), after
 * the whole loop: load, lower, emit, serialize, parse back.
 */
import { loadAll } from "js-yaml";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { emitIstio } from "../../compiler/emit/istio/index.ts";
import { lowerDocuments } from "../../compiler/ir/lower.ts";
import { nodeFileSystem } from "../../compiler/load/fs.ts";
import { loadYamlInputs } from "../../compiler/load/yaml/index.ts";
import { toYamlStream } from "../../compiler/serialize/yaml.ts";

const ISTIO_KINDS = new Set([
  "VirtualService",
  "DestinationRule",
  "Gateway",
  "ServiceEntry",
  "Sidecar",
  "PeerAuthentication",
  "AuthorizationPolicy",
  "RequestAuthentication",
]);

type Obj = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: object; annotations?: object };
  spec: unknown;
};
const key = (o: Obj) => `${o.kind}/${o.metadata.namespace ?? "default"}/${o.metadata.name}`;

function roundTrip(inputs: string[]): { before: Map<string, Obj>; after: Map<string, Obj> } {
  const loaded = loadYamlInputs(inputs, nodeFileSystem);
  assert.equal(
    loaded.diagnostics.filter((d) => d.severity === "error"),
    [],
  );
  const lowered = lowerDocuments(loaded.value.documents);
  const yaml = toYamlStream(emitIstio(lowered.value), "# round trip");
  const after = new Map((loadAll(yaml) as Obj[]).map((o) => [key(o), o]));
  const before = new Map(
    loaded.value.documents
      .map((d) => d.object as unknown as Obj)
      .filter((o) => ISTIO_KINDS.has(o.kind))
      .map((o) => {
        const { name, namespace = "default", labels, annotations } = o.metadata;
        const metadata = { name, namespace, ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) };
        return [key(o), { apiVersion: o.apiVersion, kind: o.kind, metadata, spec: o.spec ?? {} }] as const;
      }),
  );
  return { before, after };
}

const RoundTrip = suite("YAML → IR → YAML round trip");

for (const input of ["test/emit/fixtures/all-fields.yaml", "examples/bookinfo-yaml"]) {
  RoundTrip(`${input} comes back unchanged`, () => {
    const { before, after } = roundTrip([input]);
    assert.equal([...after.keys()].sort(), [...before.keys()].sort());
    for (const [k, original] of before) assert.equal(after.get(k), original, k);
  });
}

RoundTrip("the fixture really sets every kind", () => {
  const kinds = new Set(
    (loadAll(nodeFileSystem.readFile("test/emit/fixtures/all-fields.yaml")) as Obj[]).map((o) => o.kind),
  );
  assert.equal([...kinds].sort(), [...ISTIO_KINDS].sort());
});

RoundTrip.run();
