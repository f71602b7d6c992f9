/**
 * `meshc import` round trips (issue 16 §2) on every YAML mesh we hold: examples/bookinfo-yaml through the CLI (import,
 * then build, as a user runs them), the other YAML examples, the YAML form of every mesh.ts example (which imports
 * with no raw() at all), and the conformance corpora in ../shared read in place (Istio's analyzer and authorization
 * inputs, istiod's Gateway API conversion inputs; skipped, visibly, when ../shared is absent). The corpora run in
 * full with MESHC_IMPORT_CORPUS=all; by default every fourth file, to keep `npm test` affordable on shared machines
 * (each file type-checks one imported mesh.ts).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as prettier from "prettier";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { main } from "../../compiler/cli/main.ts";
import { dump } from "js-yaml";
import { lowerDocuments } from "../../compiler/ir/lower.ts";
import type { InputDocument } from "../../compiler/load/document.ts";
import { loadMeshTs } from "../../compiler/load/mesh-ts/index.ts";
import { loadYamlInputs, loadYamlText } from "../../compiler/load/yaml/index.ts";
import { namespacesYaml, registryYaml } from "../gateway-api/_registry.ts";
import { compile } from "../../compiler/pipeline.ts";
import { conformanceDir } from "../support/shared.ts";
import { sharedCorpus } from "../support/shared-corpus.ts";
import { skip } from "../support/skip.ts";
import { roundTrip } from "./_round-trip.ts";

const RoundTrip = suite("import round trip");

async function cli(argv: string[], cwd = process.cwd()) {
  let stdout = "";
  let stderr = "";
  const io = {
    stdout: (s: string) => void (stdout += s),
    stderr: (s: string) => void (stderr += s),
    cwd,
    color: false,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

RoundTrip(
  "bookinfo-yaml: meshc import, then meshc build, gives the same istio.yaml and the same Envoy output",
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshc-import-"));
    try {
      const imported = await cli(["import", "examples/bookinfo-yaml", "-o", join(dir, "mesh.ts")]);
      assert.is(imported.stderr, "", "bookinfo-yaml imports without a single raw() resource");
      assert.is(imported.code, 0);
      const text = readFileSync(join(dir, "mesh.ts"), "utf8");
      assert.ok(text.startsWith("// Imported by 'meshc import' from examples/bookinfo-yaml.\n"));
      for (const idiom of ['reviews.subset("v2")', "canary(reviews, { v1: 90, v2: 10 })", 'productpage.port("http")'])
        assert.ok(text.includes(idiom), idiom);
      assert.ok(text.includes("principals: [productpage]"), "service accounts become service references");
      assert.ok(await prettier.check(text, { parser: "typescript", printWidth: 120 }), "formatted as prettier would");
      assert.is((await cli(["build", join(dir, "mesh.ts"), "--out", join(dir, "ts")])).code, 0);
      assert.is((await cli(["build", "examples/bookinfo-yaml", "--out", join(dir, "yaml")])).code, 0);
      const files = (root: string) => readdirSync(root, { recursive: true, encoding: "utf8" }).sort();
      assert.equal(files(join(dir, "ts")), files(join(dir, "yaml")));
      for (const f of files(join(dir, "yaml")).filter((name) => name.endsWith(".json") || name.endsWith(".pb")))
        assert.ok(readFileSync(join(dir, "ts", f)).equals(readFileSync(join(dir, "yaml", f))), f);
      // istio.yaml: equal after defaults (hosts fully qualified); the header names the other input.
      const yamlC = compile(["examples/bookinfo-yaml"]);
      const docs = loadYamlInputs(["examples/bookinfo-yaml"]).value.documents;
      assert.equal(roundTrip(docs, ["examples/bookinfo-yaml"], yamlC.ir).problems, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

RoundTrip("meshc import is deterministic", async () => {
  const a = await cli(["import", "examples/bookinfo-yaml"]);
  const b = await cli(["import", "examples/bookinfo-yaml"]);
  assert.is(a.code, 0);
  assert.is(a.stdout, b.stdout);
});

const ALL = process.env["MESHC_IMPORT_CORPUS"] === "all";

/** The YAML files of a corpus directory that are meshes (Istio's analyzer inputs, authorization policies). */
function corpus(name: string): string[] {
  const dir = conformanceDir(name);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".yaml") && f !== "EXPECTED.yaml" && f !== "cases.yaml")
    .sort()
    .map((f) => join(dir, f));
}

