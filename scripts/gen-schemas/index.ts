// Regenerates compiler/check/schema/gen/: the CRD OpenAPI schemas of the kinds Istio reads as JSON (Istio's own, and
// the Kubernetes Gateway API's), with meshc's patches (patches.ts, gateway-api-patches.ts) applied, from which
// `npm run gen:validators` compiles gen/validators/*.cjs (nothing is compiled at run time).
// Run `npm run gen:schemas`, then `npm run gen:validators`, after upgrading @kubernetes-models/istio or
// @kubernetes-models/gateway-api (devDependencies) or changing the patches;
// test/check/gen-schemas.test.ts checks that the committed folder is current, byte for byte.
//
// The folder: `index.json` names the packages the schemas came from, maps each Istio kind meshc validates to its
// schema file (`VirtualService.json`, ...), each served Gateway API `apiVersion/kind` to its schema file
// (`gateway.networking.k8s.io/v1/GRPCRoute` → `gateway.networking.k8s.io.v1alpha2.GRPCRoute.json`: one schema can
// serve several versions) and each definition those schemas `$ref` by id to its file
// (`io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta.json`, ...). A kind's schema refers to ObjectMeta as
// `{ "$ref": "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta#" }`: add every definition under its id, then compile
// the kinds (what scripts/gen-validators does with one Ajv instance).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadRegisteredSchemas } from "./load-package.ts";
import { GATEWAY_API_PATCHES } from "./gateway-api-patches.ts";
import { patchKindSchema, patchMetaSchema } from "./patches.ts";

/** The generated folder, relative to the repository root. */
export const SCHEMA_DIR = "compiler/check/schema/gen";

const PACKAGE = "@kubernetes-models/istio";
const GATEWAY_API_PACKAGE = "@kubernetes-models/gateway-api";
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

/**
 * Served Gateway API `apiVersion/kind` (compiler/load/kinds.ts) → the package module whose schema validates it.
 * `@kubernetes-models/gateway-api@0.5.1` holds gateway-api v1.0.0's CRDs (the newest release of the package that runs
 * on Node 20: 2.0.0 needs Node 22 and ships compiled validators generated from the Go types, no CRD schema). A CRD
 * serves every version from one schema where the Go types are aliases (v1beta1 Gateway, GatewayClass and HTTPRoute
 * of v1; v1alpha2 ReferenceGrant of v1beta1), so those share a file. Versions added later are served by the schema
 * they were promoted from unchanged: GRPCRoute v1 (gateway-api v1.1.0, "no
 * changes from v1alpha2") and TCPRoute v1 from v1alpha2; TLSRoute v1alpha3 and v1 (v1.3.0, v1.5.0) from v1alpha2,
 * which is looser than they are (they require `hostnames`): a known gap, written in the README.
 */
const GATEWAY_API_MODULES: readonly (readonly [string, string])[] = [
  ...["Gateway", "GatewayClass", "HTTPRoute"].flatMap((kind) => [
    [`gateway.networking.k8s.io/v1/${kind}`, `gateway.networking.k8s.io/v1/${kind}`] as const,
    [`gateway.networking.k8s.io/v1beta1/${kind}`, `gateway.networking.k8s.io/v1/${kind}`] as const,
  ]),
  ["gateway.networking.k8s.io/v1/GRPCRoute", "gateway.networking.k8s.io/v1alpha2/GRPCRoute"],
  ["gateway.networking.k8s.io/v1alpha2/GRPCRoute", "gateway.networking.k8s.io/v1alpha2/GRPCRoute"],
  ["gateway.networking.k8s.io/v1beta1/ReferenceGrant", "gateway.networking.k8s.io/v1beta1/ReferenceGrant"],
  ["gateway.networking.k8s.io/v1alpha2/ReferenceGrant", "gateway.networking.k8s.io/v1beta1/ReferenceGrant"],
  ["gateway.networking.k8s.io/v1/TCPRoute", "gateway.networking.k8s.io/v1alpha2/TCPRoute"],
  ["gateway.networking.k8s.io/v1alpha2/TCPRoute", "gateway.networking.k8s.io/v1alpha2/TCPRoute"],
  ["gateway.networking.k8s.io/v1/TLSRoute", "gateway.networking.k8s.io/v1alpha2/TLSRoute"],
  ["gateway.networking.k8s.io/v1alpha3/TLSRoute", "gateway.networking.k8s.io/v1alpha2/TLSRoute"],
  ["gateway.networking.k8s.io/v1alpha2/TLSRoute", "gateway.networking.k8s.io/v1alpha2/TLSRoute"],
];

const versionOf = (pkg: string): string =>
  (
    JSON.parse(readFileSync(createRequire(import.meta.url).resolve(`${pkg}/package.json`), "utf8")) as {
      version: string;
    }
  ).version;

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Generates the folder in memory: file name → text, sorted by name. */
export function generateSchemas(): Map<string, string> {
  const schemas = loadRegisteredSchemas([
    ...KIND_MODULES.map(([, m]) => `${PACKAGE}/${m}`),
    ...[...new Set(GATEWAY_API_MODULES.map(([, m]) => m))].map((m) => `${GATEWAY_API_PACKAGE}/${m}`),
  ]);
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
  const gatewayApi: Record<string, string> = {};
  for (const [served, module] of GATEWAY_API_MODULES) {
    const id = module.replace(/\//g, ".");
    const schema = schemas.get(id);
    if (schema === undefined) throw new Error(`gen:schemas: ${GATEWAY_API_PACKAGE}/${module} registered no schema`);
    if (!files.has(`${id}.json`))
      files.set(`${id}.json`, json(patchKindSchema(schema, OBJECT_META, GATEWAY_API_PATCHES)));
    gatewayApi[served] = `${id}.json`;
  }
  files.set(
    "index.json",
    json({
      generatedBy: "npm run gen:schemas (scripts/gen-schemas)",
      source: `${PACKAGE}@${versionOf(PACKAGE)}`,
      gatewayApiSource: `${GATEWAY_API_PACKAGE}@${versionOf(GATEWAY_API_PACKAGE)}`,
      kinds,
      gatewayApi,
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
