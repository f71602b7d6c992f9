// Regenerates the precompiled Ajv validators (Ajv standalone code, https://ajv.js.org/standalone.html), so no schema
// is compiled at start-up: compiler/check/schema/gen/validators/*.cjs, one module per CRD schema (Istio's and the
// Gateway API's, from the JSON that `npm run gen:schemas` writes in compiler/check/schema/gen/), with
// compiler/check/schema/gen/validator-files.ts mapping each kind to its module; and compiler/cli/gen/config-validator.ts
// (meshc.config.json). Run `npm run gen:validators` after changing a schema or upgrading ajv;
// test/check/validators-gen.test.ts checks that the committed files are current and that no other file lies in the
// validators folder. The output is a pure function of the schemas and the ajv version.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateValidators, VALIDATOR_DIR } from "./generate.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
// A schema removed or renamed leaves no module behind.
mkdirSync(join(root, VALIDATOR_DIR), { recursive: true });
for (const name of readdirSync(join(root, VALIDATOR_DIR))) rmSync(join(root, VALIDATOR_DIR, name));
for (const [path, text] of generateValidators()) {
  writeFileSync(join(root, path), text);
  process.stdout.write(`wrote ${path} (${text.length} bytes)\n`);
}
