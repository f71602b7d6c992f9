/**
 * The load-time checks Envoy makes on a RouteConfiguration beyond proto parsing (envoy
 * `source/common/router/config_impl.cc` constructors, `weighted_cluster_specifier.cc`, `header_parser.cc`;
 * ../shared/reference/envoy-semantics.md §10), worded as Envoy's exceptions. An evaluator must not route through a
 * configuration Envoy would reject. Not checked here: PGV rules (see compiler/emit/envoy/pgv/) and RE2 program size.
 */
import type { RouteConfiguration } from "../../../emit/envoy/gen/envoy/config/route/v3/route.ts";
import type { HeaderValueOption } from "../../../emit/envoy/gen/envoy/config/core/v3/base.ts";
import type { Route, VirtualHost } from "../../../emit/envoy/gen/envoy/config/route/v3/route_components.ts";
import { compileRegex } from "./regex.ts";
import { asciiLower } from "./string-matcher.ts";

/** Every reason Envoy would reject `config`, in config order; empty when it loads. */
export function validateRouteConfiguration(config: RouteConfiguration): string[] {
  const errors: string[] = [];
  const seen = new Set<string>();
  let wildcards = 0;
  for (const vh of config.virtualHosts) {
    for (const d of vh.domains.map(asciiLower)) {
      if (d === "*" && ++wildcards > 1)
        errors.push(`Only a single wildcard domain is permitted in route ${config.name}`);
      if (d !== "*" && seen.has(d))
        errors.push(
          `Only unique values for domains are permitted. Duplicate entry of domain ${d} in route ${config.name}`,
        );
      seen.add(d);
    }
    if (vh.matcher !== undefined && vh.routes.length > 0)
      errors.push(`cannot set both matcher and routes on virtual host ${vh.name}`);
    for (const vc of vh.virtualClusters)
      if (vc.headers.length === 0) errors.push("virtual clusters must define 'headers'");
    errors.push(...headerOptionErrors([vh.requestHeadersToAdd, vh.responseHeadersToAdd]));
    for (const r of vh.routes) errors.push(...routeErrors(r, vh));
  }
  errors.push(...headerOptionErrors([config.requestHeadersToAdd, config.responseHeadersToAdd]));
  return errors;
}

function routeErrors(r: Route, vh: VirtualHost): string[] {
  const errors: string[] = [];
  const regexes: string[] = [];
  const p = r.match?.pathSpecifier;
  if (p?.oneofKind === "safeRegex") regexes.push(p.safeRegex.regex);
  for (const h of r.match?.headers ?? []) {
    const s = h.headerMatchSpecifier;
    if (s.oneofKind === "safeRegexMatch") regexes.push(s.safeRegexMatch.regex);
    if (s.oneofKind === "stringMatch" && s.stringMatch.matchPattern.oneofKind === "safeRegex")
      regexes.push(s.stringMatch.matchPattern.safeRegex.regex);
  }
  errors.push(...headerOptionErrors([r.requestHeadersToAdd, r.responseHeadersToAdd]));
  if (r.action.oneofKind === "route") {
    const ra = r.action.route;
    const rewrites = [
      ra.prefixRewrite !== "",
      ra.regexRewrite !== undefined,
      ra.pathRewritePolicy !== undefined,
    ].filter(Boolean).length;
    if (rewrites > 1) errors.push("Specify only one of prefix_rewrite, regex_rewrite or path_rewrite_policy");
    if (ra.regexRewrite?.pattern !== undefined) regexes.push(ra.regexRewrite.pattern.regex);
    if (ra.clusterSpecifier.oneofKind === "weightedClusters") {
      const wc = ra.clusterSpecifier.weightedClusters;
      let total = 0;
      for (const c of wc.clusters) {
        if (c.name === "" && c.clusterHeader === "")
          errors.push("At least one of name or cluster_header need to be specified");
        if (c.name !== "" && c.clusterHeader !== "") errors.push("Only one of name or cluster_header can be specified");
        if (c.weight === undefined) errors.push(`Field 'weight' is missing in: ${vh.name}`);
        total += c.weight?.value ?? 0;
        errors.push(...headerOptionErrors([c.requestHeadersToAdd, c.responseHeadersToAdd]));
      }
      if (total === 0) errors.push("Sum of weights in the weighted_cluster must be greater than 0.");
      if (total > 4294967295) errors.push("The sum of weights of all weighted clusters of route exceeds 4294967295");
    }
  }
  for (const re of regexes) {
    const c = compileRegex(re);
    if (c instanceof Error) errors.push(`Invalid regex '${re}': ${c.message}`);
  }
  return errors;
}

/** `:`-prefixed and `host` headers may not be set through `*_headers_to_add` (header_parser.cc). */
function headerOptionErrors(lists: readonly (readonly HeaderValueOption[])[]): string[] {
  const bad = lists.flat().filter((o) => {
    const k = asciiLower(o.header?.key ?? "");
    return k.startsWith(":") || k === "host";
  });
  return bad.length === 0 ? [] : [":-prefixed or host headers may not be modified"];
}
