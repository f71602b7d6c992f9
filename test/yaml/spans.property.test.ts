import fc from "fast-check";
import yaml from "js-yaml";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { lineAndColumn, pathKey, type Span } from "../../compiler/diagnostics/span.ts";
import { parseYamlText } from "../../compiler/load/yaml/index.ts";
import { skip } from "../support/skip.ts";

/** Plain JSON values, with keys that contain dots, slashes and spaces like labels and header names do. */
const key = fc.oneof(fc.constantFrom("a", "app.kubernetes.io/name", "end-user", "x y", "1", "on", "#k"), fc.string());
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.oneof(
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom("yes", "a # b", "multi\nline\n"),
    ),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(key, tie("value"), { maxKeys: 4 }),
  ),
}));

/** Every path to a node, depth first. */
function* paths(node: unknown, path: (string | number)[] = []): Generator<[(string | number)[], unknown]> {
  if (path.length > 0) yield [path, node];
  if (Array.isArray(node)) for (const [i, item] of node.entries()) yield* paths(item, [...path, i]);
  else if (typeof node === "object" && node !== null)
    for (const [k, v] of Object.entries(node)) yield* paths(v, [...path, k]);
}

/** The span's text, indented as in the file so that block collections re-parse on their own. */
function reparse(text: string, span: Span): unknown {
  const { column } = lineAndColumn(text, span.start);
  const slice = text.slice(span.start, span.start + span.length);
  // Block scalars need no indent of their own; their final line break is outside the span, as in the file.
  const source = (/^[|>]/.test(slice) ? "" : " ".repeat(column - 1)) + slice + "\n";
  return yaml.load(source, { schema: yaml.CORE_SCHEMA });
}

const Property = suite("spans point at text that re-parses to the same value");

Property("for random nested values in block and flow styles", () => {
  fc.assert(
    fc.property(
      value,
      fc.constantFrom(-1, 0, 1, 2),
      fc.constantFrom(2, 4),
      fc.boolean(),
      (root, flowLevel, indent, noArrayIndent) => {
        const text = yaml.dump({ root }, { schema: yaml.CORE_SCHEMA, flowLevel, indent, noArrayIndent });
        const parsed = parseYamlText("p.yaml", text);
        // js-yaml's dumper writes some flow-style keys (`{(:[: ''}`) that its loader rejects: not ours to test.
        if (parsed.diagnostics.some((d) => d.severity === "error")) return;
        const [doc] = parsed.value;
        if (doc === undefined) throw new Error("no document");
        const all = [...paths(doc.value)];
        // Joined paths may collide (key "a.b" beside "a" → "b"): the first node keeps the span, by design.
        if (new Set(all.map(([p]) => pathKey(p))).size !== all.length) return;
        for (const [path, node] of all) {
          const k = pathKey(path);
          const span = doc.spans.get(k);
          assert.ok(span, `no span for ${k}`);
          assert.equal(reparse(text, span), node, `span of ${k}`);
          const last = path[path.length - 1];
          if (typeof last === "string") {
            const keySpan = doc.spans.get(`${k}#key`);
            assert.ok(keySpan, `no key span for ${k}`);
            assert.is(String(reparse(text, keySpan)), last, `key span of ${k}`);
          }
        }
      },
    ),
    // A fixed seed keeps CI deterministic; run with FC_SEED=random (or another number) to explore further.
    {
      numRuns: 300,
      seed: process.env["FC_SEED"] === "random" ? Date.now() : Number(process.env["FC_SEED"] ?? 20261124),
    },
  );
});

// Known gap, found by this property (seed 725745936): in the flow mapping `{.:,: null}` js-yaml reads an empty key
// after `.:` and names it "null"; the empty value of "." gets the span of the next entry's `null`, and the "null" key
// gets none, because null nodes cannot be told apart by identity. Istio and Kubernetes YAML never has empty flow keys.
skip(Property, "an empty value before an empty key in a flow mapping ({.:,: null}) gets its own span", () => {
  const text = "root: [{a: [{.:,: null}]}, 1, 2, false]\n";
  const [doc] = parseYamlText("p.yaml", text).value;
  const span = doc?.spans.get("root.0.a.0..");
  assert.ok(span);
  assert.is(text.slice(span.start, span.start + span.length), "");
});

Property.run();
