import { createRequire } from "node:module";

/** meshc's version, from its package.json (found by the package's own name, as in src/ and in the built dist/). */
export function version(): string {
  return (createRequire(import.meta.url)("meshc/package.json") as { version: string }).version;
}
