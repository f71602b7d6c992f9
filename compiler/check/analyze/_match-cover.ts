/**
 * Whether one VirtualService HTTP match takes every request another one would: the basis of shadowed-route
 * detection. Istio evaluates routes in order and the first match wins
 * (https://istio.io/latest/docs/concepts/traffic-management/#routing-rule-precedence); Envoy matches `regex` against
 * the whole value with RE2 (`envoy.type.matcher.v3.RegexMatcher`, full match). When in doubt, a match is NOT
 * considered covered, so every report is certain.
 */
import { RE2JS } from "re2js";
import type { HTTPMatchRequest, StringMatch } from "../../ir/istio-api.ts";
import { stringMatchParts } from "../_rule.ts";

/** Fields of HTTPMatchRequest that only label the match and do not narrow it. */
const LABEL_FIELDS = new Set<string>(["name", "statPrefix"] satisfies (keyof HTTPMatchRequest)[]);
const UNDERSTOOD = new Set<string>([
  "uri",
  "scheme",
  "method",
  "authority",
  "headers",
  "queryParams",
  "withoutHeaders",
  "port",
  "sourceLabels",
  "gateways",
  "sourceNamespace",
  "ignoreUriCase",
] satisfies (keyof HTTPMatchRequest)[]);

const isObject = (v: unknown): v is object => typeof v === "object" && v !== null && !Array.isArray(v);

/** The literal text every value matching `regex` (fully) must start with; "" when unsure. */
export function regexLiteralPrefix(regex: string): string {
  if (regex.includes("|")) return "";
  let out = "";
  for (let i = regex.startsWith("^") ? 1 : 0; i < regex.length; i++) {
    const c = regex[i]!;
    if (c === "\\" && i + 1 < regex.length && /[^A-Za-z0-9]/.test(regex[i + 1]!)) {
      out += regex[++i];
      continue;
    }
    if (/[.[\](){}*+?|^$\\]/.test(c)) return /[*?{]/.test(c) ? out.slice(0, -1) : out;
    out += c;
  }
  return out;
}

function fullMatch(regex: string, value: string): boolean {
  try {
    return RE2JS.compile(regex).matches(value);
  } catch {
    return false;
  }
}

/** Whether StringMatch `a` accepts every value `b` accepts (undefined = any value). */
export function stringMatchCovers(
  a: StringMatch | undefined,
  b: StringMatch | undefined,
  aIgnoreCase = false,
  bIgnoreCase = false,
): boolean {
  if (a === undefined) return true;
  if (!isObject(a) || Object.keys(a).length === 0) return isObject(a) && b !== undefined; // `{}`: presence
  if (b === undefined || !isObject(b)) return false;
  if (bIgnoreCase && !aIgnoreCase) return false;
  const fold = (s: string | undefined) => (s !== undefined && aIgnoreCase ? s.toLowerCase() : s);
  const str = (s: unknown) => (typeof s === "string" ? s : undefined);
  const [pa, pb] = [stringMatchParts(a), stringMatchParts(b)];
  const [ap, ae, ar] = [fold(str(pa.prefix)), fold(str(pa.exact)), str(pa.regex)];
  const [bp, be, br] = [fold(str(pb.prefix)), fold(str(pb.exact)), str(pb.regex)];
  if (ap !== undefined) {
    const bPrefix = be ?? bp ?? (br !== undefined ? fold(regexLiteralPrefix(br)) : undefined);
    return bPrefix !== undefined && bPrefix.startsWith(ap);
  }
  if (ae !== undefined) return be === ae;
  if (ar !== undefined) return ar === br || ar === ".*" || (be !== undefined && fullMatch(ar, be));
  return false;
}

type MatchMap = Readonly<Record<string, StringMatch>> | undefined;

function mapCovers(a: MatchMap, b: MatchMap, lowerKeys: boolean): boolean {
  const key = (k: string) => (lowerKeys ? k.toLowerCase() : k);
  const bm = new Map(Object.entries(b ?? {}).map(([k, v]) => [key(k), v]));
  return Object.entries(a ?? {}).every(([k, m]) => bm.has(key(k)) && stringMatchCovers(m, bm.get(key(k))));
}

/** `withoutHeaders`: "k does not match m" covers "k does not match m2" when m2 accepts everything m does. */
function withoutCovers(a: MatchMap, b: MatchMap): boolean {
  const bm = new Map(Object.entries(b ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return Object.entries(a ?? {}).every(
    ([k, m]) => bm.has(k.toLowerCase()) && stringMatchCovers(bm.get(k.toLowerCase()), m),
  );
}

/** Whether match `a` (earlier) takes every request match `b` (later) would. */
export function matchCovers(a: HTTPMatchRequest, b: HTTPMatchRequest): boolean {
  if (Object.keys(a).some((k) => !LABEL_FIELDS.has(k) && !UNDERSTOOD.has(k))) return false;
  const aCase = a.ignoreUriCase === true;
  const bCase = b.ignoreUriCase === true;
  if (!stringMatchCovers(a.uri, b.uri, aCase, bCase)) return false;
  for (const f of ["scheme", "method", "authority"] as const) if (!stringMatchCovers(a[f], b[f])) return false;
  if (!mapCovers(a.headers, b.headers, true) || !mapCovers(a.queryParams, b.queryParams, false)) return false;
  if (!withoutCovers(a.withoutHeaders, b.withoutHeaders)) return false;
  if (a.port !== undefined && a.port !== 0 && a.port !== b.port) return false;
  return sourceCovers(a, b);
}

/**
 * Whether every proxy `b`'s source conditions accept is accepted by `a`'s. istio `pilot/pkg/networking/core/route/route.go`
 * `sourceMatchHTTP`: a match with `gateways` is decided by the proxy's gateway names alone (its `sourceLabels` and
 * `sourceNamespace` are not checked); otherwise `sourceLabels` must be a subset of the proxy's labels and
 * `sourceNamespace` empty or the proxy's.
 */
function sourceCovers(a: HTTPMatchRequest, b: HTTPMatchRequest): boolean {
  const ag = a.gateways ?? [];
  const bg = b.gateways ?? [];
  if (ag.length > 0) return bg.length > 0 && bg.every((g) => ag.includes(g));
  const aLabels = Object.entries(a.sourceLabels ?? {});
  if (bg.length > 0) return aLabels.length === 0 && a.sourceNamespace === undefined;
  const bLabels = b.sourceLabels ?? {};
  return (
    aLabels.every(([k, v]) => bLabels[k] === v) &&
    (a.sourceNamespace === undefined || a.sourceNamespace === b.sourceNamespace)
  );
}
