/**
 * Small value types shared by every DSL resource: durations, string matches, labels, percentages.
 * They keep Istio's field shapes (https://istio.io/latest/docs/reference/config/networking/virtual-service/)
 * but are typed more tightly, so mistakes surface in the editor.
 */

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
