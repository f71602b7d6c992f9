/** Every example's `*.scenarios` file parses cleanly and passes against its mesh with both engines. */
import { readdirSync, readFileSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { compile } from "../../compiler/pipeline.ts";
import { parseScenarios } from "../../compiler/scenario/index.ts";
import { runScenarioFile } from "../../compiler/scenario/run.ts";
import { EXAMPLES, exampleInput } from "../support/examples.ts";

const Scenarios = suite("example scenarios pass");

for (const name of EXAMPLES) {
  for (const file of readdirSync(`examples/${name}`)
    .filter((f) => f.endsWith(".scenarios"))
    .sort()) {
    Scenarios(`examples/${name}/${file}`, () => {
      const c = compile([exampleInput(name)]);
      assert.ok(c.ir);
      const parsed = parseScenarios(readFileSync(`examples/${name}/${file}`, "utf8"), `examples/${name}/${file}`);
      assert.equal(parsed.diagnostics, []);
      const failed = (["istio", "envoy"] as const)
        .flatMap((engine) => runScenarioFile(c.ir!, parsed.value, { engine }))
        .filter((r) => !r.passed)
        .map((r) => ({
          scenario: r.scenario.name,
          failures: r.failures.map((f) => `${f.expected} ≠ ${f.found}`),
          errors: r.diagnostics.map((d) => d.message),
        }));
      assert.equal(failed, []);
    });
  }
}

Scenarios(
  "bookinfo's scenarios pass against the plain-YAML bookinfo too (both input forms, one set of decisions)",
  () => {
    const c = compile(["examples/bookinfo-yaml"]);
    assert.ok(c.ir);
    const parsed = parseScenarios(
      readFileSync("examples/bookinfo/bookinfo.scenarios", "utf8"),
      "examples/bookinfo/bookinfo.scenarios",
    );
    const runs = runScenarioFile(c.ir, parsed.value);
    assert.equal(
      runs.filter((r) => !r.passed).map((r) => r.scenario.name),
      [],
    );
    assert.is(runs.length, 35);
  },
);

Scenarios.run();
