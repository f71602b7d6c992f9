/**
 * The two engines check each other under istiod's feature flags (compiler/ir/istiod-features.ts): the random meshes
 * and requests of agree.property.test.ts (_services-arb.ts, with headless Services with TCP, HTTP and sniffed ports
 * among the other services: _headless-arb.ts; VIPs, CIDRs and services without addresses sharing ports:
 * _vip-arb.ts), built with
 * `PILOT_ENABLE_HEADLESS_FILTER_CHAIN_LISTENER=true` as meshc.config.json `istiod.env` gives it, so the headless
 * Service's endpoints are `/32` chains on the wildcard listeners, merged with the port's other services. Fixed seed;
 * `RUNS=N` cases (default 150: 50 meshes × 3 requests).
 */
import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { simulate } from "../../compiler/eval/index.ts";
import type { SimRequest, SimulationResult } from "../../compiler/eval/types.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import { istiodFeatures } from "../../compiler/ir/istiod-features.ts";
import { lowerDocuments } from "../../compiler/ir/lower.ts";
import { memoryFileSystem } from "../../compiler/load/fs.ts";
import { loadYamlText } from "../../compiler/load/yaml/index.ts";
import { compile } from "../../compiler/pipeline.ts";
import { meshArb, requestArb } from "./_services-arb.ts";
import type { GeneratedMesh } from "./_tcp-arb.ts";

const SEED = 131313;
const RUNS = Number(process.env["RUNS"] ?? 150);
const MESHES = Math.ceil(RUNS / 3);

const istiod = istiodFeatures([{ name: "PILOT_ENABLE_HEADLESS_FILTER_CHAIN_LISTENER", value: "true" }]).value;

function meshIR(yaml: string): MeshIR {
  const c = compile(["mesh.yaml"], { fs: memoryFileSystem({ "mesh.yaml": yaml }), istiod });
  return c.ir ?? lowerDocuments(loadYamlText("mesh.yaml", yaml).value, { istiod }).value;
}

const withoutTrace = (r: SimulationResult | undefined) => {
  if (r === undefined) return undefined;
  const { trace: _trace, ...rest } = r;
  return rest;
};

function compare(ir: MeshIR, req: SimRequest): { istio: unknown; envoy: unknown } {
  const a = simulate(ir, req);
  const b = simulate(ir, req, { engine: "envoy" });
  return {
    istio: { value: withoutTrace(a.value), codes: a.diagnostics.map((d) => d.code) },
    envoy: { value: withoutTrace(b.value), codes: b.diagnostics.map((d) => d.code) },
  };
}

const flags = suite("Istio engine = Envoy engine with PILOT_ENABLE_HEADLESS_FILTER_CHAIN_LISTENER (fast-check)");

flags(`${RUNS} cases: ${MESHES} random meshes × 3 requests`, () => {
  let headless = 0;
  let headlessRequests = 0;
  fc.assert(
    fc.property(
      meshArb.chain((m: GeneratedMesh) =>
        fc.tuple(fc.constant(m), fc.array(requestArb(m.services), { minLength: 3, maxLength: 3 })),
      ),
      ([mesh, requests]) => {
        const ir = meshIR(mesh.yaml);
        assert.ok(ir.istiod.enableHeadlessFilterChainListener);
        if (mesh.yaml.includes("clusterIP: None")) headless++;
        for (const req of requests) {
          if (/^(hl|[a-z0-9-]+\.hl)\.default$|^10\.[89]\./.test(req.host)) headlessRequests++;
          const r = compare(ir, req);
          assert.equal(r.envoy, r.istio);
        }
      },
    ),
    { seed: SEED, numRuns: MESHES },
  );
  console.log(`${MESHES} meshes: ${headless} with a headless Service, ${headlessRequests} requests to it`);
  // The flag must be exercised: headless Services and requests to their endpoints are generated.
  assert.ok(headless > 0 && headlessRequests > 0);
});

flags.run();
