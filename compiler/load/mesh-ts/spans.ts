/**
 * From mesh.ts positions to spans. A declaration's site is located in the TS AST as the innermost call expression
 * around it; the path of a field inside the call's arguments (`[1, "http", 0, "route"]`) is then walked through
 * object and array literals, and every node below it is recorded under the document path it lowers to. Values not
 * written as literals (variables, helper calls) get the span of the nearest literal node above them.
 */
import ts from "./_typescript.cts";
import type { FieldPath, Span } from "../../diagnostics/span.ts";
import { pathKey } from "../../diagnostics/span.ts";

/** The span of a node, from its first token (no leading trivia) to its end; `file` names the file in the span. */
export function nodeSpan(node: ts.Node, sf: ts.SourceFile, file: string = sf.fileName): Span {
  const start = node.getStart(sf);
  return { file, start, length: node.end - start };
}

type Call = ts.CallExpression | ts.NewExpression;

/** Every call of a file in source order (pre-order), with its range and the innermost call around it. */
interface CallIndex {
  readonly calls: readonly Call[];
  readonly starts: readonly number[];
  readonly parents: readonly number[];
  /** Whether `starts` never decreases (what the binary search needs; forEachChild visits in source order). */
  readonly sorted: boolean;
}
const callIndexes = new WeakMap<ts.SourceFile, CallIndex>();

function callIndex(sf: ts.SourceFile): CallIndex {
  let index = callIndexes.get(sf);
  if (index === undefined) {
    const calls: Call[] = [];
    const starts: number[] = [];
    const parents: number[] = [];
    const visit =
      (parent: number) =>
      (node: ts.Node): void => {
        let inner = parent;
        if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
          inner = calls.length;
          calls.push(node);
          starts.push(node.getStart(sf));
          parents.push(parent);
        }
        node.forEachChild(visit(inner));
      };
    sf.forEachChild(visit(-1));
    index = { calls, starts, parents, sorted: starts.every((at, i) => i === 0 || starts[i - 1]! <= at) };
    callIndexes.set(sf, index);
  }
  return index;
}

/**
 * The innermost call (or `new`) expression containing `offset` (from its first token to its end). Calls nest or are
 * disjoint, so the answer is the last call starting at or before `offset` or one of the calls around it: a binary
 * search and a walk up, over an index built in one walk per file (a walk from the root per site was O(N²)).
 */
export function findCall(sf: ts.SourceFile, offset: number): Call | undefined {
  const { calls, starts, parents, sorted } = callIndex(sf);
  if (!sorted) return findCallByWalk(sf, offset);
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! <= offset) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo - 1; i >= 0; i = parents[i]!) {
    if (offset < calls[i]!.end) return calls[i];
  }
  return undefined;
}

/** `findCall` by a walk from the root: each node containing `offset`, the innermost call last (the reference). */
export function findCallByWalk(sf: ts.SourceFile, offset: number): Call | undefined {
  let found: Call | undefined;
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
  while (
    ts.isParenthesizedExpression(n) ||
    ts.isAsExpression(n) ||
    ts.isSatisfiesExpression(n) ||
    ts.isNonNullExpression(n)
  ) {
    n = n.expression;
  }
  return n;
}

function propertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name))
    return name.text;
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
  file: string = sf.fileName,
): void {
  out.set(pathKey(path), nodeSpan(at.whole, sf, file));
  const n = unwrap(at.value);
  if (ts.isObjectLiteralExpression(n)) {
    for (const [name, whole, value] of properties(n)) recordSpans({ whole, value }, [...path, name], sf, out, file);
  } else if (ts.isArrayLiteralExpression(n)) {
    n.elements.forEach((el, i) => {
      if (!ts.isSpreadElement(el)) recordSpans({ whole: el, value: el }, [...path, i], sf, out, file);
    });
  }
}
