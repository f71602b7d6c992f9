import { test } from "uvu";
import * as assert from "uvu/assert";
import { docById, header, loadVirtual, textOf, where } from "./_support.ts";

const mesh = `${header}m.raw({
  apiVersion: "networking.istio.io/v1",
  kind: "VirtualService",
  metadata: { name: "legacy", namespace: "shop", labels: { team: "a" } },
  spec: { hosts: ["legacy"], http: [{ route: [{ destination: { host: "legacy" } }] }] },
});
`;

test("raw() lowers the resource verbatim, with spans into the call's argument", () => {
  const loaded = loadVirtual({ "mesh.ts": mesh });
  assert.equal(loaded.diagnostics, []);
  const doc = loaded.value.documents[0]!;
  assert.equal(docById(loaded.value.documents, "VirtualService shop/legacy"), {
    apiVersion: "networking.istio.io/v1",
    kind: "VirtualService",
    metadata: { name: "legacy", namespace: "shop", labels: { team: "a" } },
    spec: { hosts: ["legacy"], http: [{ route: [{ destination: { host: "legacy" } }] }] },
  });
  const texts = { "mesh.ts": mesh };
  assert.is(where(doc.span, texts), "mesh.ts:2:1");
  assert.is(textOf(doc.spans.get("spec.hosts"), texts), 'hosts: ["legacy"]');
});

test("raw() rejects a resource without apiVersion, kind or metadata.name at type-check time", () => {
  const loaded = loadVirtual({ "mesh.ts": `${header}m.raw({ kind: "Service", metadata: {} });\n` });
  assert.ok(loaded.diagnostics.some((d) => d.origin === "ts" && d.severity === "error"));
});

test.run();
