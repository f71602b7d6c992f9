/**
 * A scenario file with `tcp://` requests (meshc's extension of docs/requests.md), run as `meshc test` runs it, with both
 * engines: TCP splits, sourceLabels, a network RBAC denial (status 0) and a STRICT reset.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { parseScenarios } from "../../compiler/scenario/index.ts";
import { runScenarioFile } from "../../compiler/scenario/run.ts";
import { collectingSink, coverageReport } from "../../compiler/eval/coverage.ts";
import { simulate } from "../../compiler/eval/index.ts";
import { meshFromYaml } from "../eval/_support.ts";
import { BASE, MONGO_SUBSETS, policy, tcpVs } from "./_mesh.ts";

const M = "mongo.db.svc.cluster.local";
const ir = meshFromYaml(
  BASE +
    MONGO_SUBSETS +
    tcpVs(
      "mongo",
      M,
      `  - match: [{sourceLabels: {tier: front}}]
    route: [{destination: {host: ${M}, subset: v2}}]
  - route: [{destination: {host: ${M}, subset: v1}, weight: 90}, {destination: {host: ${M}, subset: v2}, weight: 10}]`,
    ) +
    policy(
      "redis-batch-only",
      "redis",
      "ALLOW",
      `  - from: [{source: {principals: [cluster.local/ns/shop/sa/batch]}}]`,
    ),
);

const FILE = `
scenario "the front tier reads mongo v2"
  tcp://mongo.db:27017 from shop/app-v1
  expect mongo.db@v2
  expect mtls

scenario "batch gets the 90/10 split"
  tcp://mongo.db:27017 from shop/batch-v1
  expect mongo.db@v1 90%, mongo.db@v2 10%
  expect status 200

scenario "only batch may open redis"
  tcp://redis.db:6379 from shop/app-v1
  expect deny by default
  expect status 0
  expect no route

scenario "a plaintext client is not allowed by the principal rule"
  tcp://redis.db:6379 from legacy/old-v1
  expect deny
  expect plaintext

scenario "a wrong expectation fails"
  tcp://mongo.db:27017 from shop/app-v1
  expect mongo.db@v1
  expect no route
`;

const Scenarios = suite("tcp:// scenarios with both engines");

for (const engine of ["istio", "envoy"] as const) {
  Scenarios(`${engine}: the first four hold, the wrong one fails with what was found`, () => {
    const parsed = parseScenarios(FILE, "tcp.scenarios");
    assert.equal(parsed.diagnostics, []);
    const runs = runScenarioFile(ir, parsed.value, { engine });
    assert.equal(
      runs.map((r) => [r.scenario.name, r.passed, r.failures.map((f) => f.diagnostic.message)]),
      [
        ["the front tier reads mongo v2", true, []],
        ["batch gets the 90/10 split", true, []],
        ["only batch may open redis", true, []],
        ["a plaintext client is not allowed by the principal rule", true, []],
        [
          "a wrong expectation fails",
          false,
          [
            "Expected traffic to go to mongo.db@v1 but it went to mongo.db@v2.",
            "Expected no route to match but tcp rule 0 of VirtualService db/mongo matched.",
          ],
        ],
      ],
    );
  });
}

Scenarios("coverage counts tcp rules, the same on both engines", () => {
  const scenarios = parseScenarios(FILE, "tcp.scenarios").value.scenarios;
  const report = (engine: "istio" | "envoy") => {
    const sink = collectingSink();
    for (const s of scenarios) simulate(ir, s.request, { engine, coverage: sink });
    const r = coverageReport(ir, sink.keys);
    return {
      hit: [...sink.keys].filter((k) => k.includes(" tcp[")).sort(),
      uncovered: r.uncovered.map((u) => u.key).filter((k) => k.includes(" tcp[")),
    };
  };
  assert.equal(report("istio"), {
    hit: ["VirtualService db/mongo tcp[0]", "VirtualService db/mongo tcp[1]"],
    uncovered: [],
  });
  assert.equal(report("envoy"), report("istio"));
  // Only the front-tier scenario: the split rule stays uncovered.
  const sink = collectingSink();
  simulate(ir, scenarios[0]!.request, { engine: "envoy", coverage: sink });
  assert.equal(
    coverageReport(ir, sink.keys)
      .uncovered.map((u) => u.key)
      .filter((k) => k.includes(" tcp[")),
    ["VirtualService db/mongo tcp[1]"],
  );
});

Scenarios.run();
