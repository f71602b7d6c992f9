// Regenerates compiler/emit/envoy/gen/, the @protobuf-ts bindings of the Envoy v3 messages meshc emits.
// Run `npm run gen:envoy` after changing roots.ts or upgrading @protobuf-ts/plugin / @grpc/grpc-js-xds / @bufbuild/buf;
// test/envoy/gen.test.ts checks that the committed folder is current. Output is a pure function of those packages:
// no timestamps, no absolute paths (the temporary workspace's path never reaches the generated text).
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { descriptorSetJson, generate, TS_OPTIONS, writeWorkspace } from "./buf.ts";
import {
  addImportExtensions,
  fitStrictTsconfig,
  renderReadme,
  renderRequiredOneofs,
  requiredOneofs,
} from "./postprocess.ts";
import { ROOT_PROTOS } from "./roots.ts";

/** The generated folder, relative to the repository root. */
export const GEN_DIR = "compiler/emit/envoy/gen";

/** Generates the bindings in memory: path relative to GEN_DIR → file text, sorted by path. */
export function generateEnvoyBindings(): Map<string, string> {
  const work = mkdtempSync(join(tmpdir(), "meshc-gen-envoy-"));
  try {
    writeWorkspace(work);
    const files = new Map<string, string>();
    for (const [path, text] of generate(work, ROOT_PROTOS))
      files.set(path, fitStrictTsconfig(path, addImportExtensions(text)));
    files.set("pgv-required-oneofs.ts", renderRequiredOneofs(requiredOneofs(descriptorSetJson(work, ROOT_PROTOS))));
    files.set("README.md", renderReadme(ROOT_PROTOS, TS_OPTIONS, files.size + 1));
    return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Replaces GEN_DIR (under `repoRoot`) with `files`. */
export function writeEnvoyBindings(repoRoot: string, files: Map<string, string>): void {
  const dir = join(repoRoot, GEN_DIR);
  rmSync(dir, { recursive: true, force: true });
  for (const [path, text] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = Date.now();
  const files = generateEnvoyBindings();
  writeEnvoyBindings(join(dirname(fileURLToPath(import.meta.url)), "..", ".."), files);
  console.log(`gen:envoy: wrote ${files.size} files to ${GEN_DIR} in ${Date.now() - started} ms.`);
}
