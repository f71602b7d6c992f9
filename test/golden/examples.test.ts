/**
 * Every example under examples/ builds without diagnostics, and its output matches golden/<example>/ byte for byte.
 * Inputs are given relative to the repository root, as CI and users run `meshc build` there.
 */
import { readdirSync, existsSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { renderLines } from "../../compiler/diagnostics/render.ts";
import { configDumpFromBinary, configDumpToJson } from "../../compiler/emit/envoy/registry.ts";
import { ALL_TARGETS, renderOutputs } from "../../compiler/emit/outputs.ts";
import { compile } from "../../compiler/pipeline.ts";
import { exampleInput, EXAMPLES } from "../support/examples.ts";
import { expectGolden, expectNoOrphans } from "../support/golden.ts";

const examples = EXAMPLES;
const Examples = suite("examples match their goldens");

for (const name of examples) {
  Examples(`${name} builds cleanly and matches golden/${name}/`, () => {
    const input = exampleInput(name);
    const c = compile([input]);
    assert.is(renderLines(c.diagnostics, c.sources), "", `diagnostics for ${input}`);
    assert.ok(c.ir, `no IR for ${input}`);
    const rendered = renderOutputs(c.ir, [input], ALL_TARGETS);
    assert.equal(renderLines(rendered.diagnostics, c.sources), "", `internal errors emitting ${input}`);
    const texts = new Set<string>();
    for (const [path, content] of rendered.value) {
      if (typeof content === "string") {
        expectGolden(`golden/${name}/${path}`, content);
        texts.add(path);
      } else {
        // The binary dump is pinned through its JSON twin: it must decode (strictly) to exactly that dump.
        const json = rendered.value.get(path.replace(/\.pb$/, ".json"));
        assert.is(configDumpToJson(configDumpFromBinary(content)), json, `${path} decodes to its .json`);
      }
    }
    expectNoOrphans(`golden/${name}`, texts);
  });
}

Examples("every golden directory belongs to an example", () => {
  const goldens = existsSync("golden") ? readdirSync("golden").sort() : [];
  assert.equal(goldens.filter((g) => !examples.includes(g)), []);
});

Examples.run();
