/**
 * Issue 16 §3–4 through the CLI: a mesh.ts with a YAML registry directory is one mesh (its typed handles written by
 * `meshc import --registry-only`), the same resource in both is MESH1010 with both positions, and `-` reads
 * multi-document YAML from standard input for check, build, simulate and test, other projects' kinds folded into one
 * line (MESH1209).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { main } from "../../compiler/cli/main.ts";

/** The part of `simulate --json` these tests read. */
type Simulated = { outcomes: { destination: { subset: string } }[] };

const Mixed = suite("mesh.ts + YAML inputs, and stdin");

async function cli(argv: string[], stdin?: string) {
  const cwd = process.cwd();
  let stdout = "";
  let stderr = "";
  const io = {
    stdout: (s: string) => void (stdout += s),
    stderr: (s: string) => void (stderr += s),
    cwd,
    color: false,
    ...(stdin === undefined ? {} : { stdin: () => stdin }),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const ROOT = process.cwd();
const BOOKINFO = join(ROOT, "examples/bookinfo-yaml");

const MESH = `import { authorizationPolicy, canary, routes } from "meshc";
import { productpage, ratings, reviews } from "./registry.ts";

routes(reviews, {
  http: [
    { match: [{ headers: { "end-user": { exact: "jason" } } }], route: [{ destination: reviews.subset("v2") }] },
    { route: canary(reviews, { v1: 90, v2: 10 }) },
  ],
});
authorizationPolicy("reviews-viewer", {
  selector: reviews,
  action: "ALLOW",
  rules: [{ from: [{ source: { principals: [productpage] } }] }],
});
authorizationPolicy("ratings-viewer", { selector: ratings, action: "ALLOW", rules: [{ from: [{ source: { principals: [reviews] } }] }] });
`;

const SCENARIOS = `scenario "jason gets v2"
  GET http://reviews.bookinfo:9080/reviews/1 from bookinfo/productpage-v1 header end-user=jason
  expect reviews@v2

scenario "everyone else the canary split"
  GET http://reviews.bookinfo:9080/reviews/1 from bookinfo/productpage-v1
  expect reviews@v1 90%, reviews@v2 10%

scenario "only reviews reads ratings"
  GET http://ratings.bookinfo:9080/ratings/0 from bookinfo/productpage-v1
  expect deny
`;

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "meshc-mixed-"));
  mkdirSync(join(dir, "k8s"));
  copyFileSync(join(BOOKINFO, "platform/bookinfo.yaml"), join(dir, "k8s/bookinfo.yaml"));
  copyFileSync(join(BOOKINFO, "networking/destination-rules.yaml"), join(dir, "k8s/destination-rules.yaml"));
  writeFileSync(join(dir, "mesh.ts"), MESH);
  writeFileSync(join(dir, "mesh.scenarios"), SCENARIOS);
  return dir;
}

