import { suite } from "uvu";
import * as assert from "uvu/assert";
import { schemaLines } from "./_check.ts";
import { schemaCases } from "./cases/schema.ts";

// Structural validation against Istio's CRD schemas (@kubernetes-models/istio@2.3.0, patched to current Istio).
const Schema = suite("validateDocumentSchemas");

for (const c of schemaCases) {
  Schema(c.name, () => {
    assert.equal(schemaLines(c.yaml), c.expected);
  });
}

Schema.run();
