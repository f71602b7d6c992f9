/**
 * compiler/emit/envoy/gen/ is exactly what `npm run gen:envoy` produces (protobuf-ts gh-diffcheck idea): generation
 * runs in memory through buf from node_modules (about 5 s) and is compared file by file with the committed folder.
 * Skipped, visibly, when the buf binary for this platform is not installed.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { GEN_DIR, generateEnvoyBindings } from "../../scripts/gen-envoy/index.ts";
import { skip } from "../support/skip.ts";

const Gen = suite("gen:envoy output equals compiler/emit/envoy/gen");

function bufRuns(): boolean {
  try {
    execFileSync(process.execPath, [createRequire(import.meta.url).resolve("@bufbuild/buf/bin/buf"), "--version"], {
      stdio: "ignore",
    });
    return true;
  } catch {
    return false;
  }
}

function committed(): Map<string, string> {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
    );
  return new Map(
    walk(GEN_DIR)
      .sort()
      .map((p) => [relative(GEN_DIR, p).split("\\").join("/"), readFileSync(p, "utf8")]),
  );
}

if (bufRuns()) {
  Gen("regenerating gives the committed files, byte for byte (run `npm run gen:envoy` if not)", () => {
    const fresh = generateEnvoyBindings();
    const onDisk = committed();
    assert.equal([...onDisk.keys()], [...fresh.keys()]);
    for (const [path, text] of fresh) assert.fixture(onDisk.get(path) ?? "", text, path);
  });
} else {
  skip(Gen, "regenerating gives the committed files (skipped: @bufbuild/buf has no runnable binary on this platform)");
}

Gen.run();
