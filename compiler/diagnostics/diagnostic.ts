/**
 * The diagnostic data model. Detection produces data; `render.ts` turns it into text (tsc's split between
 * `Diagnostic` and `formatDiagnostics`). Messages come only from the catalog (`messages.ts`).
 */
import type { Span } from "./span.ts";

export type Severity = "error" | "warning" | "info";

/** A catalog entry: a stable code, a severity and a message template with `{0}`, `{1}` placeholders. */
export interface DiagnosticMessage {
  readonly code: number;
  readonly severity: Severity;
  readonly text: string;
  /** Advice shown after the message; may use the same placeholders. */
  readonly hint?: string;
}

export interface RelatedInformation {
  readonly message: string;
  readonly span: Span;
}

export interface Diagnostic {
  /** Rendered as `MESH<code>`, or `TS<code>` for TypeScript's own diagnostics (origin "ts"). */
  readonly code: number;
  readonly origin?: "ts";
  readonly severity: Severity;
  readonly message: string;
  /** undefined only for diagnostics about the invocation itself (no input file to point at). */
  readonly span: Span | undefined;
  readonly hint?: string;
  readonly related?: readonly RelatedInformation[];
}

/** What every stage returns: a value and everything it found wrong (collect, don't throw). */
export interface Result<T> {
  readonly value: T;
  readonly diagnostics: readonly Diagnostic[];
}

export function diag(code: number, severity: Severity, text: string, hint?: string): DiagnosticMessage {
  return hint === undefined ? { code, severity, text } : { code, severity, text, hint };
}

function format(template: string, args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)] ?? `{${i}}`));
}

/** Instantiate a catalog entry at a span. */
export function createDiagnostic(
  message: DiagnosticMessage,
  span: Span | undefined,
  args: readonly (string | number)[] = [],
  related?: readonly RelatedInformation[],
): Diagnostic {
  const base = { code: message.code, severity: message.severity, message: format(message.text, args), span };
  const hint = message.hint === undefined ? {} : { hint: format(message.hint, args) };
  return related && related.length > 0 ? { ...base, ...hint, related } : { ...base, ...hint };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Sort by file, position, then code, so output is stable whatever order the passes ran in. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.span?.file ?? "").localeCompare(b.span?.file ?? "") ||
      (a.span?.start ?? -1) - (b.span?.start ?? -1) ||
      a.code - b.code ||
      a.message.localeCompare(b.message),
  );
}
