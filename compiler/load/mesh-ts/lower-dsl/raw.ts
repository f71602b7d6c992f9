/**
 * `raw({...})` → the resource exactly as written (a deep copy, so later lowering never shares the user's object);
 * every field's span is the part of the call's argument that wrote it.
 */
import type { Raw } from "../../../../stdlib/index.ts";
import type { LoweredDoc } from "./_types.ts";

export function lowerRaw(r: Raw): LoweredDoc[] {
  const object = structuredClone(r.resource) as Record<string, unknown>;
  return [{ object, origin: { site: r.site, argPath: [] }, fields: [{ path: [], site: r.site, argPath: [0] }] }];
}
