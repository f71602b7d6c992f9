import { suite } from "uvu";
import * as assert from "uvu/assert";
import { meshLines } from "./_check.ts";
import { MESH_TABLES } from "./cases/index.ts";

// The admission-webhook rules, one suite per resource family; each case asserts every diagnostic line
// (position, severity, code, message). Sources: istio pkg/config/validation/validation.go (see each rule file).
for (const [title, cases] of Object.entries(MESH_TABLES)) {
  const Rules = suite(title);
  for (const c of cases) {
    Rules(c.name, () => {
      assert.equal(meshLines(c.yaml), c.expected);
    });
  }
  Rules.run();
}
