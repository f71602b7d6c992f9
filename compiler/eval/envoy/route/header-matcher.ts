/**
 * `envoy.config.route.v3.HeaderMatcher` as Envoy evaluates it (envoy `source/common/http/header_utility.cc`,
 * `HeaderUtility::matchHeaders` and the `HeaderData*` matchers; semantics in `../shared/reference/envoy-semantics.md` §4):
 * - the value matched is every value of the header joined with `,` (`getAllOfHeaderAsString`);
 * - a missing header fails every value matcher, `invert_match` or not, unless `treat_missing_header_as_empty`
 *   (then it is matched as "");
 * - `present_match` (and a matcher with no specifier, which means present) is `(present == has) != invert`;
 * - otherwise the result is XORed with `invert_match`.
 */
import type { HeaderMatcher } from "../../../emit/envoy/gen/envoy/config/route/v3/route_components.ts";
import type { HeaderMap } from "./header-map.ts";
import { regexFullMatch } from "./regex.ts";
import { describeStringMatcher, matchStringMatcher } from "./string-matcher.ts";

/** Whether every matcher matches (`HeaderUtility::matchHeaders(headers, config_headers)`: AND). */
export function matchAllHeaders(matchers: readonly HeaderMatcher[], headers: HeaderMap): boolean {
  return matchers.every((m) => matchHeader(m, headers));
}

/** The first matcher that fails, or undefined. */
export function firstFailingHeader(matchers: readonly HeaderMatcher[], headers: HeaderMap): HeaderMatcher | undefined {
  return matchers.find((m) => !matchHeader(m, headers));
}

export function matchHeader(m: HeaderMatcher, headers: HeaderMap): boolean {
  const joined = headers.getJoined(m.name);
  const s = m.headerMatchSpecifier;
  if (s.oneofKind === "presentMatch" || s.oneofKind === undefined) {
    const want = s.oneofKind === "presentMatch" ? s.presentMatch : true;
    return (want === (joined !== undefined)) !== m.invertMatch;
  }
  if (joined === undefined && !m.treatMissingHeaderAsEmpty) return false;
  return matchValue(m, joined ?? "") !== m.invertMatch;
}

function matchValue(m: HeaderMatcher, value: string): boolean {
  const s = m.headerMatchSpecifier;
  switch (s.oneofKind) {
    case "exactMatch":
      // HeaderDataExactMatch: an empty expected value matches any present value.
      return s.exactMatch === "" || value === s.exactMatch;
    case "safeRegexMatch":
      return regexFullMatch(s.safeRegexMatch.regex, value);
    case "rangeMatch":
      return inRange(value, BigInt(s.rangeMatch.start), BigInt(s.rangeMatch.end));
    case "prefixMatch":
      return value.startsWith(s.prefixMatch);
    case "suffixMatch":
      return value.endsWith(s.suffixMatch);
    case "containsMatch":
      return value.includes(s.containsMatch);
    case "stringMatch":
      return matchStringMatcher(s.stringMatch, value);
    case "presentMatch":
    case undefined:
      return true;
    default:
      return s satisfies never;
  }
}

/** `absl::SimpleAtoi` into int64 (surrounding whitespace and a sign allowed), then `start <= v < end`. */
function inRange(value: string, start: bigint, end: bigint): boolean {
  const t = /^\s*([+-]?\d+)\s*$/.exec(value);
  if (t === null || t[1] === undefined) return false;
  const v = BigInt(t[1]);
  if (v < -(2n ** 63n) || v >= 2n ** 63n) return false;
  return v >= start && v < end;
}

/** `header 'x-user' exact 'a'`, `header 'x' present`, with `not` when inverted: for traces. */
export function describeHeaderMatcher(m: HeaderMatcher): string {
  const s = m.headerMatchSpecifier;
  const not = m.invertMatch ? "not " : "";
  let what: string;
  switch (s.oneofKind) {
    case "exactMatch":
      what = `exact '${s.exactMatch}'`;
      break;
    case "safeRegexMatch":
      what = `regex '${s.safeRegexMatch.regex}'`;
      break;
    case "rangeMatch":
      what = `in [${s.rangeMatch.start}, ${s.rangeMatch.end})`;
      break;
    case "prefixMatch":
      what = `prefix '${s.prefixMatch}'`;
      break;
    case "suffixMatch":
      what = `suffix '${s.suffixMatch}'`;
      break;
    case "containsMatch":
      what = `contains '${s.containsMatch}'`;
      break;
    case "stringMatch":
      what = describeStringMatcher(s.stringMatch);
      break;
    case "presentMatch":
      what = s.presentMatch ? "present" : "absent";
      break;
    case undefined:
      what = "present";
      break;
    default:
      return s satisfies never;
  }
  return `header '${m.name}' ${not}${what}`;
}
