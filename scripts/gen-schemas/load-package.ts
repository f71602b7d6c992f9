/**
 * Reads Istio's CRD OpenAPI schemas out of `@kubernetes-models/istio` (generated from Istio 1.18's
 * `manifests/charts/base/crds/crd-all.gen.yaml`). The package keeps each schema in a module-local constant and hands
 * it to `@kubernetes-models/validate`'s `register(id, schema)`; it exports no schema JSON. We therefore evaluate the
 * package's CommonJS modules with a `require` that stubs the two runtime dependencies and records every
 * `register` call, which yields the exact schema objects (and the apimachinery ObjectMeta schemas they `$ref`)
 * without touching the package's own global Ajv instance.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import vm from "node:vm";

export type JsonSchema = { [key: string]: unknown };

const requireFromHere = createRequire(import.meta.url);

/** Stubs for the runtime the generated modules expect; `register` records the schemas. */
function stubs(schemas: Map<string, JsonSchema>): Record<string, unknown> {
  return {
    "@kubernetes-models/validate": { register: (id: string, schema: JsonSchema) => schemas.set(id, schema) },
    "@kubernetes-models/base": {
      Model: class {},
      // setSchema(ctor, id, addSchema): run addSchema at once so its register() calls happen now.
      setSchema: (_ctor: unknown, _id: string, addSchema: () => void) => addSchema(),
      createTypeMetaGuard: () => () => false,
    },
  };
}

function evaluate(file: string, schemas: Map<string, JsonSchema>, cache: Map<string, unknown>): unknown {
  const cached = cache.get(file);
  if (cached !== undefined) return cached;
  const module = { exports: {} as Record<string, unknown> };
  cache.set(file, module.exports);
  const fn = vm.compileFunction(readFileSync(file, "utf8"), ["exports", "require", "module"], {
    filename: file,
  }) as (exports: unknown, require: unknown, module: unknown) => void;
  const stubbed = stubs(schemas);
  const localRequire = (spec: string): unknown =>
    stubbed[spec] ??
    evaluate(
      spec.startsWith(".") ? path.resolve(path.dirname(file), spec) : requireFromHere.resolve(spec),
      schemas,
      cache,
    );
  fn(module.exports, localRequire, module);
  return module.exports;
}

/**
 * Loads the schemas of the given package entry points (`@kubernetes-models/istio/networking.istio.io/v1beta1/Gateway`)
 * and returns every schema they registered, by id (`networking.istio.io.v1beta1.Gateway`,
 * `io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`, ...). JSON round-trip: the objects come from another realm.
 */
export function loadRegisteredSchemas(entryPoints: readonly string[]): Map<string, JsonSchema> {
  const schemas = new Map<string, JsonSchema>();
  const cache = new Map<string, unknown>();
  for (const entry of entryPoints) evaluate(requireFromHere.resolve(entry), schemas, cache);
  return new Map([...schemas].map(([id, s]) => [id, JSON.parse(JSON.stringify(s)) as JsonSchema]));
}
