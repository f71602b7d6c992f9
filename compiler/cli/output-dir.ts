/**
 * The only code that writes files. Output is rendered in memory first; writing stages every file in a temporary
 * directory inside DIR and then renames each top-level entry into place, so an interrupted or failing build never
 * leaves a half-written file, and a failed build (which never gets here) writes nothing at all.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import type { OutputContent } from "../emit/outputs.ts";

/** The top-level entries of DIR that a set of output files owns (`istio.yaml`, `envoy`). */
function topLevelEntries(files: ReadonlyMap<string, OutputContent>): string[] {
  return [...new Set([...files.keys()].map((f) => f.split("/")[0]!))].sort();
}

function listFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  if (!statSync(root).isDirectory()) return [root];
  return readdirSync(root).flatMap((e) => listFiles(join(root, e)));
}

/**
 * Paths (relative to DIR, sorted) whose content on disk differs from `files`: changed, missing, or present in an
 * owned directory but no longer generated.
 */
export function staleFiles(dir: string, files: ReadonlyMap<string, OutputContent>): string[] {
  const stale = new Set<string>();
  for (const [path, content] of files) {
    const full = join(dir, path);
    if (!existsSync(full) || !Buffer.from(content).equals(readFileSync(full))) stale.add(path);
  }
  for (const entry of topLevelEntries(files)) {
    for (const found of listFiles(join(dir, entry))) {
      const rel = relative(dir, found).split(sep).join("/");
      if (!files.has(rel)) stale.add(rel);
    }
  }
  return [...stale].sort();
}

export function writeOutputDir(dir: string, files: ReadonlyMap<string, OutputContent>): void {
  mkdirSync(dir, { recursive: true });
  const staging = mkdtempSync(join(dir, ".meshc-tmp-"));
  try {
    for (const [path, content] of files) {
      const full = join(staging, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
    for (const entry of topLevelEntries(files)) {
      const target = join(dir, entry);
      if (existsSync(target) && statSync(target).isDirectory()) renameSync(target, join(staging, `.old-${entry}`));
      renameSync(join(staging, entry), target);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
