/**
 * What a `SimulationResult` shows, in words for failure messages: outcomes grouped by the aspect an expectation
 * looks at, each group with its share when there is more than one ("reviews@v1 90%, reviews@v2 10%").
 */
import type { Outcome, RouteRef } from "../eval/types.ts";

/** `90`, `33.33`, `0.01`: a probability as a percentage, as users write one (at most two decimals). */
export function percentOf(probability: number): string {
  return String(Math.round(probability * 10_000) / 100);
}

/**
 * Sum the outcomes' probabilities per description, in order of first appearance, and list them: one group alone
 * is shown without its share.
 */
export function shares(outcomes: readonly Outcome[], describe: (o: Outcome) => string): string {
  const groups = new Map<string, number>();
  for (const o of outcomes) groups.set(describe(o), (groups.get(describe(o)) ?? 0) + o.probability);
  if (groups.size === 0) return "no outcome at all";
  if (groups.size === 1) return [...groups.keys()][0]!;
  return [...groups].map(([text, p]) => `${text} ${percentOf(p)}%`).join(", ");
}

/** `allowed by bookinfo/reviews-viewer`, `denied by default (no ALLOW policy matched)`, or why there was no decision. */
export function describeAuthz(o: Outcome): string {
  if (o.authz === null) return `not authorized at all (status ${o.status})`;
  const verb = o.authz.decision === "ALLOW" ? "allowed" : "denied";
  if (o.authz.policy !== null) return `${verb} by ${o.authz.policy}`;
  // docs/results.md: the default decides when no policy applies (ALLOW) or ALLOW policies exist and none matched (DENY).
  return o.authz.decision === "ALLOW"
    ? "allowed by default (no policy applies)"
    : "denied by default (no ALLOW policy matched)";
}

/**
 * Whether the connection that reached the outcome's destination was TLS its proxy originated (a DestinationRule tls
 * mode `SIMPLE` or `MUTUAL`): the last hop's `tls`, or a single-hop outcome's (docs/results.md "TLS").
 */
export function originated(o: Outcome): boolean {
  const last = o.hops?.[o.hops.length - 1];
  return last !== undefined ? last.tls === "origination" : o.tls === "origination";
}

/**
 * `mutual TLS`, `originated TLS`, `plaintext`, or `no connection (status N)` when the request never reached a
 * server.
 */
export function describeMtls(o: Outcome): string {
  if (o.mtls === null) return `no connection (status ${o.status})`;
  return o.mtls ? "mutual TLS" : originated(o) ? "originated TLS" : "plaintext";
}

/** The status code as a string. */
export function describeStatus(o: Outcome): string {
  return String(o.status);
}

/** `rule 0 ('jason') of VirtualService bookinfo/reviews`; a tcp rule: `tcp rule 1 of VirtualService db/mongo`. */
export function describeRoute(route: RouteRef): string {
  return `${route.section === "tcp" ? "tcp rule" : "rule"} ${route.index}${route.name === null ? "" : ` ('${route.name}')`} of ${route.resource}`;
}
