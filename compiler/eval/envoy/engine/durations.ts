/**
 * Durations as the result prints them. Envoy holds a `google.protobuf.Duration` (proto3 JSON `7s`, `0.500s`); the
 * result shows whole seconds as `7s` and sub-second values in milliseconds (`500ms`), the forms users write in
 * VirtualServices (Istio durations have millisecond precision: validation rejects finer ones).
 */
export function formatDuration(json: string): string {
  const m = /^(-?\d+)(?:\.(\d+))?s$/.exec(json);
  if (m === null) return json;
  const frac = (m[2] ?? "").padEnd(9, "0").slice(0, 9);
  if (/^0*$/.test(frac)) return `${Number(m[1])}s`;
  const ms = Number(m[1]) * 1000 + Number(frac) / 1e6;
  return Number.isInteger(ms) ? `${ms}ms` : json;
}
