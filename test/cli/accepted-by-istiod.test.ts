/**
 * Configs istiod accepts although istioctl analyze flags them (issue 13 item 3): `check` reports the finding with
 * istioctl's severity and exits 1, while `build`, `simulate` and `test` show what istiod does with the config (here two
 * VirtualServices for one host: the oldest wins, push_context.go `sortConfigByCreationTime`). What the API server or
 * the validating webhook would reject still blocks every command.
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { main } from "../../compiler/cli/main.ts";

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
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

const vs = (name: string, created: string, subset: string, extra = "") => `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: default, creationTimestamp: "${created}"}
spec:
  hosts: [reviews]
  http:
  - ${extra}route:
    - destination: {host: reviews, subset: ${subset}}
`;

const REGISTRY = `apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: default}
spec:
  selector: {app: reviews}
  ports: [{name: http, port: 9080}]
${["v1", "v2"]
  .map(
    (v) => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews-${v}, namespace: default}
spec:
  selector: {matchLabels: {app: reviews, version: ${v}}}
  template:
    metadata: {labels: {app: reviews, version: ${v}}}
    spec: {containers: [{name: c, image: i}]}
`,
  )
  .join("")}---
apiVersion: apps/v1
kind: Deployment
metadata: {name: client, namespace: default}
spec:
  selector: {matchLabels: {app: client}}
  template:
    metadata: {labels: {app: client}}
    spec: {containers: [{name: c, image: i}]}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: default}
spec:
  host: reviews
  subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]
`;

function mesh(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), "meshc-accepted-"));
  writeFileSync(join(dir, "mesh.yaml"), yaml);
  return dir;
}

const REQUEST = "GET http://reviews.default:9080/ from default/client";
const Accepted = suite("analysis errors istiod accepts do not block build, simulate or test");

Accepted("two VirtualServices for one host: check fails, build writes, simulate routes by the oldest", async () => {
  const dir = mesh(
    REGISTRY + vs("reviews-new", "2024-01-01T00:00:00Z", "v2") + vs("reviews-old", "2023-01-01T00:00:00Z", "v1"),
  );
  const check = await run("check", join(dir, "mesh.yaml"));
  assert.is(check.code, 1);
  assert.match(check.stderr, "error MESH2204");

  const out = join(dir, "out");
  const build = await run("build", join(dir, "mesh.yaml"), "--out", out);
  assert.is(build.code, 0, build.stderr);
  assert.match(build.stderr, "error MESH2204");
  assert.ok(existsSync(join(out, "istio.yaml")));
  assert.ok(existsSync(join(out, "envoy", "default", "client.json")));

  for (const engine of ["istio", "envoy"]) {
    const sim = await run("simulate", join(dir, "mesh.yaml"), "--request", REQUEST, "--json", "--engine", engine);
    assert.is(sim.code, 0, sim.stderr);
    const result = JSON.parse(sim.stdout) as {
      route: { resource: string };
      outcomes: { destination: { subset: string } }[];
    };
    assert.is(result.route.resource, "VirtualService default/reviews-old");
    assert.equal(
      result.outcomes.map((o) => o.destination.subset),
      ["v1"],
    );
  }

  const scenarios = join(dir, "a.scenarios");
  writeFileSync(scenarios, `scenario "the oldest VirtualService wins"\n  ${REQUEST}\n  expect reviews@v1\n`);
  const test = await run("test", join(dir, "mesh.yaml"), scenarios);
  assert.is(test.code, 0, test.stdout + test.stderr);
});

Accepted("what the webhook rejects still blocks build and simulate, and nothing is written", async () => {
  const dir = mesh(REGISTRY + vs("reviews", "2023-01-01T00:00:00Z", "v1", 'match: [{uri: {regex: "("}}]\n    '));
  const out = join(dir, "out");
  const build = await run("build", join(dir, "mesh.yaml"), "--out", out);
  assert.is(build.code, 1);
  assert.match(build.stderr, "error MESH2026");
  assert.not.ok(existsSync(out));
  const sim = await run("simulate", join(dir, "mesh.yaml"), "--request", REQUEST);
  assert.is(sim.code, 1);
});

Accepted.run();
