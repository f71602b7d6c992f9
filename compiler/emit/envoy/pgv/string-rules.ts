// StringRules and BytesRules of validate.proto, with PGV's messages (protoc-gen-validate templates/goshared/*.go).
// `pattern` is RE2 with partial-match semantics (PGV C++ uses re2::RE2::PartialMatch), run by re2js.
// The well-known regexes are PGV's own (templates/cc/register.go, mirrored in scalapb-validate WellKnownRegex):
// HTTP_HEADER_NAME / HTTP_HEADER_VALUE when `strict` (the default), the lax header-string regex otherwise.
import { RE2JS } from "re2js";
import type { RuleJson } from "./scalar-rules.ts";
import { show, type PgvViolation } from "./violation.ts";

const HEADER_NAME = "^:?[0-9a-zA-Z!#$%&'*+-.^_|~\x60]+$";
const HEADER_VALUE = "^[^\\x{0000}-\\x{0008}\\x{000A}-\\x{001F}\\x{007F}]*$";
const HEADER_STRING = "^[^\\x{0000}\\x{000A}\\x{000D}]*$";

const compiled = new Map<string, RE2JS | null>();

/** RE2 partial match; an invalid pattern in the protos matches nothing. */
function re2Find(pattern: string, value: string): boolean {
  let re = compiled.get(pattern);
  if (re === undefined) {
    try {
      re = RE2JS.compile(pattern);
    } catch {
      re = null;
    }
    compiled.set(pattern, re);
  }
  return re !== null && re.matcher(value).find();
}

const utf8 = new TextEncoder();

/** Checks a string against StringRules. `ignore_empty` skips every rule for "". */
export function checkString(rules: RuleJson, value: string, path: string): PgvViolation[] {
  if (rules["ignoreEmpty"] === true && value === "") return [];
  const out: PgvViolation[] = [];
  const at = (rule: string, message: string): void => void out.push({ path, rule: `string.${rule}`, message });
  const runes = [...value].length;
  const bytes = utf8.encode(value).length;
  const n = (key: string): number | undefined => (rules[key] === undefined ? undefined : Number(rules[key]));
  const s = (key: string): string | undefined => rules[key] as string | undefined;
  if (s("const") !== undefined && value !== s("const")) at("const", `value must equal ${show(s("const"))}`);
  const len = n("len");
  if (len !== undefined && runes !== len) at("len", `value length must be ${len} runes`);
  const minLen = n("minLen");
  if (minLen !== undefined && runes < minLen) at("min_len", `value length must be at least ${minLen} runes`);
  const maxLen = n("maxLen");
  if (maxLen !== undefined && runes > maxLen) at("max_len", `value length must be at most ${maxLen} runes`);
  const lenBytes = n("lenBytes");
  if (lenBytes !== undefined && bytes !== lenBytes) at("len_bytes", `value length must be ${lenBytes} bytes`);
  const minBytes = n("minBytes");
  if (minBytes !== undefined && bytes < minBytes) at("min_bytes", `value length must be at least ${minBytes} bytes`);
  const maxBytes = n("maxBytes");
  if (maxBytes !== undefined && bytes > maxBytes) at("max_bytes", `value length must be at most ${maxBytes} bytes`);
  const pattern = s("pattern");
  if (pattern !== undefined && !re2Find(pattern, value))
    at("pattern", `value does not match regex pattern ${show(pattern)}`);
  const prefix = s("prefix");
  if (prefix !== undefined && !value.startsWith(prefix)) at("prefix", `value does not have prefix ${show(prefix)}`);
  const suffix = s("suffix");
  if (suffix !== undefined && !value.endsWith(suffix)) at("suffix", `value does not have suffix ${show(suffix)}`);
  const contains = s("contains");
  if (contains !== undefined && !value.includes(contains))
    at("contains", `value does not contain substring ${show(contains)}`);
  const notContains = s("notContains");
  if (notContains !== undefined && value.includes(notContains))
    at("not_contains", `value contains substring ${show(notContains)}`);
  const inList = (rules["in"] as string[] | undefined) ?? [];
  if (inList.length > 0 && !inList.includes(value)) at("in", `value must be in list ${show(inList)}`);
  const notIn = (rules["notIn"] as string[] | undefined) ?? [];
  if (notIn.includes(value)) at("not_in", `value must not be in list ${show(notIn)}`);
  const regex = wellKnownRegex(rules);
  if (regex !== undefined && !re2Find(regex, value)) {
    at("well_known_regex", `value does not match regex pattern ${show(regex)}`);
  }
  return out;
}

/** The regex of `well_known_regex` (HTTP_HEADER_NAME / HTTP_HEADER_VALUE, lax when `strict: false`). */
function wellKnownRegex(rules: RuleJson): string | undefined {
  const kind = rules["wellKnownRegex"];
  if (kind !== "HTTP_HEADER_NAME" && kind !== "HTTP_HEADER_VALUE") return undefined;
  if (rules["strict"] === false) return HEADER_STRING;
  return kind === "HTTP_HEADER_NAME" ? HEADER_NAME : HEADER_VALUE;
}

/** Checks bytes against BytesRules: len, min_len, max_len (in bytes). Other bytes rules are unused by Envoy's protos. */
export function checkBytes(rules: RuleJson, value: Uint8Array, path: string): PgvViolation[] {
  const out: PgvViolation[] = [];
  const n = (key: string): number | undefined => (rules[key] === undefined ? undefined : Number(rules[key]));
  const len = n("len");
  if (len !== undefined && value.length !== len)
    out.push({ path, rule: "bytes.len", message: `value length must be ${len} bytes` });
  const minLen = n("minLen");
  if (minLen !== undefined && value.length < minLen) {
    out.push({ path, rule: "bytes.min_len", message: `value length must be at least ${minLen} bytes` });
  }
  const maxLen = n("maxLen");
  if (maxLen !== undefined && value.length > maxLen) {
    out.push({ path, rule: "bytes.max_len", message: `value length must be at most ${maxLen} bytes` });
  }
  return out;
}
