/**
 * Envoy's RE2 regex engine (envoy `source/common/common/regex.cc` `CompiledGoogleReMatcher`) through re2js, which
 * implements RE2's syntax and linear-time matching: `match` is a full match (`re2::RE2::FullMatch`, "The regex match
 * will fail if only a subsequence of the input matches", envoy `api/envoy/type/matcher/v3/regex.proto`), and
 * `replaceAll` is `re2::RE2::GlobalReplace` with RE2 substitutions (`\0`..`\9`, `\\`).
 * Not modelled: RE2's program-size limit (`re2.max_program_size.error_level`, default 100), which re2js does not expose.
 */
import { RE2JS } from "re2js";

const cache = new Map<string, RE2JS | Error>();

/** The compiled regex, or the compile error (Envoy rejects the configuration). */
export function compileRegex(regex: string): RE2JS | Error {
  let re = cache.get(regex);
  if (re === undefined) {
    try {
      re = RE2JS.compile(regex);
    } catch (e) {
      re = e instanceof Error ? e : new Error(String(e));
    }
    cache.set(regex, re);
  }
  return re;
}

/** RE2 full match; an invalid regex never matches (configuration validation reports it). */
export function regexFullMatch(regex: string, value: string): boolean {
  const re = compileRegex(regex);
  return !(re instanceof Error) && re.matches(value);
}

/** `re2::RE2::GlobalReplace(value, regex, substitution)`: every non-overlapping match replaced. */
export function regexReplaceAll(regex: string, value: string, substitution: string): string {
  const re = compileRegex(regex);
  if (re instanceof Error) return value;
  const m = re.matcher(value);
  let out = "";
  let last = 0;
  while (m.find()) {
    out +=
      value.slice(last, m.start()) + substitute(substitution, (n) => (n <= m.groupCount() ? (m.group(n) ?? "") : ""));
    last = m.end();
  }
  return out + value.slice(last);
}

/** RE2 `Rewrite`: `\N` is group N, `\\` a backslash; anything else is literal. */
function substitute(rewrite: string, group: (n: number) => string): string {
  let out = "";
  for (let i = 0; i < rewrite.length; i++) {
    const c = rewrite[i];
    const next = rewrite[i + 1];
    if (c === "\\" && next !== undefined && /[0-9]/.test(next)) {
      out += group(Number(next));
      i++;
    } else if (c === "\\" && next === "\\") {
      out += "\\";
      i++;
    } else out += c;
  }
  return out;
}
