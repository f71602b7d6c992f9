// The effective DestinationRule traffic policy of one cluster `outbound|port|subset|host`.
import type { PortTrafficPolicy, TrafficPolicy } from "../../../ir/istio-api.ts";
import type { AppliedRule } from "../../../ir/destination-rules.ts";

/** A traffic policy after port-level selection: the four per-port blocks (plus the DR-level-only ones). */
export type ClusterPolicy = Omit<PortTrafficPolicy, "port"> & Pick<TrafficPolicy, "tunnel" | "proxyProtocol">;

/**
 * istio pilot/pkg/networking/util/util.go `GetPortLevelTrafficPolicy`: a `portLevelSettings` entry for the port
 * replaces the policy with its own four fields (unset ones do not inherit the rule-level values), as the
 * reference notes record for the pinned istiod; the Istio engine (`eval/istio/destination-rule.ts` `clusterTls`) makes the same decision on its own.
 */
export function forPort(policy: TrafficPolicy | undefined, port: number): ClusterPolicy | undefined {
  if (policy === undefined) return undefined;
  const pl = policy.portLevelSettings?.find((p) => p.port?.number === port);
  if (pl === undefined) {
    const { portLevelSettings: _ignored, ...rest } = policy;
    return rest;
  }
  return {
    connectionPool: pl.connectionPool,
    loadBalancer: pl.loadBalancer,
    outlierDetection: pl.outlierDetection,
    tls: pl.tls,
  };
}

/**
 * util.go `MergeSubsetTrafficPolicy`: the subset's (port-resolved) policy overrides the rule's per block when set.
 */
export function clusterPolicy(
  applied: AppliedRule | undefined,
  port: number,
  subset: string | undefined,
): ClusterPolicy | undefined {
  const base = forPort(applied?.trafficPolicy, port);
  if (subset === undefined) return base;
  const sub = forPort(applied?.subsets.find((s) => s.name === subset)?.trafficPolicy, port);
  if (sub === undefined) return base;
  return {
    connectionPool: sub.connectionPool ?? base?.connectionPool,
    loadBalancer: sub.loadBalancer ?? base?.loadBalancer,
    outlierDetection: sub.outlierDetection ?? base?.outlierDetection,
    tls: sub.tls ?? base?.tls,
    tunnel: sub.tunnel ?? base?.tunnel,
    proxyProtocol: sub.proxyProtocol ?? base?.proxyProtocol,
  };
}
