/**
 * The command line itself, through `main()`: "did you mean" for commands and options (tsc's spelling suggestions),
 * usage errors as catalog diagnostics with exit 2, help per command, --version, and exit 2 for an input that cannot
 * be read whatever its form (mesh.ts, YAML file, directory, scenario file) or a directory without YAML.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { parseCommand } from "../../compiler/cli/args.ts";
import { HELP } from "../../compiler/cli/help.ts";
import { main } from "../../compiler/cli/main.ts";
import { spellingSuggestion } from "../../compiler/cli/suggest.ts";

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

const Suggest = suite("did you mean");

Suggest("tsc's spelling suggestion: close in length and edit distance, case changes cheap", () => {
  const commands = Object.keys(HELP);
  assert.equal(
    ["chek", "biuld", "simulat", "TEST", "route_check", "lint", "x", "serve"].map((n) =>
      spellingSuggestion(n, commands),
    ),
    ["check", "build", "simulate", "test", "route-check", undefined, undefined, undefined],
  );
});

Suggest("an unknown command is MESH1081 with the suggestion, or MESH1080 with the hint to read --help", async () => {
  assert.equal(await run("chek", "mesh.ts"), {
    code: 2,
    stdout: "",
    stderr: "meshc: error MESH1081: Unknown command 'chek'. Did you mean 'check'?\n",
  });
  assert.equal(await run("lint", "mesh.ts"), {
    code: 2,
    stdout: "",
    stderr: "meshc: error MESH1080: Unknown command 'lint'.\n  hint: Run 'meshc --help' for the list of commands.\n",
  });
});

Suggest("an unknown option is MESH1083 with the command's closest option, or MESH1082", async () => {
  assert.equal(await run("check", "mesh.ts", "--fromat", "sarif"), {
    code: 2,
    stdout: "",
    stderr: "meshc: error MESH1083: Unknown option '--fromat' for 'meshc check'. Did you mean '--format'?\n",
  });
  assert.is(
    (await run("test", "mesh.ts", "--reportr", "junit")).stderr,
    "meshc: error MESH1083: Unknown option '--reportr' for 'meshc test'. Did you mean '--reporter'?\n",
  );
  assert.equal(await run("simulate", "mesh.ts", "--verbose"), {
    code: 2,
    stdout: "",
    stderr:
      "meshc: error MESH1082: Unknown option '--verbose' for 'meshc simulate'.\n" +
      "  hint: Run 'meshc simulate --help' for its options; a value that starts with '-' goes after '--'.\n",
  });
});

Suggest(
  "an option without its value (MESH1084), a switch with one (MESH1085), an extra argument (MESH1086)",
  async () => {
    const first = async (...argv: string[]) => {
      const r = await run(...argv);
      return [r.code, r.stderr.split("\n")[0]];
    };
    assert.equal(
      [
        await first("build", "mesh.ts", "--out"),
        await first("build", "mesh.ts", "--check=yes"),
        await first("init", "a", "b"),
        await first("route-check", "-c", "r.yaml", "-t", "t.json", "extra"),
      ],
      [
        [2, "meshc: error MESH1084: Option '--out' needs a value."],
        [2, "meshc: error MESH1085: Option '--check' takes no value."],
        [2, "meshc: error MESH1086: Unexpected argument 'b' for 'meshc init'."],
        [2, "meshc: error MESH1086: Unexpected argument 'extra' for 'meshc route-check'."],
      ],
    );
  },
);

Suggest.run();

const Help = suite("help and version");

Help("every command has help with a summary and examples, shown by --help, -h and `meshc help`", async () => {
  for (const name of Object.keys(HELP)) {
    const a = await run(name, "--help");
    assert.is(a.code, 0, name);
    assert.ok(a.stdout.startsWith(`Usage: ${HELP[name]!.synopsis}\n`), name);
    assert.match(a.stdout, /\nExamples:\n {2}meshc /);
    assert.equal(await run(name, "-h"), a, name);
    assert.equal(await run("help", name), a, name);
  }
});

Help("every option the help lists is one the command accepts", () => {
  for (const [name, help] of Object.entries(HELP)) {
    for (const [flags] of help.options) {
      for (const flag of flags.split(", ").map((f) => f.split(" ")[0]!)) {
        const parsed = parseCommand([name, flag, "value", "input"]);
        const error = parsed.ok ? "" : parsed.error;
        assert.not.match(error, /Unknown option/, `${name} ${flag}`);
      }
    }
  }
});

Help("every command the general usage lists has its own help", async () => {
  const usage = (await run("--help")).stdout;
  const listed = [...usage.matchAll(/^ {2}meshc ([a-z-]+)/gm)].map((m) => m[1]!).filter((c) => c !== "<command>");
  assert.equal([...new Set(listed)].sort(), Object.keys(HELP).sort());
});

Help("--version, -v and `version` print the package's version", async () => {
  const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
  for (const flag of ["--version", "-v", "version"])
    assert.equal(await run(flag), { code: 0, stdout: `meshc ${version}\n`, stderr: "" });
});

Help.run();

const Inputs = suite("unreadable inputs exit 2 whatever their form");

Inputs("a missing mesh.ts, YAML file, directory or scenario file: MESH1001, exit 2", async () => {
  const first = async (...argv: string[]) => {
    const r = await run(...argv);
    return [r.code, r.stderr.split("\n")[0]];
  };
  assert.equal(
    [
      await first("check", "missing/mesh.ts"),
      await first("check", "missing.yaml"),
      await first("check", "missing-dir/"),
      await first("build", "missing/mesh.ts", "--check"),
      await first("simulate", "missing/mesh.ts", "--request", "GET http://a/"),
      await first("test", "missing/mesh.ts"),
      await first("test", "examples/canary/mesh.ts", "missing.scenarios"),
    ],
    [
      [2, "meshc: error MESH1001: Cannot read input 'missing/mesh.ts': no such file or directory."],
      [2, "meshc: error MESH1001: Cannot read input 'missing.yaml': no such file or directory."],
      [2, "meshc: error MESH1001: Cannot read input 'missing-dir': no such file or directory."],
      [2, "meshc: error MESH1001: Cannot read input 'missing/mesh.ts': no such file or directory."],
      [2, "meshc: error MESH1001: Cannot read input 'missing/mesh.ts': no such file or directory."],
      [2, "meshc: error MESH1001: Cannot read input 'missing/mesh.ts': no such file or directory."],
      [2, "meshc: error MESH1001: Cannot read input 'missing.scenarios': no such file or directory."],
    ],
  );
});

Inputs("a directory without YAML files is an error (MESH1006), exit 2", async () => {
  const dir = mkdtempSync(join(tmpdir(), "meshc-empty-"));
  try {
    const r = await run("check", dir);
    assert.is(r.code, 2);
    assert.match(
      r.stderr,
      /^meshc: error MESH1006: Directory '.*meshc-empty-\w+' contains no \.yaml or \.yml files\.\n/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Inputs.run();
