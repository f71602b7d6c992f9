// Regenerates stdlib/_suppress-codes.ts (the DSL's typed `suppress` codes) from the catalog; test/dsl/suppress.test.ts
// checks that the committed file is current.
import { writeFileSync } from "node:fs";
import { renderSuppressCodes, SUPPRESS_CODES_FILE } from "./render.ts";

writeFileSync(SUPPRESS_CODES_FILE, renderSuppressCodes());
process.stdout.write(`wrote ${SUPPRESS_CODES_FILE}\n`);
