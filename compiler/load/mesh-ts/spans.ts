/**
 * From mesh.ts positions to spans. A declaration's site is located in the TS AST as the innermost call expression
 * around it; the path of a field inside the call's arguments (`[1, "http", 0, "route"]`) is then walked through
 * object and array literals, and every node below it is recorded under the document path it lowers to. Values not
 * written as literals (variables, helper calls) get the span of the nearest literal node above them.
 */
import ts from "typescript";
import type { FieldPath, Span } from "../../ir/span.ts";
import { pathKey } from "../../ir/span.ts";

/** The span of a node, from its first token (no leading trivia) to its end. */
export function nodeSpan(node: ts.Node, sf: ts.SourceFile): Span {
  const start = node.getStart(sf);
  return { file: sf.fileName, start, length: node.end - start };
}

/** The innermost call (or `new`) expression containing `offset`. */
export function findCall(sf: ts.SourceFile, offset: number): ts.CallExpression | ts.NewExpression | undefined {
  let found: ts.CallExpression | ts.NewExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (offset < node.getStart(sf) || offset >= node.end) return;
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) found = node;
    node.forEachChild(visit);
  };
  sf.forEachChild(visit);
  return found;
}

/** Strip wrappers that do not change a literal's shape: parentheses, `as`, `satisfies`, `!`. */
function unwrap(node: ts.Node): ts.Node {
  let n = node;
  while (ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isSatisfiesExpression(n) || ts.isNonNullExpression(n)) {
    n = n.expression;
  }
  return n;
}

function propertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  return undefined;
}

/** The properties of an object literal (name → the whole `name: value` node, and its value). */
function properties(obj: ts.ObjectLiteralExpression): [string, ts.Node, ts.Node][] {
  return obj.properties.flatMap((p): [string, ts.Node, ts.Node][] => {
    if (ts.isPropertyAssignment(p)) {
      const name = propertyName(p.name);
      return name === undefined ? [] : [[name, p, p.initializer]];
    }
    if (ts.isShorthandPropertyAssignment(p)) return [[p.name.text, p, p.name]];
    return [];
  });
}

/** Step from a value node to its child `key`: a property of an object literal or an element of an array literal. */
function child(node: ts.Node, key: string | number): { whole: ts.Node; value: ts.Node } | undefined {
  const n = unwrap(node);
  if (ts.isObjectLiteralExpression(n)) {
    const hit = properties(n).find(([name]) => name === String(key));
    return hit && { whole: hit[1], value: hit[2] };
  }
  if (ts.isArrayLiteralExpression(n) && typeof key === "number") {
    const el = n.elements[key];
    return el && !ts.isSpreadElement(el) ? { whole: el, value: el } : undefined;
  }
  return undefined;
}

/** The node at `argPath` in a call's arguments: `[1, "http", 0]` is `http[0]` of the second argument. */
export function nodeAtArgPath(
  call: ts.CallExpression | ts.NewExpression,
  argPath: readonly (string | number)[],
): { whole: ts.Node; value: ts.Node } | undefined {
  const [index, ...rest] = argPath;
  const arg = typeof index === "number" ? call.arguments?.[index] : undefined;
  if (arg === undefined) return undefined;
  let at: { whole: ts.Node; value: ts.Node } | undefined = { whole: arg, value: arg };
  for (const key of rest) {
    at = at && child(at.value, key);
    if (at === undefined) return undefined;
  }
  return at;
}

/** Record the span of `node` under `path` and of every literal node below it under the extended path. */
export function recordSpans(
  at: { whole: ts.Node; value: ts.Node },
  path: FieldPath,
  sf: ts.SourceFile,
  out: Map<string, Span>,
): void {
  out.set(pathKey(path), nodeSpan(at.whole, sf));
  const n = unwrap(at.value);
  if (ts.isObjectLiteralExpression(n)) {
    for (const [name, whole, value] of properties(n)) recordSpans({ whole, value }, [...path, name], sf, out);
  } else if (ts.isArrayLiteralExpression(n)) {
    n.elements.forEach((el, i) => {
      if (!ts.isSpreadElement(el)) recordSpans({ whole: el, value: el }, [...path, i], sf, out);
    });
  }
}
