/**
 * Header finalisation of a route entry (envoy `source/common/router/config_impl.cc`
 * `RouteEntryImplBase::finalizeRequestHeaders` / `finalizeResponseHeaders`, and the weighted cluster entry's
 * overrides, which run their own parser and host literal first): the header parsers of every level in order
 * (weighted cluster → route → virtual host → route configuration; reversed with `most_specific_header_mutations_wins`,
 * `getHeaderParsers`), then the host rewrite, then the path rewrite.
 */
import type {
  RouteAction,
  WeightedCluster_ClusterWeight,
} from "../../../emit/envoy/gen/envoy/config/route/v3/route_components.ts";
import type { HeaderValueOption } from "../../../emit/envoy/gen/envoy/config/core/v3/base.ts";
import { applyHeaderMutations, type FormatContext } from "./header-mutation.ts";
import type { HeaderMap } from "./header-map.ts";
import { applyHostRewrite, applyPathRewrite } from "./rewrite.ts";

/** A level that carries header mutations: weighted cluster entry, route, virtual host, route configuration. */
export interface Level {
  readonly requestHeadersToAdd: readonly HeaderValueOption[];
  readonly requestHeadersToRemove: readonly string[];
  readonly responseHeadersToAdd: readonly HeaderValueOption[];
  readonly responseHeadersToRemove: readonly string[];
}

/** `levels` from most to least specific. */
function ordered(levels: readonly Level[], mostSpecificWins: boolean): readonly Level[] {
  return mostSpecificWins ? [...levels].reverse() : levels;
}

export function finalizeRequest(
  headers: HeaderMap,
  levels: readonly Level[],
  mostSpecificWins: boolean,
  format: FormatContext,
  action: RouteAction,
  weighted: WeightedCluster_ClusterWeight | undefined,
  matchedPath: string,
): void {
  for (const l of ordered(levels, mostSpecificWins)) {
    applyHeaderMutations(headers, { toAdd: l.requestHeadersToAdd, toRemove: l.requestHeadersToRemove }, format);
  }
  const w = weighted?.hostRewriteSpecifier;
  if (w?.oneofKind === "hostRewriteLiteral" && w.hostRewriteLiteral !== "")
    headers.set(":authority", w.hostRewriteLiteral);
  applyHostRewrite(headers, action);
  applyPathRewrite(headers, matchedPath, action.prefixRewrite, action.regexRewrite);
}

export function finalizeResponse(
  headers: HeaderMap,
  levels: readonly Level[],
  mostSpecificWins: boolean,
  format: FormatContext,
): void {
  for (const l of ordered(levels, mostSpecificWins)) {
    applyHeaderMutations(headers, { toAdd: l.responseHeadersToAdd, toRemove: l.responseHeadersToRemove }, format);
  }
}
