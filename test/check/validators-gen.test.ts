/**
 * The precompiled Ajv validators (compiler/check/schema/gen/istio-validators.ts, compiler/cli/gen/config-validator.ts)
 * are what `npm run gen:validators` writes today: regenerating gives the same bytes. A schema change or an ajv upgrade
 * without regenerating fails here, as test/envoy/gen.test.ts does for the Envoy bindings.
 */
import { readFileSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { generateValidators } from "../../scripts/gen-validators/generate.ts";

const Gen = suite("precompiled validators");

Gen("the committed validators are current (npm run gen:validators)", () => {
  const generated = generateValidators();
  assert.equal(
    [...generated.keys()],
    ["compiler/check/schema/gen/istio-validators.ts", "compiler/cli/gen/config-validator.ts"],
  );
  for (const [path, text] of generated) {
    // Compare whole texts, but report a stale file by name rather than with a megabyte-long diff.
    assert.ok(readFileSync(path, "utf8") === text, `${path} is stale: run npm run gen:validators`);
  }
});

Gen.run();
