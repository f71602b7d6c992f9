/** What a client's proxy imports (ir/sidecar-egress.ts), for the Istio engine and its compiled form. */
import { resourcesOf, type MeshIR, type Protocol } from "../../ir/ir.ts";
import { inferProtocol, isHttpProtocol } from "../../ir/protocol.ts";
import { visibleFrom } from "../../ir/visibility.ts";
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

/**
 * The client's registry on a listener port (httproute.go `BuildSidecarOutboundVirtualHosts` `servicesByName`): the
 * Kubernetes Services and ServiceEntry hosts its proxy imports that have the port, whatever its protocol, each with
 * whether it serves HTTP there or is sniffed (`IsHTTPOrSniffed`). A VirtualService host outside it is a virtual host
 * of its own on that port.
 */
export function registryOnPort(ir: MeshIR, client: Client, port: number): ReadonlyMap<string, boolean> {
  const egress = clientEgress(ir, client);
  const out = new Map<string, boolean>();
  const httpOrSniffed = (p: Protocol) => isHttpProtocol(p) || p === "UNKNOWN";
  for (const s of ir.services) {
    const p = s.ports.find((x) => x.port === port);
    if (p !== undefined && importsService(egress, s.namespace, s.fqdn) && !out.has(s.fqdn))
      out.set(s.fqdn, httpOrSniffed(p.protocol));
  }
  for (const e of resourcesOf(ir, "serviceEntry")) {
    const p = (e.spec.ports ?? []).find((x) => x.number === port);
    if (p === undefined || !visibleFrom(e.exportTo, client.namespace)) continue;
    const protocol = inferProtocol(p.protocol ?? p.name, undefined, undefined);
    for (const h of e.hosts)
      if (importsService(egress, e.meta.namespace, h) && !out.has(h)) out.set(h, httpOrSniffed(protocol));
  }
  return out;
}
