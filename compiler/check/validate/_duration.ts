/**
 * Durations as Istio accepts them in CRDs (Go `time.ParseDuration` syntax: `500ms`, `1.5s`, `1m30s`, `1h`), and
 * Istio's `ValidateDuration` (pkg/config/validation/agent/validation.go): at least 1ms, millisecond precision.
 */
import type { DiagnosticMessage } from "../../diagnostics/diagnostic.ts";
import { Messages } from "../../diagnostics/messages.ts";

const UNIT_NS: Readonly<Record<string, number>> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;

/** Nanoseconds of a Go-style duration string, or undefined when it is not one. Negative durations are rejected. */
export function parseDurationNs(text: string): number | undefined {
  if (text === "0") return 0;
  if (text.length === 0) return undefined;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const at = PART.lastIndex;
    const m = PART.exec(text);
    if (!m || m.index !== at) return undefined;
    total += Number(m[1]) * UNIT_NS[m[2]!]!;
  }
  return Math.round(total);
}

/**
 * istio `agent.ValidateDuration`: "duration must be greater than 1ms" and "only durations to ms precision are
 * supported". Returns the catalog message to report, or undefined when `value` is a valid duration.
 */
export function durationProblem(value: unknown): DiagnosticMessage | undefined {
  if (typeof value !== "string") return undefined; // a wrong type is the schema check's to report
  const ns = parseDurationNs(value);
  if (ns === undefined) return Messages.Invalid_duration_0;
  if (ns < 1e6) return Messages.Duration_0_is_shorter_than_1ms;
  if (ns % 1e6 !== 0) return Messages.Duration_0_is_finer_than_1ms;
  return undefined;
}
