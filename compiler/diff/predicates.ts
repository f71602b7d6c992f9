/**
 * Every predicate on a request attribute that the evaluator can apply to requests of one destination, read from the
 * IR: the match blocks of the VirtualServices that route it (route.go `TranslateRouteMatch`: uri, method, authority,
 * headers, withoutHeaders, queryParams) and the rules of the AuthorizationPolicies that can apply to its servers
 * (istio `pilot/pkg/security/authz/model/generator.go`: hosts, methods, paths and `request.headers[...]` conditions).
 * Attributes fixed by the source or the destination (principals, namespaces, ipBlocks, ports, sourceLabels,
 * sourceNamespace, gateways, mTLS) need no predicate: sources and destinations are enumerated one by one.
 *
 * JWT predicates (`request.auth.*` conditions, `requestPrincipals`, the `@request.auth.claims.*` pseudo-headers) are
 * the token's, partitioned in `tokens.ts`: they are skipped here (see CLAIM below).
 */
import type { AuthorizationPolicyNode, VirtualServiceNode } from "../ir/ir.ts";
import type { AuthorizationRule, HTTPMatchRequest, StringMatch } from "../ir/istio-api.ts";
import { pathTemplateRegex, wildcardMatch } from "../eval/istio/authz-values.ts";
import { isPresenceMatch, matchString } from "../eval/istio/string-match.ts";
import { queryParam } from "../eval/istio/route-match.ts";
import type { StringPredicate } from "./language.ts";

/** The predicates of one destination's request space, per attribute. */
export interface AttributePredicates {
  readonly methods: StringPredicate[];
  readonly paths: StringPredicate[];
  readonly authorities: StringPredicate[];
  /** Header name (lower case) → predicates on its value; presence is the partition's own `absent` cell. */
  readonly headers: Map<string, StringPredicate[]>;
  readonly query: Map<string, StringPredicate[]>;
}

export function emptyPredicates(): AttributePredicates {
  return { methods: [], paths: [], authorities: [], headers: new Map(), query: new Map() };
}

/** JWT claim pseudo-headers: the token's (tokens.ts), not a header (route-match.ts `CLAIM`). */
const CLAIM = /^@request\.auth\.claims[.[]/;

export const quote = (s: string): string => s.replace(/[\\.+*?()|[\]{}^$]/g, "\\$&");

/** Istio `StringMatch` on a present value (string-match.ts `matchString`). */
export function stringMatchPredicate(m: StringMatch, ignoreCase = false): StringPredicate | undefined {
  if (isPresenceMatch(m)) return undefined;
  const r = m as { exact?: string; prefix?: string; regex?: string };
  // ignoreUriCase applies to exact and prefix only (Envoy ignores it for regex).
  const fold = ignoreCase && r.regex === undefined;
  const test = (v: string) => matchString(m, v, fold);
  const ci = fold ? " (ignoring case)" : "";
  if (r.exact !== undefined)
    return {
      key: `exact${ci}:${r.exact}`,
      label: `exact '${r.exact}'${ci}`,
      re2: quote(r.exact),
      ignoreCase: fold,
      test,
    };
  if (r.prefix !== undefined)
    return {
      key: `prefix${ci}:${r.prefix}`,
      label: `prefix '${r.prefix}'${ci}`,
      re2: `${quote(r.prefix)}.*`,
      ignoreCase: fold,
      test,
    };
  return { key: `regex:${r.regex}`, label: `regex '${r.regex}'`, re2: r.regex, ignoreCase: false, test };
}

/** An AuthorizationPolicy value (authz-values.ts `wildcardMatch`): exact, `prefix*`, `*suffix`, `*` (non-empty). */
export function wildcardPredicate(v: string, ignoreCase = false): StringPredicate {
  const test = (x: string) => wildcardMatch(v, x, "", ignoreCase);
  const ci = ignoreCase ? " (ignoring case)" : "";
  if (v === "*") return { key: "any", label: "any value", re2: ".+", ignoreCase, test };
  if (v.startsWith("*"))
    return {
      key: `suffix${ci}:${v}`,
      label: `suffix '${v.slice(1)}'${ci}`,
      re2: `.*${quote(v.slice(1))}`,
      ignoreCase,
      test,
    };
  if (v.endsWith("*"))
    return {
      key: `prefix${ci}:${v.slice(0, -1)}`,
      label: `prefix '${v.slice(0, -1)}'${ci}`,
      re2: `${quote(v.slice(0, -1))}.*`,
      ignoreCase,
      test,
    };
  return { key: `exact${ci}:${v}`, label: `exact '${v}'${ci}`, re2: quote(v), ignoreCase, test };
}

/** `operation.paths` (authz-values.ts `pathMatches`): a URI template is a regex, anything else a wildcard value. */
function pathPredicate(v: string): StringPredicate {
  const re = pathTemplateRegex(v);
  if (re === undefined) return wildcardPredicate(v);
  return {
    key: `template:${v}`,
    label: `template '${v}'`,
    re2: re,
    ignoreCase: false,
    test: (x) => wildcardPredicate(v).test(x) || matchString({ regex: re }, x),
  };
}

function push<K>(map: Map<K, StringPredicate[]>, key: K, p: StringPredicate | undefined): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, p === undefined ? [] : [p]);
  else if (p !== undefined) list.push(p);
}

