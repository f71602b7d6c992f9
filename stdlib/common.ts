/**
 * Small value types shared by every DSL resource: durations, string matches, labels, percentages.
 * They keep Istio's field shapes (https://istio.io/latest/docs/reference/config/networking/virtual-service/)
 * but are typed more tightly, so mistakes surface in the editor.
 */
import type { SuppressCode } from "./_suppress-codes.ts";

/** Options every declaration of a resource takes. */
export interface Suppressible {
  /**
   * Findings meshc (and istioctl analyze) should not report for the resources this declaration produces, by code:
   * a meshc code or the istioctl code of one, or `"*"` for all. Lowers to the annotation
   * `galley.istio.io/analyze-suppress: "<code>,<code>"` on each of them, which istioctl analyze honours too. A code
   * that suppresses nothing is reported (MESH1404), so suppressions do not outlive their finding.
   * @default [] (report everything)
   * @example `suppress: ["MESH2209"]`
   */
  readonly suppress?: readonly SuppressCode[];
}

/**
 * A protobuf Duration in Istio's string form: `"500ms"`, `"2s"`, `"1.5s"`, `"1m"`, `"1h"`.
 * Numbers and prose (`"2 seconds"`) do not type-check.
 */
export type Duration = `${number}ms` | `${number}s` | `${number}m` | `${number}h`;

/** Kubernetes labels. */
export type Labels = Readonly<Record<string, string>>;

/** Istio `StringMatch`: exactly one of `exact`, `prefix` or `regex` (RE2). */
export type StringMatch =
  | {
      /** `exact`: the whole value. */
      readonly exact: string;
      readonly prefix?: never;
      readonly regex?: never;
    }
  | {
      /** `prefix`: the start of the value. */
      readonly prefix: string;
      readonly exact?: never;
      readonly regex?: never;
    }
  | {
      /** `regex`: an RE2 regular expression the whole value must match. */
      readonly regex: string;
      readonly exact?: never;
      readonly prefix?: never;
    };

/**
 * A percentage, 0–100: a number, or Istio's `{ value }` wrapper. Both lower to `{ value: n }`.
 * @example `percentage: 10` → `percentage: { value: 10 }`
 */
export type Percentage =
  | number
  | {
      /** `value`: the percentage, 0–100 (fractions allowed). */
      readonly value: number;
    };

/** `{ exact: value }`. @example `headers: { "end-user": exact("jason") }` */
export function exact(value: string): StringMatch {
  return { exact: value };
}

/** `{ prefix: value }`. @example `uri: prefix("/static")` */
export function prefix(value: string): StringMatch {
  return { prefix: value };
}

/** `{ regex: value }` (RE2 syntax, as Envoy evaluates it). @example `uri: regex("^/api/v[12]/.*")` */
export function regex(value: string): StringMatch {
  return { regex: value };
}
