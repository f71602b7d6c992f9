/**
 * Diagnostic cases: each directory under test/cases/ holds the inputs of one mesh (a mesh.ts, or YAML files) and
 * `expected.errors.txt`, the whole `meshc check` result in tsc's baseline form. Compared by default; rewritten with
 * `UPDATE_GOLDEN=1` (`npm run golden:accept`).
 */
import { suite } from "uvu";
import { compile } from "../../compiler/pipeline.ts";
import { expectGolden } from "../support/golden.ts";
import { errorsBaseline } from "../support/errors-baseline.ts";
import { caseInputs, caseNames, CASES_DIR } from "../support/cases.ts";

const Cases = suite("diagnostic cases (test/cases/*/expected.errors.txt)");

for (const name of caseNames()) {
  Cases(`${name} reports what expected.errors.txt shows`, () => {
    const c = compile(caseInputs(name));
    const sources = new Map(caseInputs(name).map((f) => [f, c.sources.get(f) ?? ""]));
    expectGolden(`${CASES_DIR}/${name}/expected.errors.txt`, errorsBaseline(c.diagnostics, sources));
  });
}

Cases.run();
