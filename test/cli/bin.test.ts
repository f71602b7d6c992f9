/**
 * bin/meshc.js answers `--version` itself (without loading the compiler, for start-up time): it must print what
 * `main()` prints for the same arguments, for every form parseCommand reads as the version command.
 */
import { spawnSync } from "node:child_process";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { main } from "../../compiler/cli/main.ts";

async function viaMain(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd: ".", color: false });
  return { code, stdout, stderr };
}

const Bin = suite("bin/meshc.js");

Bin("--version, -v and `version` print what main() prints, whatever follows", async () => {
  for (const argv of [["--version"], ["-v"], ["version"], ["--version", "check", "x.ts"]]) {
    const r = spawnSync(process.execPath, ["bin/meshc.js", ...argv], { encoding: "utf8", timeout: 60_000 });
    assert.equal({ code: r.status, stdout: r.stdout, stderr: r.stderr }, await viaMain(argv), argv.join(" "));
  }
});

Bin.run();
