/**
 * Requests that cross more than one proxy (docs/results.md "Hops"): a request whose cluster endpoint is a gateway pod
 * (a workload a Gateway selects: istiod gives it the router configuration of its Gateways, never a sidecar's, as
 * `meshc build` does) continues at that pod as at any gateway — its listener and filter chain for the connection the
 * client opened, its RBAC filters, its routes — with the gateway pod as the client of the next hop. Both engines reach
 * a gateway pod through their own model and join the hops the same way here.
 */
import { resourcesOf, type GatewayNode, type MeshIR, type WorkloadNode } from "../../ir/ir.ts";
import type { AuthzDecision, Hop, Outcome, RouteRef } from "../types.ts";
import type { Client } from "./model.ts";
import { principalOf } from "./request.ts";

/**
 * The Gateway whose router configuration a workload runs: the first Gateway (IR order) that selects it
 * (model/gateway.go `MergeGateways` merges every Gateway selecting the pod; their listeners are the same whichever
 * one names it); undefined for a workload no Gateway selects.
 */
export function gatewayOfPod(ir: MeshIR, workload: WorkloadNode): GatewayNode | undefined {
  return resourcesOf(ir, "gateway").find((g) => g.selectedWorkloads.includes(workload.id));
}

/**
 * The gateway pod as the client of its own upstream connections (its identity is its service account's);
 * `downstreamIp` is the address of the proxy that sent it the request.
 */
export function gatewayClient(
  ir: MeshIR,
  pod: WorkloadNode,
  gateway: GatewayNode,
  downstreamIp: string | undefined,
): Client {
  return {
    proxy: "gateway",
    label: pod.id,
    namespace: pod.namespace,
    labels: pod.labels,
    workload: pod,
    gateway,
    principal: principalOf(ir, pod.namespace, pod.serviceAccount),
    ip: pod.addresses[0],
    downstreamIp,
  };
}

/** How a proxy's upstream connection is protected, for its hop. */
export const hopTls = (sent: "istio-mtls" | "tls" | "plaintext" | undefined): Hop["tls"] =>
  sent === "istio-mtls" ? "mtls" : sent === "tls" ? "origination" : sent === "plaintext" ? "plaintext" : null;

/**
 * A single-hop outcome of a connection the proxy opened with TLS it originated (a DestinationRule tls mode `SIMPLE`
 * or `MUTUAL`, cluster_tls.go `buildUpstreamClusterTLSContext`): `tls: "origination"` (docs/results.md "TLS"). An
 * outcome with hops says it per hop; a TLS request's own `tls` (where the client's TLS ended) is set by the engine
 * afterwards and takes precedence.
 */
export const withOrigination = (o: Outcome, sent: "istio-mtls" | "tls" | "plaintext" | undefined): Outcome =>
  sent === "tls" && o.hops === undefined && o.tls === undefined ? { ...o, tls: "origination" } : o;

/** A proxy's own hop, for the outcomes of the connection it opened to a (non-gateway) endpoint. */
export function ownHop(client: Client, route: RouteRef | null | undefined, o: Outcome, tls: Hop["tls"]): Outcome {
  if (o.hops !== undefined) return o;
  const hop: Hop = { proxy: client.label, route: route ?? null, destination: o.destination, tls, authz: null };
  return { ...o, hops: [hop] };
}

/** What the gateway hop did: the route the gateway picked, its own RBAC decision, the outcomes beyond it. */
export interface GatewayHopResult {
  readonly route: RouteRef | null;
  readonly authz: AuthzDecision | null;
  readonly outcomes: readonly Outcome[];
}

/**
 * The outcomes of a request that reached a gateway pod: the client's hop (`first`), then the gateway's (its RBAC
 * decision, its route, where it sent the request) and any beyond. The outcome's own fields describe the final hop:
 * `status`, `destination`, `mtls` and `error` as the last proxy saw them (a connection the gateway closes is the
 * client proxy's 503, or a reset for a client without one), `authz` the last authorization decision on the way (the
 * server's sidecar, else the gateway's), `fault` the client route's fault, else the gateway route's.
 */
export function joinGatewayHop(
  client: Client,
  first: Hop,
  gateway: string,
  hop: GatewayHopResult,
  probability: number,
  fault: Outcome["fault"],
): Outcome[] {
  return hop.outcomes.map((o) => {
    const own: Hop =
      o.hops?.[0] !== undefined
        ? { ...o.hops[0], authz: hop.authz }
        : { proxy: gateway, route: hop.route, destination: null, tls: null, authz: hop.authz };
    // The gateway answered itself (a denial, no route, a closed connection): the outcome is the client's connection's.
    const local = o.destination === null;
    const { hops: _, ...rest } = o;
    return {
      ...rest,
      probability: probability * o.probability,
      status: local && o.status === 0 && client.proxy !== "none" ? 503 : o.status,
      destination: local ? first.destination : o.destination,
      mtls: local ? first.tls === "mtls" : o.mtls,
      authz: o.authz ?? hop.authz,
      fault: fault ?? o.fault,
      hops: [first, own, ...(o.hops ?? []).slice(1)],
    };
  });
}