Mixed("a mesh.ts with a YAML registry directory builds, simulates and tests as one mesh", async () => {
  const dir = workspace();
  try {
    const registry = await cli(["import", "--registry-only", join(dir, "k8s"), "-o", join(dir, "registry.ts")]);
    assert.is(registry.code, 0, registry.stderr);
    const handles = readFileSync(join(dir, "registry.ts"), "utf8");
    assert.ok(handles.includes('export const reviews = serviceRef("reviews", {'), handles);
    const build = await cli(["build", join(dir, "mesh.ts"), join(dir, "k8s"), "--out", join(dir, "dist")]);
    assert.is(build.code, 0, build.stderr);
    const istio = readFileSync(join(dir, "dist/istio.yaml"), "utf8");
    assert.ok(istio.includes("name: reviews-viewer") && istio.includes("kind: DestinationRule"), istio);
    assert.ok(build.stdout.includes("/dist/envoy/bookinfo/reviews-v2.json"), build.stdout);
    const sim = await cli([
      "simulate",
      join(dir, "mesh.ts"),
      join(dir, "k8s"),
      "--json",
      "--request",
      "GET http://reviews.bookinfo:9080/r from bookinfo/productpage-v1 header end-user=jason",
    ]);
    assert.is(sim.code, 0, sim.stderr);
    assert.is((JSON.parse(sim.stdout) as Simulated).outcomes[0]?.destination.subset, "v2");
    const test = await cli(["test", join(dir, "mesh.ts"), join(dir, "k8s"), join(dir, "mesh.scenarios")]);
    assert.is(test.code, 0, test.stdout + test.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Mixed("the same resource in mesh.ts and in YAML is MESH1010, pointing at both", async () => {
  const dir = workspace();
  try {
    await cli(["import", "--registry-only", join(dir, "k8s"), "-o", join(dir, "registry.ts")]);
    copyFileSync(join(BOOKINFO, "networking/virtual-services.yaml"), join(dir, "k8s/virtual-services.yaml"));
    const r = await cli(["check", join(dir, "mesh.ts"), join(dir, "k8s"), "--format", "json"]);
    assert.is(r.code, 1);
    const dup = (JSON.parse(r.stdout) as { code: string; file: string; related?: { file: string }[] }[]).find(
      (d) => d.code === "MESH1010",
    );
    assert.ok(dup !== undefined, r.stdout);
    const files = [dup.file, ...(dup.related ?? []).map((x) => x.file)].map((f) =>
      f.replace(/^.*meshc-mixed-[^/]+\//, ""),
    );
    assert.equal(files.sort(), ["k8s/virtual-services.yaml", "mesh.ts"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** bookinfo-yaml as one multi-document stream, as `helm template` or `kustomize build` prints it. */
const STREAM = [
  "istio-system/mesh-config.yaml",
  "platform/bookinfo.yaml",
  "networking/bookinfo-gateway.yaml",
  "networking/destination-rules.yaml",
  "networking/ratings-fault.yaml",
  "networking/virtual-services.yaml",
  "security/authorization-policies.yaml",
  "security/peer-authentication.yaml",
]
  .map((f) => readFileSync(join(BOOKINFO, f), "utf8"))
  .concat(
    "apiVersion: v1\nkind: Secret\nmetadata: {name: a, namespace: bookinfo}\n",
    "apiVersion: v1\nkind: Secret\nmetadata: {name: b, namespace: bookinfo}\n",
    "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db, namespace: bookinfo}\n",
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app-settings, namespace: bookinfo}\n",
  )
  .join("\n---\n");

Mixed("'-' reads YAML from stdin: check, build, simulate and test; other kinds are one summary line", async () => {
  const dir = mkdtempSync(join(tmpdir(), "meshc-stdin-"));
  try {
    const check = await cli(["check", "-"], STREAM);
    assert.is(check.code, 0, check.stderr);
    assert.is(
      check.stderr
        .split("\n")
        .filter((l) => l.includes("MESH1209"))
        .join("\n"),
      "meshc: info MESH1209: Skipped 3 resources of kinds that do not configure the mesh (not Istio, Gateway API or registry kinds): Secret (v1) ×2, StatefulSet (apps/v1).",
    );
    const bad = await cli(
      ["check", "-"],
      `${STREAM}\n---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: x, namespace: bookinfo}\nspec: {hosts: [x], http: [{route: [{destination: {host: reviews, subset: v9}}]}]}\n`,
    );
    assert.is(bad.code, 1, bad.stderr);
    assert.match(bad.stderr, /<stdin>\(\d+,\d+\): error MESH\d+: Subset 'v9'/, bad.stderr);
    const build = await cli(["build", "-", "--out", join(dir, "dist")], STREAM);
    assert.is(build.code, 0, build.stderr);
    assert.ok(readFileSync(join(dir, "dist/istio.yaml"), "utf8").startsWith("# @generated by meshc from <stdin>."));
    const sim = await cli(
      [
        "simulate",
        "-",
        "--json",
        "--request",
        "GET http://reviews.bookinfo:9080/r from bookinfo/productpage-v1 header end-user=jason",
      ],
      STREAM,
    );
    assert.is((JSON.parse(sim.stdout) as Simulated).outcomes[0]?.destination.subset, "v2");
    writeFileSync(join(dir, "b.scenarios"), SCENARIOS.split("\n\n")[0]!);
    const test = await cli(["test", "-", join(dir, "b.scenarios")], STREAM);
    assert.is(test.code, 0, test.stdout + test.stderr);
    const imported = await cli(["import", "-"], STREAM);
    assert.is(imported.code, 0, imported.stderr);
    assert.ok(imported.stdout.startsWith("// Imported by 'meshc import' from <stdin>."));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Mixed.run();
