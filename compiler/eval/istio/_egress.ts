/** What a client's proxy imports (ir/sidecar-egress.ts), for the Istio engine and its compiled form. */
import type { MeshIR } from "../../ir/ir.ts";
import { egressHostsOf, type EgressHost } from "../../ir/sidecar-egress.ts";
import { importsService } from "../../ir/sidecar-egress.ts";
import type { Client, Target } from "../_shared/model.ts";

/** undefined when nothing restricts the client: no Sidecar egress hosts, or not a sidecar (gateways, no proxy). */
export function clientEgress(ir: MeshIR, client: Client): readonly EgressHost[] | undefined {
  return client.proxy === "sidecar" && client.workload !== undefined ? egressHostsOf(ir, client.workload) : undefined;
}

/**
 * The target as the client's proxy knows it: a service its Sidecar's egress hosts do not import has no listener,
 * route or cluster in the proxy (sidecar.go `ConvertToSidecarScope`), so the request goes where a host outside the
 * registry goes (the catch-all: PassthroughCluster, or under REGISTRY_ONLY the black hole or 502).
 */
export function scopedTarget(ir: MeshIR, client: Client, target: Target, trace: string[]): Target {
  if (target.kind === "external") return target;
  const namespace = target.kind === "service" ? target.service.namespace : target.entry.meta.namespace;
  if (importsService(clientEgress(ir, client), namespace, target.fqdn)) return target;
  trace.push(
    `The egress hosts of the client's Sidecar do not import ${target.fqdn}: its proxy has no route or cluster for it, as for a host outside the registry.`,
  );
  return { kind: "external", fqdn: target.fqdn, port: target.port, protocol: target.protocol };
}
