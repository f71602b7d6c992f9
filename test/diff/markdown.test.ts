/**
 * `meshc diff --format markdown` is a pull-request comment (issue 17, docs/diff.md): the number of classes per kind of
 * change, then each class with its example request and before → after, most severe first — newly allowed, newly
 * denied, changed destinations, changed splits. One bookinfo change makes one class of each.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { diffMeshes } from "../../compiler/diff/index.ts";
import { renderMarkdown } from "../../compiler/diff/render.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import { memoryFileSystem } from "../../compiler/load/fs.ts";
import { compile } from "../../compiler/pipeline.ts";
import * as B from "./_bookinfo.ts";

function ir(yaml: string): MeshIR {
  const c = compile(["mesh.yaml"], { fs: memoryFileSystem({ "mesh.yaml": yaml }) });
  assert.ok(c.ir, JSON.stringify(c.diagnostics.filter((d) => d.severity === "error")));
  return c.ir;
}

/** Every client may POST to details before; none after. */
const DETAILS_DENY_POST = `---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: details-deny-post, namespace: bookinfo}
spec:
  selector: {matchLabels: {app: details}}
  action: DENY
  rules:
  - to:
    - operation: {methods: ["POST"]}
`;

/** jason's requests move from the 50/50 split to v2; everyone else's split becomes 80/20. */
const JASON_V2_REST_80_20 = B.vs(
  "reviews",
  `  - match:
    - headers:
        end-user: {exact: jason}
    route:
    - destination: {host: reviews, subset: v2}
  - route:
    - destination: {host: reviews, subset: v1}
      weight: 80
    - destination: {host: reviews, subset: v3}
      weight: 20
`,
);

const md = suite("meshc diff --format markdown");

md("newly allowed, newly denied, changed destinations, changed splits: counted, then listed in that order", () => {
  const before = B.PLATFORM + B.FIFTY_V3 + B.RATINGS_DENY;
  const after = B.PLATFORM + B.OTHERS_V1 + JASON_V2_REST_80_20 + DETAILS_DENY_POST;
  const out = renderMarkdown(diffMeshes(ir(before), ir(after)).value);
  const rows = [...out.matchAll(/^\| (.+) \| (\d+) \|$/gm)].map((m) => `${m[1]}: ${m[2]}`);
  assert.equal(rows, ["Newly allowed: 1", "Newly denied: 1", "Changed destinations: 1", "Changed splits: 1"]);
  const sections = out.split(/^#### /m).slice(1);
  const item = (section: string) => {
    const [title = "", , where = "", example = "", was = "", is = ""] = section.trim().split("\n");
    return { title, where, example, was, is };
  };
  const [allowed, denied, moved, split] = sections.map(item);
  assert.is(sections.length, 4);

  assert.is(allowed!.title, "Newly allowed");
  assert.match(allowed!.where, /^1\. any source → ratings\.bookinfo:9080; method: exact 'GET'; header x-token: absent/);
  assert.match(allowed!.example, /^ {3}- example: `GET http:\/\/ratings\.bookinfo:9080\/ from /);
  assert.match(allowed!.was, /: 403, mTLS, DENY by bookinfo\/ratings-deny$/);
  assert.match(allowed!.is, /: 200, mTLS, ALLOW \(default\)$/);

  assert.is(denied!.title, "Newly denied");
  assert.match(denied!.where, /^2\. any source → details\.bookinfo:9080; method: exact 'POST'$/);
  assert.match(denied!.example, /`POST http:\/\/details\.bookinfo:9080\/ from /);
  assert.match(denied!.was, /: 200, mTLS, ALLOW \(default\)$/);
  assert.match(denied!.is, /: 403, mTLS, DENY by bookinfo\/details-deny-post$/);

  assert.is(moved!.title, "Changed destinations");
  assert.match(moved!.where, /^3\. .* → reviews\.bookinfo:9080; header end-user: exact 'jason'$/);
  assert.match(moved!.example, /`GET http:\/\/reviews\.bookinfo:9080\/ from \S+ header end-user=jason`$/);
  assert.match(moved!.was, /→ 50% reviews\S+ v1: 200.*; 50% reviews\S+ v3: 200/);
  assert.match(moved!.is, /→ 100% reviews\S+ v2: 200/);

  assert.is(split!.title, "Changed splits");
  assert.match(split!.where, /^4\. .* → reviews\.bookinfo:9080; header end-user: absent \\\| none of exact 'jason'$/);
  assert.match(split!.was, /→ 50% reviews\S+ v1: 200.*; 50% reviews\S+ v3: 200/);
  assert.match(split!.is, /→ 80% reviews\S+ v1: 200.*; 20% reviews\S+ v3: 200/);
});

md("no change: says so, and nothing else", () => {
  const mesh = ir(B.PLATFORM + B.ALL_V1);
  assert.is(renderMarkdown(diffMeshes(mesh, mesh).value), "### meshc diff\n\nNo request changes its fate.\n");
});

md.run();
