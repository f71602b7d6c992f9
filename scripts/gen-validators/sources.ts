// The JSON Schemas the Istio validators are compiled from: compiler/check/schema/gen/*.json, written by
// `npm run gen:schemas` (Istio's CRD schemas from @kubernetes-models/istio with meshc's patches). index.json maps each
// kind to its schema file and each definition the kinds `$ref` (ObjectMeta, ...) by id to its file.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SCHEMA_DIR } from "../gen-schemas/index.ts";

export type JsonSchema = { [key: string]: unknown };

interface SchemaIndex {
  readonly kinds: Readonly<Record<string, string>>;
  readonly gatewayApi: Readonly<Record<string, string>>;
  readonly definitions: Readonly<Record<string, string>>;
}

export interface SchemaSources {
  /** The Kubernetes schemas the kinds refer to, by id (`io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`). */
  readonly shared: readonly (readonly [string, JsonSchema])[];
  /** Each kind's patched schema, in index.json's order. */
  readonly kinds: readonly (readonly [string, JsonSchema])[];
  /** Each Gateway API schema file by its id (file name less `.json`), once however many versions it serves. */
  readonly gatewayApiSchemas: readonly (readonly [string, JsonSchema])[];
  /** Served `apiVersion/kind` → the id of the schema that validates it, in index.json's order. */
  readonly gatewayApiServed: readonly (readonly [string, string])[];
}

/** Every schema of the committed folder (paths relative to the repository root, where npm scripts run). */
export function istioSchemaSources(): SchemaSources {
  const read = <T>(name: string): T => JSON.parse(readFileSync(join(SCHEMA_DIR, name), "utf8")) as T;
  const index = read<SchemaIndex>("index.json");
  const load = ([id, file]: [string, string]) => [id, read<JsonSchema>(file)] as const;
  const served = Object.entries(index.gatewayApi).map(([k, file]) => [k, file.replace(/\.json$/, "")] as const);
  const ids = [...new Set(served.map(([, id]) => id))];
  return {
    shared: Object.entries(index.definitions).map(load),
    kinds: Object.entries(index.kinds).map(load),
    gatewayApiSchemas: ids.map((id) => [id, read<JsonSchema>(`${id}.json`)] as const),
    gatewayApiServed: served,
  };
}
