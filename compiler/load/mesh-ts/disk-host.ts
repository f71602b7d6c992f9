/**
 * The compiler host a mesh.ts is read through from disk, with a working directory of the caller's choosing. Here,
 * beside the front end, so callers get a host without importing "typescript" themselves: an ES module importing it
 * makes Node scan the 9 MB typescript.js for named exports at start-up (see _typescript.cts).
 */
import ts from "./_typescript.cts";

/**
 * TypeScript's own file-system host, whose current directory is `cwd`: a relative mesh.ts is found there and its
 * diagnostics are named relative to it.
 * @example `loadMeshTs("mesh.ts", { host: createDiskHost("/repo/examples/bookinfo") })`
 */
export function createDiskHost(cwd: string): ts.CompilerHost {
  const host = ts.createCompilerHost({});
  host.getCurrentDirectory = () => cwd;
  return host;
}
