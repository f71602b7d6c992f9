/**
 * The TLS settings the Istio engine gives one cluster, from the DestinationRule(s) the client uses for the host
 * (looked up in compiler/ir/destination-rules.ts).
 */
import { appliedName, type AppliedRule } from "../../ir/destination-rules.ts";
import type { ClientTLSSettings, TrafficPolicy } from "../../ir/istio-api.ts";

/**
 * istio `pilot/pkg/networking/util/util.go` `GetPortLevelTrafficPolicy`: a `portLevelSettings` entry for the port
 * replaces the whole policy (its unset fields do not inherit the rule-level ones).
 */
function forPort(
  policy: TrafficPolicy | undefined,
  port: number,
): { tls: ClientTLSSettings | undefined; portLevel: boolean } {
  const pl = policy?.portLevelSettings?.find((p) => p.port?.number === port);
  return pl !== undefined ? { tls: pl.tls, portLevel: true } : { tls: policy?.tls, portLevel: false };
}

/** The TLS settings of cluster `outbound|port|subset|host`: the subset's (port-resolved) tls overrides the rule's. */
export function clusterTls(
  applied: AppliedRule | undefined,
  port: number,
  subset: string | null,
): { tls: ClientTLSSettings | undefined; from: string; drWithSelector: boolean } {
  if (applied === undefined) return { tls: undefined, from: "", drWithSelector: false };
  const drWithSelector = applied.rules.some((r) => r.selectedWorkloads !== undefined);
  const sub = subset === null ? undefined : applied.subsets.find((s) => s.name === subset);
  const subTls = forPort(sub?.trafficPolicy, port);
  if (subTls.tls !== undefined)
    return {
      tls: subTls.tls,
      from: `${appliedName(applied)} subset '${subset}'${subTls.portLevel ? ` port ${port}` : ""}`,
      drWithSelector,
    };
  const base = forPort(applied.trafficPolicy, port);
  return { tls: base.tls, from: `${appliedName(applied)}${base.portLevel ? ` port ${port}` : ""}`, drWithSelector };
}