/** The examples written as mesh.ts: the resources their mesh.ts lowers to (the registry included), as YAML. */
function yamlForm(example: string): InputDocument[] {
  const lowered = loadMeshTs(join("examples", example, "mesh.ts"));
  assert.equal(lowered.diagnostics, []);
  const yaml = lowered.value.documents.map((d) => dump(d.object, { noRefs: true })).join("---\n");
  return loadYamlText(`${example}.yaml`, yaml).value;
}

const EXAMPLES = readdirSync("examples", { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

/** Idioms an example's import must use (typed references rather than strings). */
const IDIOMS: Readonly<Record<string, readonly string[]>> = {
  "bookinfo-gateway-api": [
    'const bookinfoGateway = gateway("bookinfo-gateway", {',
    "parentRefs: [bookinfoGateway]",
    'parentRefs: [reviews.port("http")]',
    'selector: reviews.version("v1")',
    '{ backend: reviewsV1.port("http"), weight: 90 }',
    "principals: [bookinfoGateway]",
    "subsets: false",
  ],
};

for (const example of EXAMPLES.filter((e) => existsSync(join("examples", e, "mesh.ts"))))
  RoundTrip(`${example}'s YAML form imports with no raw() and round trips`, () => {
    const docs = yamlForm(example);
    const result = roundTrip(docs, [`${example}.yaml`], lowerDocuments(docs).value);
    assert.equal(result.problems, [], result.text);
    assert.equal(
      result.diagnostics.map((d) => d.message),
      [],
      "no resource kept in raw()",
    );
    for (const idiom of IDIOMS[example] ?? []) assert.ok(result.text.includes(idiom), `${idiom}\n${result.text}`);
  });

for (const example of EXAMPLES.filter((e) => e !== "bookinfo-yaml" && !existsSync(join("examples", e, "mesh.ts"))))
  RoundTrip(`examples/${example} (YAML) round trips`, () => {
    const input = join("examples", example);
    const result = roundTrip(loadYamlInputs([input]).value.documents, [input], compile([input]).ir);
    assert.equal(result.problems, [], result.text);
  });

for (const name of ["istio-analyze", "istio-authz"]) {
  const files = corpus(name);
  if (files.length === 0) {
    // sharedCorpus registers the visible skip (or, under CI=true, the failure).
    sharedCorpus(RoundTrip, name);
    continue;
  }
  files.forEach((file, i) => {
    const label = `${name}/${file.slice(conformanceDir(name).length + 1)}`;
    if (!ALL && i % 4 !== 0) return;
    const loaded = loadYamlInputs([file]);
    const loadError = loaded.diagnostics.find((d) => d.severity === "error");
    if (loadError !== undefined || loaded.value.documents.length === 0) {
      const why = loadError?.message ?? "no resource meshc reads";
      skip(RoundTrip, `${label} (not a mesh input: ${why})`);
      return;
    }
    RoundTrip(`${label} round trips`, () => {
      const yamlC = compile([file]);
      const result = roundTrip(loaded.value.documents, [label], yamlC.ir);
      assert.equal(result.problems, [], result.text);
    });
  });
}

/**
 * istiod's Gateway API conversion inputs (`TestConvertResources`), each over the test's registry as
 * test/gateway-api/conformance.test.ts builds it (its DNS domain read as cluster.local).
 */
const gatewayApiDir = conformanceDir("istio-gateway-api");
if (!existsSync(gatewayApiDir)) sharedCorpus(RoundTrip, "istio-gateway-api");
else {
  const registryText = registryYaml(readFileSync(join(gatewayApiDir, "registry.yaml"), "utf8"));
  const registry = loadYamlText("registry.yaml", registryText).value;
  readdirSync(gatewayApiDir)
    .filter((f) => f.endsWith(".yaml") && f !== "registry.yaml" && !f.startsWith("benchmark"))
    .sort()
    .forEach((file, i) => {
      if (!ALL && i % 4 !== 0) return;
      const label = `istio-gateway-api/${file}`;
      RoundTrip(`${label} round trips`, () => {
        const text = readFileSync(join(gatewayApiDir, file), "utf8").replace(/domain\.suffix/g, "cluster.local");
        const own = loadYamlText(file, text).value;
        const docs = [
          ...registry,
          ...loadYamlText("namespaces.yaml", namespacesYaml([...registry, ...own])).value,
          ...own,
        ];
        const result = roundTrip(docs, [label], lowerDocuments(docs).value);
        assert.equal(result.problems, [], result.text);
      });
    });
}

RoundTrip.run();
