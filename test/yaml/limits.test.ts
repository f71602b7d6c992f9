/**
 * Crash reproducers of issue 18 as regression tests: YAML nesting and alias limits as go-yaml enforces them
 * (yaml.v2 parserc.go "exceeded max depth", decode.go "document contains excessive aliasing"), a VirtualService with
 * 1,000 copies of one host, values that escaped mesh.ts's types, a thrown object without a prototype, and the
 * renderer on a 300 KB line and on many related locations.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createMemoryHost } from "../../compiler/load/mesh-ts/index.ts";
import { parseYamlText } from "../../compiler/load/yaml/parse.ts";
import { aliasProblem } from "../../compiler/load/yaml/_limits.ts";
import { compile } from "../../compiler/pipeline.ts";
import type { FileSystem } from "../../compiler/load/fs.ts";
import { renderPretty, toJson } from "../../compiler/diagnostics/render.ts";
import type { Diagnostic } from "../../compiler/diagnostics/diagnostic.ts";

const errors = (text: string) =>
  parseYamlText("x.yaml", text).diagnostics.map((d) => `${d.span!.start}: MESH${d.code} ${d.message}`);

const Yaml = suite("YAML limits (go-yaml's)");

Yaml("20,000 nested '[' is refused at depth 1000, not a stack overflow", () => {
  assert.equal(errors(`a: ${"[".repeat(20000)}${"]".repeat(20000)}\n`), [
    "1002: MESH1201 Invalid YAML: exceeded max depth of 1000.",
  ]);
});

Yaml("nesting within the limit parses", () => {
  assert.equal(errors(`a: ${"[".repeat(990)}${"]".repeat(990)}\n`), []);
});

Yaml("a self-referencing alias is refused (go-yaml: anchor value contains itself)", () => {
  assert.equal(errors("items: &i [ {items: *i} ]\n"), [
    "0: MESH1201 Invalid YAML: an anchor's value contains its own alias.",
  ]);
});

Yaml("alias amplification (a billion laughs) is refused; the documents before it are kept", () => {
  const levels = "abcdefghi".split("");
  const laughs = levels
    .map(
      (l, i) =>
        `${l}: &${l} [${
          i === 0
            ? "x,x,x,x,x,x,x,x,x,x"
            : Array(10)
                .fill(`*${levels[i - 1]}`)
                .join(",")
        }]`,
    )
    .join("\n");
  const r = parseYamlText("x.yaml", `kind: First\n---\n${laughs}\n`);
  assert.equal(
    r.value.map((d) => d.value),
    [{ kind: "First" }],
  );
  assert.equal(
    r.diagnostics.map((d) => d.message),
    ["Invalid YAML: document contains excessive aliasing."],
  );
});

Yaml("aliasProblem replays go-yaml's ratio: ordinary reuse passes, 200 uses of a 1,000-node list do not", () => {
  const shared = Array.from({ length: 1000 }, (_, i) => i);
  assert.is(aliasProblem({ a: shared, b: shared, c: { d: shared } }), undefined);
  assert.is(aliasProblem({ items: Array(200).fill(shared) }), "document contains excessive aliasing");
});

Yaml.run();

const Crash = suite("no crash on invalid input (issue 18)");

function compileText(files: Record<string, string>, entry: string) {
  return compile([entry], { fs: memoryFs(files), host: createMemoryHost(files, "/") });
}

function memoryFs(files: Record<string, string>): FileSystem {
  return {
    readFile: (p) => {
      const text = files[p];
      if (text === undefined) throw new Error(`ENOENT: ${p}`);
      return text;
    },
    stat: (p) => (files[p] !== undefined ? "file" : undefined),
    readDirectory: () => [],
  };
}

Crash("one VirtualService with 1,000 copies of a host: one MESH2042 per copy, no stack overflow", () => {
  const hosts = Array(1000).fill("a.example.com").join(", ");
  const c = compileText(
    {
      "/in.yaml": `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: a, namespace: shop}\nspec:\n  hosts: [${hosts}]\n  http: [{route: [{destination: {host: a.example.com}}]}]\n`,
    },
    "/in.yaml",
  );
  const codes = c.diagnostics.map((d) => d.code);
  assert.is(codes.filter((x) => x === 2042).length, 999);
});

const meshTs = (body: string) => `import { service, routes } from "meshc";\n${body}\n`;

for (const [name, body, expected] of [
  [
    "thrown Object.create(null)",
    "throw Object.create(null);",
    "MESH1101 An error was thrown while running the mesh: '[object Object]'.",
  ],
  [
    "a BigInt port (as any)",
    'service("a", { ports: [{ name: "http", port: 10n as any }] });',
    "MESH1107 The value at 'Service spec.ports.0.port' is not JSON data: found a bigint.",
  ],
  [
    "a cyclic object (as any)",
    'const c: any = { name: "http", port: 80 }; c.self = c;\nservice("a", { ports: [c], labels: c } as any);',
    "MESH1106 A value given to 'service' is not of the type it declares, and lowering it failed: a value is cyclic or nested too deeply.",
  ],
  [
    "ports that are not an array (as any)",
    'service("a", { ports: "nope" as any });',
    "MESH1106 A value given to 'service' is not of the type it declares, and lowering it failed: ports.map is not a function.",
  ],
] as const) {
  Crash(`mesh.ts: ${name} is a located error`, () => {
    const c = compileText({ "/mesh.ts": meshTs(body) }, "/mesh.ts");
    const found = c.diagnostics.filter((d) => d.severity === "error");
    assert.equal(
      found.map((d) => `MESH${d.code} ${d.message}`),
      [expected],
    );
    assert.ok(found[0]!.span !== undefined, "located");
  });
}

Crash.run();

const Render = suite("rendering stays linear and bounded");

Render("a 300 KB line is echoed as a window of 120 characters around the span; control characters are masked", () => {
  const line = `${"x".repeat(150_000)}\u001b[2Jbad${"y".repeat(150_000)}`;
  const d: Diagnostic = {
    code: 2010,
    severity: "error",
    message: "Unknown field 'bad'.",
    span: { file: "f.yaml", start: 150_004, length: 3 },
  };
  const out = renderPretty([d], new Map([["f.yaml", `${line}\n`]]));
  const [head, , echoed, marks] = out.split("\n");
  assert.is(head, "f.yaml(1,150005): error MESH2010: Unknown field 'bad'.");
  assert.is(echoed, `1 …${"x".repeat(16)}?[2Jbad${"y".repeat(97)}…`);
  assert.is(marks, `   ${" ".repeat(20)}~~~`);
});

Render("related locations beyond 10 are counted, not listed", () => {
  const span = { file: "f.yaml", start: 0, length: 1 };
  const related = Array.from({ length: 400 }, (_, i) => ({ message: `Also ${i}.`, span }));
  const out = renderPretty(
    [{ code: 2204, severity: "warning", message: "M.", span, related }],
    new Map([["f.yaml", "a\n"]]),
  );
  const lines = out.trimEnd().split("\n");
  assert.equal(lines.slice(-2), ["  f.yaml(1,1): Also 9.", "  ... and 390 more."]);
});

Render("1,000 VirtualServices for one host: each finding keeps 10 related locations and counts the other 989", () => {
  const docs = Array.from(
    { length: 1000 },
    (_, i) =>
      `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: vs${i}, namespace: default}\n` +
      `spec: {hosts: [reviews], http: [{route: [{destination: {host: reviews}}]}]}\n`,
  );
  const c = compileText({ "/vs.yaml": docs.join("---\n") }, "/vs.yaml");
  const findings = c.diagnostics.filter((d) => d.code === 2204);
  assert.is(findings.length, 1000);
  for (const d of findings) {
    assert.is(d.related?.length, 10);
    assert.is(d.relatedOmitted, 989);
  }
  const json = toJson(findings.slice(0, 1), new Map([["/vs.yaml", docs.join("---\n")]]))[0] as Record<string, unknown>;
  assert.is(json.relatedOmitted, 989);
});

Render.run();
