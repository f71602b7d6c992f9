// Walks a protobuf-ts message by its reflection info and checks the protoc-gen-validate rules Envoy enforces when it
// loads config (Envoy calls the PGV-generated Validate() through MessageUtil::validate, source/common/protobuf/
// utility.h, on every xDS resource and on each typed_config it converts, so Any payloads are checked too).
// Field rules come from `options["validate.rules"]` in the reflection info; oneof `(validate.required)` from the
// table the generator extracts from the descriptors (protobuf-ts drops oneof options).
import { ScalarType, type EnumInfo, type FieldInfo, type IMessageType } from "@protobuf-ts/runtime";
import { REQUIRED_ONEOFS } from "../gen/pgv-required-oneofs.ts";
import { Any } from "../gen/google/protobuf/any.ts";
import { lookupType, type AnyMessageType } from "../registry.ts";
import { checkBool, checkEnum, checkNumber, NUMERIC_KINDS, type RuleJson } from "./scalar-rules.ts";
import { checkBytes, checkString } from "./string-rules.ts";
import { checkTime } from "./time-rules.ts";
import { joinPath, show, type PgvViolation } from "./violation.ts";

type Fields = { readonly [key: string]: unknown };

/** What a single value is checked as: a field's own info, or the key/value/element part of a map or list. */
type ValueInfo =
  | { readonly kind: "scalar"; readonly T: ScalarType }
  | { readonly kind: "enum"; readonly T: () => EnumInfo }
  | { readonly kind: "message"; readonly T: () => AnyMessageType };

/** Fills `out` with the violations of `message` (of `type`) and of everything it contains, `path` being its location. */
export function walkMessage(type: AnyMessageType, message: Fields, path: string, out: PgvViolation[]): void {
  if (type.options["validate.disabled"] === true) return;
  for (const field of type.fields) {
    let value: unknown;
    if (field.oneof !== undefined) {
      const group = message[field.oneof] as Fields | undefined;
      if (group?.["oneofKind"] !== field.localName) continue; // PGV checks only the member that is set
      value = group[field.localName];
    } else value = message[field.localName];
    checkField(field, rulesOf(field.options), value, joinPath(path, field.name), out);
  }
  for (const oneof of REQUIRED_ONEOFS.get(type.typeName) ?? []) {
    const member = type.fields.find((f) => oneof.fields.includes(f.no));
    const group = member?.oneof === undefined ? undefined : (message[member.oneof] as Fields | undefined);
    if (group?.["oneofKind"] === undefined) {
      out.push({ path: joinPath(path, oneof.name), rule: "oneof.required", message: "value is required" });
    }
  }
}

function rulesOf(options: { readonly [k: string]: unknown } | undefined): RuleJson | undefined {
  return options?.["validate.rules"] as RuleJson | undefined;
}

function checkField(
  field: FieldInfo,
  rules: RuleJson | undefined,
  value: unknown,
  path: string,
  out: PgvViolation[],
): void {
  if (field.kind === "map") return checkMap(field, rules?.["map"] as RuleJson | undefined, value as Fields, path, out);
  if (field.repeat) return checkList(field, rules?.["repeated"] as RuleJson | undefined, value as unknown[], path, out);
  checkValue(field, rules, value, path, out);
}

function checkList(
  info: ValueInfo,
  rules: RuleJson | undefined,
  list: unknown[],
  path: string,
  out: PgvViolation[],
): void {
  const minItems = rules?.["minItems"];
  if (minItems !== undefined && list.length < Number(minItems)) {
    out.push({ path, rule: "repeated.min_items", message: `value must contain at least ${Number(minItems)} item(s)` });
  }
  const maxItems = rules?.["maxItems"];
  if (maxItems !== undefined && list.length > Number(maxItems)) {
    out.push({
      path,
      rule: "repeated.max_items",
      message: `value must contain no more than ${Number(maxItems)} item(s)`,
    });
  }
  if (rules?.["unique"] === true && new Set(list.map(uniqueKey)).size !== list.length) {
    out.push({ path, rule: "repeated.unique", message: "repeated value must contain unique items" });
  }
  const items = rules?.["items"] as RuleJson | undefined;
  list.forEach((item, i) => checkValue(info, items, item, `${path}[${i}]`, out));
}

function uniqueKey(item: unknown): unknown {
  return item instanceof Uint8Array ? Array.from(item).join(",") : item;
}

