/**
 * A destination's port must be one the service exposes, and a service with several ports needs one named: istioctl
 * analyze IST0101 (`host:port`) and IST0112, `pkg/config/analysis/analyzers/virtualservice/destinationhosts.go`.
 * Without a port, Istio cannot tell which port's cluster to send to, and the route fails.
 */
import { Messages } from "../../diagnostics/messages.ts";
import { resourcesOf, serviceByFqdn, type Fqdn, type MeshIR, type ServiceEntryNode } from "../../ir/ir.ts";
import { hostIndex, type HostIndex } from "../../ir/index-hosts.ts";
import { forEachNode, type Rule } from "../_rule.ts";

const entryIndexes = new WeakMap<MeshIR, HostIndex<ServiceEntryNode>>();

/** ServiceEntries by host, memoized per IR. */
function entriesByHost(ir: MeshIR): HostIndex<ServiceEntryNode> {
  let index = entryIndexes.get(ir);
  if (index === undefined) entryIndexes.set(ir, (index = hostIndex(resourcesOf(ir, "serviceEntry"), (se) => se.hosts)));
  return index;
}

/** The ports of a registry host: a Kubernetes Service, or a ServiceEntry host (undefined when unknown). */
export function portsOfHost(ir: MeshIR, host: Fqdn): number[] | undefined {
  const svc = serviceByFqdn(ir, host);
  if (svc) return svc.ports.map((p) => p.port);
  const se = entriesByHost(ir).exact(host)[0];
  if (se) return (se.spec.ports ?? []).map((p) => p.number).filter((n) => typeof n === "number");
  return undefined;
}

/** Destination ports that the service lacks (MESH2200) or that are missing (MESH2201). */
export const destinationPorts: Rule = forEachNode("virtualService", (vs, report, { ir }) => {
  // Routes istiod generates from a Kubernetes Ingress: the conversion reports their backends (compiler/ir/ingress.ts).
  if (vs.generatedFrom?.some((s) => s.startsWith("Ingress/")) === true) return;
  for (const dest of vs.destinations) {
    const ports = portsOfHost(ir, dest.host);
    if (ports === undefined || ports.length === 0) continue;
    const written = dest.written;
    if (dest.port !== undefined && !ports.includes(dest.port)) {
      report(
        Messages.Port_0_is_not_a_port_of_service_1,
        [...dest.path, "port", "number"],
        [dest.port, written, ports.join(", ")],
      );
    } else if (dest.port === undefined && ports.length > 1) {
      report(Messages.Destination_0_needs_a_port, dest.path, [written, ports.join(", ")]);
    }
  }
});
