/**
 * compiler/check/schema/gen/ is exactly what `npm run gen:schemas` writes: the schemas are generated again from
 * @kubernetes-models/istio with the patches of scripts/gen-schemas/patches.ts and compared byte for byte, file by file.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { generateSchemas, SCHEMA_DIR, schemaFiles } from "../../scripts/gen-schemas/index.ts";

const Gen = suite("gen:schemas output equals compiler/check/schema/gen");

Gen("regenerating the CRD schemas gives the committed files, byte for byte", () => {
  const generated = generateSchemas();
  const committed = schemaFiles(SCHEMA_DIR);
  assert.equal(committed, [...generated.keys()], "the same files (run npm run gen:schemas)");
  for (const [name, text] of generated)
    assert.ok(readFileSync(join(SCHEMA_DIR, name), "utf8") === text, `${name} differs (run npm run gen:schemas)`);
});

Gen.run();
