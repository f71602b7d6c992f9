/** The diagnostic cases under test/cases/: one directory per case, holding a mesh.ts or YAML files. */
import { readdirSync, statSync } from "node:fs";

export const CASES_DIR = "test/cases";

/** The case directories, sorted. */
export function caseNames(): string[] {
  return readdirSync(CASES_DIR)
    .filter((n) => statSync(`${CASES_DIR}/${n}`).isDirectory())
    .sort();
}

/** The inputs of a case: its mesh.ts, or else its YAML files (sorted). */
export function caseInputs(name: string): string[] {
  const files = readdirSync(`${CASES_DIR}/${name}`).sort();
  if (files.includes("mesh.ts")) return [`${CASES_DIR}/${name}/mesh.ts`];
  return files.filter((f) => /\.ya?ml$/.test(f)).map((f) => `${CASES_DIR}/${name}/${f}`);
}
