// The README's Layout section and the layering rules of .dependency-cruiser.cjs come from one list
// (.dependency-cruiser.layout.cjs): the section must be its rendering, and every folder and file directly under
// compiler/ must be on it, so a new stage cannot appear without a rule.
import { readdirSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { layout, readmeLayout, renderLayout } from "../../scripts/layout.ts";

const test = suite("layering");

test("the README's Layout section is generated from the layering rules (npm run docs:layout)", () => {
  assert.fixture(readmeLayout() ?? "(no Layout section)", renderLayout());
});

test("every folder and file directly under compiler/ has a layering rule", () => {
  const declared = new Set(layout.filter((e) => e.imports !== undefined).map((e) => e.path));
  const present = readdirSync("compiler", { withFileTypes: true }).map(
    (d) => `compiler/${d.name}${d.isDirectory() ? "/" : ""}`,
  );
  assert.equal(
    present.filter((p) => !declared.has(p)),
    [],
  );
});

test("each folder imports only folders declared before it", () => {
  const seen: string[] = [];
  const late: string[] = [];
  for (const e of layout) {
    for (const i of e.imports ?? [])
      if (!seen.some((s) => i.startsWith(s) || s.startsWith(i)) && !i.startsWith(e.path))
        late.push(`${e.path} -> ${i}`);
    seen.push(e.path);
  }
  assert.equal(late, []);
});

test.run();
