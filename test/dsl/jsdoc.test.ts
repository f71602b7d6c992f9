/**
 * The DSL's hover docs: every property a user writes in mesh.ts (the members of stdlib's exported interfaces and
 * type aliases, nested object types included) has JSDoc that names the Istio or Kubernetes field it becomes (a
 * `backticked` field or path, or `→` what it lowers to), and every optional one says its `@default` (cdk8s
 * `ChartProps` style; STYLE §5). Read with the TypeScript compiler API; the values the DSL returns (types carrying
 * the BRAND property) are outputs, not props, and are skipped, as are `never` members (the other branches of an
 * either-or) and stdlib's private `_` files.
 */
import ts from "typescript";
import { suite } from "uvu";
import * as assert from "uvu/assert";

const program = ts.createProgram(["stdlib/index.ts"], {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  strict: true,
  noEmit: true,
  types: [],
});
const checker = program.getTypeChecker();

/** A value made by the DSL (it carries the `[BRAND]` property), not props written by the user. */
function isDslValue(node: ts.Node): boolean {
  return checker.getPropertiesOfType(checker.getTypeAtLocation(node)).some((p) => p.name.startsWith("__@BRAND"));
}

const exported = (n: ts.Node) =>
  ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

interface Prop {
  readonly id: string;
  readonly docs: string;
  readonly optional: boolean;
}

/** Every property signature under `node` (nested object types included), named `<Type>.<path>`. */
function propsUnder(node: ts.Node, owner: string, sf: ts.SourceFile, out: Prop[]): void {
  if (ts.isPropertySignature(node)) {
    const kind = node.type?.kind;
    if (kind === ts.SyntaxKind.NeverKeyword || kind === ts.SyntaxKind.UndefinedKeyword) return;
    const id = `${owner}.${node.name.getText(sf)}`;
    const docs = ts
      .getJSDocCommentsAndTags(node)
      .map((d) => d.getText(sf))
      .join("\n");
    out.push({ id, docs, optional: node.questionToken !== undefined });
    if (node.type) propsUnder(node.type, id, sf, out);
    return;
  }
  // A type literal intersected with a DSL value type (`DslValue<"virtualService"> & { name }`) still documents.
  ts.forEachChild(node, (c) => propsUnder(c, owner, sf, out));
}

function stdlibProps(): Prop[] {
  const out: Prop[] = [];
  for (const sf of program.getSourceFiles()) {
    const file = sf.fileName.replace(/^.*\/stdlib\//, "");
    if (!sf.fileName.includes("/stdlib/") || file.startsWith("_")) continue;
    for (const statement of sf.statements) {
      if (!exported(statement)) continue;
      if (ts.isInterfaceDeclaration(statement) && !isDslValue(statement.name))
        for (const member of statement.members) propsUnder(member, `${file}: ${statement.name.text}`, sf, out);
      if (ts.isTypeAliasDeclaration(statement)) propsUnder(statement.type, `${file}: ${statement.name.text}`, sf, out);
    }
  }
  return out;
}

const Docs = suite("stdlib hover docs");
const props = stdlibProps();

Docs("the scan sees the DSL's props (and not the values it returns)", () => {
  const ids = new Set(props.map((p) => p.id));
  for (const id of ["route-types.ts: HttpMatch.uri", "traffic-policy.ts: ConnectionPool.tcp.maxConnections"])
    assert.ok(ids.has(id), id);
  assert.not.ok([...ids].some((id) => id.startsWith("service.ts: Service.")));
  assert.ok(props.length > 300, String(props.length));
});

Docs("every prop has JSDoc", () => {
  assert.equal(
    props.filter((p) => p.docs === "").map((p) => p.id),
    [],
  );
});

Docs("every prop's JSDoc names the Istio or Kubernetes field it becomes (`field` or → what)", () => {
  assert.equal(
    props.filter((p) => p.docs !== "" && !/`[^`]+`|→/.test(p.docs)).map((p) => p.id),
    [],
  );
});

Docs("every optional prop says its @default", () => {
  assert.equal(
    props.filter((p) => p.optional && p.docs !== "" && !/@default\s+\S/.test(p.docs)).map((p) => p.id),
    [],
  );
});

Docs.run();
