import { readFileSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { parseScenarios } from "../../compiler/scenario/index.ts";
import { asJson, span } from "./_support.ts";

const F = "t.scenarios";

// ---------------------------------------------------------------------------------------------------------------------
const Ast = suite("parseScenarios: every expectation form as an AST");

Ast("a scenario with one of each expectation form, comments and continuation lines", () => {
  // GIVEN
  const text = [
    "# leading comment",
    'scenario "all forms"   # trailing comment',
    "  GET http://reviews.bookinfo:9080/reviews/1 from bookinfo/productpage-v1",
    "      header end-user=jason",
    "  expect reviews@v2",
    "  expect reviews",
    "  expect reviews@v1 90%,",
    "         reviews.bookinfo@v2 10%",
    "  expect allow",
    "  expect deny by bookinfo/ratings-viewer",
    "  expect deny by default",
    "  expect status 403",
    "  expect status 503 12.5%",
    "  expect no route",
    "  expect mtls",
    "  expect plaintext",
    "  expect timeout 1.5s",
    "  expect retries 3",
    "",
  ].join("\n");
  const at = (needle: string, options?: { nth?: number; after?: string }) => span(F, text, needle, options);
  // WHEN
  const result = parseScenarios(text, F);
  // THEN
  const dist = "reviews@v1 90%,\n         reviews.bookinfo@v2 10%";
  const request =
    "GET http://reviews.bookinfo:9080/reviews/1 from bookinfo/productpage-v1\n      header end-user=jason";
  assert.equal(result, {
    value: {
      kind: "scenarioFile",
      span: { file: F, start: 0, length: text.length },
      scenarios: [
        {
          kind: "scenario",
          span: {
            file: F,
            start: text.indexOf("scenario"),
            length: text.indexOf("retries 3") + 9 - text.indexOf("scenario"),
          },
          name: "all forms",
          nameSpan: at('"all forms"'),
          request: {
            method: "GET",
            scheme: "http",
            host: "reviews.bookinfo",
            port: 9080,
            path: "/reviews/1",
            query: "",
            headers: { "end-user": "jason" },
            source: { kind: "workload", namespace: "bookinfo", name: "productpage-v1" },
            plaintext: false,
            span: at(request),
          },
          expectations: [
            {
              kind: "distribution",
              span: at("expect reviews@v2"),
              targets: [{ kind: "target", span: at("reviews@v2"), service: "reviews", subset: "v2", percent: 100 }],
            },
            {
              kind: "distribution",
              span: at("expect reviews", { nth: 1 }),
              targets: [
                {
                  kind: "target",
                  span: at("reviews", { after: "expect reviews\n" }),
                  service: "reviews",
                  subset: null,
                  percent: 100,
                },
              ],
            },
            {
              kind: "distribution",
              span: at(`expect ${dist}`),
              targets: [
                { kind: "target", span: at("reviews@v1 90%"), service: "reviews", subset: "v1", percent: 90 },
                {
                  kind: "target",
                  span: at("reviews.bookinfo@v2 10%"),
                  service: "reviews.bookinfo",
                  subset: "v2",
                  percent: 10,
                },
              ],
            },
            { kind: "authz", span: at("expect allow"), decision: "ALLOW", policy: undefined },
            {
              kind: "authz",
              span: at("expect deny by bookinfo/ratings-viewer"),
              decision: "DENY",
              policy: "bookinfo/ratings-viewer",
            },
            { kind: "authz", span: at("expect deny by default"), decision: "DENY", policy: null },
            { kind: "status", span: at("expect status 403"), status: 403, percent: null },
            { kind: "status", span: at("expect status 503 12.5%"), status: 503, percent: 12.5 },
            { kind: "noRoute", span: at("expect no route") },
            { kind: "mtls", span: at("expect mtls") },
            { kind: "plaintext", span: at("expect plaintext") },
            { kind: "timeout", span: at("expect timeout 1.5s"), duration: "1.5s", milliseconds: 1500 },
            { kind: "retries", span: at("expect retries 3"), attempts: 3 },
          ],
        },
      ],
    },
    diagnostics: [],
  });
});

Ast("durations in every unit; a 0% target; several scenarios in order", () => {
  const text = [
    'scenario "one"',
    "  GET http://a:1/",
    "  expect timeout 250ms",
    "  expect timeout 2m",
    "  expect timeout 1h",
    "  expect reviews@v3 0%",
    'scenario "two"',
    "  grpc://a:1/s/M",
    "  expect status 0",
  ].join("\n");
  const { value, diagnostics } = parseScenarios(text, F);
  assert.equal(diagnostics, []);
  assert.equal(
    value.scenarios.map((s) => [
      s.name,
      s.request.method,
      s.expectations.map((e) => (e.kind === "timeout" ? e.milliseconds : e.kind)),
    ]),
    [
      ["one", "GET", [250, 120_000, 3_600_000, "distribution"]],
      ["two", "POST", ["status"]],
    ],
  );
  assert.equal(value.scenarios[0]!.expectations[3], {
    kind: "distribution",
    span: span(F, text, "expect reviews@v3 0%"),
    targets: [{ kind: "target", span: span(F, text, "reviews@v3 0%"), service: "reviews", subset: "v3", percent: 0 }],
  });
});

Ast("an empty file and a file of comments have no scenarios and no errors", () => {
  assert.equal(parseScenarios("", F), {
    value: { kind: "scenarioFile", span: { file: F, start: 0, length: 0 }, scenarios: [] },
    diagnostics: [],
  });
  assert.equal(parseScenarios("# only\n# comments\n", F).value.scenarios, []);
});

Ast.run();

// ---------------------------------------------------------------------------------------------------------------------
const Bookinfo = suite("examples/bookinfo/bookinfo.scenarios");

Bookinfo("parses without diagnostics into at least 25 uniquely named scenarios, each with expectations", () => {
  const file = "examples/bookinfo/bookinfo.scenarios";
  const text = readFileSync(file, "utf8");
  const { value, diagnostics } = parseScenarios(text, file);
  assert.equal(asJson(diagnostics, file, text), []);
  assert.ok(value.scenarios.length >= 25, `${value.scenarios.length} scenarios`);
  assert.equal(new Set(value.scenarios.map((s) => s.name)).size, value.scenarios.length);
  assert.equal(
    value.scenarios.filter((s) => s.expectations.length === 0).map((s) => s.name),
    [],
  );
});

Bookinfo("covers routing, splits, mTLS and allow/deny", () => {
  const file = "examples/bookinfo/bookinfo.scenarios";
  const { value } = parseScenarios(readFileSync(file, "utf8"), file);
  const kinds = new Set(
    value.scenarios.flatMap((s) =>
      s.expectations.map((e) => (e.kind === "distribution" && e.targets.length > 1 ? "split" : e.kind)),
    ),
  );
  assert.equal([...kinds].sort(), [
    "authz",
    "distribution",
    "mtls",
    "noRoute",
    "plaintext",
    "retries",
    "split",
    "status",
    "timeout",
  ]);
});

Bookinfo.run();
