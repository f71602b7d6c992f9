/**
 * The diff is complete and sound (issue 17, docs/diff.md): for random mesh pairs (test/diff/_pairs.ts) and random
 * requests, every request whose decision differs between the two versions falls in a reported class, and every
 * reported example really differs. Fixed seed; `DIFF_PAIRS=2000` for the full run (30 pairs by default).
 * Generated requests keep their JWTs (`jwt iss=… sub=… groups=… aud=…`, and the flaws): the stats line counts how many
 * carried one (`withToken`), and how many of the differing requests did (`differingWithToken`).
 */
import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { diffMeshes } from "../../compiler/diff/index.ts";
import { classify, decisionOf } from "../../compiler/diff/classify.ts";
import { simulate, type SimRequest } from "../../compiler/eval/index.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import { parseRequest } from "../../compiler/scenario/index.ts";
import { requestArb } from "../eval-envoy/_mesh-arb.ts";
import { irOf, pairArb } from "./_pairs.ts";

const SEED = 170017;
// Pairs whose meshes have a RequestAuthentication are evaluated on the traced path (the compiled plans know none) and
// their token atoms multiply the cells: 10 pairs keep `npm test` short.
const PAIRS = Number(process.env["DIFF_PAIRS"] ?? 10);
const REQUESTS = 12;

const differs = (a: MeshIR, b: MeshIR, req: SimRequest) =>
  classify(decisionOf(simulate(a, req, { trace: false }).value), decisionOf(simulate(b, req, { trace: false }).value));

const complete = suite("meshc diff: complete and sound on random mesh pairs (fast-check, fixed seed)");

complete(`${PAIRS} mesh pairs × ${REQUESTS} random requests`, () => {
  const stats = {
    pairs: 0,
    changes: 0,
    differing: 0,
    requests: 0,
    withToken: 0,
    differingWithToken: 0,
    unknown: 0,
    cells: 0,
  };
  const start = Date.now();
  const arb = pairArb.chain((p) =>
    fc.tuple(
      fc.constant(p),
      fc.array(requestArb([...p.before.services, ...p.after.services]), { minLength: REQUESTS, maxLength: REQUESTS }),
    ),
  );
  fc.assert(
    fc.property(arb, ([pair, requests]) => {
      const before = irOf(pair.before.yaml).ir;
      const after = irOf(pair.after.yaml).ir;
      const diff = diffMeshes(before, after).value;
      stats.pairs++;
      if (stats.pairs % 50 === 0)
        process.stderr.write(
          `  diff property: ${JSON.stringify(stats)} at ${((Date.now() - start) / 1000).toFixed(0)} s\n`,
        );
      stats.changes += diff.changes.length;
      stats.cells += diff.stats.cells;
      // Sound: every example is a request of its class and really changes its fate.
      for (const c of diff.changes) {
        const parsed = parseRequest(c.example);
        assert.ok(parsed.value, `example does not parse: ${c.example}`);
        assert.ok(differs(before, after, parsed.value), `example does not differ: ${c.example}`);
        assert.is(diff.locate(parsed.value), c, `example is not in its own class: ${c.example}`);
      }
      // Complete: every differing request is in a reported class.
      for (const req of requests) {
        stats.requests++;
        if (req.jwt !== undefined) stats.withToken++;
        if (differs(before, after, req) === undefined) continue;
        stats.differing++;
        if (req.jwt !== undefined) stats.differingWithToken++;
        const found = diff.locate(req);
        if (found === "unknown") stats.unknown++;
        assert.ok(
          found !== undefined && found !== "unknown",
          `missed: ${JSON.stringify(req)}\n${pair.before.yaml}\n=====\n${pair.after.yaml}`,
        );
      }
    }),
    { seed: SEED, numRuns: PAIRS, endOnFailure: true },
  );
  console.log(`  diff property: ${JSON.stringify(stats)} in ${((Date.now() - start) / 1000).toFixed(1)} s`);
});

complete.run();
