/**
 * istiod's conversion test validates every input of its goldens against the Gateway API CRDs (schema and CEL,
 * `crdvalidation.NewIstioValidator` in `TestConvertResources`, pilot/pkg/config/kube/gateway/conversion_test.go)
 * except the resources its `validationIgnorer` names. So every other Gateway API resource there must pass meshc's CRD
 * validation: a schema or CEL error on one is a false rejection.
 * Data: ../shared/conformance/istio-gateway-api, read in place.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { validateDocumentSchemas } from "../../compiler/check/schema/index.ts";
import { renderLines } from "../../compiler/diagnostics/render.ts";
import { loadYamlText } from "../../compiler/load/yaml/index.ts";
import { sharedCorpus } from "../support/shared-corpus.ts";

const Crd = suite("istio Gateway API conversion inputs pass the CRD validation (TestConvertResources)");

/** `validationIgnorer` of TestConvertResources, as written there: `namespace/name` patterns of resources invalid on purpose. */
const IGNORED: readonly RegExp[] = [
  /^default\/invalid-backendRef-kind-/,
  /^default\/invalid-backendRef-mixed-/,
  /^istio-system\/backend-not-allowed-/,
  /^istio-system\/not-allowed-echo-/,
  /^default\/valid-invalid-parent-ref-/,
];

const dir = sharedCorpus(Crd, "istio-gateway-api");
const inputs = dir
  ? readdirSync(dir)
      .filter((f) => f.endsWith(".yaml") && f !== "registry.yaml" && !f.startsWith("benchmark"))
      .sort()
  : [];

for (const file of inputs) {
  Crd(`${file}: no CRD schema or CEL error on a resource istiod's test validates`, () => {
    const text = readFileSync(join(dir!, file), "utf8");
    const docs = loadYamlText(file, text).value.filter((doc) => {
      const meta = (doc.object["metadata"] ?? {}) as { name?: string; namespace?: string };
      const id = `${meta.namespace ?? "default"}/${meta.name ?? ""}`;
      return !IGNORED.some((re) => re.test(id));
    });
    assert.equal(renderLines(validateDocumentSchemas(docs), new Map([[file, text]])), "");
  });
}

Crd.run();
