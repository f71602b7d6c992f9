/**
 * The file system as loaders see it: the smallest read-only interface they need, injectable so tests run on
 * in-memory files (the same role `ts.CompilerHost` plays for the mesh.ts front end). Only `cli/` writes files.
 */
import * as nodeFs from "node:fs";

/** Read-only access to input files. Implementations throw on unreadable paths; loaders turn that into diagnostics. */
export interface FileSystem {
  /** The file's text, decoded as UTF-8. Throws when the file cannot be read. */
  readFile(path: string): string;
  /** What `path` is, following symbolic links; undefined when it does not exist (or cannot be inspected). */
  stat(path: string): "file" | "directory" | undefined;
  /** The names (not paths) of a directory's entries, in no particular order. Throws when it cannot be read. */
  readDirectory(path: string): string[];
}

/** The name standard input (`-` on the command line) goes by, in positions too: `<stdin>(3,5)`. */
export const STDIN = "<stdin>";

/**
 * `fs` with standard input readable as the file {@link STDIN}; `text` is read once by the caller (the CLI), so
 * loaders stay pure. `helm template ... | meshc check -`.
 */
export function withStdin(fs: FileSystem, text: string): FileSystem {
  return {
    readFile: (path) => (path === STDIN ? text : fs.readFile(path)),
    stat: (path) => (path === STDIN ? "file" : fs.stat(path)),
    readDirectory: (path) => fs.readDirectory(path),
  };
}

/** The real file system (Node's synchronous `fs`). */
export const nodeFileSystem: FileSystem = {
  readFile: (path) => nodeFs.readFileSync(path, "utf8"),
  stat(path) {
    try {
      const stats = nodeFs.statSync(path, { throwIfNoEntry: false });
      if (stats === undefined) return undefined;
      return stats.isDirectory() ? "directory" : stats.isFile() ? "file" : undefined;
    } catch {
      return undefined; // e.g. EACCES on a parent directory: as good as missing to a loader
    }
  },
  readDirectory: (path) => nodeFs.readdirSync(path),
};

/** Strip `./` prefixes, duplicate and trailing slashes, so `./a//b/` and `a/b` name the same entry. */
function normalize(path: string): string {
  const parts = path.split("/").filter((p) => p !== "" && p !== ".");
  return (path.startsWith("/") ? "/" : "") + parts.join("/");
}

/**
 * An in-memory file system for tests: `files` maps paths (`"mesh/a.yaml"`) to contents; directories are implied by
 * the paths. The root is `"."` (or `""`). Missing files throw an error shaped like Node's (`code: "ENOENT"`).
 *
 * @example memoryFileSystem({ "k8s/a.yaml": "kind: Service" }).readDirectory("k8s") // ["a.yaml"]
 */
export function memoryFileSystem(files: Readonly<Record<string, string>>): FileSystem {
  const contents = new Map(Object.entries(files).map(([path, text]) => [normalize(path), text]));
  const children = (dir: string): Set<string> => {
    const prefix = dir === "" ? "" : dir + "/";
    const names = new Set<string>();
    for (const path of contents.keys()) {
      if (path.startsWith(prefix) && path.length > prefix.length) names.add(path.slice(prefix.length).split("/")[0]!);
    }
    return names;
  };
  const notFound = (path: string, syscall: string): Error =>
    Object.assign(new Error(`ENOENT: no such file or directory, ${syscall} '${path}'`), { code: "ENOENT" });
  return {
    readFile(path) {
      const text = contents.get(normalize(path));
      if (text === undefined) throw notFound(path, "open");
      return text;
    },
    stat(path) {
      const key = normalize(path);
      if (contents.has(key)) return "file";
      return children(key).size > 0 ? "directory" : undefined;
    },
    readDirectory(path) {
      const names = children(normalize(path));
      if (names.size === 0) throw notFound(path, "scandir");
      return [...names];
    },
  };
}
