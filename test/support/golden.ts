/**
 * Golden files: compared by default, rewritten only with `UPDATE_GOLDEN=1` (`npm run golden:accept`). A mismatch
 * fails with a line-numbered diff and the accept command; a missing golden fails too (tsc `harnessIO.ts` Baseline).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, rmSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import * as assert from "uvu/assert";

export const UPDATE = process.env["UPDATE_GOLDEN"] === "1";
const ACCEPT = "Run 'npm run golden:accept' to accept the new output.";

/** Compares `actual` with the golden file at `path` (or writes it when accepting). */
export function expectGolden(path: string, actual: string): void {
  if (UPDATE) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) assert.unreachable(`Golden file '${path}' is missing. ${ACCEPT}`);
  assert.fixture(actual, readFileSync(path, "utf8"), `Golden file '${path}' differs from the output. ${ACCEPT}`);
}

/** Every file under `root`, as `/`-separated paths relative to `root`, sorted. */
function listFiles(root: string, dir = root): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((e) => {
      const full = join(dir, e);
      return statSync(full).isDirectory() ? listFiles(root, full) : [relative(root, full).split(sep).join("/")];
    });
}

/**
 * Files under `dir` that no test produced. Fails on orphans (or deletes them when accepting), so a golden never
 * outlives its output.
 */
export function expectNoOrphans(dir: string, produced: ReadonlySet<string>): void {
  const orphans = listFiles(dir).filter((f) => !produced.has(f));
  if (UPDATE) {
    for (const f of orphans) rmSync(join(dir, f));
    return;
  }
  assert.equal(orphans, [], `Orphaned golden files in '${dir}' (no longer produced). ${ACCEPT}`);
}
