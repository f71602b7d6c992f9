/**
 * Child process for the kill test in output-dir.test.ts: writes generation `process.argv[3]` of a synthetic output
 * (1,500 files under `envoy/`, plus `istio.yaml`) into DIR `process.argv[2]` with `writeOutputDir`, printing "start"
 * first so the parent can time its SIGKILL from there. Does nothing when imported (a test runner pointed at test/cli)
 * or when DIR is not a temporary directory.
 */
import { tmpdir } from "node:os";
import { pathToFileURL } from "node:url";
import { writeOutputDir } from "../../compiler/cli/output-dir.ts";

const FILES = 1500;
const [dir, gen] = [process.argv[2] ?? "", process.argv[3] ?? ""];
const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;

if (isMain && process.argv.length === 4 && dir.startsWith(tmpdir())) {
  process.stdout.write("start\n");
  writeOutputDir(dir, (sink) => {
    sink("istio.yaml", `# generation ${gen}\n`);
    for (let i = 0; i < FILES; i++) sink(`envoy/ns${i % 7}/w${i}.json`, `{"generation":"${gen}","i":${i}}\n`);
    return true;
  });
  process.stdout.write("done\n");
}
