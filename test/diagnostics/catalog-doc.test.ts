import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { renderCatalogMarkdown } from "../../compiler/diagnostics/catalog-doc.ts";

test("docs/diagnostics.md is generated from the catalog and up to date (npm run docs:diagnostics)", () => {
  assert.fixture(readFileSync("docs/diagnostics.md", "utf8"), renderCatalogMarkdown());
});

test.run();
