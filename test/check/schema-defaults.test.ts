/**
 * The API server defaults an object from its structural schema before validating it (apiextensions-apiserver
 * structuraldefaulting `Default`), and so does meshc's CRD validation (compiler/check/schema/defaults.ts): a Gateway
 * address without `type` is `type: IPAddress`, which its `oneOf` needs to hold once.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { applyDefaults, defaultsTree } from "../../compiler/check/schema/defaults.ts";
import { validateDocumentSchemas } from "../../compiler/check/schema/index.ts";
import { loadYamlText } from "../../compiler/load/yaml/index.ts";

const test = suite("structural-schema defaulting before CRD validation");

test("defaultsTree keeps the paths to a default; applyDefaults copies along them and leaves the input", () => {
  const schema = {
    type: "object",
    properties: {
      list: { type: "array", items: { type: "object", properties: { kind: { type: "string", default: "Service" } } } },
      plain: { type: "string" },
      obj: { type: "object", default: {}, properties: { n: { type: "integer", default: 1 } } },
      map: { type: "object", additionalProperties: { type: "object", properties: { w: { default: 2 } } } },
      branch: { oneOf: [{ properties: { x: { default: 3 } } }] },
    },
  };
  const tree = defaultsTree(schema);
  assert.equal(Object.keys(tree?.p ?? {}).sort(), ["list", "map", "obj"]);
  const input = { list: [{ kind: "Pod" }, {}], plain: "x", map: { a: {}, b: { w: 5 } } };
  const frozen = JSON.stringify(input);
  assert.equal(applyDefaults(input, tree), {
    list: [{ kind: "Pod" }, { kind: "Service" }],
    plain: "x",
    // A defaulted value is defaulted in turn.
    obj: { n: 1 },
    map: { a: { w: 2 }, b: { w: 5 } },
  });
  assert.is(JSON.stringify(input), frozen);
  // Nothing to default: the same object.
  const done = { list: [], plain: "y", obj: { n: 2 }, map: {} };
  assert.is(applyDefaults(done, tree), done);
});

const gateway = (address: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: default}
spec:
  gatewayClassName: istio
  addresses:
  - ${address}
  listeners:
  - {name: http, port: 80, protocol: HTTP}
`;

const check = (text: string) => validateDocumentSchemas(loadYamlText("gw.yaml", text).value).map((d) => d.code);

test("a Gateway address without type is an IPAddress (no false MESH2014), with any type it holds as written", () => {
  assert.equal(check(gateway("{value: 10.0.0.1}")), []);
  assert.equal(check(gateway("{type: IPAddress, value: 10.0.0.1}")), []);
  assert.equal(check(gateway("{type: Hostname, value: gw.example.com}")), []);
  // The schema still applies: a value is required.
  assert.equal(check(gateway("{type: IPAddress}")), [2013]);
});

test.run();
