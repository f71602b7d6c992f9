/**
 * Child process for the kill test in output-dir.test.ts: writes generation `process.argv[3]` of a synthetic output
 * (FILES files under `envoy/`, plus `istio.yaml`) into DIR `process.argv[2]` with `writeOutputDir`, printing "start"
 * first so the parent can time its SIGKILL from there.
 */
import { writeOutputDir } from "../../compiler/cli/output-dir.ts";

const FILES = 1500;
const [dir, gen] = [process.argv[2]!, process.argv[3]!];
process.stdout.write("start\n");
writeOutputDir(dir, (sink) => {
  sink("istio.yaml", `# generation ${gen}\n`);
  for (let i = 0; i < FILES; i++) sink(`envoy/ns${i % 7}/w${i}.json`, `{"generation":"${gen}","i":${i}}\n`);
  return true;
});
process.stdout.write("done\n");
