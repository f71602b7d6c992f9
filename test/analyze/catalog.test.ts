/**
 * The whole catalog, checked from the catalog itself (tsc `checkForUniqueCodes`; zod's locale parity test): codes are
 * unique, analysis codes sit in 2200-2999, and every code has documentation (docs/diagnostics.md) and a case that
 * produces it: a test/cases baseline, a check-stage table (test/check/cases), or a test that names it (`MESH<code>` or
 * its catalog key, or `error(<code>, ...)` as the scenario tests write it). Codes with no case yet are listed, with the reason, in KNOWN_GAPS (a gap that gets a case may be dropped from it;
 * a gap for a code that no longer exists fails).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { Messages } from "../../compiler/diagnostics/messages.ts";
import { analyzeMessages } from "../../compiler/diagnostics/messages/analyze.ts";
import { MESH_TABLES, SCHEMA_TABLES } from "../check/cases/index.ts";
import { caseNames, CASES_DIR } from "../support/cases.ts";

/** Codes no test produces yet, and why. */
const KNOWN_GAPS: Readonly<Record<number, string>> = {
  1102: "unreachable through the typed DSL: only a newer stdlib could record an unknown kind",
  1103: "unreachable through the typed DSL: the type checker rejects an undeclared port first",
  1303: "a guard against bugs in meshc import (it verifies its own output); no input is known to trigger it",
};

function testSources(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const full = join(dir, e);
    if (statSync(full).isDirectory()) return full === CASES_DIR ? [] : testSources(full);
    return /\.ts$/.test(e) && !full.endsWith("catalog.test.ts") ? [readFileSync(full, "utf8")] : [];
  });
}

function coveredCodes(): Set<number> {
  const covered = new Set<number>();
  for (const name of caseNames()) {
    for (const m of readFileSync(`${CASES_DIR}/${name}/expected.errors.txt`, "utf8").matchAll(/ MESH(\d+):/g))
      covered.add(Number(m[1]));
  }
  for (const line of [...Object.values(SCHEMA_TABLES), ...Object.values(MESH_TABLES)]
    .flat()
    .flatMap((c) => c.expected)) {
    const m = / MESH(\d+):/.exec(line);
    if (m) covered.add(Number(m[1]));
  }
  const sources = testSources("test").join("\n");
  for (const [key, m] of Object.entries(Messages)) {
    const named = new RegExp(`\\b${key}\\b|\\b(?:error|warning|info)\\(${m.code},|\\[${m.code}, "`);
    if (sources.includes(`MESH${m.code}`) || named.test(sources)) covered.add(m.code);
  }
  return covered;
}

const Catalog = suite("the whole diagnostic catalog");

Catalog("every code is unique", () => {
  const byCode = new Map<number, string[]>();
  for (const [key, m] of Object.entries(Messages)) byCode.set(m.code, [...(byCode.get(m.code) ?? []), key]);
  assert.equal(
    [...byCode].filter(([, keys]) => keys.length > 1),
    [],
  );
});

Catalog("analysis codes are in 2200-2999 and read as one tsc-style sentence", () => {
  const bad = Object.entries(analyzeMessages).filter(
    ([, m]) =>
      m.code < 2200 || m.code > 2999 || !/^[A-Z'"]/.test(m.text) || !m.text.endsWith(".") || m.text.includes("\n"),
  );
  assert.equal(bad, []);
});

Catalog("every code has documentation: why it matters, a bad and a fixed example", () => {
  const missing = Object.entries(Messages)
    .filter(([, m]) => !m.why || !m.bad || !m.fixed)
    .map(([key, m]) => `${m.code} ${key}`);
  assert.equal(missing, []);
});

Catalog("every code has a case, except the known gaps listed with their reason", () => {
  const covered = coveredCodes();
  const codes = Object.values(Messages).map((m) => m.code);
  assert.equal(codes.filter((c) => !covered.has(c) && KNOWN_GAPS[c] === undefined).sort(), []);
  assert.equal(
    Object.keys(KNOWN_GAPS)
      .map(Number)
      .filter((c) => !codes.includes(c)),
    [],
  );
});

Catalog.run();
