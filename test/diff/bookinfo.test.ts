/**
 * `meshc diff` on bookinfo before and after each step of Istio's tasks reports exactly the changes the task pages
 * describe (with examples that really change):
 * - Request routing, https://istio.io/latest/docs/tasks/traffic-management/request-routing/: no VirtualService →
 *   virtual-service-all-v1.yaml (every service pinned to v1) → virtual-service-reviews-test-v2.yaml (jason → v2).
 * - Traffic shifting, https://istio.io/latest/docs/tasks/traffic-management/traffic-shifting/: all v1 → 50/50 v1/v3
 *   → 100% v3.
 * - Authorization, https://istio.io/latest/docs/tasks/security/authorization/authz-deny/: a DENY policy on ratings.
 * - Mutual TLS migration, https://istio.io/latest/docs/tasks/security/authentication/mtls-migration/: namespace-wide
 *   STRICT, after which plaintext clients' connections are reset.
 * And `diff A A` reports nothing for every example, with every destination partitioned.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { diffMeshes, type Change } from "../../compiler/diff/index.ts";
import { classify, decisionOf } from "../../compiler/diff/classify.ts";
import { simulate } from "../../compiler/eval/index.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import { memoryFileSystem } from "../../compiler/load/fs.ts";
import { compile } from "../../compiler/pipeline.ts";
import { parseRequest } from "../../compiler/scenario/index.ts";
import * as B from "./_bookinfo.ts";
import { EXAMPLES, exampleInput } from "../support/examples.ts";

function ir(yaml: string): MeshIR {
  const c = compile(["mesh.yaml"], { fs: memoryFileSystem({ "mesh.yaml": yaml }) });
  assert.ok(c.ir, JSON.stringify(c.diagnostics.filter((d) => d.severity === "error")));
  return c.ir;
}

const SIDECARS = ["details-v1", "productpage-v1", "ratings-v1", "reviews-v1", "reviews-v2", "reviews-v3"].map(
  (w) => `bookinfo/${w}`,
);
const PLAINTEXT = [...SIDECARS.map((s) => `${s} (plaintext)`), "outside"];

/** A change as the task pages state it: what, where, for whom, and the destinations after. */
function summary(c: Change): string {
  const sources = c.constraints.sources === "any" ? "any" : [...c.constraints.sources].sort().join(",");
  const who =
    sources === [...SIDECARS].sort().join(",")
      ? "sidecars"
      : sources === [...PLAINTEXT].sort().join(",")
        ? "plaintext"
        : sources;
  const after = (c.after?.outcomes ?? [])
    .map((o) => `${o.destination?.subset ?? "-"} ${Math.round(o.probability * 100)}% ${o.status}`)
    .join(" + ");
  return `${c.severity} ${c.constraints.destination} ${JSON.stringify(c.constraints.attributes)} from ${who} → ${after}`;
}

function diff(before: string, after: string): string[] {
  const a = ir(before);
  const b = ir(after);
  const d = diffMeshes(a, b);
  assert.equal(d.diagnostics, []);
  for (const c of d.value.changes) {
    const req = parseRequest(c.example).value!;
    const r = (m: MeshIR) => decisionOf(simulate(m, req, { trace: false }).value);
    assert.ok(classify(r(a), r(b)), `the example of '${c.where}' does not change: ${c.example}`);
  }
  return d.value.changes.map(summary);
}

const tasks = suite("meshc diff: bookinfo through Istio's tasks");

tasks("request routing: no VirtualService → all to v1", () => {
  assert.equal(
    diff(B.PLATFORM, B.PLATFORM + B.ALL_V1),
    ["details", "productpage", "ratings", "reviews"].map(
      (s) => `destinations ${s}.bookinfo:9080 {} from sidecars → v1 100% 200`,
    ),
  );
});

tasks("request routing: all to v1 → jason to v2 (the others keep v1, by a new rule)", () => {
  assert.equal(diff(B.PLATFORM + B.ALL_V1, B.PLATFORM + B.JASON_V2), [
    `destinations reviews.bookinfo:9080 {"header end-user":["exact 'jason'"]} from sidecars → v2 100% 200`,
    `route reviews.bookinfo:9080 {"header end-user":["absent","none of exact 'jason'"]} from sidecars → v1 100% 200`,
  ]);
});

tasks("traffic shifting: all to v1 → 50/50 v1/v3 → all to v3", () => {
  assert.equal(diff(B.PLATFORM + B.ALL_V1, B.PLATFORM + B.FIFTY_V3), [
    `destinations reviews.bookinfo:9080 {} from sidecars → v1 50% 200 + v3 50% 200`,
  ]);
  assert.equal(diff(B.PLATFORM + B.FIFTY_V3, B.PLATFORM + B.ALL_V3), [
    `destinations reviews.bookinfo:9080 {} from sidecars → v3 100% 200`,
  ]);
});

tasks("authorization: a DENY policy on ratings newly denies GET without the admin token, from every client", () => {
  assert.equal(diff(B.PLATFORM + B.ALL_V1, B.PLATFORM + B.ALL_V1 + B.RATINGS_DENY), [
    `newly denied ratings.bookinfo:9080 {"method":["exact 'GET'"],"header x-token":["absent","none of exact 'admin'"]} from any → v1 100% 403`,
  ]);
});

tasks("mutual TLS: namespace-wide STRICT resets every plaintext client's connection, to every service", () => {
  const changes = diff(B.PLATFORM + B.ALL_V1, B.PLATFORM + B.ALL_V1 + B.STRICT);
  assert.equal(
    changes.map((c) => c.replace(/ → .*/, "")),
    ["details", "productpage", "ratings", "reviews"].map((s) => `status ${s}.bookinfo:9080 {} from plaintext`),
  );
  for (const c of changes) assert.ok(/ → (- \d+% 0( \+ )?)+$/.test(c), c);
});

const same = suite("meshc diff A A reports nothing");

// Every example directory, found at run time (test/support/examples.ts): one added later is covered too.
for (const name of EXAMPLES)
  same(`examples/${name}, every destination partitioned, two compilations`, () => {
    const input = exampleInput(name);
    const a = compile([input]).ir;
    const b = compile([input]).ir;
    assert.ok(a && b);
    const d = diffMeshes(a, b, { everyDestination: true });
    assert.equal(d.value.changes, []);
    assert.ok(d.value.stats.cells > 0);
    assert.equal(diffMeshes(a, b).value.stats.affected, 0);
  });

tasks.run();
same.run();
