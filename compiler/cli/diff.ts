/**
 * `meshc diff <before>... -- <after>...` or `meshc diff --base <rev> <input>...` (docs/diff.md): compile both versions,
 * report every class of requests whose decision differs. Both are compiled without the semantic analysis (findings
 * istiod accepts, which `check` reports): the diff compares what istiod would run. With `--base`, the inputs are read
 * at that git revision with `git archive` into a temporary directory (the work tree is never checked out or touched),
 * then removed. Relative inputs, a mesh.ts as much as YAML, are read from the Io's working directory.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createDiagnostic, hasErrors } from "../diagnostics/diagnostic.ts";
import { Messages } from "../diagnostics/messages.ts";
import { renderPretty as renderDiagnostics } from "../diagnostics/render.ts";
import { diffMeshes } from "../diff/index.ts";
import { renderJson, renderMarkdown, renderPretty } from "../diff/render.ts";
import { compile, type Compilation } from "../pipeline.ts";
import type { Command } from "./args.ts";
import { exitCodeFor, inputFileSystem, meshTsHostAt, normalizeInputs, projectIstiod, report } from "./common.ts";
import type { Io } from "./io.ts";

type DiffCommand = Extract<Command, { kind: "diff" }>;

function git(cwd: string, args: readonly string[]): { ok: boolean; out: string; err: string } {
  const r = spawnSync("git", ["-C", cwd, ...args], { encoding: "buffer", maxBuffer: 1 << 30 });
  return {
    ok: r.status === 0,
    out: r.stdout?.toString("utf8") ?? "",
    err: (r.stderr?.toString("utf8") ?? String(r.error ?? "")).trim(),
  };
}

/**
 * The inputs as they were at `rev`: `git archive` of their paths (and, for a mesh.ts, its folder, which holds the
 * modules it imports) unpacked into `dir`. Returns the inputs' paths inside `dir`, or an error message.
 */
function checkoutInputs(io: Io, rev: string, inputs: readonly string[], dir: string): string[] | string {
  const prefix = git(io.cwd, ["rev-parse", "--show-prefix"]);
  if (!prefix.ok) return prefix.err;
  const paths = [...new Set(inputs.flatMap((i) => (/\.(m|c)?tsx?$/.test(i) ? [i, dirname(i)] : [i])))];
  const archive = spawnSync("git", ["-C", io.cwd, "archive", "--format=tar", rev, "--", ...paths], {
    maxBuffer: 1 << 30,
  });
  if (archive.status !== 0)
    return (archive.stderr?.toString("utf8") ?? "").trim() || `git archive exited ${archive.status}`;
  const untar = spawnSync("tar", ["-x", "-C", dir], { input: archive.stdout });
  if (untar.status !== 0) return (untar.stderr?.toString("utf8") ?? "").trim();
  return inputs.map((i) => join(dir, prefix.out.trim(), i));
}

function failed(c: Compilation, io: Io): number | undefined {
  report(c, io);
  return c.ir === undefined || hasErrors(c.diagnostics) ? Math.max(1, exitCodeFor(c.diagnostics)) : undefined;
}

export function diffCommand(command: DiffCommand, io: Io): number {
  // Both versions run on the same istiod (meshc.config.json `istiod.env`).
  const project = projectIstiod(io);
  if ("exitCode" in project) return project.exitCode;
  const { istiod } = project;
  const after = normalizeInputs(command.after, io.cwd);
  let before: Compilation;
  let tmp: string | undefined;
  try {
    if (command.base !== undefined) {
      tmp = mkdtempSync(join(tmpdir(), "meshc-diff-"));
      const paths = checkoutInputs(io, command.base, after, tmp);
      if (typeof paths === "string") {
        const d = createDiagnostic(Messages.Cannot_read_0_at_git_revision_1, undefined, [
          after.join(" "),
          command.base,
          paths.replace(/\.$/, ""),
        ]);
        io.stderr(renderDiagnostics([d], new Map(), { color: io.color }));
        return 2;
      }
      before = compile(paths, { host: meshTsHostAt(io), analyze: false, istiod });
    } else {
      const inputs = normalizeInputs(command.before, io.cwd);
      before = compile(inputs, { fs: inputFileSystem(inputs, io), host: meshTsHostAt(io), analyze: false, istiod });
    }
  } finally {
    if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
  }
  const beforeFailed = failed(before, io);
  const afterC = compile(after, { fs: inputFileSystem(after, io), host: meshTsHostAt(io), analyze: false, istiod });
  const afterFailed = failed(afterC, io);
  if (beforeFailed !== undefined || afterFailed !== undefined) return Math.max(beforeFailed ?? 0, afterFailed ?? 0);
  const result = diffMeshes(before.ir!, afterC.ir!);
  if (result.diagnostics.length > 0) io.stderr(renderDiagnostics(result.diagnostics, new Map(), { color: io.color }));
  const diff = result.value;
  const render = command.format === "json" ? renderJson : command.format === "markdown" ? renderMarkdown : renderPretty;
  io.stdout(render(diff));
  if (hasErrors(result.diagnostics)) return 1;
  const changed = new Set(diff.changes.flatMap((c) => c.kinds));
  const fail = command.failOn.some((k) => (k === "any" ? changed.size > 0 : changed.has(k as never)));
  return fail ? 1 : 0;
}
