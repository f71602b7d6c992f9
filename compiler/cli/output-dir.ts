/**
 * The only code that writes output files. Files arrive one at a time from a producer (`forEachOutput`) and are
 * written at once into a staging directory beside DIR (`.<DIR>.meshc-tmp-<pid>-<random>` in DIR's parent, never
 * inside DIR), so memory does not grow with the size of the output. Only when the producer reports success does the
 * complete staged tree replace DIR, by directory renames (see `commit`): a reader of DIR sees the old output or the
 * new one, never a mix, and a build killed at any moment leaves the same. Staging directories of killed builds are
 * removed (or, if the kill fell between the two renames of the commit, rolled forward) by the next build.
 *
 * Defence in depth: `check` rejects every name Kubernetes would reject (DNS-1123, MESH2xxx), so output paths are
 * plain; the writer nevertheless refuses any path that is not a plain relative path inside the staging directory,
 * and a path written twice, by throwing `OutputPathError` before anything is committed.
 */
import {
  existsSync,
  linkSync,
  lstatSync,
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  chmodSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { randomBytes } from "node:crypto";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import type { OutputContent, OutputSink } from "../emit/outputs.ts";

/** An output path (or output directory) the writer refuses; nothing has been written to DIR when it is thrown. */
export class OutputPathError extends Error {
  override readonly name = "OutputPathError";
}

/** The top-level entries of DIR that a set of output paths owns (`istio.yaml`, `envoy`), sorted. */
function topLevelEntries(paths: Iterable<string>): string[] {
  const entries = new Set<string>();
  for (const p of paths) entries.add(p.split("/")[0]!);
  return [...entries].sort();
}

function listFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  if (!statSync(root).isDirectory()) return [root];
  return readdirSync(root).flatMap((e) => listFiles(join(root, e)));
}

function sameContent(file: string, content: OutputContent): boolean {
  let disk: Buffer;
  try {
    disk = readFileSync(file);
  } catch {
    return false; // missing, or a directory where a file belongs
  }
  return disk.equals(typeof content === "string" ? Buffer.from(content) : content);
}

/**
 * A producer's path must be relative, `/`-separated, made of plain segments (no empty, `.` or `..` segment, no `\`,
 * no NUL or other control character) and resolve inside `root`. Returns the absolute path.
 */
export function containedPath(root: string, path: unknown): string {
  const plain =
    typeof path === "string" &&
    path.length > 0 &&
    !/[\\\u0000-\u001f\u007f]/.test(path) &&
    path.split("/").every((s) => s !== "" && s !== "." && s !== "..");
  const full = plain ? resolve(root, path) : "";
  if (!plain || !full.startsWith(root + sep)) {
    throw new OutputPathError(
      `refusing to write '${JSON.stringify(path)}': not a plain path inside the output directory`,
    );
  }
  return full;
}

/**
 * `--check`: runs `produce`, comparing each file it hands over with DIR as it arrives (nothing is kept but names),
 * and returns the paths (relative to DIR, sorted) that are stale: changed, missing, or present in an owned top-level
 * entry but no longer generated. Never writes.
 */
export function staleFiles(dir: string, produce: (sink: OutputSink) => void): string[] {
  const stale = new Set<string>();
  const generated = new Set<string>();
  const root = resolve(dir);
  produce((path, content) => {
    containedPath(root, path);
    generated.add(path);
    if (!sameContent(join(dir, path), content)) stale.add(path);
  });
  for (const entry of topLevelEntries(generated)) {
    for (const found of listFiles(join(dir, entry))) {
      const rel = relative(dir, found).split(sep).join("/");
      if (!generated.has(rel)) stale.add(rel);
    }
  }
  return [...stale].sort();
}

const STAGE = /^\.(.+)\.meshc-(tmp|ready|old)-(\d+)-[0-9a-f]+$/;

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Cleans up after builds of DIR that were killed (their process is gone): a `ready` tree (complete, staged) whose
 * commit was cut between its two renames becomes DIR if DIR is missing; every other leftover is removed.
 */
