import { existsSync, readdirSync } from "node:fs";

/** The examples, sorted: each is a directory under examples/. */
export const EXAMPLES: readonly string[] = readdirSync("examples").sort();

/** An example's input: its mesh.ts, or else the directory of YAML. Relative to the repository root. */
export function exampleInput(name: string): string {
  return existsSync(`examples/${name}/mesh.ts`) ? `examples/${name}/mesh.ts` : `examples/${name}`;
}
