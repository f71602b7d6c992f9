/**
 * Gateway API route precedence (istio `pilot/pkg/config/kube/gateway/conversion.go` `sortHTTPRoutes`, `getURIRank`,
 * `getURILength`; https://gateway-api.sigs.k8s.io/reference/spec/#httprouterule): exact over prefix over regex paths,
 * longer paths first, then a method match, more header matches, more query matches; routes without a match last.
 * The sort is stable, so ties keep their order (creation time, then namespace/name, then rule order).
 */
import { record, type Json } from "../../load/json.ts";

function uriRank(m: Json): number {
  const uri = m["uri"];
  if (uri === undefined) return -1;
  const u = record(uri);
  if ("exact" in u) return 3;
  if ("prefix" in u) return 2;
  if ("regex" in u) return 1;
  return -1;
}

function uriLength(m: Json): number {
  const u = record(m["uri"]);
  const v = u["exact"] ?? u["prefix"] ?? u["regex"];
  return typeof v === "string" ? v.length : m["uri"] === undefined ? 0 : -1;
}

const count = (v: unknown) => Object.keys(record(v)).length;

/** Whether route `a` must come before route `b` (`sortHTTPRoutes`' less function). */
function before(a: Json, b: Json): boolean {
  const ma = Array.isArray(a["match"]) ? (a["match"] as unknown[]) : [];
  const mb = Array.isArray(b["match"]) ? (b["match"] as unknown[]) : [];
  if (ma.length === 0) return false;
  if (mb.length === 0) return true;
  const m1 = record(ma[0]);
  const m2 = record(mb[0]);
  const [r1, r2] = [uriRank(m1), uriRank(m2)];
  const [l1, l2] = [uriLength(m1), uriLength(m2)];
  if (r1 !== r2) return r1 > r2;
  if (l1 !== l2) return l1 > l2;
  if ((m1["method"] === undefined) !== (m2["method"] === undefined)) return m1["method"] !== undefined;
  if (count(m1["headers"]) !== count(m2["headers"])) return count(m1["headers"]) > count(m2["headers"]);
  return count(m1["queryParams"]) > count(m2["queryParams"]);
}

/** `sort.SliceStable(routes, less)`. */
export function sortHTTPRoutes<T extends Json>(routes: readonly T[]): T[] {
  return routes
    .map((r, i) => ({ r, i }))
    .sort((x, y) => (before(x.r, y.r) ? -1 : before(y.r, x.r) ? 1 : x.i - y.i))
    .map(({ r }) => r);
}
