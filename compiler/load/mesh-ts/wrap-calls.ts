/**
 * A transpile step that keeps call-site capture cheap in large mesh.ts files. Each DSL call reads its caller's
 * position from the V8 stack (stdlib `_site.ts`); V8 finds a frame's source position by decoding the source-position
 * table of the frame's function from its start (`SourcePositionTableIterator`), so a call near the end of a top level
 * with 40,000 statements costs ~1 ms, and a whole mesh O(N²). Wrapping every call of the top-level code in an arrow
 * function, `f(x)` → `(() => f(x))()`, gives each call a function of its own, so each lookup decodes a short table.
 *
 * Semantics are kept: an arrow has no `this`, `arguments` or `new.target` of its own, and the call node itself is
 * unchanged (same receiver, so `obj.m()` still binds `this` to `obj`; same source positions for the source map). Not
 * wrapped: calls inside function or class bodies (they are separate functions already), links of an optional chain
 * (`a?.b()` must short-circuit the whole chain), `super(...)`, `import(...)`, direct `eval(...)` (its `var`s belong to
 * the enclosing scope), and calls that contain `await` or `yield`.
 */
import ts from "./_typescript.cts";

function containsSuspension(node: ts.Node): boolean {
  if (ts.isAwaitExpression(node) || ts.isYieldExpression(node)) return true;
  if (ts.isFunctionLike(node) || ts.isClassLike(node)) return false;
  return node.forEachChild(containsSuspension) ?? false;
}

function wrappable(node: ts.CallExpression | ts.NewExpression): boolean {
  if (ts.isOptionalChain(node) || containsSuspension(node)) return false;
  if (ts.isCallExpression(node)) {
    const callee = node.expression;
    if (callee.kind === ts.SyntaxKind.SuperKeyword || callee.kind === ts.SyntaxKind.ImportKeyword) return false;
    if (ts.isIdentifier(callee) && callee.text === "eval") return false;
  }
  return true;
}

/** The `before` transformer of {@link wrapTopLevelCalls}. */
export const wrapTopLevelCalls: ts.TransformerFactory<ts.SourceFile> = (context) => {
  const f = context.factory;
  const visit = (node: ts.Node): ts.Node => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node) || ts.isTypeNode(node)) return node;
    const visited = ts.visitEachChild(node, visit, context);
    if (!(ts.isCallExpression(node) || ts.isNewExpression(node)) || !wrappable(node)) return visited;
    const arrow = f.createArrowFunction(
      undefined,
      undefined,
      [],
      undefined,
      f.createToken(ts.SyntaxKind.EqualsGreaterThanToken),
      visited as ts.Expression,
    );
    return f.createCallExpression(f.createParenthesizedExpression(arrow), undefined, []);
  };
  return (sf) => ts.visitEachChild(sf, visit, context);
};
