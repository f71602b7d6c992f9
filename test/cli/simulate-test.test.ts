/** `meshc simulate` and `meshc test` through `main()`: output shapes and exit codes. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { main } from "../../compiler/cli/main.ts";

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

const Simulate = suite("meshc simulate");

Simulate("--json prints the docs/results.md result", async () => {
  const r = await run(
    "simulate",
    "examples/bookinfo/mesh.ts",
    "--json",
    "--request",
    "GET http://reviews.bookinfo:9080/reviews/1 from bookinfo/productpage-v1 header end-user=jason",
  );
  assert.is(r.code, 0);
  const result = JSON.parse(r.stdout) as { route: unknown; outcomes: unknown };
  assert.equal(result.route, { resource: "VirtualService bookinfo/reviews", index: 0, name: "jason" });
  assert.equal(result.outcomes, [
    {
      probability: 1,
      status: 200,
      destination: {
        service: "reviews.bookinfo.svc.cluster.local",
        subset: "v2",
        port: 9080,
        cluster: "outbound|9080|v2|reviews.bookinfo.svc.cluster.local",
      },
      mtls: true,
      authz: { decision: "ALLOW", policy: "bookinfo/reviews-viewer", rule: 0 },
      fault: null,
    },
  ]);
});

Simulate("a malformed request is reported at --request(line,col) with exit 1", async () => {
  const r = await run("simulate", "examples/bookinfo/mesh.ts", "--request", "GET reviews");
  assert.is(r.code, 1);
  assert.match(r.stderr, /^--request\(1,5\): error MESH40\d\d: /m);
});

Simulate("without --request it is a usage error", async () => {
  assert.is((await run("simulate", "examples/bookinfo/mesh.ts")).code, 2);
});

Simulate.run();

const Test = suite("meshc test");

Test("runs the scenarios beside mesh.ts and passes", async () => {
  const r = await run("test", "examples/bookinfo/mesh.ts");
  assert.is(r.code, 0);
  assert.match(r.stdout, /^35 passed, 0 failed$/m);
});

Test("a failing scenario exits 1 and prints expected, found and the trace", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "meshc-test-")), "wrong.scenarios");
  writeFileSync(
    file,
    `scenario "wrong"\n  GET http://reviews.bookinfo:9080/r from bookinfo/productpage-v1\n  expect reviews@v3\n`,
  );
  const r = await run("test", "examples/bookinfo/mesh.ts", file, "--reporter", "pretty");
  assert.is(r.code, 1);
  assert.match(r.stdout, "✘ wrong");
  assert.match(r.stdout, "Expected traffic to go to reviews@v3 but it went to reviews@v1 90%, reviews@v2 10%.");
  assert.match(r.stdout, "trace:");
});

Test("--reporter junit writes JUnit XML with a testcase per scenario", async () => {
  const r = await run("test", "examples/bookinfo/mesh.ts", "--reporter", "junit");
  assert.is(r.code, 0);
  assert.match(
    r.stdout,
    /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="meshc" tests="35" failures="0" errors="0">/,
  );
  assert.is(r.stdout.match(/<testcase /g)?.length, 35);
});

Test("a scenario file with syntax errors reports each at file(line,col) and exits 1", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "meshc-test-")), "broken.scenarios");
  writeFileSync(
    file,
    `scenario "a"\n  GET http://reviews.bookinfo/r\n  expct reviews\nscenario "b"\n  GET http://reviews.bookinfo/r\n  expect status abc\n`,
  );
  const r = await run("test", "examples/bookinfo/mesh.ts", file);
  assert.is(r.code, 1);
  assert.equal(
    r.stderr.match(/broken\.scenarios\(\d+,\d+\): error MESH4\d{3}/g)?.map((m) => m.replace(/^.*broken/, "broken")),
    [
      "broken.scenarios(1,10): error MESH4020",
      "broken.scenarios(3,3): error MESH4003",
      "broken.scenarios(6,17): error MESH4003",
    ],
  );
});

Test.run();

const Coverage = suite("meshc test --coverage");

Coverage("bookinfo's scenarios exercise every rule, match block, policy rule and mTLS setting", async () => {
  const r = await run("test", "examples/bookinfo/mesh.ts", "--fail-under", "100");
  assert.is(r.code, 0);
  assert.match(r.stdout, /^Coverage: 100\.00% \(16 of 16 /m);
});

Coverage(
  "--fail-under fails when a scenario file leaves rules unexercised, and lists them at their source",
  async () => {
    const file = join(mkdtempSync(join(tmpdir(), "meshc-test-")), "one.scenarios");
    writeFileSync(
      file,
      `scenario "jason"\n  GET http://reviews.bookinfo:9080/r from bookinfo/productpage-v1 header end-user=jason\n  expect reviews@v2\n`,
    );
    const r = await run("test", "examples/bookinfo/mesh.ts", file, "--fail-under", "50");
    assert.is(r.code, 1);
    assert.match(r.stdout, /^Coverage: 18\.75% \(3 of 16 /m);
    assert.match(r.stdout, "examples/bookinfo/mesh.ts(111,5): VirtualService bookinfo/reviews http[1]");
    assert.match(r.stderr, "meshc: coverage 18.75% is below --fail-under 50%.");
  },
);

Coverage.run();

const Engines = suite("--engine envoy");

Engines("simulate gives the Istio engine's decision, read from the emitted Envoy config", async () => {
  const request = "GET http://reviews.bookinfo:9080/reviews/1 from bookinfo/productpage-v1";
  const withoutTrace = (stdout: string) => ({ ...(JSON.parse(stdout) as object), trace: undefined });
  const istio = await run("simulate", "examples/bookinfo/mesh.ts", "--json", "--request", request);
  const envoy = await run("simulate", "examples/bookinfo/mesh.ts", "--json", "--engine", "envoy", "--request", request);
  assert.equal([istio.code, envoy.code], [0, 0]);
  assert.equal(withoutTrace(envoy.stdout), withoutTrace(istio.stdout));
});

Engines("bookinfo's scenarios, ingress ones included, pass on the Envoy engine with full coverage", async () => {
  const r = await run("test", "examples/bookinfo/mesh.ts", "--engine", "envoy", "--coverage");
  assert.is(r.code, 0);
  assert.match(r.stdout, /^35 passed, 0 failed$/m);
  assert.match(r.stdout, /^Coverage: 100\.00% \(16 of 16 /m);
});

Engines("an unknown engine is a usage error", async () => {
  assert.is(
    (
      await run(
        "simulate",
        "examples/bookinfo/mesh.ts",
        "--engine",
        "nginx",
        "--request",
        "GET http://reviews.bookinfo/",
      )
    ).code,
    2,
  );
});

Engines.run();
