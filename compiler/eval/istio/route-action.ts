/**
 * What the matched rule does (istio `route.go` `TranslateRoute`): a redirect (301 unless `redirectCode`), a direct
 * response, or forwarding to weighted destinations with rewrites, fault injection, mirrors, retries and timeout.
 *
 * Weights: one destination takes everything (its weight is ignored); with several, zero weights are dropped and
 * Envoy picks `random % total` in the cumulative intervals `[w0, w0+w1, ...)` (envoy
 * `source/common/router/weighted_cluster_specifier.cc`), so each destination gets exactly `weight / total` of a
 * uniform random value: that is its probability here.
 */
import { pathSeparatedPrefix, usesGatewaySemantics, usesPathSeparatedPrefix } from "../../ir/route-semantics.ts";
import { resolveShortname } from "../../ir/hosts.ts";
import type { HTTPRoute } from "../../ir/istio-api.ts";
import type { Outcome, SimulationResult } from "../types.ts";
import type { HttpView } from "../_shared/model.ts";
import { faultForks } from "./fault.ts";
import { percent } from "../_shared/outcomes.ts";
import { retriesOf, timeoutOf } from "./retries.ts";
import { re2ReplaceAll } from "./string-match.ts";
import { forwardedHeaders } from "./request-headers.ts";
import { upstreamOutcomes, type Upstream, type UpstreamContext } from "./upstream.ts";
import type { EnvoyRoute } from "./virtual-service.ts";

export interface RouteResult {
  readonly outcomes: readonly Outcome[];
  readonly timeout: string | null;
  readonly retries: SimulationResult["retries"];
}

/**
 * The route's (or mirror's) destinations, resolved, in `spec.http[i].route` order. A route destination without a
 * host (conversion.go `buildDestination`'s empty destination for a backendRef a ReferenceGrant does not allow) keeps
 * its place with host "" (route.go `GetDestinationCluster`: "UnknownService", a cluster no proxy has).
 */
export function destinationsOf(r: EnvoyRoute, role: "route" | "mirror"): Upstream[] {
  const missing = usesGatewaySemantics(r.vs) ? { missingStatus: 500 } : {};
  const resolved = r.vs.destinations.filter(
    (d) => d.role === role && d.path[1] === "http" && d.path[2] === r.ruleIndex,
  );
  const up = (d: (typeof resolved)[number]): Upstream => ({
    host: d.host,
    subset: d.subset ?? null,
    port: d.port,
    ...missing,
  });
  if (role === "mirror") return resolved.map(up);
  return (r.rule.route ?? []).map((_, j) => {
    const d = resolved.find((x) => x.path[4] === j);
    // model/config.go `ResolveShortnameToFQDN`: an empty host stays empty.
    return d === undefined
      ? { host: resolveShortname("", r.vs.meta.namespace), subset: null, port: undefined, ...missing }
      : up(d);
  });
}

/**
 * `rewrite.uri` as the route istiod generates applies it: Envoy's `prefix_rewrite` replaces the matched prefix (the
 * `path_separated_prefix` under Gateway API semantics) or exact path; under Gateway API semantics `/` removes the
 * prefix instead (route.go `applyHTTPRouteDestination`: regex `^<prefix>(/?)(.*)` → `/\2`).
 */
export function uriRewrite(r: EnvoyRoute, uri: string): (path: string) => string {
  const u = r.match?.uri as { exact?: string; prefix?: string } | undefined;
  const gateway = usesGatewaySemantics(r.vs);
  const separated =
    usesPathSeparatedPrefix(r.vs) && u?.prefix !== undefined ? pathSeparatedPrefix(u.prefix) : undefined;
  if (gateway && uri === "/") {
    const prefix = separated ?? "";
    return (path) => (path.startsWith(prefix) ? `/${path.slice(prefix.length).replace(/^\//, "")}` : path);
  }
  const fixed = separated ?? u?.prefix ?? u?.exact ?? (u === undefined ? "/" : undefined);
  return (path) => uri + path.slice((fixed ?? path).length);
}

