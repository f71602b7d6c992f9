/**
 * Istio `StringMatch` (exact / prefix / regex) as Envoy evaluates the `StringMatcher` Istio emits for it
 * (istio `pilot/pkg/networking/util/util.go` `ConvertToEnvoyMatch`): exact and prefix compare bytes, regex is RE2 with
 * full-match semantics (envoy `api/envoy/type/matcher/v3/regex.proto`: "The regex match will fail if only a
 * subsequence of the input matches"), via re2js so that RE2 syntax and linear-time matching are Envoy's.
 */
import { RE2JS } from "re2js";
import type { StringMatch } from "../../ir/istio-api.ts";

const compiled = new Map<string, RE2JS | null>();

/** The compiled RE2 program for a regex (cached: re2js is costly to construct); null when the regex is invalid. */
export function re2Compile(regex: string): RE2JS | null {
  let re = compiled.get(regex);
  if (re === undefined) {
    try {
      re = RE2JS.compile(regex);
    } catch {
      re = null;
    }
    compiled.set(regex, re);
  }
  return re;
}

/** RE2 full match; an invalid regex never matches (validation reports it). */
export function re2FullMatch(regex: string, value: string): boolean {
  const re = re2Compile(regex);
  return re !== null && re.matches(value);
}

/** RE2 replace-all (Envoy `regex_rewrite`), with `\1` substitutions as Envoy writes them. */
export function re2ReplaceAll(regex: string, value: string, substitution: string): string {
  try {
    return RE2JS.compile(regex)
      .matcher(value)
      .replaceAll(substitution.replace(/\\(\d)/g, "$$$1"));
  } catch {
    return value;
  }
}

/**
 * Istio's "catch-all" header/query match (istio `pilot/pkg/networking/core/route/route.go` `isCatchAllHeaderMatch`):
 * an empty StringMatch or `regex: "*"` becomes Envoy `present_match: true`.
 */
export function isPresenceMatch(m: StringMatch | Record<string, never>): boolean {
  const r = m as { exact?: string; prefix?: string; regex?: string };
  return (r.exact === undefined && r.prefix === undefined && r.regex === undefined) || r.regex === "*";
}

/** Whether a present value satisfies the match; `ignoreCase` applies to exact and prefix only (Envoy ignores it for regex). */
export function matchString(m: StringMatch, value: string, ignoreCase = false): boolean {
  const r = m as { exact?: string; prefix?: string; regex?: string };
  const fold = (s: string) => (ignoreCase ? s.toLowerCase() : s);
  if (r.exact !== undefined) return fold(value) === fold(r.exact);
  if (r.prefix !== undefined) return fold(value).startsWith(fold(r.prefix));
  if (r.regex !== undefined) return re2FullMatch(r.regex, value);
  return true;
}

/**
 * `matchString` compiled once for a match (the compiled evaluator's predicates): the same comparisons, with the case
 * folding of the pattern and the RE2 program done ahead of time.
 */
export function compileStringMatch(m: StringMatch, ignoreCase = false): (value: string) => boolean {
  const r = m as { exact?: string; prefix?: string; regex?: string };
  if (r.exact !== undefined) {
    const exact = ignoreCase ? r.exact.toLowerCase() : r.exact;
    return ignoreCase ? (v) => v.toLowerCase() === exact : (v) => v === exact;
  }
  if (r.prefix !== undefined) {
    const prefix = ignoreCase ? r.prefix.toLowerCase() : r.prefix;
    return ignoreCase ? (v) => v.toLowerCase().startsWith(prefix) : (v) => v.startsWith(prefix);
  }
  if (r.regex !== undefined) {
    const re = re2Compile(r.regex);
    return re === null ? () => false : (v) => re.matches(v);
  }
  return () => true;
}

/** `exact '/a'`, `prefix '/api'`, `regex '.*'`, or `present`. */
export function describeStringMatch(m: StringMatch | Record<string, never>): string {
  const r = m as { exact?: string; prefix?: string; regex?: string };
  if (isPresenceMatch(m)) return "present";
  if (r.exact !== undefined) return `exact '${r.exact}'`;
  if (r.prefix !== undefined) return `prefix '${r.prefix}'`;
  return `regex '${r.regex ?? ""}'`;
}
