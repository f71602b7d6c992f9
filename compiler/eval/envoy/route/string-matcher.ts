/**
 * `envoy.type.matcher.v3.StringMatcher` as Envoy evaluates it (envoy `source/common/common/matchers.h`
 * `StringMatcherImpl::match`): exact / prefix / suffix / contains compare bytes, ASCII case-insensitively with
 * `ignore_case`; `safe_regex` is an RE2 full match and ignores `ignore_case`. `custom` extensions are not modelled
 * and never match.
 */
import type { StringMatcher } from "../../../emit/envoy/gen/envoy/type/matcher/v3/string.ts";
import { regexFullMatch } from "./regex.ts";

/** ASCII lower-casing, as absl::AsciiStrToLower (non-ASCII characters are left alone). */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

export function matchStringMatcher(m: StringMatcher, value: string): boolean {
  const fold = (s: string) => (m.ignoreCase ? asciiLower(s) : s);
  const p = m.matchPattern;
  switch (p.oneofKind) {
    case "exact":
      return fold(value) === fold(p.exact);
    case "prefix":
      return fold(value).startsWith(fold(p.prefix));
    case "suffix":
      return fold(value).endsWith(fold(p.suffix));
    case "contains":
      return fold(value).includes(fold(p.contains));
    case "safeRegex":
      return regexFullMatch(p.safeRegex.regex, value);
    case "custom":
    case undefined:
      return false;
    default:
      return p satisfies never;
  }
}

/** `exact 'x'`, `prefix 'x'`, …: for traces. */
export function describeStringMatcher(m: StringMatcher): string {
  const p = m.matchPattern;
  const ic = m.ignoreCase ? " (ignore case)" : "";
  switch (p.oneofKind) {
    case "exact":
      return `exact '${p.exact}'${ic}`;
    case "prefix":
      return `prefix '${p.prefix}'${ic}`;
    case "suffix":
      return `suffix '${p.suffix}'${ic}`;
    case "contains":
      return `contains '${p.contains}'${ic}`;
    case "safeRegex":
      return `regex '${p.safeRegex.regex}'`;
    case "custom":
      return "custom matcher";
    case undefined:
      return "no pattern";
    default:
      return p satisfies never;
  }
}
