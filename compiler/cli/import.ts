/**
 * `meshc import <yaml files/dirs>... [--out mesh.ts] [--strict] [--split-by namespace]` (docs/cli.md):
 * Istio/Kubernetes YAML → an idiomatic mesh.ts (with `--split-by namespace`, one file per namespace beside it). Writes the file (or prints it to stdout without `--out`) only when there is no error; what the typed DSL
 * cannot express is kept in `raw()` and reported as a warning (`--strict`: an error, and nothing is written).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { hasErrors, sortDiagnostics } from "../diagnostics/diagnostic.ts";
import { renderPretty } from "../diagnostics/render.ts";
import { importMesh } from "../import/index.ts";
import { loadYamlInputs } from "../load/yaml/index.ts";
import type { Command } from "./args.ts";
import { exitCodeFor, inputFileSystem, normalizeInputs } from "./common.ts";
import type { Io } from "./io.ts";

export function importCommand(command: Extract<Command, { kind: "import" }>, io: Io): number {
  const inputs = normalizeInputs(command.inputs, io.cwd);
  const loaded = loadYamlInputs(inputs, inputFileSystem(inputs, io));
  const sources = new Map(loaded.value.sourceFiles.map((f) => [f.fileName, f.text]));
  const print = (ds: Parameters<typeof renderPretty>[0]) => {
    if (ds.length > 0) io.stderr(renderPretty(sortDiagnostics(ds), sources, { color: io.color }));
  };
  if (hasErrors(loaded.diagnostics)) {
    print(loaded.diagnostics);
    return exitCodeFor(loaded.diagnostics);
  }
  const imported = importMesh(loaded.value.documents, {
    inputs,
    strict: command.strict,
    registryOnly: command.registryOnly,
    splitBy: command.splitBy,
    index: command.out === undefined ? undefined : basename(command.out),
  });
  const diagnostics = [...loaded.diagnostics, ...imported.diagnostics];
  print(diagnostics);
  if (hasErrors(diagnostics)) return exitCodeFor(diagnostics);
  if (command.out === undefined) {
    io.stdout(imported.value.text);
    return 0;
  }
  const out = resolve(io.cwd, command.out);
  mkdirSync(dirname(out), { recursive: true });
  // With --split-by, the namespace files beside the index, then the index.
  const files = imported.value.files ?? new Map([[basename(out), imported.value.text]]);
  const shown = dirname(command.out);
  for (const [name, text] of [...files].sort(([a], [b]) => (a === basename(out) ? 1 : b === basename(out) ? -1 : 0))) {
    writeFileSync(join(dirname(out), name), text);
    io.stdout(`wrote ${name === basename(out) ? command.out : join(shown, name)}\n`);
  }
  return 0;
}
