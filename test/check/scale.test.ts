/**
 * The check stage at scale: validate + analyze over a generated N=50 mesh with injected problems (`_scale.ts`) report
 * exactly the stored list (codes, messages, positions, related locations, order). The list was produced by the
 * scan-based lookups before they were replaced by per-IR indexes (issue 6), so it pins that the indexes changed
 * nothing a user sees.
 */
import { readFileSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { scaleLines } from "./_scale.ts";

const Scale = suite("check over a generated N=50 mesh with injected problems");

Scale("reports the stored diagnostics, in the stored order", () => {
  const expected = readFileSync(new URL("./scale.expected.txt", import.meta.url), "utf8")
    .trimEnd()
    .split("\n");
  assert.equal(scaleLines(), expected);
});

Scale.run();
