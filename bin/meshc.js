#!/usr/bin/env node
// meshc runs its TypeScript sources directly through tsx, so `npx meshc` needs no build step after `npm ci`.
import { readFileSync } from "node:fs";
import { register } from "tsx/esm/api";

register();
const { main } = await import("../compiler/cli/main.ts");
try {
  process.exitCode = await main(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    color: Boolean(process.stderr.isTTY) && !process.env.NO_COLOR,
    stdin: () => readFileSync(0, "utf8"),
  });
} catch (e) {
  process.stderr.write(`meshc: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 2;
}