function addMatch(into: AttributePredicates, m: HTTPMatchRequest): void {
  const add = (list: StringPredicate[], p: StringPredicate | undefined) => p && list.push(p);
  if (m.uri) add(into.paths, stringMatchPredicate(m.uri, m.ignoreUriCase === true));
  if (m.method) add(into.methods, stringMatchPredicate(m.method));
  if (m.authority) add(into.authorities, stringMatchPredicate(m.authority));
  for (const block of [m.headers, m.withoutHeaders])
    for (const [name, sm] of Object.entries(block ?? {})) {
      if (CLAIM.test(name)) continue; // the token's (tokens.ts)
      push(into.headers, name.toLowerCase(), stringMatchPredicate(sm));
    }
  for (const [name, sm] of Object.entries(m.queryParams ?? {})) push(into.query, name, stringMatchPredicate(sm));
}

/** The match blocks of VirtualServices (all of `spec.http`; delegates included by the caller). */
export function addVirtualService(into: AttributePredicates, vs: VirtualServiceNode): void {
  for (const route of vs.spec.http ?? []) for (const m of route.match ?? []) addMatch(into, m);
}

function addRule(into: AttributePredicates, rule: AuthorizationRule): void {
  for (const to of rule.to ?? []) {
    const op = to.operation ?? {};
    for (const v of [...(op.methods ?? []), ...(op.notMethods ?? [])]) into.methods.push(wildcardPredicate(v));
    for (const v of [...(op.paths ?? []), ...(op.notPaths ?? [])]) into.paths.push(pathPredicate(v));
    for (const v of [...(op.hosts ?? []), ...(op.notHosts ?? [])]) into.authorities.push(wildcardPredicate(v, true));
  }
  for (const c of rule.when ?? []) {
    const header = /^request\.headers\[(.+)\]$/.exec(c.key);
    // request.auth.* keys: the token's (tokens.ts).
    if (header === null) continue;
    const name = header[1]!.toLowerCase();
    push(into.headers, name, undefined);
    for (const v of [...(c.values ?? []), ...(c.notValues ?? [])]) push(into.headers, name, wildcardPredicate(v));
  }
}

export function addPolicy(into: AttributePredicates, p: AuthorizationPolicyNode): void {
  for (const rule of p.spec.rules ?? []) addRule(into, rule);
}

/** The query string of a request with these parameters (first value of a key, as route-match.ts reads it). */
export function queryString(params: ReadonlyMap<string, string>): string {
  const q = [...params].map(([k, v]) => `${k}=${v}`).join("&");
  for (const [k, v] of params)
    if (queryParam(q, k) !== v) throw new Error(`query parameter '${k}' does not round-trip`);
  return q;
}
