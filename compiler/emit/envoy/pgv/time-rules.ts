// DurationRules and TimestampRules of validate.proto (required, const, lt/lte/gt/gte, in/not_in), compared in
// nanoseconds as BigInt. The clock-relative timestamp rules (lt_now, gt_now, within) are not checked: output must not
// depend on the time of the build, and no Envoy field meshc emits uses them.
import { checkRange, type RuleJson } from "./scalar-rules.ts";
import type { PgvViolation } from "./violation.ts";

/** A Duration or Timestamp message (seconds are strings under long_type_string), or one written in an option. */
interface Seconds {
  readonly seconds?: string | number;
  readonly nanos?: number;
}

function nanos(value: unknown): bigint {
  const v = (value ?? {}) as Seconds;
  return BigInt(String(v.seconds ?? 0)) * 1_000_000_000n + BigInt(v.nanos ?? 0);
}

/** "1.5s", as PGV prints a duration bound. */
function showDuration(value: unknown): string {
  const total = nanos(value);
  const sign = total < 0n ? "-" : "";
  const abs = total < 0n ? -total : total;
  const frac = (abs % 1_000_000_000n).toString().padStart(9, "0").replace(/0+$/, "");
  return `${sign}${abs / 1_000_000_000n}${frac === "" ? "" : `.${frac}`}s`;
}

/** Checks a Duration (`kind` "duration") or Timestamp ("timestamp") field; `value` is undefined when unset. */
export function checkTime(
  kind: "duration" | "timestamp",
  rules: RuleJson,
  value: Seconds | undefined,
  path: string,
): PgvViolation[] {
  if (value === undefined) {
    return rules["required"] === true ? [{ path, rule: `${kind}.required`, message: "value is required" }] : [];
  }
  const out: PgvViolation[] = [];
  const at = (rule: string, message: string): void => void out.push({ path, rule: `${kind}.${rule}`, message });
  const print =
    kind === "duration" ? showDuration : (v: unknown) => new Date(Number(nanos(v) / 1_000_000n)).toISOString();
  const n = nanos(value);
  if (rules["const"] !== undefined && n !== nanos(rules["const"]))
    at("const", `value must equal ${print(rules["const"])}`);
  const range = checkRange(rules, n, nanos, print);
  if (range) at(range.rule, range.message);
  const inList = (rules["in"] as unknown[] | undefined) ?? [];
  if (inList.length > 0 && !inList.map(nanos).includes(n))
    at("in", `value must be in list [${inList.map(print).join(" ")}]`);
  const notIn = (rules["notIn"] as unknown[] | undefined) ?? [];
  if (notIn.map(nanos).includes(n)) at("not_in", `value must not be in list [${notIn.map(print).join(" ")}]`);
  return out;
}
