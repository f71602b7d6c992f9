/**
 * The README's "Layout" section, rendered from the layering rules' own list (.dependency-cruiser.layout.cjs), so the
 * two cannot disagree. `npm run docs:layout` rewrites the section; test/layering/layout.test.ts fails when it differs.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export interface LayoutEntry {
  readonly path: string;
  readonly imports?: readonly string[];
  readonly readme: string;
}

const root = fileURLToPath(new URL("..", import.meta.url));
export const README = `${root}README.md`;

export const layout: readonly LayoutEntry[] = (
  createRequire(import.meta.url)("../.dependency-cruiser.layout.cjs") as { layout: LayoutEntry[] }
).layout;

const WIDTH = 22;
const INTRO =
  "Each folder may import only from those above it (`.dependency-cruiser.cjs`, checked by `npm run lint:deps` in\n" +
  "`npm test`: no cycles, emit and eval never import each other except the Envoy engine reading emitted config\n" +
  "through `compiler/emit/envoy/index.ts`, code both engines share in `compiler/eval/_shared/`, and a `_file.ts`\n" +
  "private to its folder and those below it). This list is generated from the same rules (`npm run docs:layout`).";

/** The body of the README's Layout section: the rules in a sentence, then one line per entry. */
export function renderLayout(entries: readonly LayoutEntry[] = layout): string {
  const lines = entries.map((e) => `${e.path.padEnd(WIDTH - 1)} ${e.readme}`.trimEnd());
  return `${INTRO}\n\n\`\`\`\n${lines.join("\n")}\n\`\`\`\n`;
}

const SECTION = /(## Layout\n\n)([\s\S]*?)(\n## )/;

/** The README's current Layout section body. */
export function readmeLayout(text: string = readFileSync(README, "utf8")): string | undefined {
  return SECTION.exec(text)?.[2];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = readFileSync(README, "utf8");
  if (readmeLayout(text) === undefined) throw new Error("README.md has no '## Layout' section followed by another.");
  writeFileSync(
    README,
    text.replace(SECTION, (_, head: string, _body: string, next: string) => head + renderLayout() + next),
  );
}
