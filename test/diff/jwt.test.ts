/**
 * `meshc diff` partitions the request's JWT (docs/diff.md "Tokens"), on examples/authz-jwt (Istio's "Authorization with
 * JWT" and "JWT claim based routing" tasks): a change confined to a RequestAuthentication, to `requestPrincipals`, to a
 * `request.auth.claims` condition or to a claim route is reported, with a `jwt ...` example that parses and really
 * changes its fate, and the unchanged mesh reports nothing.
 */
import { readFileSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { diffMeshes, type Change } from "../../compiler/diff/index.ts";
import { classify, decisionOf } from "../../compiler/diff/classify.ts";
import { simulate } from "../../compiler/eval/index.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import { memoryFileSystem } from "../../compiler/load/fs.ts";
import { compile } from "../../compiler/pipeline.ts";
import { parseRequest } from "../../compiler/scenario/index.ts";

const read = (f: string) => readFileSync(`examples/authz-jwt/${f}`, "utf8");
const MESH = ["platform.yaml", "networking.yaml", "security.yaml"].map(read).join("\n---\n");

function ir(yaml: string): MeshIR {
  const c = compile(["mesh.yaml"], { fs: memoryFileSystem({ "mesh.yaml": yaml }) });
  assert.ok(c.ir, JSON.stringify(c.diagnostics.filter((d) => d.severity === "error")));
  return c.ir;
}

/** The changes from the example to the example edited by `edit`; every example request parses and changes. */
function changes(edit: (yaml: string) => string): Change[] {
  const before = ir(MESH);
  const after = ir(edit(MESH));
  const d = diffMeshes(before, after);
  assert.equal(d.diagnostics, []);
  for (const c of d.value.changes) {
    const req = parseRequest(c.example).value;
    assert.ok(req, `example does not parse: ${c.example}`);
    const r = (m: MeshIR) => decisionOf(simulate(m, req, { trace: false }).value);
    assert.ok(classify(r(before), r(after)), `example does not change: ${c.example}`);
    assert.is(d.value.locate(req), c, `example is not in its own class: ${c.example}`);
  }
  return [...d.value.changes];
}

const replaceOnce = (from: string, to: string) => (yaml: string) => {
  assert.ok(yaml.includes(from), from);
  return yaml.replace(from, to);
};

const t = suite("meshc diff: JWTs");

t("nothing changed: nothing reported", () => {
  assert.equal(
    changes((y) => y),
    [],
  );
});

t("a RequestAuthentication's issuer: the old issuer's valid tokens are now rejected (401), at httpbin", () => {
  const found = changes(
    replaceOnce(
      "  selector: {matchLabels: {app: httpbin}}\n  jwtRules:\n  - issuer: testing@secure.istio.io",
      "  selector: {matchLabels: {app: httpbin}}\n  jwtRules:\n  - issuer: other@secure.istio.io",
    ),
  );
  const rejected = found.filter(
    (c) =>
      /jwt iss=testing@secure\.istio\.io/.test(c.example) &&
      c.after?.outcomes.some((o) => o.status === 401 && o.error === "Jwt issuer is not configured"),
  );
  assert.ok(rejected.length > 0, found.map((c) => c.example).join("\n"));
  assert.ok(found.every((c) => c.constraints.attributes["jwt"] !== undefined));
});

t("requestPrincipals: only the principal's subject changes; tokens of another subject are newly allowed", () => {
  const found = changes(
    replaceOnce(
      "requestPrincipals: [testing@secure.istio.io/testing@secure.istio.io]",
      "requestPrincipals: [testing@secure.istio.io/other]",
    ),
  );
  const allowed = found.filter((c) => c.severity === "newly allowed");
  const denied = found.filter((c) => c.severity === "newly denied");
  assert.ok(
    allowed.some((c) =>
      /jwt (wrong-audience )?iss=testing@secure\.istio\.io( groups=group1)? sub=other /.test(`${c.example} `),
    ),
  );
  assert.ok(
    denied.some((c) =>
      /jwt (wrong-audience )?iss=testing@secure\.istio\.io( groups=group1)? sub=testing@secure\.istio\.io /.test(
        `${c.example} `,
      ),
    ),
  );
  assert.ok(found.every((c) => c.kind === "authz"));
});

t("a request.auth.claims condition: group1 → group2 moves who is allowed", () => {
  const found = changes(replaceOnce("values: [group1]", "values: [group2]"));
  assert.ok(found.some((c) => c.severity === "newly allowed" && /groups=group2/.test(c.example)));
  assert.ok(found.some((c) => c.severity === "newly denied" && /groups=group1/.test(c.example)));
});

t("a claim route on the gateway: @request.auth.claims.groups group1 → group2", () => {
  const found = changes(
    replaceOnce('"@request.auth.claims.groups": {exact: group1}', '"@request.auth.claims.groups": {exact: group2}'),
  );
  assert.ok(found.length > 0);
  assert.ok(
    found.every((c) => c.constraints.via !== "mesh"),
    found.map((c) => c.where).join("\n"),
  );
  assert.ok(found.some((c) => /from ingress .* jwt iss=testing@secure\.istio\.io .*groups=group2/.test(c.example)));
});

t.run();