export function recoverStaleStaging(dir: string): void {
  const parent = dirname(dir);
  const base = basename(dir);
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return;
  }
  const dead = entries.flatMap((e) => {
    const m = STAGE.exec(e);
    return m !== null && m[1] === base && !isAlive(Number(m[3])) ? [{ name: e, state: m[2]! }] : [];
  });
  if (!existsSync(dir)) {
    const ready = dead.filter((d) => d.state === "ready").sort((a, b) => a.name.localeCompare(b.name))[0];
    const old = dead.find((d) => d.state === "old");
    const restore = ready ?? old;
    if (restore !== undefined) renameSync(join(parent, restore.name), dir);
  }
  for (const d of dead) rmSync(join(parent, d.name), { recursive: true, force: true });
}

/** Copies `from` into `to` by hard links (a copy where links are impossible); symbolic links are recreated. */
function linkTree(from: string, to: string): void {
  const st = lstatSync(from);
  if (st.isSymbolicLink()) return symlinkSync(readlinkSync(from), to);
  if (st.isDirectory()) {
    mkdirSync(to, { mode: st.mode & 0o7777 });
    for (const e of readdirSync(from)) linkTree(join(from, e), join(to, e));
    return;
  }
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

/** DIR, refused if replacing it would pull it from under the working directory (`--out .`) or it is a root. */
function outputRoot(dir: string): string {
  let real = resolve(dir);
  if (existsSync(real)) real = realpathSync(real);
  if (dirname(real) === real) throw new OutputPathError(`refusing to use '${dir}' as the output directory`);
  const cwd = realpathSync(process.cwd());
  if (cwd === real || cwd.startsWith(real + sep)) {
    throw new OutputPathError(
      `refusing to use '${dir}' as the output directory: it is replaced whole, and it contains the working directory`,
    );
  }
  return real;
}

/**
 * Replaces DIR by the complete tree `staged`: staged → ready (the marker that the tree is complete), DIR → old,
 * ready → DIR, then old is removed. A kill between the last two renames leaves no DIR, which the next build's
 * `recoverStaleStaging` rolls forward from `ready`; at no point does DIR hold part old, part new output.
 */
function commit(dir: string, staged: string, tag: string): void {
  const parent = dirname(dir);
  const ready = join(parent, `.${basename(dir)}.meshc-ready-${tag}`);
  const old = join(parent, `.${basename(dir)}.meshc-old-${tag}`);
  renameSync(staged, ready);
  const hadDir = existsSync(dir);
  if (hadDir) renameSync(dir, old);
  renameSync(ready, dir);
  if (hadDir) rmSync(old, { recursive: true, force: true });
}

/**
 * Runs `produce`, writing each file it hands over into a fresh staging directory beside DIR and dropping it. If
 * `produce` returns true, the entries of DIR that the output does not own (other files, and top-level entries of
 * targets not built this time) are linked into the staged tree, which then replaces DIR whole (`commit`), and the
 * paths written are returned in the order produced; if it returns false or throws, the staging directory is removed,
 * DIR is left as it was, and nothing is returned.
 */
export function writeOutputDir(dir: string, produce: (sink: OutputSink) => boolean): string[] | undefined {
  const root = outputRoot(dir);
  const createdParent = mkdirSync(dirname(root), { recursive: true });
  recoverStaleStaging(root);
  const tag = `${process.pid}-${randomBytes(6).toString("hex")}`;
  const staging = join(dirname(root), `.${basename(root)}.meshc-tmp-${tag}`);
  mkdirSync(staging);
  const written: string[] = [];
  let committed = false;
  try {
    const dirs = new Set<string>([staging]);
    const seen = new Set<string>();
    const ok = produce((path, content) => {
      const full = containedPath(staging, path);
      if (seen.has(path)) throw new OutputPathError(`refusing to write '${path}' twice in one build`);
      seen.add(path);
      const parent = dirname(full);
      if (!dirs.has(parent)) {
        mkdirSync(parent, { recursive: true });
        dirs.add(parent);
      }
      writeFileSync(full, content);
      written.push(path);
    });
    if (!ok) return undefined;
    if (existsSync(root)) {
      chmodSync(staging, statSync(root).mode & 0o7777);
      const owned = new Set(topLevelEntries(written));
      for (const e of readdirSync(root)) if (!owned.has(e)) linkTree(join(root, e), join(staging, e));
    }
    commit(root, staging, tag);
    committed = true;
    return written;
  } finally {
    if (!committed) {
      rmSync(staging, { recursive: true, force: true });
      if (createdParent !== undefined) rmSync(createdParent, { recursive: true, force: true });
    }
  }
}
