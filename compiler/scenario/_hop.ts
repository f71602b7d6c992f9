/**
 * `expect hop N ...` (docs/scenarios.md) against a result's outcomes: the Nth entry of each outcome's `hops`
 * (docs/results.md "Hops", 1 = the client's proxy) must be the proxy, destination, TLS and decision written. Like
 * every expectation without a percentage, it must hold for every outcome; an outcome that crossed fewer proxies
 * (or one, and so has no `hops`) does not satisfy it.
 */
import type { AuthzDecision, Hop, Outcome } from "../eval/types.ts";
import type { HopExpectation } from "./ast.ts";
import type { ServiceResolver } from "./resolve.ts";
import { shares } from "./_describe.ts";

export type HopCheck =
  | { readonly kind: "ambiguous"; readonly candidates: readonly string[] }
  | { readonly kind: "checked"; readonly ok: boolean; readonly expected: string; readonly found: string };

const TLS_WORDS = { mtls: "Istio mTLS", plaintext: "plaintext", origination: "originating TLS" } as const;

/** What `e` says and what the outcomes show, in the words of the parts `e` names. */
export function checkHop(outcomes: readonly Outcome[], e: HopExpectation, resolve: ServiceResolver): HopCheck {
  let fqdn: string | undefined;
  if (e.destination !== undefined) {
    const r = resolve(e.destination.service);
    if (r.kind === "ambiguous") return { kind: "ambiguous", candidates: r.candidates };
    fqdn = r.kind === "service" ? r.fqdn : e.destination.service;
  }
  const holds = (hop: Hop): boolean =>
    (e.proxy === undefined || hop.proxy === e.proxy) &&
    (e.destination === undefined ||
      (hop.destination !== null &&
        hop.destination.service === fqdn &&
        (e.destination.subset === null || hop.destination.subset === e.destination.subset))) &&
    (e.tls === undefined || hop.tls === e.tls) &&
    (e.authz === undefined ||
      (hop.authz !== null &&
        hop.authz.decision === e.authz.decision &&
        (e.authz.policy === undefined || hop.authz.policy === e.authz.policy)));
  const hopOf = (o: Outcome): Hop | undefined => o.hops?.[e.hop - 1];
  const ok = outcomes.length > 0 && outcomes.every((o) => hopOf(o) !== undefined && holds(hopOf(o)!));
  return { kind: "checked", ok, expected: expected(e), found: shares(outcomes, (o) => found(o, e)) };
}

function expected(e: HopExpectation): string {
  const parts: string[] = [];
  if (e.proxy !== undefined) parts.push(`at ${e.proxy}`);
  if (e.destination !== undefined)
    parts.push(
      `to ${e.destination.subset === null ? e.destination.service : `${e.destination.service}@${e.destination.subset}`}`,
    );
  if (e.tls !== undefined) parts.push(TLS_WORDS[e.tls]);
  if (e.authz !== undefined) {
    const verb = e.authz.decision === "ALLOW" ? "allowed" : "denied";
    parts.push(e.authz.policy === undefined ? verb : `${verb} by ${e.authz.policy ?? "default"}`);
  }
  return parts.join(", ");
}

/** The same parts of the outcome's hop; where it has none, how many proxies it crossed. */
function found(o: Outcome, e: HopExpectation): string {
  const crossed = o.hops?.length ?? 1;
  const hop = o.hops?.[e.hop - 1];
  if (hop === undefined)
    return `no hop ${e.hop} (the request crossed ${crossed === 1 ? "one proxy" : `${crossed} proxies`}, status ${o.status})`;
  const parts: string[] = [];
  if (e.proxy !== undefined) parts.push(`at ${hop.proxy}`);
  if (e.destination !== undefined)
    parts.push(
      hop.destination === null
        ? `sent nowhere (status ${o.status})`
        : `to ${e.destination.subset === null || hop.destination.subset === null ? hop.destination.service : `${hop.destination.service}@${hop.destination.subset}`}`,
    );
  if (e.tls !== undefined) parts.push(hop.tls === null ? "no connection" : TLS_WORDS[hop.tls]);
  if (e.authz !== undefined) parts.push(decision(hop.authz));
  return parts.join(", ");
}

function decision(d: AuthzDecision | null): string {
  if (d === null) return "no decision (the client's proxy)";
  const verb = d.decision === "ALLOW" ? "allowed" : "denied";
  if (d.policy !== null) return `${verb} by ${d.policy}`;
  return d.decision === "ALLOW"
    ? "allowed by default (no policy applies)"
    : "denied by default (no ALLOW policy matched)";
}
