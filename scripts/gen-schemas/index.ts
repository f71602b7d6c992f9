// Regenerates compiler/check/schema/gen/: Istio's CRD OpenAPI schemas as JSON, with meshc's patches (patches.ts)
// applied, from which `npm run gen:validators` compiles gen/istio-validators.ts (nothing is compiled at run time).
// Run `npm run gen:schemas`, then `npm run gen:validators`, after upgrading @kubernetes-models/istio (a
// devDependency) or changing patches.ts;
// test/check/gen-schemas.test.ts checks that the committed folder is current, byte for byte.
//
// The folder: `index.json` names the package the schemas came from, maps each kind meshc validates to its schema file
// (`VirtualService.json`, ...) and each definition those schemas `$ref` by id to its file
// (`io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta.json`, ...). A kind's schema refers to ObjectMeta as
// `{ "$ref": "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta#" }`: add every definition under its id, then compile
// the kinds (what scripts/gen-validators does with one Ajv instance).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadRegisteredSchemas } from "./load-package.ts";
import { patchKindSchema, patchMetaSchema } from "./patches.ts";

/** The generated folder, relative to the repository root. */
export const SCHEMA_DIR = "compiler/check/schema/gen";

const PACKAGE = "@kubernetes-models/istio";
const OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

/**
 * Kind → the package module holding its schema. `@kubernetes-models/istio@2.3.0` (Istio 1.18 CRDs) has no
 * networking v1 and no PeerAuthentication v1; Istio serves v1, v1beta1 and v1alpha3 of each kind from one schema
 * (`crd-all.gen.yaml` repeats it per version), so v1beta1 validates every version.
 */
const KIND_MODULES: readonly (readonly [string, string])[] = [
  ["VirtualService", "networking.istio.io/v1beta1/VirtualService"],
  ["DestinationRule", "networking.istio.io/v1beta1/DestinationRule"],
  ["Gateway", "networking.istio.io/v1beta1/Gateway"],
  ["ServiceEntry", "networking.istio.io/v1beta1/ServiceEntry"],
  ["Sidecar", "networking.istio.io/v1beta1/Sidecar"],
  ["PeerAuthentication", "security.istio.io/v1beta1/PeerAuthentication"],
  ["AuthorizationPolicy", "security.istio.io/v1beta1/AuthorizationPolicy"],
  ["RequestAuthentication", "security.istio.io/v1beta1/RequestAuthentication"],
];

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Generates the folder in memory: file name → text, sorted by name. */
export function generateSchemas(): Map<string, string> {
  const schemas = loadRegisteredSchemas(KIND_MODULES.map(([, m]) => `${PACKAGE}/${m}`));
  const files = new Map<string, string>();
  const definitions: Record<string, string> = {};
  for (const [id, schema] of schemas) {
    if (!id.startsWith("io.k8s.")) continue;
    files.set(`${id}.json`, json(patchMetaSchema(schema)));
    definitions[id] = `${id}.json`;
  }
  const kinds: Record<string, string> = {};
  for (const [kind, module] of KIND_MODULES) {
    const schema = schemas.get(module.replace(/\//g, "."));
    if (schema === undefined) throw new Error(`gen:schemas: ${PACKAGE}/${module} registered no schema`);
    files.set(`${kind}.json`, json(patchKindSchema(schema, OBJECT_META)));
    kinds[kind] = `${kind}.json`;
  }
  const version = (
    JSON.parse(readFileSync(createRequire(import.meta.url).resolve(`${PACKAGE}/package.json`), "utf8")) as {
      version: string;
    }
  ).version;
  files.set(
    "index.json",
    json({
      generatedBy: "npm run gen:schemas (scripts/gen-schemas)",
      source: `${PACKAGE}@${version}`,
      kinds,
      definitions,
    }),
  );
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The schema files of a folder: its `.json` files (the folder also holds the validators compiled from them). */
export const schemaFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort();

/** Replaces SCHEMA_DIR's schema files (under `repoRoot`) with `files`. */
export function writeSchemas(repoRoot: string, files: ReadonlyMap<string, string>): void {
  const dir = join(repoRoot, SCHEMA_DIR);
  mkdirSync(dir, { recursive: true });
  for (const name of schemaFiles(dir)) rmSync(join(dir, name));
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const files = generateSchemas();
  writeSchemas(join(dirname(fileURLToPath(import.meta.url)), "..", ".."), files);
  console.log(`gen:schemas: wrote ${files.size} files to ${SCHEMA_DIR}.`);
}
