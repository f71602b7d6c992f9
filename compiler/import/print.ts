/**
 * TypeScript source for the values `meshc import` builds: plain JSON data, plus references to declared DSL values
 * printed as their expressions (`reviews`, `reviews.subset("v2")`). The layout is prettier's for this subset at
 * width 120 (a node stays on one line when it fits, else it breaks one element per line with trailing commas, and a
 * call hugs its last object argument), so generated files pass `prettier --check` without prettier at run time.
 */

/** How values that are DSL references print: the expression text for a value, or undefined for plain data. */
export type ExpressionOf = (value: object) => string | undefined;

const WIDTH = 120;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A property key: bare when it is an identifier, else a string literal. */
export function printKey(key: string): string {
  return IDENTIFIER.test(key) ? key : JSON.stringify(key);
}

interface Doc {
  /** The one-line form. */
  readonly flat: string;
  /** The multi-line form at indentation `indent` (its first line is not indented). */
  broken(indent: string): string;
}

function leaf(text: string): Doc {
  return { flat: text, broken: () => text };
}

function fits(doc: Doc, used: number): boolean {
  return used + doc.flat.length <= WIDTH && !doc.flat.includes("\n");
}

/** `doc` at indentation `indent`, `used` columns already taken on its first line (and `tail` after it). */
function layout(doc: Doc, indent: string, used: number, tail = 0): string {
  return fits(doc, used + tail) ? doc.flat : doc.broken(indent);
}

function group(open: string, close: string, items: readonly { prefix: string; doc: Doc }[]): Doc {
  if (items.length === 0) return leaf(`${open}${close}`);
  const pad = open === "{" ? " " : "";
  const flat = `${open}${pad}${items.map((i) => i.prefix + i.doc.flat).join(", ")}${pad}${close}`;
  return {
    flat,
    broken(indent) {
      const inner = indent + "  ";
      const lines = items.map((i) => `${inner}${i.prefix}${layout(i.doc, inner, inner.length + i.prefix.length, 1)},`);
      return `${open}\n${lines.join("\n")}\n${indent}${close}`;
    },
  };
}

function toDoc(value: unknown, expressionOf: ExpressionOf): Doc {
  if (value === null) return leaf("null");
  if (typeof value === "string") return leaf(JSON.stringify(value));
  if (typeof value === "number" || typeof value === "boolean") return leaf(String(value));
  if (typeof value !== "object") throw new Error(`cannot print a ${typeof value}`);
  const expression = expressionOf(value);
  if (expression !== undefined) return leaf(expression);
  if (Array.isArray(value))
    return group(
      "[",
      "]",
      value.map((v) => ({ prefix: "", doc: toDoc(v, expressionOf) })),
    );
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return group(
    "{",
    "}",
    entries.map(([k, v]) => ({ prefix: `${printKey(k)}: `, doc: toDoc(v, expressionOf) })),
  );
}

/** A value as an expression, laid out at `indent` with `used` columns taken before it. */
export function printValue(value: unknown, expressionOf: ExpressionOf, indent = "", used = 0): string {
  return layout(toDoc(value, expressionOf), indent, used);
}

/**
 * A call statement `prefix callee(args);` at top level: on one line when it fits; else hugging its last argument
 * when that is an object or array (`service("reviews", {` ... `});`); else one argument per line.
 */
export function printCall(
  prefix: string,
  callee: string,
  args: readonly unknown[],
  expressionOf: ExpressionOf,
): string {
  const docs = args.map((a) => toDoc(a, expressionOf));
  const head = `${prefix}${callee}(`;
  const flat = `${head}${docs.map((d) => d.flat).join(", ")});`;
  if (flat.length <= WIDTH && !flat.includes("\n")) return flat;
  const last = args[args.length - 1];
  const leading = docs.slice(0, -1).map((d) => d.flat);
  const lastDoc = docs[docs.length - 1];
  const huggable = typeof last === "object" && last !== null && expressionOf(last) === undefined;
  if (lastDoc !== undefined && huggable) {
    const start = `${head}${leading.map((l) => `${l}, `).join("")}`;
    if (!start.includes("\n") && start.length + 1 <= WIDTH) return `${start}${lastDoc.broken("")});`;
  }
  const lines = docs.map((d) => `  ${layout(d, "  ", 2, 1)},`);
  return `${head}\n${lines.join("\n")}\n);`;
}
