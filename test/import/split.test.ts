/**
 * `meshc import --split-by namespace`: one file per namespace beside an index that imports them, deterministic,
 * formatted, type-checking, building to exactly what the single file builds; files import each other's bindings
 * without a cycle (a declaration that would close one stays in the index); the option's usage errors (MESH1306,
 * MESH1307).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as prettier from "prettier";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { main } from "../../compiler/cli/main.ts";
import { importMesh } from "../../compiler/import/index.ts";
import { loadYamlText } from "../../compiler/load/yaml/index.ts";

const Split = suite("import --split-by namespace");

async function cli(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const io = {
    stdout: (s: string) => void (stdout += s),
    stderr: (s: string) => void (stderr += s),
    cwd: process.cwd(),
    color: false,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const files = (root: string) => readdirSync(root, { recursive: true, encoding: "utf8" }).sort();

Split("bookinfo-yaml: a file per namespace and an index, building to the single file's output", async () => {
  const dir = mkdtempSync(join(tmpdir(), "meshc-split-"));
  try {
    const split = await cli([
      "import",
      "examples/bookinfo-yaml",
      "--split-by",
      "namespace",
      "-o",
      join(dir, "split", "mesh.ts"),
    ]);
    assert.is(split.stderr, "");
    assert.is(split.code, 0);
    assert.equal(files(join(dir, "split")), ["bookinfo.ts", "istio-system.ts", "mesh.ts"]);
    const index = readFileSync(join(dir, "split", "mesh.ts"), "utf8");
    assert.ok(index.includes('import "./bookinfo.ts";\nimport "./istio-system.ts";'), index);
    const bookinfo = readFileSync(join(dir, "split", "bookinfo.ts"), "utf8");
    assert.ok(bookinfo.includes("canary(reviews, { v1: 90, v2: 10 })"), bookinfo);
    for (const f of files(join(dir, "split")))
      assert.ok(
        await prettier.check(readFileSync(join(dir, "split", f), "utf8"), { parser: "typescript", printWidth: 120 }),
        `${f} is formatted as prettier would`,
      );
    // Deterministic: a second run writes the same files.
    assert.is(
      (await cli(["import", "examples/bookinfo-yaml", "--split-by", "namespace", "-o", join(dir, "again", "mesh.ts")]))
        .code,
      0,
    );
    for (const f of files(join(dir, "split")))
      assert.is(readFileSync(join(dir, "again", f), "utf8"), readFileSync(join(dir, "split", f), "utf8"), f);
    // The same output as the single file.
    assert.is((await cli(["import", "examples/bookinfo-yaml", "-o", join(dir, "one", "mesh.ts")])).code, 0);
    assert.is((await cli(["build", join(dir, "split", "mesh.ts"), "--out", join(dir, "out-split")])).code, 0);
    assert.is((await cli(["build", join(dir, "one", "mesh.ts"), "--out", join(dir, "out-one")])).code, 0);
    assert.equal(files(join(dir, "out-split")), files(join(dir, "out-one")));
    for (const f of files(join(dir, "out-one")).filter((n) => /\.(json|pb)$/.test(n)))
      assert.ok(readFileSync(join(dir, "out-split", f)).equals(readFileSync(join(dir, "out-one", f))), f);
    const istio = (root: string) => readFileSync(join(root, "istio.yaml"), "utf8").replace(/^# @generated.*\n/, "");
    assert.is(istio(join(dir, "out-split")), istio(join(dir, "out-one")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const service = (name: string, ns: string) => `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec: {selector: {app: ${name}}, ports: [{name: http, port: 80}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}}
spec: {template: {metadata: {labels: {app: ${name}}}, spec: {serviceAccountName: ${name}}}}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: ${name}, namespace: ${ns}}
`;

const route = (name: string, ns: string, to: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: ${ns}}
spec: {hosts: [${name}], http: [{route: [{destination: {host: ${to}}}]}]}
`;

Split(
  "namespaces that refer to each other: imports stay acyclic, the declaration closing the cycle is in the index",
  () => {
    const yaml = [
      service("web", "a"),
      service("api", "b"),
      route("web", "a", "api.b.svc.cluster.local"),
      route("api", "b", "web.a.svc.cluster.local"),
      "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n",
    ].join("---\n");
    const docs = loadYamlText("in.yaml", yaml);
    assert.equal(docs.diagnostics, []);
    const result = importMesh(docs.value, { inputs: ["in.yaml"], splitBy: "namespace", index: "main.ts" });
    assert.equal(result.diagnostics, [], "verified as split files");
    const out = result.value.files!;
    assert.equal([...out.keys()], ["a.ts", "b.ts", "main.ts"]);
    const [a, b, index] = [out.get("a.ts")!, out.get("b.ts")!, out.get("main.ts")!];
    assert.ok(a.includes('import { api } from "./b.ts";') && a.includes("export const web = service("), a);
    assert.ok(a.includes("routes(web, { http: [{ route: [{ destination: api }] }] });"), a);
    assert.ok(b.includes("export const api = service(") && !b.includes('from "./a.ts"'), b);
    assert.ok(
      index.includes(
        'import "./a.ts";\nimport "./b.ts";\nimport { web } from "./a.ts";\nimport { api } from "./b.ts";',
      ),
      index,
    );
    assert.ok(index.includes("routes(api, { http: [{ route: [{ destination: web }] }] });"), index);
    assert.is(result.value.text, index);
  },
);

Split("--split-by takes only 'namespace' (MESH1306) and needs --out (MESH1307)", async () => {
  const other = await cli(["import", "examples/bookinfo-yaml", "--split-by", "team", "-o", "x/mesh.ts"]);
  assert.is(other.code, 2);
  assert.match(other.stderr, "MESH1306: '--split-by team' is not supported: meshc import splits by 'namespace'.");
  const noOut = await cli(["import", "examples/bookinfo-yaml", "--split-by", "namespace"]);
  assert.is(noOut.code, 2);
  assert.match(noOut.stderr, "MESH1307: '--split-by' needs '--out'");
});

Split.run();
