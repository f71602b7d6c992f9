/**
 * An in-memory `ts.CompilerHost` for tests and tools: the given files are served from memory, everything else
 * (TypeScript's lib files, stdlib) from disk. Writing is refused: loading never writes.
 */
import ts from "./_typescript.cts";
import { meshCompilerOptions } from "./program.ts";

/**
 * A compiler host whose files (absolute paths → text) exist only in memory.
 * @example `loadMeshTs("/virtual/mesh.ts", { host: createMemoryHost({ "/virtual/mesh.ts": "..." }) })`
 */
export function createMemoryHost(files: Readonly<Record<string, string>>, cwd = "/"): ts.CompilerHost {
  const disk = ts.createCompilerHost(meshCompilerOptions());
  const has = (f: string) => Object.prototype.hasOwnProperty.call(files, f);
  return {
    ...disk,
    getCurrentDirectory: () => cwd,
    fileExists: (f) => has(f) || disk.fileExists(f),
    readFile: (f) => (has(f) ? files[f] : disk.readFile(f)),
    directoryExists: (d) =>
      Object.keys(files).some((f) => f.startsWith(d.endsWith("/") ? d : `${d}/`)) ||
      (disk.directoryExists?.(d) ?? false),
    getSourceFile: (f, languageVersion, onError, shouldCreate) => {
      const text = files[f];
      if (has(f) && text !== undefined) return ts.createSourceFile(f, text, languageVersion, true);
      return disk.getSourceFile(f, languageVersion, onError, shouldCreate);
    },
    writeFile: (f) => {
      throw new Error(`meshc: the mesh.ts loader must not write files (tried '${f}')`);
    },
  };
}
