/**
 * Istio's `ValidateDuration` (pkg/config/validation/agent/validation.go) over durations parsed by
 * compiler/ir/duration.ts: at least 1ms, millisecond precision.
 */
import type { DiagnosticMessage } from "../../diagnostics/diagnostic.ts";
import { Messages } from "../../diagnostics/messages.ts";
import { parseDurationNs } from "../../ir/duration.ts";

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
