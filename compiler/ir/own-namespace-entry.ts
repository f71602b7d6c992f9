/**
 * A hostname served by several registry services: the one a sidecar sees. istiod's sidecar scope (default since
 * Istio 1.24, PILOT_UNIFIED_SIDECAR_SCOPE: sidecar.go `DefaultSidecarScopeForNamespace` → `convertToSidecarScope`)
 * selects, per hostname imported from several namespaces, the service in the proxy's own namespace
 * (`selectServices`: "If the same hostname is imported from multiple namespaces, pick the one in the
 * configNamespace"), so a ServiceEntry declaring a Kubernetes Service's name in the client's namespace replaces that
 * Service for the client's sidecar (Istio's "Egress TLS Origination" task, my-nginx.mesh-external.svc.cluster.local).
 * A gateway's scope (`DefaultSidecarScopeForGateway`) keeps the Kubernetes Service (`appendSidecarServices`).
 */
import { resourcesOf, type MeshIR, type ServiceEntryNode, type ServiceNode } from "./ir.ts";
import { visibleFrom } from "./visibility.ts";

/** The ServiceEntry of `namespace` that declares `service`'s hostname, when `service` is in another namespace. */
export function ownNamespaceEntry(ir: MeshIR, namespace: string, service: ServiceNode): ServiceEntryNode | undefined {
  if (service.namespace === namespace) return undefined;
  return resourcesOf(ir, "serviceEntry").find(
    (e) => e.meta.namespace === namespace && visibleFrom(e.exportTo, namespace) && e.hosts.includes(service.fqdn),
  );
}
