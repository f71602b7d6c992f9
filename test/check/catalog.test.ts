import { suite } from "uvu";
import * as assert from "uvu/assert";
import { Messages } from "../../compiler/diagnostics/messages.ts";
import { validateMessages } from "../../compiler/diagnostics/messages/validate.ts";
import { MESH_TABLES, SCHEMA_TABLES } from "./cases/index.ts";

// tsc's `checkForUniqueCodes`, and zod's locale parity test: lists derived from the catalog itself.
const Catalog = suite("diagnostic catalog");

Catalog("every code in the catalog is unique", () => {
  const byCode = new Map<number, string[]>();
  for (const [key, message] of Object.entries(Messages))
    byCode.set(message.code, [...(byCode.get(message.code) ?? []), key]);
  const duplicates = [...byCode].filter(([, keys]) => keys.length > 1);
  assert.equal(duplicates, []);
});

Catalog("validation codes are in 2001-2199 and the DESIGN.md example is MESH2001", () => {
  const outside = Object.entries(validateMessages).filter(([, m]) => m.code < 2001 || m.code > 2199);
  assert.equal(outside, []);
  const { code, severity, text, hint } = Messages.Unknown_subset_0_for_service_1;
  assert.equal(
    { code, severity, text, hint },
    {
      code: 2001,
      severity: "error",
      text: "Subset '{0}' is not declared for service '{1}'.",
      hint: "Declare it under 'subsets' in a DestinationRule for '{1}' (declared subsets: {2}).",
    },
  );
});

Catalog("validation messages are one tsc-style sentence: capital, final period, no line breaks", () => {
  const bad = Object.entries(validateMessages)
    .filter(([, m]) => !/^[A-Z'"]/.test(m.text) || !m.text.endsWith(".") || m.text.includes("\n"))
    .map(([key]) => key);
  assert.equal(bad, []);
});

Catalog("every validation code has a failing case in the check tables", () => {
  const expected = [...Object.values(SCHEMA_TABLES), ...Object.values(MESH_TABLES)].flat().flatMap((c) => c.expected);
  const covered = new Set(expected.map((line) => Number(/ MESH(\d+):/.exec(line)?.[1])));
  const missing = Object.entries(validateMessages)
    .filter(([, m]) => !covered.has(m.code))
    .map(([key, m]) => `${m.code} ${key}`);
  assert.equal(missing, []);
});

Catalog("every check table has a passing case", () => {
  const tables = { ...SCHEMA_TABLES, ...MESH_TABLES };
  const withoutPass = Object.entries(tables)
    .filter(([, cases]) => !cases.some((c) => c.expected.length === 0))
    .map(([name]) => name);
  assert.equal(withoutPass, []);
});

Catalog.run();
