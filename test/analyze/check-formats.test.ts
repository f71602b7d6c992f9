/**
 * `meshc check` output formats and failure policy through `main()`: SARIF validated against the official SARIF
 * 2.1.0 schema (shipped by @microsoft/jest-sarif as `sarif-2.1.0-rtm.5.json`, a JSON Schema draft-04 document, hence
 * ajv-draft-04), GitHub workflow commands, `--max-warnings` and `--failure-threshold`.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import ajvDraft04 from "ajv-draft-04";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { main } from "../../compiler/cli/main.ts";

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(...argv: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    cwd: process.cwd(),
    color: false,
  });
  return { code, stdout, stderr };
}

const require = createRequire(import.meta.url);
const schema = JSON.parse(
  readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"),
) as object;
// `unicodeRegExp: false`: the schema's language pattern `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$` is not valid with the `u` flag.
// ajv-draft-04 is CommonJS; its class is the `default` export under both tsc and Node's ESM interop.
const Ajv = ajvDraft04.default;
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
// The schema's formats, checked as RFC 3986 / RFC 3339 require (ajv leaves formats to plugins).
ajv.addFormat("uri", (s: string) => URL.canParse(s));
ajv.addFormat("uri-reference", (s: string) => !/\s/.test(s));
ajv.addFormat("date-time", (s: string) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d\d-\d\dT/.test(s));
const validateSarif = ajv.compile(schema);

const SHADOWED = "test/cases/shadowed-routes/mesh.yaml";
const SECURITY = "test/cases/authz-plaintext";

const Sarif = suite("meshc check --format sarif");

Sarif("is valid SARIF 2.1.0 with one result per diagnostic, related locations and rule metadata", async () => {
  const r = await run("check", SECURITY, "--format", "sarif");
  const log = JSON.parse(r.stdout) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: unknown[] }[] };
  assert.equal(validateSarif(log) ? [] : validateSarif.errors, []);
  assert.equal(
    log.runs[0]!.tool.driver.rules.map((rule) => rule.id),
    ["MESH2241", "MESH2242"],
  );
  assert.equal(log.runs[0]!.results[0], {
    ruleId: "MESH2241",
    ruleIndex: 0,
    level: "warning",
    message: {
      text: "'namespaces' matches only mutual-TLS requests, but workload 'shop/orders' also accepts plaintext, so plaintext callers are not denied by this rule. Apply a STRICT PeerAuthentication to the workload, or match on something plaintext requests carry.",
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: "test/cases/authz-plaintext/policy.yaml", uriBaseId: "%SRCROOT%" },
          region: { startLine: 10, startColumn: 28, endLine: 10, endColumn: 36 },
        },
      },
    ],
  });
  // Only warnings: the default failure threshold (error, as istioctl's) passes.
  assert.is(r.code, 0);
});

Sarif("the validator rejects what is not SARIF 2.1.0 (a run without 'tool', a wrong version)", () => {
  assert.equal(
    [validateSarif({ version: "2.1.0", runs: [{ results: [] }] }), validateSarif({ version: "2.0.0", runs: [] })],
    [false, false],
  );
});

Sarif("a run with related locations and one without diagnostics are both valid", async () => {
  for (const input of [SHADOWED, "examples/bookinfo/mesh.ts"]) {
    const log = JSON.parse((await run("check", input, "--format", "sarif")).stdout) as object;
    assert.equal(validateSarif(log) ? [] : validateSarif.errors, [], input);
  }
});

Sarif("invocation problems become tool notifications, and the log stays valid", async () => {
  const r = await run("check", "--format", "sarif");
  const log = JSON.parse(r.stdout) as { runs: { invocations: unknown[]; results: unknown[] }[] };
  assert.equal(validateSarif(log) ? [] : validateSarif.errors, []);
  assert.equal(log.runs[0]!.invocations, [
    {
      executionSuccessful: true,
      toolExecutionNotifications: [
        { descriptor: { id: "MESH1005" }, level: "error", message: { text: "No input given." } },
      ],
    },
  ]);
  assert.equal(log.runs[0]!.results, []);
  assert.is(r.code, 2);
});

Sarif.run();

const Github = suite("meshc check --format github");

Github("prints one workflow command per diagnostic, escaped, with notice for info", async () => {
  const r = await run("check", "test/cases/port-protocol", "--format", "github");
  assert.is(
    r.stdout,
    "::notice file=test/cases/port-protocol/mesh.yaml,line=2,col=1,endLine=8,endColumn=44,title=MESH2270::Port 'web' of service 'web' declares no protocol, so Istio sniffs it.%0AName it '<protocol>[-<suffix>]' (such as 'http-web') or set 'appProtocol'. istioctl analyze reports this as IST0118.\n",
  );
  assert.is(r.code, 0);
});

Github.run();

const Policy = suite("meshc check failure policy");

Policy("warnings alone pass by default, like istioctl analyze's --failure-threshold Error", async () => {
  const r = await run("check", SHADOWED);
  assert.equal([r.code, r.stdout], [0, ""]);
  assert.match(r.stderr, "warning MESH2220");
});

Policy("--failure-threshold warning fails on warnings, info does not", async () => {
  assert.is((await run("check", SHADOWED, "--failure-threshold", "warning")).code, 1);
  assert.is((await run("check", "test/cases/port-protocol", "--failure-threshold", "warning")).code, 0);
  assert.is((await run("check", "test/cases/port-protocol", "--failure-threshold", "info")).code, 1);
});

Policy("--max-warnings N fails when there are more than N warnings and says so", async () => {
  assert.is((await run("check", SHADOWED, "--max-warnings", "5")).code, 0);
  const r = await run("check", SHADOWED, "--max-warnings", "4");
  assert.is(r.code, 1);
  assert.match(r.stderr, "meshc: 5 warnings, more than --max-warnings 4 allows.\n");
});

Policy("inputs meshc cannot read are usage errors (exit 2), in every format", async () => {
  assert.equal(
    [
      await run("check", "missing.yaml"),
      await run("check", "examples/bookinfo/mesh.ts", "examples/canary/mesh.ts"),
    ].map((r) => [r.code, r.stderr.split("\n")[0]]),
    [
      [2, "meshc: error MESH1001: Cannot read input 'missing.yaml': no such file or directory."],
      [
        2,
        "meshc: error MESH1003: Only one mesh.ts input can be given, but there are 'examples/bookinfo/mesh.ts' and 'examples/canary/mesh.ts'.",
      ],
    ],
  );
});

Policy("bad option values are usage errors (exit 2)", async () => {
  assert.equal(
    [
      await run("check", SHADOWED, "--max-warnings", "x"),
      await run("check", SHADOWED, "--failure-threshold", "fatal"),
      await run("check", SHADOWED, "--format", "xml"),
    ].map((r) => [r.code, r.stderr.split("\n")[0]]),
    [
      [2, "meshc: --max-warnings expects a whole number, not 'x'."],
      [2, "meshc: Unknown failure threshold 'fatal'; expected error, warning, info."],
      [2, "meshc: Unknown format 'xml'; expected pretty, json, sarif, github."],
    ],
  );
});

Policy.run();
