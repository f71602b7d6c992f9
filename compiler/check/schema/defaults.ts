/**
 * Structural-schema defaulting, as the Kubernetes API server applies it before validation (apiextensions-apiserver
 * pkg/apiserver/schema/defaulting `Default`: a field absent from an object whose schema gives it a `default` gets that
 * value, then the walk goes on into the value, through `properties`, `items` and `additionalProperties`; defaults under
 * `oneOf`/`anyOf`/`allOf`/`not` are not allowed in a structural schema and never apply). Validation then sees the
 * object the API server validates: Gateway API's address `oneOf`, for one, holds only once `type` is defaulted to
 * `IPAddress`.
 */

/**
 * The defaults of a schema, pruned to the paths that lead to one (scripts/gen-validators writes it beside each
 * validator, `module.exports.defaults`): `d` the default value, `p` per property, `i` for array items, `a` for
 * additional properties.
 */
export interface DefaultsTree {
  readonly d?: unknown;
  readonly p?: Readonly<Record<string, DefaultsTree>>;
  readonly i?: DefaultsTree;
  readonly a?: DefaultsTree;
}

type JsonSchema = { readonly [key: string]: unknown };

const isSchema = (x: unknown): x is JsonSchema => typeof x === "object" && x !== null && !Array.isArray(x);

/** The defaults tree of `schema` (its `$ref`s are not followed: the shared Kubernetes definitions have no defaults). */
export function defaultsTree(schema: JsonSchema): DefaultsTree | undefined {
  const out: { d?: unknown; p?: Record<string, DefaultsTree>; i?: DefaultsTree; a?: DefaultsTree } = {};
  if (Object.hasOwn(schema, "default")) out.d = schema["default"];
  const props = schema["properties"];
  if (isSchema(props))
    for (const [name, sub] of Object.entries(props)) {
      const t = isSchema(sub) ? defaultsTree(sub) : undefined;
      if (t !== undefined) (out.p ??= {})[name] = t;
    }
  const items = schema["items"];
  if (isSchema(items)) {
    const t = defaultsTree(items);
    if (t !== undefined) out.i = t;
  }
  const additional = schema["additionalProperties"];
  if (isSchema(additional)) {
    const t = defaultsTree(additional);
    if (t !== undefined) out.a = t;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/**
 * `value` with the tree's defaults applied (`Default`): a copy along the paths that change, the input untouched. The
 * root's own default is not applied (a document is never absent).
 */
export function applyDefaults(value: unknown, tree: DefaultsTree | undefined): unknown {
  if (tree === undefined || typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value;
    if (tree.i === undefined) return items;
    let out: unknown[] | undefined;
    items.forEach((item, n) => {
      const next = applyDefaults(item, tree.i);
      if (next !== item) (out ??= [...items])[n] = next;
    });
    return out ?? items;
  }
  const obj = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  const set = (key: string, next: unknown) => {
    if (next !== obj[key]) (out ??= { ...obj })[key] = next;
  };
  for (const [key, sub] of Object.entries(tree.p ?? {})) {
    if (obj[key] === undefined && Object.hasOwn(sub, "d")) set(key, applyDefaults(structuredClone(sub.d), sub));
    else if (obj[key] !== undefined) set(key, applyDefaults(obj[key], sub));
  }
  if (tree.a !== undefined)
    for (const key of Object.keys(obj))
      if (!Object.hasOwn(tree.p ?? {}, key)) set(key, applyDefaults(obj[key], tree.a));
  return out ?? obj;
}
