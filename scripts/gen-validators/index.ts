// Regenerates the precompiled Ajv validators (Ajv standalone code, https://ajv.js.org/standalone.html), so no schema
// is compiled at start-up: compiler/check/schema/gen/istio-validators.ts (Istio's CRD schemas, from
// the JSON that `npm run gen:schemas` writes beside it) and compiler/cli/gen/config-validator.ts (meshc.config.json). Run
// `npm run gen:validators` after changing a schema or upgrading ajv; test/check/validators-gen.test.ts checks that
// the committed files are current. The output is a pure function of the schemas and the ajv version.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateValidators } from "./generate.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
for (const [path, text] of generateValidators()) {
  writeFileSync(root + path, text);
  process.stdout.write(`wrote ${path} (${text.length} bytes)\n`);
}