function checkMap(
  field: Extract<FieldInfo, { kind: "map" }>,
  rules: RuleJson | undefined,
  map: Fields,
  path: string,
  out: PgvViolation[],
): void {
  const entries = Object.entries(map);
  const minPairs = rules?.["minPairs"];
  if (minPairs !== undefined && entries.length < Number(minPairs)) {
    out.push({ path, rule: "map.min_pairs", message: `value must contain at least ${Number(minPairs)} pair(s)` });
  }
  const maxPairs = rules?.["maxPairs"];
  if (maxPairs !== undefined && entries.length > Number(maxPairs)) {
    out.push({ path, rule: "map.max_pairs", message: `value must contain no more than ${Number(maxPairs)} pair(s)` });
  }
  const keyInfo: ValueInfo = { kind: "scalar", T: field.K };
  for (const [key, value] of entries) {
    const at = `${path}[${JSON.stringify(key)}]`;
    checkValue(keyInfo, rules?.["keys"] as RuleJson | undefined, key, at, out);
    checkValue(field.V, rules?.["values"] as RuleJson | undefined, value, at, out);
  }
}

/** Checks one value (a singular field, a list element, a map key or value) and recurses into messages. */
function checkValue(
  info: ValueInfo,
  rules: RuleJson | undefined,
  value: unknown,
  path: string,
  out: PgvViolation[],
): void {
  if (info.kind === "scalar") {
    if (value !== undefined && rules) out.push(...checkScalar(rules, value, path));
    return;
  }
  if (info.kind === "enum") {
    const enumRules = rules?.["enum"] as RuleJson | undefined;
    if (enumRules) out.push(...checkEnum(enumRules, info.T(), (value as number | undefined) ?? 0, path));
    return;
  }
  checkMessage(info.T(), rules, value as Fields | undefined, path, out);
}

/** Applies whichever scalar rule set (string, bytes, bool, numeric) `rules` holds. */
function checkScalar(rules: RuleJson, value: unknown, path: string): PgvViolation[] {
  const out: PgvViolation[] = [];
  for (const [kind, sub] of Object.entries(rules)) {
    const r = sub as RuleJson;
    if (kind === "string") out.push(...checkString(r, String(value), path));
    else if (kind === "bytes") out.push(...checkBytes(r, value as Uint8Array, path));
    else if (kind === "bool") out.push(...checkBool(r, value as boolean, path));
    else if (NUMERIC_KINDS.has(kind)) out.push(...checkNumber(kind, r, value, path));
  }
  return out;
}

const TIME_TYPES: ReadonlyMap<string, "duration" | "timestamp"> = new Map([
  ["google.protobuf.Duration", "duration"],
  ["google.protobuf.Timestamp", "timestamp"],
]);

function checkMessage(
  type: AnyMessageType,
  rules: RuleJson | undefined,
  value: Fields | undefined,
  path: string,
  out: PgvViolation[],
): void {
  const messageRules = rules?.["message"] as RuleJson | undefined;
  const time = TIME_TYPES.get(type.typeName);
  if (time !== undefined && rules?.[time] !== undefined && messageRules?.["required"] !== true) {
    out.push(...checkTime(time, rules[time] as RuleJson, value, path));
    return;
  }
  if (value === undefined) {
    const requiredBy = ["message", "any", "duration", "timestamp"].find(
      (k) => (rules?.[k] as RuleJson | undefined)?.["required"] === true,
    );
    if (requiredBy) out.push({ path, rule: `${requiredBy}.required`, message: "value is required" });
    return;
  }
  if (time !== undefined && rules?.[time] !== undefined)
    out.push(...checkTime(time, rules[time] as RuleJson, value, path));
  // Rules of a wrapper's scalar kind apply to the wrapped value (PGV's WKT wrapper handling).
  if (type.typeName.startsWith("google.protobuf.") && type.typeName.endsWith("Value") && rules) {
    const { message: _ignored, ...scalarRules } = rules;
    out.push(...checkScalar(scalarRules, value["value"], path));
  }
  if (type === (Any as IMessageType<object>))
    return checkAny(rules?.["any"] as RuleJson | undefined, value as unknown as Any, path, out);
  if (messageRules?.["skip"] !== true) walkMessage(type, value, path, out);
}

/** AnyRules (in, not_in on the type URL), then the payload's own rules, resolved through the TypeRegistry. */
function checkAny(rules: RuleJson | undefined, any: Any, path: string, out: PgvViolation[]): void {
  const inList = (rules?.["in"] as string[] | undefined) ?? [];
  if (inList.length > 0 && !inList.includes(any.typeUrl)) {
    out.push({ path, rule: "any.in", message: `type URL must be in list ${show(inList)}` });
  }
  const notIn = (rules?.["notIn"] as string[] | undefined) ?? [];
  if (notIn.includes(any.typeUrl))
    out.push({ path, rule: "any.not_in", message: `type URL must not be in list ${show(notIn)}` });
  if (any.typeUrl === "") return;
  const type = lookupType(any.typeUrl);
  if (type === undefined) {
    out.push({
      path,
      rule: "any.type_registry",
      message: `type URL ${show(any.typeUrl)} is not in the Envoy TypeRegistry`,
    });
    return;
  }
  walkMessage(type, type.fromBinary(any.value) as Fields, path, out);
}
