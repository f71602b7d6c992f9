/**
 * The import round trip (issue 16 §2) as a property: on generated meshes, `meshc import` then build gives the input's
 * Istio resources (after defaults) and identical Envoy output, the imported mesh.ts type-checks, and every resource
 * is either a typed call or reported in raw(). Two generators: the engines' differential generator
 * (test/eval-envoy/_tcp-arb.ts: services with versions, VirtualServices, DestinationRules, PeerAuthentications,
 * AuthorizationPolicies, RequestAuthentications, Sidecars, an ingress Gateway, TCP routes; one mesh in five invalid
 * on purpose), fixed seed, `RUNS` meshes (100 under CI); and the benchmark generator's YAML form (bench/gen) at
 * `BENCH_N` services (100 by default).
 */
import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { generateMesh } from "../../bench/gen/index.ts";
import { lowerDocuments } from "../../compiler/ir/lower.ts";
import type { InputDocument } from "../../compiler/load/document.ts";
import { loadYamlText } from "../../compiler/load/yaml/index.ts";
import { meshArb } from "../eval-envoy/_tcp-arb.ts";
import { roundTrip } from "./_round-trip.ts";

const Property = suite("import round trip on generated meshes");

const SEED = 1616;
/** 100 meshes under CI (the N=100), 20 locally; `RUNS=N` for another count. */
const RUNS = Number(process.env["RUNS"] ?? (process.env["CI"] === "true" ? 100 : 20));
const BENCH_N = Number(process.env["BENCH_N"] ?? 100);

/** The round trip of `docs`; the counts of resources imported as typed calls and kept in raw(). */
function check(docs: readonly InputDocument[], label: string): { typed: number; kept: number } {
  const result = roundTrip(docs, [label], lowerDocuments(docs).value);
  assert.equal(result.problems, [], `${label}\n${result.text}`);
  const kept = result.diagnostics.filter((d) => d.code === 1301 || d.code === 1302 || d.code === 1305);
  assert.ok(
    result.diagnostics.every((d) => kept.includes(d)),
    result.diagnostics.map((d) => d.message).join("\n"),
  );
  return { typed: docs.length - kept.length, kept: kept.length };
}

Property(`${RUNS} meshes of the engines' differential generator round trip (seed ${SEED})`, () => {
  let typed = 0;
  let kept = 0;
  fc.assert(
    fc.property(meshArb, (mesh) => {
      const docs = loadYamlText("mesh.yaml", mesh.yaml).value;
      const counts = check(docs, "mesh.yaml");
      typed += counts.typed;
      kept += counts.kept;
    }),
    { seed: SEED, numRuns: RUNS, endOnFailure: true },
  );
  if (process.env["IMPORT_STATS"] !== undefined) console.log(`arb: ${RUNS} meshes, ${typed} typed, ${kept} in raw()`);
});

Property(`the benchmark generator's YAML form (${BENCH_N} services) round trips with no raw()`, () => {
  const mesh = generateMesh(BENCH_N);
  const docs = [...mesh.yaml].flatMap(([file, text]) => loadYamlText(file, text).value);
  const counts = check(docs, `bench-${BENCH_N}`);
  assert.is(counts.kept, 0);
  if (process.env["IMPORT_STATS"] !== undefined) console.log(`bench: ${docs.length} resources, all typed`);
});

Property.run();
