/**
 * Every user-visible text is a catalog entry (compiler/diagnostics/messages/): call sites pass `Messages.X` (or
 * `Messages.X.related.y`), never a literal string. Scans the compiler's sources with the TypeScript parser (tsc's own
 * rule for `Diagnostics.X`, enforced there by the type of `createDiagnostic`): a string literal, template literal or
 * concatenation in the message position of a diagnostic/report/related constructor fails, and so does a literal
 * `message:` / `hint:` property, or a `diag(...)` entry declared outside the catalog.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { suite } from "uvu";
import * as assert from "uvu/assert";

/** Functions whose argument at this index is a catalog entry. */
const MESSAGE_ARGUMENT: Readonly<Record<string, number>> = {
  createDiagnostic: 0,
  createRelated: 0,
  relatedText: 0,
  relatedAt: 2,
  report: 0,
};
/** Object properties that hold user-visible text. */
const TEXT_PROPERTIES = new Set(["message", "hint"]);
const CATALOG = "compiler/diagnostics/messages/";
/**
 * Not meshc messages: generated Envoy bindings, and protoc-gen-validate's own violation wording (Envoy's, passed as
 * an argument of catalog entry MESH3001, like tsc passes a file name).
 */
const EXEMPT = [
  "compiler/emit/envoy/gen/",
  "compiler/emit/envoy/pgv/",
  "compiler/check/schema/gen/",
  "compiler/cli/gen/",
];

function isTextLiteral(node: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node)) return isTextLiteral(node.expression);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node))
    return true;
  if (ts.isConditionalExpression(node)) return isTextLiteral(node.whenTrue) || isTextLiteral(node.whenFalse);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken)
    return isTextLiteral(node.left) || isTextLiteral(node.right);
  return false;
}

function calleeName(call: ts.CallExpression): string | undefined {
  const e = call.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  // `ctx.at(node)(message, ...)`: a reporter bound to a node.
  if (ts.isCallExpression(e)) {
    const inner = calleeName(e);
    return inner === "at" || inner === "reporterFor" ? "report" : undefined;
  }
  return undefined;
}

/** `file:line: what` for every literal text outside the catalog in one source. */
export function literalTexts(fileName: string, text: string): string[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const at = (n: ts.Node, what: string) =>
    out.push(`${fileName}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}: ${what}`);
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) {
      const name = calleeName(n);
      const index = name === undefined ? undefined : MESSAGE_ARGUMENT[name];
      const arg = index === undefined ? undefined : n.arguments[index];
      if (arg !== undefined && isTextLiteral(arg)) at(arg, `literal message passed to ${name}()`);
      if (name === "diag" && !fileName.startsWith(CATALOG)) at(n, "catalog entry declared outside the catalog");
    }
    if (
      !fileName.startsWith(CATALOG) &&
      ts.isPropertyAssignment(n) &&
      TEXT_PROPERTIES.has(n.name.getText(sf)) &&
      ts.isObjectLiteralExpression(n.parent) &&
      isTextLiteral(n.initializer)
    )
      at(n, `literal '${n.name.getText(sf)}' text`);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const full = join(dir, e);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.ts$/.test(e) && !/\.d\.ts$/.test(e) ? [full] : [];
  });
}

const Literals = suite("no literal text where a catalog entry is expected");

Literals("the scanner finds literal messages, related messages, hints and stray entries", () => {
  const planted = [
    'report("Oops.", ["spec"]);',
    "ctx.at(vs)(`Rule ${i} is bad.`, path);",
    'createRelated("See " + name, span);',
    "relatedAt(vs, path, `Gateway ${ref} serves these hosts.`);",
    'out.push({ message: "First declared here.", span });',
    "const d = { code: 1, hint: `Try ${x}.` };",
    'const M = diag(9999, "error", "Not in the catalog.");',
    // Catalog entries, arguments and computed text are fine:
    "report(Messages.Invalid_host_0, path, [`${host}`]);",
    "createRelated(Messages.Duplicate_0_1_declared_again.related.first, span);",
  ].join("\n");
  assert.equal(literalTexts("compiler/x.ts", planted).length, 7);
});

Literals("compiler sources pass only catalog entries as messages", () => {
  const found = sources("compiler")
    .filter((f) => !EXEMPT.some((p) => f.startsWith(p)))
    .flatMap((f) => literalTexts(f, readFileSync(f, "utf8")));
  assert.equal(found, []);
});

Literals.run();
