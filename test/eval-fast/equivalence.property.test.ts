/**
 * The compiled path (`simulate(ir, req, { trace: false })`, compiler/eval/istio/compiled/) decides exactly as the
 * traced Istio engine: on random meshes and requests (fast-check, fixed seed; meshes from
 * test/eval-envoy/_mesh-arb.ts) and on a hand-written mesh with the features those meshes lack (rewrites, redirects,
 * query and withoutHeaders matches, sourceLabels, ServiceEntries, external hosts, ingress sources, CUSTOM / AUDIT /
 * dry-run policies, path templates, `when` keys), its result deep-equals the traced result with the trace emptied,
 * with the same diagnostics. Several requests per mesh, so plans and caches are reused across requests.
 */
import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { simulate } from "../../compiler/eval/index.ts";
import type { SimRequest } from "../../compiler/eval/types.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import { lowerDocuments } from "../../compiler/ir/lower.ts";
import { memoryFileSystem } from "../../compiler/load/fs.ts";
import { loadYamlText } from "../../compiler/load/yaml/index.ts";
import { compile } from "../../compiler/pipeline.ts";
import { meshArb, requestArb } from "../eval-envoy/_mesh-arb.ts";
import { RICH_MESH, richRequestArb } from "./_rich-mesh.ts";

const SEED = 20261124;
const RUNS = Number(process.env["RUNS"] ?? 150);

/** The IR of a YAML mesh: compiled when valid, else lowered without validation (invalid meshes still evaluate). */
function irOf(yaml: string): MeshIR {
  const c = compile(["mesh.yaml"], { fs: memoryFileSystem({ "mesh.yaml": yaml }) });
  return c.ir ?? lowerDocuments(loadYamlText("mesh.yaml", yaml).value).value;
}

function same(ir: MeshIR, req: SimRequest): void {
  const full = simulate(ir, req);
  const fast = simulate(ir, req, { trace: false });
  const expected = {
    value: full.value === undefined ? undefined : { ...full.value, trace: [] },
    codes: full.diagnostics.map((d) => d.code),
  };
  assert.equal({ value: fast.value, codes: fast.diagnostics.map((d) => d.code) }, expected, JSON.stringify(req));
}

/** Perturbations the generated requests lack: query strings, paths BASE normalization rewrites, header case, Host. */
const perturbed = (base: fc.Arbitrary<SimRequest>): fc.Arbitrary<SimRequest> =>
  fc
    .record({
      req: base,
      query: fc.constantFrom("", "", "v=2", "a&v=1&v=3", "=x&v"),
      path: fc.constantFrom(undefined, undefined, undefined, "/a/../b/c", "/%61", "\\a", "", "/A"),
      upper: fc.boolean(),
      host: fc.option(fc.constantFrom("s0.default:8080", "other"), { nil: undefined, freq: 6 }),
    })
    .map(({ req, query, path, upper, host }) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[upper ? k.toUpperCase() : k] = v;
      if (host !== undefined) headers["host"] = host;
      return { ...req, query, path: path ?? req.path, headers };
    });

const random = suite("compiled = traced Istio engine on random meshes (fast-check, fixed seed)");

random(`${RUNS} meshes × 8 requests`, () => {
  fc.assert(
    fc.property(
      meshArb.chain((m) =>
        fc.tuple(fc.constant(m), fc.array(perturbed(requestArb(m.services)), { minLength: 8, maxLength: 8 })),
      ),
      ([mesh, reqs]) => {
        const ir = irOf(mesh.yaml);
        // Twice: the second pass reads the plans the first one built.
        for (const req of [...reqs, ...reqs]) same(ir, req);
      },
    ),
    { seed: SEED, numRuns: RUNS },
  );
});

random.run();

const rich = suite(
  "compiled = traced Istio engine on a mesh with rewrites, gateways, ServiceEntries and every policy kind",
);

rich(`${RUNS * 8} random requests`, () => {
  const ir = irOf(RICH_MESH);
  fc.assert(
    fc.property(perturbed(richRequestArb), (req) => same(ir, req)),
    { seed: SEED, numRuns: RUNS * 8 },
  );
});

rich.run();
