/** What keeps a diff from being exhaustive is said, never silent: MESH5201 (sampled regex), 5202, 5203 (refused). */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { diffMeshes } from "../../compiler/diff/index.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import { memoryFileSystem } from "../../compiler/load/fs.ts";
import { compile } from "../../compiler/pipeline.ts";
import * as B from "./_bookinfo.ts";

function ir(yaml: string): MeshIR {
  const c = compile(["mesh.yaml"], { fs: memoryFileSystem({ "mesh.yaml": yaml }) });
  assert.ok(c.ir, JSON.stringify(c.diagnostics.filter((d) => d.severity === "error")));
  return c.ir;
}

const ratings = (matches: string) => `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ratings, namespace: bookinfo}
spec:
  hosts: [ratings]
  http:
${matches}  - route:
    - destination: {host: ratings, subset: v1}
`;
const uri = (re: string, subset = "v1") =>
  `  - match: [{uri: {regex: '${re}'}}]\n    route:\n    - destination: {host: ratings, subset: ${subset}}\n`;

const codes = (before: string, after: string, options = {}) =>
  diffMeshes(ir(B.PLATFORM + before), ir(B.PLATFORM + after), options).diagnostics.map(
    (d) => `${d.severity} MESH${d.code}: ${d.message}`,
  );

const t = suite("meshc diff diagnostics");

t("MESH5201: a regex outside the analysable RE2 subset is sampled, with a warning", () => {
  assert.equal(codes(ratings(uri("/a\\b.*")), ratings(uri("/a\\b.*") + uri("/b.*"))), [
    "warning MESH5201: The diff cannot analyse regex '/a\\b.*' exactly, so the requests it splits are sampled, not enumerated.",
  ]);
});

t("MESH5202: more than 512 classes for one attribute", () => {
  const many = "abcdefghij"
    .split("")
    .map((c) => uri(`.*${c}.*`))
    .join("");
  assert.equal(codes(ratings(""), ratings(many)), [
    "error MESH5202: The path matches for 'mesh ratings.bookinfo.svc.cluster.local:9080' split its requests into more than 512 classes, so the diff skips that destination.",
  ]);
});

t("MESH5203: more cells than the limit", () => {
  assert.equal(codes(ratings(""), ratings(uri("/x.*")), { maxCells: 1 }), [
    "error MESH5203: The requests to 'mesh ratings.bookinfo.svc.cluster.local:9080' fall into 6 classes, more than the limit of 1, so the diff skips that destination.",
  ]);
});

t.run();
