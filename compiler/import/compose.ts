/**
 * The layout of an imported file: declarations in a fixed order (mesh settings, the registry, then policy, each by
 * namespace and name; a blank line between kinds), the `import` lines, a `const` for each declaration another one
 * refers to (`export const` when another file does), and the header comment.
 */
import type { InputDocument } from "../load/document.ts";
import { record } from "../load/json.ts";
import type { Decl } from "./model.ts";
import { metaOf } from "./plan-registry.ts";
import { printCall, type ExpressionOf } from "./print.ts";

/** The Gateway API group's Gateway (not Istio's). */
export const isKubeGateway = (doc: InputDocument) =>
  doc.object["kind"] === "Gateway" && String(doc.object["apiVersion"]).startsWith("gateway.networking.k8s.io/");

const PHASES = [
  "ConfigMap",
  "Namespace",
  "Service",
  "VersionService",
  "Deployment",
  "Pod",
  "ServiceAccount",
  "Gateway",
  "GatewayClass",
  "KubeGateway",
  "ServiceEntry",
  "DestinationRule",
  "VirtualService",
  "HTTPRoute",
  "GRPCRoute",
  "TCPRoute",
  "TLSRoute",
  "ReferenceGrant",
  "Sidecar",
  "PeerAuthentication",
  "RequestAuthentication",
  "AuthorizationPolicy",
];

/**
 * The group of a declaration in the file: its kind, a Gateway API Gateway apart from Istio's, and a Service per
 * version after the services whose versions it selects.
 */
export function groupOf(decl: Decl): string {
  const doc = decl.sources[0]!;
  if (decl.callee === "service" && record(decl.args[1])["selector"] !== undefined) return "VersionService";
  return isKubeGateway(doc) ? "KubeGateway" : String(doc.object["kind"]);
}

function sortKey(decl: Decl): string {
  const doc = decl.sources[0]!;
  const phase = PHASES.indexOf(groupOf(decl));
  const m = metaOf(doc);
  return `${String(phase < 0 ? 99 : phase).padStart(2, "0")}\u0000${m.namespace}\u0000${m.name}`;
}

/** Declarations in file order. */
export function sorted(decls: readonly Decl[]): Decl[] {
  return [...decls].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
}

/** The bindings (`reviews` of `reviews.subset("v2")`) a declaration's arguments refer to. */
export function referencesOf(decl: Decl, expressionOf: ExpressionOf): Set<string> {
  const out = new Set<string>();
  printCall("", decl.callee, decl.args, (value) => {
    const e = expressionOf(value);
    // `x`, `x.subset("v2")`, `x.port("http")`, `x.version("v1")`, `x.listener("http")`, `canary(x, {...})`,
    // `destination(x, {...})`: the binding is `x`.
    if (e !== undefined) out.add(/^(?:canary|destination)\(([\w$]+)/.exec(e)?.[1] ?? /^[\w$]+/.exec(e)?.[0] ?? e);
    return e;
  });
  return out;
}

/** `import { a, b } from "<from>";`, one name per line when that is longer than prettier's width. */
export function importLine(names: readonly string[], from: string): string {
  const flat = `import { ${names.join(", ")} } from ${JSON.stringify(from)};`;
  return flat.length <= 120
    ? flat
    : `import {\n${names.map((n) => `  ${n},\n`).join("")}} from ${JSON.stringify(from)};`;
}

export interface FileParts {
  /** In file order. */
  readonly decls: readonly Decl[];
  /** The header comment's lines (without `// `). */
  readonly comment: readonly string[];
  readonly expressionOf: ExpressionOf;
  /** Bindings other declarations of this file refer to. */
  readonly bound: ReadonlySet<string>;
  /** Bindings other files refer to. */
  readonly exported: ReadonlySet<string>;
  /** Lines after the `meshc` import (imports of other files). */
  readonly imports: readonly string[];
}

/** The file's text, and the line range of each declaration (for mapping type errors back). */
export function composeFile(parts: FileParts): { text: string; lines: Map<Decl, [number, number]> } {
  const used = new Set<string>();
  const chunks = parts.decls.map((d) => {
    used.add(d.callee);
    const b = d.binding;
    const binding =
      b !== undefined && (d.callee === "serviceRef" || parts.exported.has(b))
        ? `export const ${b} = `
        : b !== undefined && parts.bound.has(b)
          ? `const ${b} = `
          : "";
    const text = printCall(binding, d.callee, d.args, parts.expressionOf);
    for (const m of text.matchAll(/\b(canary|destination)\(/g)) used.add(m[1]!);
    return [d, text] as const;
  });
  const header = [
    ...parts.comment.map((c) => `// ${c}`),
    ...(used.has("raw")
      ? ["// raw() keeps verbatim what the typed DSL cannot express (yet); 'meshc import' reported each one."]
      : []),
    ...(used.size === 0 ? [] : [importLine([...used].sort(), "meshc")]),
    ...parts.imports,
  ].join("\n");
  const lines = new Map<Decl, [number, number]>();
  let text = `${header}\n`;
  let line = header.split("\n").length + 1;
  let kind = "";
  for (const [d, chunk] of chunks) {
    const k = groupOf(d);
    if (k !== kind) {
      text += "\n";
      line++;
      kind = k;
    }
    const n = chunk.split("\n").length;
    lines.set(d, [line, line + n - 1]);
    text += `${chunk}\n`;
    line += n;
  }
  return { text, lines };
}
