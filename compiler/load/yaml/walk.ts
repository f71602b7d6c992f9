/**
 * Input paths → the YAML files to read, in a fixed order. Directories are walked recursively, like
 * `kubectl apply -R -f DIR`, taking `.yaml` and `.yml` files; names are sorted by UTF-16 code units so the order
 * never depends on the OS or the locale. Files named explicitly are read whatever their extension.
 */
import { createDiagnostic, type Diagnostic, type Result } from "../../diagnostics/diagnostic.ts";
import { Messages } from "../../diagnostics/messages.ts";
import type { FileSystem } from "../fs.ts";

const YAML_FILE = /\.ya?ml$/;
/** Deeper than this is almost certainly a symbolic link loop. */
const MAX_DEPTH = 32;

/** A readable reason for a file-system error: Node's error codes in words, else the error's message. */
export function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ENOENT") return "no such file or directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  if (code === "ENOTDIR") return "not a directory";
  return error instanceof Error ? error.message.replace(/\.$/, "") : String(error);
}

/** `dir/name`, keeping relative paths relative and not doubling slashes. */
export function joinPath(dir: string, name: string): string {
  if (dir === "." || dir === "") return name;
  return dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}

class Walker {
  readonly files: string[] = [];
  readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  /** YAML files met, duplicates included (a directory whose files were all named before is not empty). */
  private met = 0;

  constructor(private readonly fs: FileSystem) {}

  private fail(path: string, reason: string): void {
    this.diagnostics.push(createDiagnostic(Messages.Cannot_read_input_0_Colon_1, undefined, [path, reason]));
  }

  private add(path: string): void {
    this.met++;
    if (this.seen.has(path)) return;
    this.seen.add(path);
    this.files.push(path);
  }

  input(path: string): void {
    const kind = this.fs.stat(path);
    if (kind === undefined) return this.fail(path, "no such file or directory");
    if (kind === "file") return this.add(path);
    const [met, diagnostics] = [this.met, this.diagnostics.length];
    this.directory(path, 0);
    if (this.met === met && this.diagnostics.length === diagnostics)
      this.diagnostics.push(createDiagnostic(Messages.Directory_0_contains_no_YAML_files, undefined, [path]));
  }

  private directory(path: string, depth: number): void {
    if (depth > MAX_DEPTH) return this.fail(path, `directories nest deeper than ${MAX_DEPTH} levels`);
    let names: string[];
    try {
      names = this.fs.readDirectory(path);
    } catch (error) {
      return this.fail(path, describeFsError(error));
    }
    for (const name of [...names].sort()) {
      const child = joinPath(path, name);
      const kind = this.fs.stat(child);
      if (kind === "directory") this.directory(child, depth + 1);
      else if (kind === "file" && YAML_FILE.test(name)) this.add(child);
    }
  }
}

/**
 * The YAML files named by `paths` (files, or directories walked recursively), each once, in input order and
 * then sorted name order within a directory. A missing path or unreadable directory is an error (1001); a
 * directory without YAML files too (1006, an error: checking it would check nothing). Neither has a span: there is no file text to point into.
 *
 * @example listYamlFiles(["k8s"], memoryFileSystem({ "k8s/b.yml": "", "k8s/a/x.yaml": "", "k8s/c.txt": "" })).value
 *   // ["k8s/a/x.yaml", "k8s/b.yml"]
 */
export function listYamlFiles(paths: readonly string[], fs: FileSystem): Result<string[]> {
  const walker = new Walker(fs);
  for (const path of paths) walker.input(path);
  return { value: walker.files, diagnostics: walker.diagnostics };
}
