/**
 * The mesh.ts loader's shortcuts for large files (issue 6) give what the direct way gives: the indexed `findCall`
 * equals the walk from the root at every offset, the worker's transpile equals the in-place one, and wrapping
 * top-level calls in arrows (`wrap-calls.ts`) keeps what the code does.
 */
import ts from "typescript";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { generateMesh } from "../../bench/gen/index.ts";
import { findCall, findCallByWalk } from "../../compiler/load/mesh-ts/spans.ts";
import { transpile, transpileText } from "../../compiler/load/mesh-ts/transpile.ts";
import { startTranspile, WORKER_THRESHOLD_CHARS } from "../../compiler/load/mesh-ts/transpile-worker.ts";
import vm from "node:vm";

const parse = (text: string, name = "/virtual/mesh.ts") =>
  ts.createSourceFile(name, text, ts.ScriptTarget.ES2022, true);

const FindCall = suite("findCall (indexed) equals the walk from the root");

FindCall("at every offset of a file with nested, chained, `new` and optional calls", () => {
  const text = [
    `import { service } from "meshc";`,
    `const a = f(g(1), [h(), new K(i(2))], { x: () => j(k()) });`,
    `a.b().c(d?.e(), x()());`,
    `class C extends mixin(Base) { m() { return this.n(o()); } }`,
    `for (const s of list()) s.go(wait(s));`,
    `/** doc */ export default service("x", { ports: p(), versions: { v1: v() } });`,
  ].join("\n");
  const sf = parse(text);
  const calls = (at: number) =>
    [findCall(sf, at), findCallByWalk(sf, at)].map((c) => (c ? `${c.getStart(sf)}-${c.end}` : "none"));
  for (let at = 0; at <= text.length; at++) {
    const [indexed, walked] = calls(at);
    assert.is(indexed, walked, `offset ${at}`);
  }
});

FindCall("on a generated mesh, at the start of every line and of every call", () => {
  const sf = parse(generateMesh(30).meshTs);
  const offsets: number[] = [];
  for (let nl = -1; nl < sf.text.length; nl = sf.text.indexOf("\n", nl + 1)) {
    offsets.push(nl + 1);
    if (sf.text.indexOf("\n", nl + 1) < 0) break;
  }
  sf.forEachChild(function visit(n): void {
    if (ts.isCallExpression(n)) offsets.push(n.getStart(sf), n.expression.end, n.end - 1);
    n.forEachChild(visit);
  });
  const mismatches = offsets.filter((at) => findCall(sf, at) !== findCallByWalk(sf, at));
  assert.equal(mismatches, []);
});

const Worker = suite("transpiling on a worker");

Worker("a file above the threshold gives the same code and source map as in place", () => {
  const text = generateMesh(240).meshTs;
  assert.ok(text.length >= WORKER_THRESHOLD_CHARS, `the N=240 mesh is ${text.length} characters`);
  const sf = parse(text);
  const onWorker = startTranspile([sf]).collect().get(sf.fileName);
  const here = transpile(sf);
  assert.is(onWorker?.code, here.code);
  assert.equal(onWorker?.map, here.map);
  assert.equal(onWorker?.lineStarts, here.lineStarts);
});

const Wrap = suite("top-level calls wrapped in arrows behave the same");

/** Runs CommonJS `code` and returns what it put in `out`. */
function run(code: string): unknown[] {
  const out: unknown[] = [];
  vm.compileFunction(code, ["exports", "require", "module", "out"], { filename: "/virtual/x.js" }).call(
    { self: true },
    {},
    () => ({}),
    { exports: {} },
    out,
  );
  return out;
}

Wrap("this, arguments, optional chains, eval, receivers and evaluation order", () => {
  const text = [
    `const log: string[] = [];`,
    `const step = (s: string) => (log.push(s), s);`,
    `const obj = { name: "o", who() { return this.name; } };`,
    `const none: { f(): number } | undefined = undefined;`,
    `out.push(obj.who(), none?.f(), (none as any)?.f().g(), String(step("a")) + step("b"));`,
    `out.push(typeof this, arguments.length);`,
    `eval("var fromEval = 1");`,
    `out.push(typeof fromEval, new Date(0).getTime(), [1, 2].map((x) => x * 2).join());`,
    `out.push(log.join());`,
    `declare const out: unknown[]; declare var fromEval: number;`,
  ].join("\n");
  const plain = ts.transpileModule(text, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const wrapped = transpileText("/virtual/x.ts", text).code;
  assert.ok(wrapped.includes("(() => "), "the calls are wrapped");
  assert.equal(run(wrapped), run(plain));
  assert.equal(run(plain), ["o", undefined, undefined, "ab", "object", 4, "number", 0, "2,4", "a,b"]);
});

FindCall.run();
Worker.run();
Wrap.run();
