/**
 * A visible skip: uvu counts `suite.skip(...)` but prints no name, so the name (which says why) is also printed as a
 * `SKIP <name>` line, which test/run.js shows under the file's result.
 */
import type { Test } from "uvu";

export function skip(suite: Test, name: string, body: () => void | Promise<void> = () => {}): void {
  suite.skip(name, body);
  console.log(`SKIP ${name}`);
}
