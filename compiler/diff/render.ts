/**
 * `meshc diff` output: `pretty` for terminals, `markdown` for a pull-request comment (summary counts, then each class
 * most severe first), `json` for tools (docs/diff.md documents its shape).
 */
import type { Outcome } from "../eval/index.ts";
import { SEVERITIES, type Severity } from "./classify.ts";
import type { Change, DiffResultSide, MeshDiff } from "./index.ts";

const pct = (p: number) => `${(p * 100).toFixed(2).replace(/\.?0+$/, "")}%`;

function outcomeText(o: Outcome): string {
  const dest = o.destination
    ? `${o.destination.service}${o.destination.subset ? ` ${o.destination.subset}` : ""}`
    : "no destination";
  const authz = o.authz ? `, ${o.authz.decision}${o.authz.policy ? ` by ${o.authz.policy}` : " (default)"}` : "";
  const mtls = o.mtls === null ? "" : o.mtls ? ", mTLS" : ", plaintext";
  const fault = o.fault ? `, fault ${JSON.stringify(o.fault)}` : "";
  return `${pct(o.probability)} ${dest}: ${o.status}${mtls}${authz}${fault}${o.error ? ` (${o.error})` : ""}`;
}

/** A result in one line: route, then each outcome. */
export function sideText(side: DiffResultSide): string {
  if (side === null) return "does not resolve";
  const r = side.route;
  const route = r ? `${r.resource} ${r.section ?? "http"}[${r.index}]${r.name ? ` '${r.name}'` : ""}` : "no route";
  const extra = [side.timeout ? `timeout ${side.timeout}` : "", side.retries ? `retries ${side.retries.attempts}` : ""]
    .filter(Boolean)
    .join(", ");
  return `${route}${extra ? ` (${extra})` : ""} → ${side.outcomes.map(outcomeText).join("; ")}`;
}

const TITLES: Record<Severity, string> = {
  "newly allowed": "Newly allowed",
  "newly denied": "Newly denied",
  destinations: "Changed destinations",
  split: "Changed splits",
  status: "Changed status",
  mtls: "Changed mTLS",
  fault: "Changed faults",
  route: "Changed routes",
  policy: "Changed deciding policy",
};

function counts(diff: MeshDiff): [Severity, number][] {
  return SEVERITIES.map((s) => [s, diff.changes.filter((c) => c.severity === s).length] as [Severity, number]).filter(
    ([, n]) => n > 0,
  );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "es"}`;

export function renderPretty(diff: MeshDiff): string {
  const { stats } = diff;
  const head =
    diff.changes.length === 0
      ? "No request changes its fate."
      : `${plural(diff.changes.length, "class")} of requests change: ${counts(diff)
          .map(([s, n]) => `${s} ${n}`)
          .join(", ")}.`;
  const lines = [
    head,
    `(${stats.cells} request classes evaluated on each version, ${stats.affected} of ${stats.destinations} destinations affected)`,
  ];
  for (const c of diff.changes)
    lines.push(
      "",
      `[${c.severity}] ${c.where}`,
      `  e.g.   ${c.example}`,
      `  before ${sideText(c.before)}`,
      `  after  ${sideText(c.after)}`,
    );
  return `${lines.join("\n")}\n`;
}

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const cell = (s: string) => s.replace(/\|/g, "\\|");

export function renderMarkdown(diff: MeshDiff): string {
  const out = ["### meshc diff", ""];
  if (diff.changes.length === 0) {
    out.push("No request changes its fate.", "");
    return out.join("\n");
  }
  out.push(
    `**${plural(diff.changes.length, "class")} of requests change** (${diff.stats.cells} request classes evaluated on each version).`,
    "",
    "| change | classes |",
    "|---|---|",
    ...counts(diff).map(([s, n]) => `| ${TITLES[s]} | ${n} |`),
    "",
  );
  let current: Severity | undefined;
  diff.changes.forEach((c: Change, i) => {
    if (c.severity !== current) {
      current = c.severity;
      out.push(`#### ${TITLES[c.severity]}`, "");
    }
    out.push(
      `${i + 1}. ${cell(c.where)}`,
      `   - example: ${code(c.example)}`,
      `   - before: ${cell(sideText(c.before))}`,
      `   - after: ${cell(sideText(c.after))}`,
      "",
    );
  });
  return out.join("\n");
}

export function renderJson(diff: MeshDiff): string {
  return `${JSON.stringify({ changes: diff.changes, summary: diff.summary, stats: diff.stats }, null, 2)}\n`;
}
