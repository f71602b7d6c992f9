/** `packSpans` (compiler/load/field-spans.ts) answers every `FieldSpans` question as the map it was made from. */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { Span } from "../../compiler/diagnostics/span.ts";
import { packRanges, packSpans } from "../../compiler/load/field-spans.ts";

const span = (file: string, start: number, length: number): Span => ({ file, start, length });
const original = new Map<string, Span>([
  ["metadata", span("a.yaml", 10, 40)],
  ["metadata.name", span("a.yaml", 22, 7)],
  ["metadata.name#key", span("a.yaml", 16, 4)],
  ["spec.hosts.0", span("b.ts", 100, 9)],
]);

const Packed = suite("packed field spans");

Packed("get, has, size and every way of iterating give the map's answers, in its order", () => {
  const packed = packSpans(original);
  assert.is(packed.size, 4);
  for (const [key, value] of original) assert.equal(packed.get(key), value, key);
  assert.is(packed.get("spec"), undefined);
  assert.is(packed.has("metadata.name#key"), true);
  assert.is(packed.has("metadata.nam"), false);
  assert.equal([...packed], [...original]);
  assert.equal([...packed.entries()], [...original.entries()]);
  assert.equal([...packed.keys()], [...original.keys()]);
  assert.equal([...packed.values()], [...original.values()]);
  const seen: [string, Span][] = [];
  packed.forEach((value, key) => seen.push([key, value]));
  assert.equal(seen, [...original]);
});

Packed("documents with the same keys share their key index but keep their own spans", () => {
  const other = new Map([...original].map(([k, s]) => [k, { ...s, start: s.start + 1000 }] as const));
  const [a, b] = [packSpans(original), packSpans(other)];
  assert.equal(a.get("metadata.name"), span("a.yaml", 22, 7));
  assert.equal(b.get("metadata.name"), span("a.yaml", 1022, 7));
  assert.equal(packSpans(new Map()).size, 0);
});

Packed("spans beyond 32-bit offsets keep the map as given", () => {
  const huge = new Map([["x", span("big", 2 ** 33, 1)]]);
  assert.is(packSpans(huge), huge);
});

Packed("packRanges equals packSpans of the shifted spans", () => {
  const ranges = new Map([
    ["kind", { start: 0, end: 4 }],
    ["spec.host", { start: 30, end: 42 }],
  ]);
  const shifted = new Map([...ranges].map(([k, r]) => [k, span("x.yaml", 1 + r.start, r.end - r.start)] as const));
  assert.equal([...packRanges("x.yaml", 1, ranges)], [...packSpans(shifted)]);
  assert.equal(packRanges("x.yaml", 1, ranges).get("spec.host"), span("x.yaml", 31, 12));
});

Packed.run();
