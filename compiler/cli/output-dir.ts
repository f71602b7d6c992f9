/**
 * The only code that writes output files. Files arrive one at a time from a producer (`forEachOutput`) and are
 * written at once into a staging directory inside DIR, so memory does not grow with the size of the output; only
 * when the producer reports success is each staged top-level entry renamed into place. An interrupted or failing
 * build never leaves a half-written file, and a failed one (an internal error found after some files were staged, or
 * an exception) removes the staging directory and leaves DIR as it was.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import type { OutputContent, OutputSink } from "../emit/outputs.ts";

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
 * `--check`: runs `produce`, comparing each file it hands over with DIR as it arrives (nothing is kept but names),
 * and returns the paths (relative to DIR, sorted) that are stale: changed, missing, or present in an owned top-level
 * entry but no longer generated. Never writes.
 */
export function staleFiles(dir: string, produce: (sink: OutputSink) => void): string[] {
  const stale = new Set<string>();
  const generated = new Set<string>();
  produce((path, content) => {
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

/**
 * Runs `produce`, writing each file it hands over into a fresh staging directory inside DIR (created if needed) and
 * dropping it. If `produce` returns true, each staged top-level entry replaces DIR's (a directory is replaced
 * whole, other entries of DIR are kept) and the paths written are returned in the order produced; if it returns
 * false or throws, the staging directory (and DIR, when this call created it) is removed and nothing is returned.
 */
export function writeOutputDir(dir: string, produce: (sink: OutputSink) => boolean): string[] | undefined {
  const created = mkdirSync(dir, { recursive: true });
  const staging = mkdtempSync(join(dir, ".meshc-tmp-"));
  const written: string[] = [];
  let committed = false;
  try {
    const dirs = new Set<string>([staging]);
    const ok = produce((path, content) => {
      const full = join(staging, path);
      const parent = dirname(full);
      if (!dirs.has(parent)) {
        mkdirSync(parent, { recursive: true });
        dirs.add(parent);
      }
      writeFileSync(full, content);
      written.push(path);
    });
    if (!ok) return undefined;
    for (const entry of topLevelEntries(written)) {
      const target = join(dir, entry);
      if (existsSync(target) && statSync(target).isDirectory()) renameSync(target, join(staging, `.old-${entry}`));
      renameSync(join(staging, entry), target);
    }
    committed = true;
    return written;
  } finally {
    rmSync(staging, { recursive: true, force: true });
    if (!committed && created !== undefined) rmSync(created, { recursive: true, force: true });
  }
}
