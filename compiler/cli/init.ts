/**
 * `meshc init [dir]`: writes the starter project (init-templates.ts) into DIR, creating it if needed. It overwrites
 * nothing: when any of its files exists, it reports each one (MESH1090) and writes nothing; files are created with
 * O_EXCL, so a file appearing meanwhile is not overwritten either, and a failed write removes what this run wrote.
 * Exit 0 written; 2 nothing written.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { createDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { Messages } from "../diagnostics/messages.ts";
import { renderPretty } from "../diagnostics/render.ts";
import type { Command } from "./args.ts";
import { starterFiles } from "./init-templates.ts";
import type { Io } from "./io.ts";
import { version } from "./version.ts";

/** An npm package name from a directory name: lower case, URL-safe characters, not starting with '.' or '_'. */
export function packageName(dir: string): string {
  const name = dir
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, "-")
    .replace(/^[._-]+/, "")
    .slice(0, 214);
  return name === "" ? "mesh" : name;
}

function fail(diagnostics: readonly Diagnostic[], io: Io): number {
  io.stderr(renderPretty(diagnostics, new Map(), { color: io.color }));
  return 2;
}

export function initCommand(command: Extract<Command, { kind: "init" }>, io: Io): number {
  const dir = resolve(io.cwd, command.dir);
  const shown = (file: string) => relative(io.cwd, join(dir, file)).split("\\").join("/");
  const files = starterFiles(packageName(basename(dir)), version());
  const existing = [...files.keys()].filter((f) => existsSync(join(dir, f)));
  if (existing.length > 0)
    return fail(
      existing.map((f) => createDiagnostic(Messages.File_0_already_exists, undefined, [shown(f)])),
      io,
    );
  const written: string[] = [];
  for (const [file, text] of files) {
    const path = join(dir, file);
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text, { flag: "wx" });
      written.push(path);
    } catch (e) {
      for (const w of written) rmSync(w, { force: true });
      const error = e as NodeJS.ErrnoException;
      const diagnostic =
        error.code === "EEXIST"
          ? createDiagnostic(Messages.File_0_already_exists, undefined, [shown(file)])
          : createDiagnostic(Messages.Cannot_write_0_Colon_1, undefined, [shown(file), error.message]);
      return fail([diagnostic], io);
    }
  }
  for (const w of written) io.stdout(`wrote ${relative(io.cwd, w).split("\\").join("/")}\n`);
  const cd = relative(io.cwd, dir) === "" ? "" : `cd ${relative(io.cwd, dir)} && `;
  io.stdout(`\nNext: ${cd}npm install && npm run check && npm test\n`);
  return 0;
}
