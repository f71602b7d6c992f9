/**
 * Random pairs of meshes for the diff's completeness property: a mesh of the engines' differential test
 * (test/eval-envoy/_mesh-arb.ts) and a second version of it, with some of its configuration documents dropped and
 * some values rewritten (users, subsets, paths, methods, mTLS modes, policy actions, weights), or an independent mesh.
 */
import fc from "fast-check";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import { lowerDocuments } from "../../compiler/ir/lower.ts";
import { memoryFileSystem } from "../../compiler/load/fs.ts";
import { loadYamlText } from "../../compiler/load/yaml/index.ts";
import { compile } from "../../compiler/pipeline.ts";
import { meshArb, type GeneratedMesh } from "../eval-envoy/_mesh-arb.ts";

const REWRITES: readonly (readonly [RegExp, string])[] = [
  [/jason/g, "bob"],
  [/STRICT/g, "PERMISSIVE"],
  [/PERMISSIVE/g, "STRICT"],
  [/action: ALLOW/g, "action: DENY"],
  [/subset: v2/g, "subset: v1"],
  [/"\/a\*"/g, '"/b*"'],
  [/prefix: \/a/g, "prefix: /b"],
  [/GET/g, "POST"],
  [/weight: (\d+)/g, "weight: 50"],
  [/ISTIO_MUTUAL/g, "DISABLE"],
];
const CONFIG = /^kind: (VirtualService|DestinationRule|PeerAuthentication|AuthorizationPolicy|Gateway)$/m;

export interface MeshPair {
  readonly before: GeneratedMesh;
  readonly after: GeneratedMesh;
}

function mutate(m: GeneratedMesh, drop: readonly boolean[], rewrites: readonly boolean[]): GeneratedMesh {
  const docs = m.yaml.split(/^---$/m);
  let i = 0;
  let yaml = docs.filter((d) => !(CONFIG.test(d) && drop[i++ % drop.length])).join("---");
  REWRITES.forEach(([re, to], j) => {
    if (rewrites[j]) yaml = yaml.replace(re, to);
  });
  return { yaml, services: m.services };
}

export const pairArb: fc.Arbitrary<MeshPair> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .tuple(
        meshArb,
        fc.array(
          fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
          { minLength: 1, maxLength: 8 },
        ),
        fc.array(
          fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
          { minLength: REWRITES.length, maxLength: REWRITES.length },
        ),
      )
      .map(([m, drop, rewrites]) => ({ before: m, after: mutate(m, drop, rewrites) })),
  },
  { weight: 1, arbitrary: fc.tuple(meshArb, meshArb).map(([before, after]) => ({ before, after })) },
);

/** The mesh's IR: compiled when valid, otherwise lowered without validation (as the engines' differential test does). */
export function irOf(yaml: string): { ir: MeshIR; compiled: boolean } {
  const c = compile(["mesh.yaml"], { fs: memoryFileSystem({ "mesh.yaml": yaml }) });
  return c.ir !== undefined
    ? { ir: c.ir, compiled: true }
    : { ir: lowerDocuments(loadYamlText("mesh.yaml", yaml).value).value, compiled: false };
}
