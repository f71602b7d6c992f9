/**
 * The DestinationRule a client proxy uses for a host, and the TLS settings it gives one cluster.
 *
 * Lookup follows istio `pilot/pkg/model/sidecar.go` / `push_context.go` `destinationRule`: first the rules in the
 * client's own namespace (those whose workloadSelector selects the client before the others), then rules exported
 * from the service's namespace, then rules exported from the root namespace; within a namespace the most specific
 * host wins and rules for the same host are merged (subsets appended, the first traffic policy kept —
 * `MergeDestinationRule`).
 */
import { hostMatches } from "../../ir/_hosts.ts";
import { resourcesOf, type DestinationRuleNode, type MeshIR } from "../../ir/ir.ts";
import type { ClientTLSSettings, Subset, TrafficPolicy } from "../../ir/istio-api.ts";
import type { Client } from "./_model.ts";
import { visibleFrom } from "./visibility.ts";

export interface AppliedRule {
  readonly rules: readonly DestinationRuleNode[];
  readonly subsets: readonly Subset[];
  readonly trafficPolicy: TrafficPolicy | undefined;
}

const ruleName = (dr: DestinationRuleNode): string => `DestinationRule ${dr.meta.namespace}/${dr.meta.name}`;
export const appliedName = (a: AppliedRule): string => a.rules.map(ruleName).join(" + ");

function bestForHost(rules: readonly DestinationRuleNode[], host: string): DestinationRuleNode[] {
  const rank = (dr: DestinationRuleNode) => (dr.host === host ? Number.MAX_SAFE_INTEGER : hostMatches(dr.host, host) ? dr.host.length : -1);
  const best = Math.max(-1, ...rules.map(rank));
  return best < 0 ? [] : rules.filter((dr) => rank(dr) === best);
}

/** The rule(s) the client uses for `host`, whose own namespace is `serviceNamespace` (undefined for external hosts). */
export function destinationRuleFor(ir: MeshIR, client: Client, host: string, serviceNamespace: string | undefined): AppliedRule | undefined {
  const all = resourcesOf(ir, "destinationRule");
  const selects = (dr: DestinationRuleNode) => dr.selectedWorkloads === undefined || (client.workload !== undefined && dr.selectedWorkloads.includes(client.workload.id));
  const own = all.filter((dr) => dr.meta.namespace === client.namespace && selects(dr));
  const levels = [
    bestForHost(own.filter((dr) => dr.selectedWorkloads !== undefined), host),
    bestForHost(own.filter((dr) => dr.selectedWorkloads === undefined), host),
    serviceNamespace === undefined ? [] : bestForHost(all.filter((dr) => dr.meta.namespace === serviceNamespace && dr.selectedWorkloads === undefined && visibleFrom(dr.exportTo, client.namespace)), host),
    bestForHost(all.filter((dr) => dr.meta.namespace === ir.meshConfig.rootNamespace && dr.selectedWorkloads === undefined && visibleFrom(dr.exportTo, client.namespace)), host),
  ];
  const rules = levels.find((l) => l.length > 0);
  if (rules === undefined) return undefined;
  const subsets: Subset[] = [];
  for (const dr of rules) for (const s of dr.spec.subsets ?? []) if (!subsets.some((x) => x.name === s.name)) subsets.push(s);
  return { rules, subsets, trafficPolicy: rules.find((r) => r.spec.trafficPolicy !== undefined)?.spec.trafficPolicy };
}

/**
 * istio `pilot/pkg/networking/util/util.go` `GetPortLevelTrafficPolicy`: a `portLevelSettings` entry for the port
 * replaces the whole policy (its unset fields do not inherit the rule-level ones).
 */
function forPort(policy: TrafficPolicy | undefined, port: number): { tls: ClientTLSSettings | undefined; portLevel: boolean } {
  const pl = policy?.portLevelSettings?.find((p) => p.port?.number === port);
  return pl !== undefined ? { tls: pl.tls, portLevel: true } : { tls: policy?.tls, portLevel: false };
}

/** The TLS settings of cluster `outbound|port|subset|host`: the subset's (port-resolved) tls overrides the rule's. */
export function clusterTls(applied: AppliedRule | undefined, port: number, subset: string | null): { tls: ClientTLSSettings | undefined; from: string } {
  if (applied === undefined) return { tls: undefined, from: "" };
  const sub = subset === null ? undefined : applied.subsets.find((s) => s.name === subset);
  const subTls = forPort(sub?.trafficPolicy, port);
  if (subTls.tls !== undefined) return { tls: subTls.tls, from: `${appliedName(applied)} subset '${subset}'${subTls.portLevel ? ` port ${port}` : ""}` };
  const base = forPort(applied.trafficPolicy, port);
  return { tls: base.tls, from: `${appliedName(applied)}${base.portLevel ? ` port ${port}` : ""}` };
}
