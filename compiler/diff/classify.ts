/**
 * What changed between a request's two results (docs/diff.md kinds), and how severe it is for a reviewer: newly allowed,
 * newly denied, changed destinations, changed splits, then status, mTLS, fault, route, deciding policy.
 */
import type { Outcome, SimulationResult } from "../eval/index.ts";

export type ChangeKind = "route" | "destinations" | "status" | "mtls" | "authz" | "fault" | "policy";
export const CHANGE_KINDS: readonly ChangeKind[] = [
  "authz",
  "destinations",
  "status",
  "mtls",
  "fault",
  "route",
  "policy",
];

/** The reviewer's reading of a change, most severe first. */
export type Severity =
  | "newly allowed"
  | "newly denied"
  | "destinations"
  | "split"
  | "status"
  | "mtls"
  | "fault"
  | "route"
  | "policy";
export const SEVERITIES: readonly Severity[] = [
  "newly allowed",
  "newly denied",
  "destinations",
  "split",
  "status",
  "mtls",
  "fault",
  "route",
  "policy",
];

/** A request's result without its trace and echo; undefined when the request does not resolve in that version. */
export type Decision = Omit<SimulationResult, "trace" | "request">;

export function decisionOf(r: SimulationResult | undefined): Decision | undefined {
  if (r === undefined) return undefined;
  const { trace: _t, request: _r, ...rest } = r;
  return rest;
}

/** Probability per value of a field over the outcomes. */
function distribution(outcomes: readonly Outcome[], field: (o: Outcome) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const o of outcomes) m.set(field(o), (m.get(field(o)) ?? 0) + o.probability);
  return m;
}

const EPS = 1e-9;
function sameDistribution(a: Map<string, number>, b: Map<string, number>): boolean {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].every((k) => Math.abs((a.get(k) ?? 0) - (b.get(k) ?? 0)) < EPS);
}

const denied = (d: Decision): number =>
  d.outcomes.reduce((p, o) => p + (o.authz?.decision === "DENY" ? o.probability : 0), 0);

/** Every kind in which the two decisions differ, and the most severe reading. Empty when they are equal. */
export function classify(
  before: Decision | undefined,
  after: Decision | undefined,
): { kinds: ChangeKind[]; severity: Severity } | undefined {
  if (JSON.stringify(before) === JSON.stringify(after)) return undefined;
  if (before === undefined || after === undefined) return { kinds: ["status"], severity: "status" };
  const kinds = new Set<ChangeKind>();
  let severity: Severity | undefined;
  const worst = (s: Severity) => {
    if (severity === undefined || SEVERITIES.indexOf(s) < SEVERITIES.indexOf(severity)) severity = s;
  };
  const dBefore = denied(before);
  const dAfter = denied(after);
  if (Math.abs(dBefore - dAfter) > EPS) {
    kinds.add("authz");
    worst(dAfter < dBefore ? "newly allowed" : "newly denied");
  }
  const policy = (o: Outcome) => (o.authz ? `${o.authz.decision} ${o.authz.policy} ${o.authz.rule}` : "none");
  if (
    !kinds.has("authz") &&
    !sameDistribution(distribution(before.outcomes, policy), distribution(after.outcomes, policy))
  ) {
    kinds.add("policy");
    worst("policy");
  }
  const cluster = (o: Outcome) => o.destination?.cluster ?? "none";
  const cb = distribution(before.outcomes, cluster);
  const ca = distribution(after.outcomes, cluster);
  if (!sameDistribution(cb, ca)) {
    kinds.add("destinations");
    const sameSet = cb.size === ca.size && [...cb.keys()].every((k) => ca.has(k));
    worst(sameSet ? "split" : "destinations");
  }
  if (
    !sameDistribution(
      distribution(before.outcomes, (o) => String(o.status)),
      distribution(after.outcomes, (o) => String(o.status)),
    )
  ) {
    kinds.add("status");
    worst("status");
  }
  if (
    !sameDistribution(
      distribution(before.outcomes, (o) => String(o.mtls)),
      distribution(after.outcomes, (o) => String(o.mtls)),
    )
  ) {
    kinds.add("mtls");
    worst("mtls");
  }
  const fault = (o: Outcome) => JSON.stringify(o.fault);
  if (!sameDistribution(distribution(before.outcomes, fault), distribution(after.outcomes, fault))) {
    kinds.add("fault");
    worst("fault");
  }
  const routeOf = (d: Decision) => JSON.stringify([d.route, d.timeout, d.retries]);
  if (routeOf(before) !== routeOf(after)) {
    kinds.add("route");
    worst("route");
  }
  // Anything else (an outcome's `error` text, say) is still a change of the response.
  if (kinds.size === 0) return { kinds: ["status"], severity: "status" };
  const ordered = CHANGE_KINDS.filter((k) => kinds.has(k));
  return { kinds: ordered, severity: severity! };
}

/**
 * What a reviewer compares for a change: for each kind that changed, that aspect of both results (the destination
 * split, the authorization decision, ...). Cells with the same projection are one change, even where aspects that did
 * not change (the deciding rule of an unchanged ALLOW, say) differ between them.
 */
export function projection(
  before: Decision | undefined,
  after: Decision | undefined,
  kinds: readonly ChangeKind[],
): string {
  const aspect = (d: Decision | undefined, k: ChangeKind): unknown => {
    if (d === undefined) return null;
    const dist = (f: (o: Outcome) => string) => [...distribution(d.outcomes, f)].sort(([a], [b]) => (a < b ? -1 : 1));
    switch (k) {
      case "authz":
        return dist((o) => o.authz?.decision ?? "none");
      case "policy":
        return dist((o) => (o.authz ? `${o.authz.decision} ${o.authz.policy} ${o.authz.rule}` : "none"));
      case "destinations":
        return dist((o) => o.destination?.cluster ?? "none");
      case "status":
        return dist((o) => `${o.status} ${o.error ?? ""}`);
      case "mtls":
        return dist((o) => String(o.mtls));
      case "fault":
        return dist((o) => JSON.stringify(o.fault));
      case "route":
        return [d.route, d.timeout, d.retries];
    }
  };
  return JSON.stringify(kinds.map((k) => [k, aspect(before, k), aspect(after, k)]));
}

/** The docs/diff.md `kind` of a severity. */
export function kindOf(severity: Severity): ChangeKind {
  switch (severity) {
    case "newly allowed":
    case "newly denied":
      return "authz";
    case "split":
      return "destinations";
    case "destinations":
    case "status":
    case "mtls":
    case "fault":
    case "route":
    case "policy":
      return severity;
  }
}
