/** `meshc serve` argument parsing (compiler/cli/args.ts). */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseCommand } from "../../compiler/cli/args.ts";

test("serve: inputs, defaults (127.0.0.1:15010, no watch) and explicit options", () => {
  assert.equal(parseCommand(["serve", "mesh.ts"]), {
    ok: true,
    command: { kind: "serve", inputs: ["mesh.ts"], host: "127.0.0.1", port: 15010, watch: false, allowEmpty: false },
  });
  assert.equal(parseCommand(["serve", "a/", "b/", "--port", "0", "--host", "0.0.0.0", "--watch"]), {
    ok: true,
    command: { kind: "serve", inputs: ["a/", "b/"], host: "0.0.0.0", port: 0, watch: true, allowEmpty: false },
  });
  assert.equal(parseCommand(["serve", "a/", "--watch", "--allow-empty"]), {
    ok: true,
    command: { kind: "serve", inputs: ["a/"], host: "127.0.0.1", port: 15010, watch: true, allowEmpty: true },
  });
});

test("serve: a port that is not a number from 0 to 65535 is a usage error", () => {
  assert.equal(
    ["x", "70000", "-1"].map((p) => parseCommand(["serve", "mesh.ts", `--port=${p}`])),
    [
      { ok: false, error: "--port expects a port number from 0 to 65535, not 'x'." },
      { ok: false, error: "--port expects a port number from 0 to 65535, not '70000'." },
      { ok: false, error: "--port expects a port number from 0 to 65535, not '-1'." },
    ],
  );
});

test.run();
