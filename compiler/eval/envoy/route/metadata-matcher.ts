/**
 * Route `match.dynamic_metadata`: `envoy.type.matcher.v3.MetadataMatcher` on StreamInfo dynamic metadata (envoy
 * `source/common/common/matchers.cc` `MetadataMatcher::match`: the value at `filter` + `path` — a missing one is an
 * unset Value — is matched by the ValueMatcher, then XORed with `invert`, so a missing key with `invert` matches).
 */
import type { MetadataMatcher } from "../../../emit/envoy/gen/envoy/type/matcher/v3/metadata.ts";
import type { ValueMatcher } from "../../../emit/envoy/gen/envoy/type/matcher/v3/value.ts";
import { matchStringMatcher } from "./string-matcher.ts";
import type { JsonObject, JsonValue } from "./types.ts";

export function matchMetadata(m: MetadataMatcher, metadata: Readonly<Record<string, JsonObject>>): boolean {
  let value: JsonValue | undefined = metadata[m.filter];
  for (const seg of m.path) {
    value = seg.segment.oneofKind === "key" && isObject(value) ? value[seg.segment.key] : undefined;
  }
  const matched = m.value === undefined ? false : matchValue(m.value, value);
  return matched !== m.invert;
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `ValueMatcher` (matchers.cc `ValueMatcher::create`): undefined is a Value with no kind set. */
export function matchValue(m: ValueMatcher, v: JsonValue | undefined): boolean {
  const p = m.matchPattern;
  switch (p.oneofKind) {
    case "nullMatch":
      return v === null;
    case "doubleMatch": {
      if (typeof v !== "number") return false;
      const d = p.doubleMatch.matchPattern;
      if (d.oneofKind === "exact") return v === d.exact;
      if (d.oneofKind === "range") return v >= d.range.start && v < d.range.end;
      return false;
    }
    case "stringMatch":
      return typeof v === "string" && matchStringMatcher(p.stringMatch, v);
    case "boolMatch":
      return typeof v === "boolean" && v === p.boolMatch;
    case "presentMatch":
      // PresentMatcher: present_match true matches any value that is set.
      return p.presentMatch && v !== undefined;
    case "listMatch": {
      const one = p.listMatch.matchPattern;
      return (
        Array.isArray(v) &&
        one.oneofKind === "oneOf" &&
        (v as readonly JsonValue[]).some((e) => matchValue(one.oneOf, e))
      );
    }
    case "orMatch":
      return p.orMatch.valueMatchers.some((o) => matchValue(o, v));
    case undefined:
      return false;
    default:
      return p satisfies never;
  }
}

/**
 * Applies `set_metadata` entries in order (envoy `source/extensions/filters/http/set_metadata/set_metadata_filter.cc`):
 * a namespace already set is left alone unless `allowOverwrite`, in which case the new Struct is merged into it
 * (`StructUtil::update`: nested structs merge, lists append, other values are replaced).
 */
export function applySetMetadata(
  entries: readonly { readonly namespace: string; readonly value: JsonObject; readonly allowOverwrite: boolean }[],
): Record<string, JsonObject> {
  const out: Record<string, JsonObject> = {};
  for (const e of entries) {
    const existing = out[e.namespace];
    if (existing === undefined) out[e.namespace] = e.value;
    else if (e.allowOverwrite) out[e.namespace] = mergeStruct(existing, e.value);
  }
  return out;
}

function mergeStruct(into: JsonObject, from: JsonObject): JsonObject {
  const out: Record<string, JsonValue> = { ...into };
  for (const [k, v] of Object.entries(from)) {
    const old = out[k];
    if (isObject(old) && isObject(v)) out[k] = mergeStruct(old, v);
    else if (Array.isArray(old) && Array.isArray(v)) out[k] = [...(old as JsonValue[]), ...(v as JsonValue[])];
    else out[k] = v;
  }
  return out;
}
