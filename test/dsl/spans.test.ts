/** Every document points at the mesh.ts call that declared it, and its fields at the literal they came from. */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spanAt } from "../../compiler/diagnostics/span.ts";
import { idOf, loadVirtual, textOf, where } from "./_support.ts";

const mesh = [
  `import { canary, namespace, routes, service } from "meshc";`, // 1
  `const shop = namespace("shop");`, // 2
  `const cart = service("cart", {`, // 3
  `  namespace: shop,`, // 4
  `  ports: [{ name: "http", port: 8080 }],`, // 5
  `  versions: { v1: {}, v2: { replicas: 2 } },`, // 6
  `});`, // 7
  `routes(cart, {`, // 8
  `  http: [`, // 9
  `    { match: [{ uri: { prefix: "/beta" } }], route: [{ destination: cart.subset("v2") }] },`, // 10
  `    { route: canary(cart, { v1: 90, v2: 10 }), timeout: "2s" },`, // 11
  `  ],`, // 12
  `});`, // 13
].join("\n");
const texts = { "mesh.ts": mesh };
const result = loadVirtual({ "mesh.ts": mesh });
const docs = result.value.documents;
const byId = (id: string) => {
  const doc = docs.find((d) => idOf(d) === id);
  if (!doc) throw new Error(`no ${id}`);
  return doc;
};

const declarations = suite("declaration spans");

declarations("each document spans the call (or the version) that declared it", () => {
  assert.equal(result.diagnostics, []);
  assert.equal(
    docs.map((d) => [idOf(d), where(d.span, texts)]),
    [
      ["Deployment shop/cart-v1", "mesh.ts:6:15"],
      ["Deployment shop/cart-v2", "mesh.ts:6:23"],
      ["DestinationRule shop/cart", "mesh.ts:3:14"],
      ["Namespace shop", "mesh.ts:2:14"],
      ["Service shop/cart", "mesh.ts:3:14"],
      ["ServiceAccount shop/cart", "mesh.ts:6:15"],
      ["VirtualService shop/cart", "mesh.ts:8:1"],
    ],
  );
});

declarations("a document's span covers the whole call expression", () => {
  assert.equal(textOf(byId("Namespace shop").span, texts), `namespace("shop")`);
  assert.equal(textOf(byId("Deployment shop/cart-v2").span, texts), `v2: { replicas: 2 }`);
});

declarations.run();

const fields = suite("field spans");

fields("routes, matches and destinations point at their literals", () => {
  const vs = byId("VirtualService shop/cart");
  const at = (path: (string | number)[]) => textOf(spanAt(vs.spans, path, vs.span), texts);
  assert.is(
    at(["spec", "http", 0]),
    `{ match: [{ uri: { prefix: "/beta" } }], route: [{ destination: cart.subset("v2") }] }`,
  );
  assert.is(at(["spec", "http", 0, "match", 0, "uri", "prefix"]), `prefix: "/beta"`);
  assert.is(at(["spec", "http", 0, "route", 0, "destination", "subset"]), `destination: cart.subset("v2")`);
  assert.is(at(["spec", "http", 1, "route", 1, "weight"]), `route: canary(cart, { v1: 90, v2: 10 })`);
  assert.is(at(["spec", "http", 1, "timeout"]), `timeout: "2s"`);
});

fields("subsets point at their versions", () => {
  const dr = byId("DestinationRule shop/cart");
  assert.is(textOf(spanAt(dr.spans, ["spec", "subsets", 1, "name"], dr.span), texts), `v2: { replicas: 2 }`);
  assert.is(textOf(spanAt(dr.spans, ["spec", "host"], dr.span), texts), textOf(dr.span, texts));
});

fields.run();
