/**
 * The precompiled Ajv validators (compiler/check/schema/gen/validators/*.cjs with gen/validator-files.ts,
 * compiler/cli/gen/config-validator.ts) are what `npm run gen:validators` writes today: regenerating gives the same
 * bytes, and the validators folder holds no other file. A schema change or an ajv upgrade without regenerating fails
 * here, as test/envoy/gen.test.ts does for the Envoy bindings.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { generateValidators, VALIDATOR_DIR, VALIDATOR_INDEX } from "../../scripts/gen-validators/generate.ts";
import { validatorFiles } from "../../compiler/check/schema/gen/validator-files.ts";

const Gen = suite("precompiled validators");

Gen("the committed validators are current (npm run gen:validators)", () => {
  const generated = generateValidators();
  const modules = [...generated.keys()].filter((p) => p.startsWith(`${VALIDATOR_DIR}/`));
  assert.equal(
    [...generated.keys()].filter((p) => !modules.includes(p)),
    [VALIDATOR_INDEX, "compiler/cli/gen/config-validator.ts"],
  );
  // One module per CRD schema: Istio's 8 kinds and the Gateway API's 7 schema files.
  assert.equal(modules.length, 15);
  assert.equal(readdirSync(VALIDATOR_DIR).sort(), modules.map((p) => p.slice(VALIDATOR_DIR.length + 1)).sort());
  for (const [path, text] of generated) {
    // Compare whole texts, but report a stale file by name rather than with a megabyte-long diff.
    assert.ok(readFileSync(path, "utf8") === text, `${path} is stale: run npm run gen:validators`);
  }
});

Gen("every module the index names exists and exports one validator", () => {
  const require = createRequire(import.meta.url);
  for (const file of new Set(Object.values(validatorFiles))) {
    const validate = require(`../../${VALIDATOR_DIR}/${file}`) as ((x: unknown) => boolean) & { errors?: unknown };
    assert.type(validate, "function", file);
    assert.is(validate({ apiVersion: 1 }), false, `${file} rejects a malformed document`);
    assert.ok(Array.isArray(validate.errors) && validate.errors.length > 0, `${file} reports errors`);
  }
});

Gen.run();
