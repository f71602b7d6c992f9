/**
 * The diagnostic data model. Detection produces data; `render.ts` turns it into text (tsc's split between
 * `Diagnostic` and `formatDiagnostics`). Messages come only from the catalog (`messages.ts`).
 */
import type { Span } from "./span.ts";

export type Severity = "error" | "warning" | "info";

/**
 * A catalog entry: a stable code, a severity and a message template with `{0}`, `{1}` placeholders, with everything
 * else the user reads about this code in one place (tsc's `diagnosticMessages.json` entry, plus its documentation):
 * the hint, the messages of related locations, and the explanation with a bad and a fixed example that
 * `docs/diagnostics.md` is generated from.
 */
export interface DiagnosticMessage<R extends string = string> {
  readonly code: number;
  readonly severity: Severity;
  readonly text: string;
  /** Advice shown after the message; may use the same placeholders. */
  readonly hint?: string;
  /** Messages of the related locations this code points at, by name (`{0}` placeholders of their own). */
  readonly related: { readonly [K in R]: RelatedMessage };
  /** Why it matters (one line), an input that triggers it, and the same input fixed. */
  readonly why?: string;
  readonly bad?: string;
  readonly fixed?: string;
  /** The language of the examples, for the Markdown code fence (default yaml). */
  readonly lang?: "yaml" | "ts" | "text" | "shell";
  /**
   * The istioctl analyze codes of the same finding (`IST0101`; istio `pkg/config/analysis/msg/messages.yaml`), which
   * suppressions may name instead of the meshc code.
   */
  readonly istio?: readonly IstCode[];
}

/** An istioctl analyze message code (`IST0101`). */
export type IstCode = `IST${number}`;

/** The message of a related location, owned by one catalog entry (`Messages.X.related.name`). */
export interface RelatedMessage {
  /** The code of the entry that owns it. */
  readonly code: number;
  readonly text: string;
}

/** What a catalog entry says besides its message: hint, related messages and documentation. */
export interface MessageDetails<R extends string> {
  readonly hint?: string;
  readonly related?: { readonly [K in R]: string };
  readonly why?: string;
  readonly bad?: string;
  readonly fixed?: string;
  readonly lang?: DiagnosticMessage["lang"];
  readonly istio?: DiagnosticMessage["istio"];
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
  /** At most {@link MAX_RELATED} related locations; `relatedOmitted` counts the rest. */
  readonly related?: readonly RelatedInformation[];
  readonly relatedOmitted?: number;
  /** The resource the finding is about, when a check reported it at one: what suppressions match. */
  readonly resource?: ResourceRef;
}

/**
 * Related locations kept per diagnostic. A finding about n resources (n VirtualServices for one host) would otherwise
 * carry n - 1 locations each, n² in all; istioctl analyze lists every name in each message, which is what made 1,000
 * VirtualServices for one host not finish (issue 18). The rest are counted, and said as "... and N more".
 */
export const MAX_RELATED = 10;

/** Related locations built lazily: only the first {@link MAX_RELATED} of `items` are built, the rest counted. */
export interface RelatedList {
  readonly shown: readonly RelatedInformation[];
  readonly omitted: number;
}

export function relatedList<T>(items: readonly T[], build: (item: T) => RelatedInformation): RelatedList {
  return { shown: items.slice(0, MAX_RELATED).map(build), omitted: Math.max(0, items.length - MAX_RELATED) };
}

/**
 * A resource as istioctl analyze names it in suppressions (`DestinationRule reviews.bookinfo`; istio
 * `pkg/config/legacy/source/kube/origin.go` `FriendlyName`), with its `galley.istio.io/analyze-suppress` annotation.
 */
export interface ResourceRef {
  /** The Kubernetes kind (`DestinationRule`, `Service`). */
  readonly kind: string;
  /** "" for a cluster-scoped resource. */
  readonly namespace: string;
  readonly name: string;
  /** The value of its `galley.istio.io/analyze-suppress` annotation, if any. */
  readonly suppressAnnotation?: string;
}

/** What every stage returns: a value and everything it found wrong (collect, don't throw). */
export interface Result<T> {
  readonly value: T;
  readonly diagnostics: readonly Diagnostic[];
}

/** Declares a catalog entry (only `messages/*.ts` calls this). */
export function diag<const R extends string = never>(
  code: number,
  severity: Severity,
  text: string,
  details: MessageDetails<R> = {},
): DiagnosticMessage<R> {
  const { related = {} as { readonly [K in R]: string }, ...rest } = details;
  const owned = Object.fromEntries(Object.entries<string>(related).map(([name, t]) => [name, { code, text: t }])) as {
    readonly [K in R]: RelatedMessage;
  };
  return { code, severity, text, ...rest, related: owned };
}

function format(template: string, args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)] ?? `{${i}}`));
}

/** Instantiate a catalog entry at a span. */
export function createDiagnostic(
  message: DiagnosticMessage,
  span: Span | undefined,
  args: readonly (string | number)[] = [],
  related: readonly RelatedInformation[] | RelatedList = [],
): Diagnostic {
  const base = { code: message.code, severity: message.severity, message: format(message.text, args), span };
  const hint = message.hint === undefined ? {} : { hint: format(message.hint, args) };
  const list = "shown" in related ? related : relatedList(related, (r) => r);
  const shown = list.shown.length > 0 ? { related: list.shown } : {};
  const omitted = list.omitted > 0 ? { relatedOmitted: list.omitted } : {};
  return { ...base, ...hint, ...shown, ...omitted };
}

/** Instantiate a catalog entry's related message at a span. */
export function createRelated(
  message: RelatedMessage,
  span: Span,
  args: readonly (string | number)[] = [],
): RelatedInformation {
  return { message: format(message.text, args), span };
}

/** The text of a related message with its arguments (for stages that resolve the span later). */
export function relatedText(message: RelatedMessage, args: readonly (string | number)[] = []): string {
  return format(message.text, args);
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
