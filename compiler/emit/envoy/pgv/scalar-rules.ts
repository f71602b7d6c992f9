// Numeric, bool and enum rules of validate.proto (FloatRules … SFixed64Rules, BoolRules, EnumRules), with PGV's
// messages (protoc-gen-validate templates/goshared/{const,in,ltgt}.go). 64-bit values arrive as strings
// (long_type_string), so they are compared as BigInt; 32-bit and floating values as numbers.
import type { EnumInfo } from "@protobuf-ts/runtime";
import { show, type PgvViolation } from "./violation.ts";

/** A rule set as it sits in the reflection info (proto3 JSON of validate.*Rules). */
export type RuleJson = { readonly [key: string]: unknown };

/** The FieldRules keys of the numeric rule messages. */
export const NUMERIC_KINDS: ReadonlySet<string> = new Set([
  "float",
  "double",
  "int32",
  "int64",
  "uint32",
  "uint64",
  "sint32",
  "sint64",
  "fixed32",
  "fixed64",
  "sfixed32",
  "sfixed64",
]);

type Num = number | bigint;

/** Numbers as PGV prints them: 64-bit strings unquoted, lists space-separated in brackets. */
function plain(value: unknown): string {
  return Array.isArray(value) ? `[${value.map(String).join(" ")}]` : String(value);
}

function num(kind: string, value: unknown): Num {
  return kind.endsWith("64") && kind !== "double" ? BigInt(String(value)) : Number(value);
}

/** Checks a number against `<kind>` rules: const, lt/lte/gt/gte (as PGV ranges), in, not_in. */
export function checkNumber(kind: string, rules: RuleJson, raw: unknown, path: string): PgvViolation[] {
  const value = num(kind, raw);
  const out: PgvViolation[] = [];
  const at = (rule: string, message: string): void => void out.push({ path, rule: `${kind}.${rule}`, message });
  if (rules["const"] !== undefined && value !== num(kind, rules["const"])) {
    at("const", `value must equal ${plain(rules["const"])}`);
  }
  const range = checkRange(rules, value, (v) => num(kind, v), plain);
  if (range) at(range.rule, range.message);
  const list = (key: string): Num[] => ((rules[key] as unknown[] | undefined) ?? []).map((v) => num(kind, v));
  const inList = list("in");
  if (inList.length > 0 && !inList.includes(value)) at("in", `value must be in list ${plain(rules["in"])}`);
  if (list("notIn").includes(value)) at("not_in", `value must not be in list ${plain(rules["notIn"])}`);
  return out;
}

/**
 * PGV's lt/lte/gt/gte check: one violation per field, worded as PGV words the combined range
 * ("value must be inside range [1, 65535]"; an exclusive range when the lower bound exceeds the upper one).
 */
export function checkRange<T extends Num>(
  rules: RuleJson,
  value: T,
  convert: (v: unknown) => T,
  print: (v: unknown) => string = show,
): { rule: string; message: string } | undefined {
  const lowKey = rules["gt"] !== undefined ? "gt" : rules["gte"] !== undefined ? "gte" : undefined;
  const highKey = rules["lt"] !== undefined ? "lt" : rules["lte"] !== undefined ? "lte" : undefined;
  const low = lowKey && convert(rules[lowKey]);
  const high = highKey && convert(rules[highKey]);
  const aboveLow = low === undefined || (lowKey === "gt" ? value > low : value >= low);
  const belowHigh = high === undefined || (highKey === "lt" ? value < high : value <= high);
  const words = { gt: "greater than", gte: "greater than or equal to", lt: "less than", lte: "less than or equal to" };
  if (lowKey && highKey && low !== undefined && high !== undefined) {
    const open = lowKey === "gt" ? "(" : "[";
    const close = highKey === "lt" ? ")" : "]";
    if (high >= low) {
      if (aboveLow && belowHigh) return undefined;
      const rule = aboveLow ? highKey : lowKey;
      return {
        rule,
        message: `value must be inside range ${open}${print(rules[lowKey])}, ${print(rules[highKey])}${close}`,
      };
    }
    if (aboveLow || belowHigh) return undefined; // exclusive range: outside (high, low)
    const exOpen = highKey === "lt" ? "[" : "(";
    const exClose = lowKey === "gt" ? "]" : ")";
    return {
      rule: lowKey,
      message: `value must be outside range ${exOpen}${print(rules[highKey])}, ${print(rules[lowKey])}${exClose}`,
    };
  }
  if (!aboveLow && lowKey) return { rule: lowKey, message: `value must be ${words[lowKey]} ${print(rules[lowKey])}` };
  if (!belowHigh && highKey)
    return { rule: highKey, message: `value must be ${words[highKey]} ${print(rules[highKey])}` };
  return undefined;
}

/** BoolRules: const. */
export function checkBool(rules: RuleJson, value: boolean, path: string): PgvViolation[] {
  if (rules["const"] === undefined || value === rules["const"]) return [];
  return [{ path, rule: "bool.const", message: `value must equal ${show(rules["const"])}` }];
}

/** EnumRules: const, defined_only, in, not_in (on the enum number). */
export function checkEnum(rules: RuleJson, info: EnumInfo, value: number, path: string): PgvViolation[] {
  const out: PgvViolation[] = [];
  const at = (rule: string, message: string): void => void out.push({ path, rule: `enum.${rule}`, message });
  if (rules["const"] !== undefined && value !== rules["const"]) at("const", `value must equal ${show(rules["const"])}`);
  if (rules["definedOnly"] === true && typeof info[1][value] !== "string") {
    at("defined_only", "value must be one of the defined enum values");
  }
  const inList = (rules["in"] as number[] | undefined) ?? [];
  if (inList.length > 0 && !inList.includes(value)) at("in", `value must be in list ${show(inList)}`);
  const notIn = (rules["notIn"] as number[] | undefined) ?? [];
  if (notIn.includes(value)) at("not_in", `value must not be in list ${show(notIn)}`);
  return out;
}
