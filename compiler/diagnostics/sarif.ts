/**
 * SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html) for GitHub code scanning
 * (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning):
 * one run, a rule per code that occurs (id `MESH<code>`, the catalog template as its description, its severity as the
 * default level), one result per diagnostic with its region and related locations. Paths are relative to the
 * working directory (`%SRCROOT%`), so GitHub can place them in the repository. Diagnostics without a location (about
 * the invocation) become tool execution notifications, since code scanning requires a location on every result.
 */
import type { Diagnostic, DiagnosticMessage, Severity } from "./diagnostic.ts";
import { Messages } from "./messages.ts";
import { codeOf, positionOf, type SourceTexts } from "./render.ts";
import type { Span } from "./span.ts";

const LEVEL: Readonly<Record<Severity, "error" | "warning" | "note">> = {
  error: "error",
  warning: "warning",
  info: "note",
};

const byCode = new Map<number, [string, DiagnosticMessage]>(
  Object.entries(Messages).map(([key, m]) => [m.code, [key, m]]),
);

function physicalLocation(span: Span, sources: SourceTexts): object {
  const p = positionOf(span, sources);
  return {
    artifactLocation: { uri: encodeURI(p.file), uriBaseId: "%SRCROOT%" },
    region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn },
  };
}

function rule(d: Diagnostic): object {
  const entry = d.origin === "ts" ? undefined : byCode.get(d.code);
  const base = { id: codeOf(d), defaultConfiguration: { level: LEVEL[entry?.[1].severity ?? d.severity] } };
  if (entry === undefined) return { ...base, shortDescription: { text: `TypeScript error ${d.code}.` } };
  const [key, m] = entry;
  return {
    ...base,
    // `Unknown_subset_0_for_service_1` → `UnknownSubsetForService` (SARIF: a PascalCase identifier).
    name: key
      .split("_")
      .filter((w) => w !== "" && !/^\d+$/.test(w))
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join(""),
    shortDescription: { text: m.text },
    ...(m.hint ? { help: { text: m.hint } } : {}),
  };
}

/**
 * The SARIF log of `diagnostics`, as a JSON-ready object.
 *
 * @example toSarif([subsetError], sources).runs[0].results[0] →
 *   { ruleId: "MESH2001", ruleIndex: 0, level: "error", message: { text: "Subset 'v4' is ..." }, locations: [...] }
 */
export function toSarif(diagnostics: readonly Diagnostic[], sources: SourceTexts, version = "0.1.0"): object {
  const located = diagnostics.filter((d) => d.span !== undefined);
  const ids = [...new Set(located.map(codeOf))].sort();
  const rules = ids.map((id) => rule(located.find((d) => codeOf(d) === id)!));
  const results = located.map((d) => ({
    ruleId: codeOf(d),
    ruleIndex: ids.indexOf(codeOf(d)),
    level: LEVEL[d.severity],
    message: { text: d.hint ? `${d.message} ${d.hint}` : d.message },
    locations: [{ physicalLocation: physicalLocation(d.span!, sources) }],
    ...(d.related?.length
      ? {
          relatedLocations: d.related.map((r, i) => ({
            id: i + 1,
            physicalLocation: physicalLocation(r.span, sources),
            message: { text: r.message },
          })),
        }
      : {}),
  }));
  const notifications = diagnostics
    .filter((d) => d.span === undefined)
    .map((d) => ({ descriptor: { id: codeOf(d) }, level: LEVEL[d.severity], message: { text: d.message } }));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "meshc", version, rules } },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        originalUriBaseIds: { "%SRCROOT%": { description: { text: "The directory meshc ran in." } } },
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
}
