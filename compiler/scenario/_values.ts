/**
 * Values inside tokens: quoted strings, `name=value` header pairs, numbers, percentages and durations. Each helper
 * returns the value or reports why the token cannot be one, at the token's (or the offending part's) offset.
 */
import type { IToken } from "chevrotain";
import { createDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { Messages } from "../diagnostics/messages.ts";
import type { Span } from "../diagnostics/span.ts";

/** The first token of a child list unless recovery invented it (an inserted token has no text or position). */
export function real(tokens: readonly IToken[] | undefined): IToken | undefined {
  const token = tokens?.[0];
  return token === undefined || token.isInsertedInRecovery === true ? undefined : token;
}

/** Where a token is in `file`. */
export function tokenSpan(file: string, token: IToken): Span {
  return { file, start: token.startOffset, length: token.image.length };
}

/**
 * The text of the double-quoted string `quoted`: `\"` and `\\` are escapes, any other
 * backslash is kept. An unterminated string is reported and its text up to the end of the line kept.
 */
export function unquote(quoted: string, span: Span, diagnostics: Diagnostic[]): string {
  const terminated = isTerminated(quoted);
  if (!terminated) diagnostics.push(createDiagnostic(Messages.Unterminated_string_literal, span));
  const body = quoted.slice(1, terminated ? -1 : undefined);
  return body.replace(/\\(["\\])/g, "$1");
}

/** True when `quoted` (starting with `"`) ends with a closing quote that is not escaped. */
function isTerminated(quoted: string): boolean {
  if (quoted.length < 2 || !quoted.endsWith('"')) return false;
  let backslashes = 0;
  for (let i = quoted.length - 2; i >= 1 && quoted[i] === "\\"; i--) backslashes++;
  return backslashes % 2 === 0;
}

/** `end-user=jason` or `x-note="two words"`: the name lower-cased (HTTP header names are case-insensitive). */
export function headerPair(token: IToken, file: string, diagnostics: Diagnostic[]): { name: string; value: string } {
  const eq = token.image.indexOf("=");
  const name = token.image.slice(0, eq).toLowerCase();
  const raw = token.image.slice(eq + 1);
  if (!raw.startsWith('"')) return { name, value: raw };
  const span = { file, start: token.startOffset + eq + 1, length: raw.length };
  return { name, value: unquote(raw, span, diagnostics) };
}

/** A percentage 0–100, or undefined (reported) when it is more than 100. */
export function percentValue(token: IToken, file: string, diagnostics: Diagnostic[]): number | undefined {
  const value = Number(token.image);
  if (value <= 100) return value;
  diagnostics.push(createDiagnostic(Messages.Percentage_0_is_more_than_100, tokenSpan(file, token), [token.image]));
  return undefined;
}

/** An HTTP status code (100–599) or 0, the "no response at all" status of docs/results.md. */
export function statusValue(token: IToken, file: string, diagnostics: Diagnostic[]): number | undefined {
  const value = Number(token.image);
  if (/^\d+$/.test(token.image) && (value === 0 || (value >= 100 && value <= 599))) return value;
  diagnostics.push(createDiagnostic(Messages._0_is_not_an_HTTP_status_code, tokenSpan(file, token), [token.image]));
  return undefined;
}

/** A whole number of retry attempts. */
export function retriesValue(token: IToken, file: string, diagnostics: Diagnostic[]): number | undefined {
  if (/^\d+$/.test(token.image)) return Number(token.image);
  diagnostics.push(
    createDiagnostic(Messages._0_is_not_a_whole_number_of_retry_attempts, tokenSpan(file, token), [token.image]),
  );
  return undefined;
}

/** A hop number: a whole number from 1 (docs/scenarios.md `expect hop`). */
export function hopValue(token: IToken, file: string, diagnostics: Diagnostic[]): number | undefined {
  if (/^\d+$/.test(token.image) && Number(token.image) >= 1) return Number(token.image);
  diagnostics.push(createDiagnostic(Messages.Hop_numbers_count_from_1_not_0, tokenSpan(file, token), [token.image]));
  return undefined;
}

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/**
 * Milliseconds of a duration such as `10s`, `1.5s`, `250ms`, `1m` or `1h`, or of protobuf's JSON form (`0.250s`,
 * which is what `SimulationResult.timeout` holds); undefined when `text` is not a duration.
 */
export function durationMs(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] * 1000) / 1000;
}
