/** `meshc route-check` through `main()`: Envoy's router_check_tool flags, exit codes and coverage threshold. */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { main } from "../../compiler/cli/main.ts";
import { sharedCorpus } from "../support/shared-corpus.ts";

async function run(...argv: string[]) {
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

const RouteCheck = suite("meshc route-check");
// The corpus tests need Envoy's router_check_tool data; without it they are one visible skip.
const corpus = sharedCorpus(RouteCheck, "envoy-router-check");
const dir = corpus ?? "";
const withCorpus: typeof RouteCheck = corpus === undefined ? ((() => {}) as never) : RouteCheck;

withCorpus("passes Envoy's TestRoutes corpus and prints the coverage line", async () => {
  const r = await run(
    "route-check",
    "--config",
    `${dir}/TestRoutes.yaml`,
    "--tests",
    `${dir}/TestRoutes.golden.proto.json`,
    "--details",
  );
  assert.is(r.code, 0);
  assert.match(r.stdout, /^Current route coverage: 64\.7059%$/m);
});

withCorpus("--fail-under above the coverage fails", async () => {
  const r = await run(
    "route-check",
    "-c",
    `${dir}/TestRoutes.yaml`,
    "-t",
    `${dir}/TestRoutes.golden.proto.json`,
    "--fail-under",
    "100",
  );
  assert.is(r.code, 1);
});

withCorpus("upstream's failing expectations fail", async () => {
  const r = await run(
    "route-check",
    "--config",
    `${dir}/TestRoutes.yaml`,
    "--tests",
    `${dir}/TestRoutesFailures.golden.proto.json`,
  );
  assert.is(r.code, 1);
});

RouteCheck("missing --tests is a usage error", async () => {
  assert.is((await run("route-check", "--config", "routes.yaml")).code, 2);
});

RouteCheck.run();
