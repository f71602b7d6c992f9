// The user-facing contracts live in docs/ (inputs, CLI, requests, results, scenarios, diagnostics format, diff): a
// citation of the old design document's sections cannot resolve in the repository, so none may remain; and every
// link to a docs page, from Markdown (`[text](docs/cli.md#exit-codes-and-streams)`) or from code comments
// (`docs/requests.md`), must name a page that exists and, with `#anchor`, one of its headings.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";

const test = suite("contracts in docs/");

/** The repository's own text files: sources, tests, scripts, docs (not dependencies, build output or generated code). */
function repoFiles(): string[] {
  const out = ["README.md"];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== "node_modules" && e.name !== "gen" && !e.name.startsWith(".")) walk(p);
      } else if (/\.(ts|js|cjs|mjs|md)$/.test(e.name)) out.push(p.split("\\").join("/"));
    }
  };
  for (const dir of ["compiler", "stdlib", "test", "scripts", "bench", "examples", "docs", "bin"])
    if (existsSync(dir)) walk(dir);
  return out.sort();
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    const m = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (m === null) continue;
    const base = m[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

const files = repoFiles();
const text = new Map(files.map((f) => [f, readFileSync(f, "utf8")]));

/** `file:line: what` for each line of each file matching `pattern` (global), with the match. */
function occurrences(pattern: RegExp, only: (file: string) => boolean): { where: string; match: RegExpExecArray }[] {
  const out: { where: string; match: RegExpExecArray }[] = [];
  for (const [file, body] of text) {
    if (!only(file)) continue;
    body.split("\n").forEach((line, i) => {
      for (const match of line.matchAll(pattern)) out.push({ where: `${file}:${i + 1}`, match });
    });
  }
  return out;
}

test("no citation of the design document's sections is left (they resolve to docs/ pages)", () => {
  const citation = new RegExp(`DESIGN ${"\u00a7"}\\d`, "g");
  assert.equal(
    occurrences(citation, () => true).map((o) => `${o.where}: ${o.match[0]}`),
    [],
  );
});

/** Whether `target` (a path relative to `from`'s folder, with an optional #anchor) resolves. */
function resolves(from: string, target: string): boolean {
  const [path = "", anchor] = target.split("#");
  const file =
    path === ""
      ? from
      : normalize(join(dirname(from), path))
          .split("\\")
          .join("/");
  if (!existsSync(file)) return false;
  if (anchor === undefined || anchor === "" || !file.endsWith(".md")) return true;
  return anchors(text.get(file) ?? readFileSync(file, "utf8")).has(anchor);
}

test("every Markdown link in README.md and docs/ names an existing page and heading", () => {
  const broken = occurrences(/\]\(([^)\s]+)\)/g, (f) => f === "README.md" || f.startsWith("docs/"))
    .filter(({ match }) => !/^[a-z]+:/.test(match[1]!))
    .filter(({ where, match }) => !resolves(where.slice(0, where.lastIndexOf(":")), match[1]!))
    .map(({ where, match }) => `${where}: ${match[1]}`);
  assert.equal(broken, []);
});

test("every docs/ page cited in code exists, and so does its #anchor", () => {
  const broken = occurrences(/(?<!["'\w/.-])docs\/[\w-]+\.md(?:#[\w-]+)?/g, (f) => !f.endsWith(".md"))
    .filter(({ match }) => !resolves("README.md", match[0]))
    .map(({ where, match }) => `${where}: ${match[0]}`);
  assert.equal(broken, []);
});

test("the README links every contract page", () => {
  const readme = text.get("README.md")!;
  const pages = ["inputs", "cli", "requests", "results", "scenarios", "diagnostics-format", "diff"];
  assert.equal(
    pages.filter((p) => !readme.includes(`](docs/${p}.md`)),
    [],
  );
});

test.run();
