/**
 * `--watch` (compiler/serve/watch.ts and index.ts): which files are watched, a save by rename is seen, a broken edit
 * keeps the last good configuration and reports its diagnostics, a good edit is served.
 */
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { compile, type Compilation } from "../../compiler/pipeline.ts";
import { startServe, watchedFiles, watchInputs } from "../../compiler/serve/index.ts";

const Watch = suite("serve --watch");

const tmp = () => mkdtempSync(join(tmpdir(), "meshc-watch-"));

Watch("watches the user's mesh.ts, not meshc's stdlib", () => {
  const c = compile(["examples/grpc-echo/mesh.ts"]);
  assert.equal(watchedFiles(c), [resolve("examples/grpc-echo/mesh.ts")]);
});

Watch("an editor's save (write a new file, rename it over the old one) is one change", async () => {
  const dir = tmp();
  const file = join(dir, "mesh.yaml");
  writeFileSync(file, "a: 1\n");
  let changes = 0;
  await new Promise<void>((done) => {
    const w = watchInputs(
      [file],
      [],
      () => {
        changes++;
        w.close();
        done();
      },
      20,
    );
    writeFileSync(join(dir, ".mesh.yaml.swp"), "a: 2\n");
    renameSync(join(dir, ".mesh.yaml.swp"), file);
  });
  assert.is(changes, 1);
});

Watch("a broken edit keeps serving and reports diagnostics; a good edit is served", async () => {
  // GIVEN serve running on a copy of the example
  const dir = tmp();
  const mesh = join(dir, "mesh.ts");
  const original = readFileSync("examples/grpc-echo/mesh.ts", "utf8");
  writeFileSync(mesh, original);
  const initial = compile([mesh]);
  const reports: Compilation[] = [];
  const log: string[] = [];
  const reloads: boolean[] = [];
  let onReload: () => void = () => {};
  const session = await startServe(
    { ...initial, ir: initial.ir! },
    {
      inputs: [mesh],
      host: "127.0.0.1",
      port: 0,
      watch: true,
      compile: (inputs) => compile(inputs),
      log: (l) => log.push(l),
      report: (c) => reports.push(c),
      debounceMs: 150,
      onReload: (ok) => (reloads.push(ok), onReload()),
    },
  );
  const reloaded = () => new Promise<void>((r) => (onReload = r));
  // WHEN a broken edit, then a good one, are saved
  let next = reloaded();
  writeFileSync(mesh, original.replace("v2: 25 }", "v9: 25 }"));
  await next;
  next = reloaded();
  writeFileSync(mesh, original.replace("v2: 25 }", "v3: 25 }"));
  await next;
  await session.close();
  // THEN
  assert.equal(reloads, [false, true]);
  assert.equal(
    reports.map((c) => c.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)),
    [[2353], []],
  );
  assert.equal(
    log.filter((l) => !l.startsWith("watching")),
    [
      "the inputs do not compile; still serving the last good configuration",
      `recompiled: ${initial.ir!.workloads.length} workload(s); pushed what changed`,
    ],
  );
});

Watch.run();
