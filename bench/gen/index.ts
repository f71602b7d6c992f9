/**
 * The benchmark's mesh generator (issue 6 §1): `generateMesh(n, seed)` gives the same synthetic mesh as a mesh.ts
 * and as plain YAML; `writeMesh(dir, mesh)` writes `mesh.ts`, `yaml/*.yaml` and a `tsconfig.json` that type-checks
 * mesh.ts with exactly the options meshc uses (the `tsc --noEmit` baseline).
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { meshCompilerOptions } from "../../compiler/load/mesh-ts/program.ts";
import { buildModel, type MeshModel, type ModelOptions } from "./model.ts";
import { renderMeshTs } from "./mesh-ts.ts";
import { renderYaml } from "./yaml.ts";

export {
  buildModel,
  egressOf,
  prng,
  principalOf,
  PORT,
  VERSIONS,
  type GenService,
  type MeshModel,
  type ModelOptions,
} from "./model.ts";
export { renderMeshTs } from "./mesh-ts.ts";
export { renderYaml, meshDocuments } from "./yaml.ts";

/** The default seed of `npm run bench`. */
export const DEFAULT_SEED = 20240611;

export interface GeneratedMesh {
  readonly model: MeshModel;
  readonly meshTs: string;
  /** File name → YAML text. */
  readonly yaml: ReadonlyMap<string, string>;
}

/** A mesh of `n` services, in both forms; deterministic in (`n`, `seed`). */
export function generateMesh(n: number, seed: number = DEFAULT_SEED, options: ModelOptions = {}): GeneratedMesh {
  const model = buildModel(n, seed, options);
  return { model, meshTs: renderMeshTs(model), yaml: renderYaml(model) };
}

/**
 * `tsconfig.json` for `tsc --noEmit -p`: meshc's own compiler options (program.ts `meshCompilerOptions`: strict, ES2022
 * lib, bundler resolution, `meshc` mapped to the stdlib), written in tsconfig spelling.
 */
export function baselineTsconfig(): object {
  const o = meshCompilerOptions();
  return {
    compilerOptions: {
      strict: o.strict,
      noUncheckedIndexedAccess: o.noUncheckedIndexedAccess,
      noImplicitOverride: o.noImplicitOverride,
      noFallthroughCasesInSwitch: o.noFallthroughCasesInSwitch,
      target: "ES2022",
      lib: ["es2022"],
      module: "ESNext",
      moduleResolution: "Bundler",
      allowImportingTsExtensions: o.allowImportingTsExtensions,
      resolveJsonModule: o.resolveJsonModule,
      noEmit: true,
      skipLibCheck: o.skipLibCheck,
      types: [],
      paths: o.paths,
    },
    files: ["mesh.ts"],
  };
}

/** Writes `<dir>/mesh.ts`, `<dir>/tsconfig.json` and `<dir>/yaml/<namespace>.yaml` (replacing `dir`). */
export function writeMesh(dir: string, mesh: GeneratedMesh): { meshTs: string; yamlDir: string; tsconfig: string } {
  rmSync(dir, { recursive: true, force: true });
  const yamlDir = path.join(dir, "yaml");
  mkdirSync(yamlDir, { recursive: true });
  const meshTs = path.join(dir, "mesh.ts");
  const tsconfig = path.join(dir, "tsconfig.json");
  writeFileSync(meshTs, mesh.meshTs);
  writeFileSync(tsconfig, `${JSON.stringify(baselineTsconfig(), null, 2)}\n`);
  for (const [name, text] of mesh.yaml) writeFileSync(path.join(yamlDir, name), text);
  return { meshTs, yamlDir, tsconfig };
}
