import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { CST_DTS_PATH, renderCstDts } from "../../scripts/gen-cst-dts.ts";

test("compiler/scenario/cst.d.ts is generated from the grammar and up to date (npm run gen:cst)", () => {
  assert.fixture(readFileSync(CST_DTS_PATH, "utf8"), renderCstDts());
});

test.run();
