/**
 * Durations as Istio accepts them in CRDs (Go `time.ParseDuration` syntax: `500ms`, `1.5s`, `1m30s`, `1h`). The IR
 * keeps them as written; the checks (compiler/check/validate/_duration.ts), the emitters and the engines read them
 * through this one parser.
 */

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
