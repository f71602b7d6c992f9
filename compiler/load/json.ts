/**
 * Defensive readers for the plain JSON data of an input document (`InputDocument.object`), whose shape was validated
 * (or not) upstream: for lowering (ir/) and `meshc import`, which read Kubernetes objects as written.
 */
export type Json = Readonly<Record<string, unknown>>;

export function isRecord(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
export function record(v: unknown): Json {
  return isRecord(v) ? v : {};
}
export function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}
export function list(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}
/** A map of string → string (labels, annotations); non-string values are dropped, keys sorted. */
export function stringMap(v: unknown): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(record(v)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (typeof val === "string") out[k] = val;
  }
  return out;
}