/** Envoy `prefix_rewrite` replaces the matched prefix (or exact path); `regex_rewrite` substitutes; the query is kept apart. */
function rewritten(r: EnvoyRoute, req: HttpView): HttpView {
  const rw = r.rule.rewrite;
  if (rw === undefined) return req;
  let path = req.path;
  if (rw.uriRegexRewrite !== undefined)
    path = re2ReplaceAll(rw.uriRegexRewrite.match, path, rw.uriRegexRewrite.rewrite);
  else if (rw.uri !== undefined) path = uriRewrite(r, rw.uri)(path);
  return { ...req, path, authority: rw.authority ?? req.authority };
}

function traceMirrors(r: EnvoyRoute, trace: string[]): void {
  const mirrors = destinationsOf(r, "mirror");
  const pct = (i: number): number => {
    if (r.rule.mirror !== undefined && i === 0) return r.rule.mirrorPercentage?.value ?? 100;
    return r.rule.mirrors?.[r.rule.mirror !== undefined ? i - 1 : i]?.percentage?.value ?? 100;
  };
  mirrors.forEach((m, i) => {
    trace.push(
      `Mirror: ${pct(i)}% of these requests are copied to ${m.host}${m.subset ? ` subset '${m.subset}'` : ""} (responses ignored).`,
    );
  });
}

/** The weighted split: each kept destination with its probability `weight / total`. */
export function weighted(rule: HTTPRoute, ups: readonly Upstream[]): { up: Upstream; p: number; index: number }[] {
  if (ups.length === 1) return [{ up: ups[0]!, p: 1, index: 0 }];
  const w = ups.map((u, j) => ({ up: u, w: rule.route?.[j]?.weight ?? 0, index: j })).filter((x) => x.w > 0);
  const total = w.reduce((s, x) => s + x.w, 0);
  return w.map((x) => ({ up: x.up, p: x.w / total, index: x.index }));
}

export function routeAction(ctx: UpstreamContext, r: EnvoyRoute, req: HttpView): RouteResult {
  const { trace } = ctx;
  const rule = r.rule;
  const local = (status: number, what: string): RouteResult => {
    trace.push(what);
    return {
      outcomes: [{ probability: 1, status, destination: null, mtls: null, authz: null, fault: null }],
      timeout: null,
      retries: null,
    };
  };
  if (rule.redirect !== undefined)
    return local(rule.redirect.redirectCode ?? 301, `The route redirects (${rule.redirect.redirectCode ?? 301}).`);
  if (rule.directResponse !== undefined)
    return local(rule.directResponse.status, `The route answers directly with ${rule.directResponse.status}.`);
  if (rule.delegate !== undefined)
    return local(404, "Delegate VirtualServices are not evaluated by meshc yet: no route.");
  const split = weighted(rule, destinationsOf(r, "route"));
  if (split.length > 1)
    trace.push(
      `Weighted split: ${split.map((s) => `${percent(s.p)} → ${s.up.host}${s.up.subset ? `@${s.up.subset}` : ""}`).join(", ")}.`,
    );
  traceMirrors(r, trace);
  const forks = faultForks(rule.fault);
  for (const f of forks)
    if (f.fault !== null) trace.push(`Fault: ${percent(f.probability)} of requests get ${JSON.stringify(f.fault)}.`);
  const view = rewritten(r, req);
  if (view !== req) trace.push(`Rewrite: the server sees ${view.authority}${view.path}.`);
  const outcomes: Outcome[] = [];
  for (const f of forks) {
    if (f.abortStatus !== undefined) {
      outcomes.push({
        probability: f.probability,
        status: f.abortStatus,
        destination: null,
        mtls: null,
        authz: null,
        fault: f.fault,
      });
      continue;
    }
    for (const s of split) {
      // The route's and the destination's `headers.request` (request-headers.ts).
      const dest = rule.route?.[s.index]?.headers;
      const sent = forwardedHeaders(view, rule.headers, dest, rule.route?.length === 1, rule.rewrite?.authority);
      outcomes.push(...upstreamOutcomes(ctx, s.up, sent, f.probability * s.p, f.fault));
    }
  }
  return { outcomes, timeout: timeoutOf(rule), retries: retriesOf(rule) };
}
