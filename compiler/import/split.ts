/**
 * `meshc import --split-by namespace`: the declarations of an import as one file per namespace (`<namespace>.ts`,
 * beside the index) and an index that imports them all (and holds what belongs to no namespace: GatewayClasses).
 * A file imports the bindings it refers to from the file that declares them; the importing is kept acyclic, since a
 * cycle of ES modules would read a `const` before it is initialised: a namespace itself is named by its string in
 * another file (every `namespace:` prop takes either), and a declaration whose references would close a cycle of
 * files is kept in the index instead (nothing imports the index). Deterministic: files and declarations are ordered
 * by name.
 */
import { BRAND, isNamespace } from "../../stdlib/index.ts";
import { composeFile, referencesOf } from "./compose.ts";
import type { Decl, Names } from "./model.ts";
import { metaOf } from "./plan-registry.ts";

/** Kinds that belong to no namespace and are not Namespaces: they go to the index. */
const CLUSTER_SCOPED: ReadonlySet<string> = new Set(["GatewayClass"]);

/** `index` (the index file's name, e.g. `mesh.ts`) and the namespace files beside it, name → text. */
export interface SplitFiles {
  readonly index: string;
  readonly files: ReadonlyMap<string, string>;
}

function namespaceOf(decl: Decl): string | undefined {
  const doc = decl.sources[0]!;
  const kind = String(doc.object["kind"]);
  if (CLUSTER_SCOPED.has(kind)) return undefined;
  return kind === "Namespace" ? metaOf(doc).name : metaOf(doc).namespace;
}

/** Does `to` reach `from` in the import graph (so an import from → to would close a cycle)? */
function reaches(graph: ReadonlyMap<string, ReadonlySet<string>>, to: string, from: string): boolean {
  const seen = new Set<string>();
  const stack = [to];
  while (stack.length > 0) {
    const f = stack.pop()!;
    if (f === from) return true;
    if (seen.has(f)) continue;
    seen.add(f);
    stack.push(...(graph.get(f) ?? []));
  }
  return false;
}

/** Split `decls` (in file order) by namespace; `comment` heads every file. */
export function splitByNamespace(decls: readonly Decl[], names: Names, comment: string, index: string): SplitFiles {
  const fileName = (ns: string) => (`${ns}.ts` === index ? `${ns}.namespace.ts` : `${ns}.ts`);
  const fileOf = new Map<Decl, string>();
  const owner = new Map<string, string>();
  for (const d of decls) {
    const ns = namespaceOf(d);
    const file = ns === undefined ? index : fileName(ns);
    fileOf.set(d, file);
    if (d.binding !== undefined) owner.set(d.binding, file);
  }
  /** The declaration as printed in `file`: another file's namespace by its name. */
  const inFile = (d: Decl, file: string): Decl => ({
    ...d,
    args: d.args.map((a) => namespacesByName(a, names, (b) => owner.get(b) !== file)),
  });
  const graph = new Map<string, Set<string>>();
  const printed = new Map<Decl, Decl>();
  for (const d of decls) {
    let file = fileOf.get(d)!;
    let decl = inFile(d, file);
    const targets = [...referencesOf(decl, names.expressionOf)].map((b) => owner.get(b)!).filter((f) => f !== file);
    if (file !== index && targets.some((t) => t === index || reaches(graph, t, file))) {
      file = index;
      fileOf.set(d, index);
      decl = inFile(d, index);
    } else {
      const edges = graph.get(file) ?? new Set();
      for (const t of targets) edges.add(t);
      graph.set(file, edges);
    }
    printed.set(d, decl);
  }
  const refsOf = new Map([...printed].map(([d, p]) => [d, referencesOf(p, names.expressionOf)]));
  const files = new Map<string, string>();
  const namespaceFiles = [...new Set([...fileOf.values()].filter((f) => f !== index))].sort();
  for (const file of [...namespaceFiles, index]) {
    const mine = decls.filter((d) => fileOf.get(d) === file);
    const bound = new Set<string>();
    const exported = new Set<string>();
    const imports = new Map<string, Set<string>>();
    for (const d of decls)
      for (const b of refsOf.get(d)!) {
        const from = owner.get(b)!;
        const user = fileOf.get(d)!;
        if (from === file && user === file) bound.add(b);
        if (from === file && user !== file) exported.add(b);
        if (user === file && from !== file) imports.set(from, (imports.get(from) ?? new Set()).add(b));
      }
    const importLines = [...imports]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([from, bs]) => `import { ${[...bs].sort().join(", ")} } from "./${from}";`);
    const sideEffects = file === index ? namespaceFiles.map((f) => `import "./${f}";`) : [];
    const header =
      file === index
        ? [comment, "One file per namespace (meshc import --split-by namespace), each imported here."]
        : [`${comment} Namespace ${file.replace(/(\.namespace)?\.ts$/, "")}.`];
    files.set(
      file,
      composeFile({
        decls: mine.map((d) => printed.get(d)!),
        comment: header,
        expressionOf: names.expressionOf,
        bound,
        exported,
        imports: [...sideEffects, ...importLines],
      }).text,
    );
  }
  return { index, files };
}

/**
 * `value` with every namespace value declared elsewhere (`foreign(binding)`) replaced by its name; other references
 * (values with an expression, DSL values) are kept as they are.
 */
function namespacesByName(value: unknown, names: Names, foreign: (binding: string) => boolean): unknown {
  if (typeof value !== "object" || value === null) return value;
  const e = names.expressionOf(value);
  if (e !== undefined) return isNamespace(value) && foreign(e) ? value.name : value;
  if (BRAND in value) return value;
  if (Array.isArray(value)) return value.map((v) => namespacesByName(v, names, foreign));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, namespacesByName(v, names, foreign)]));
}
