/**
 * The service targets of a workload: each (service, port) the workload serves, with the port its sidecar receives
 * that traffic on, as istiod's registries report them for a proxy (`ServiceDiscovery.GetProxyServiceTargets`):
 * - Kubernetes Services selecting the pod (kube controller), in registry order;
 * - ServiceEntries in the pod's namespace with an endpoint at one of the pod's addresses, or whose
 *   `workloadSelector` selects the pod (serviceentry/controller.go `GetProxyServiceTargets`: instances by IP, "for
 *   services within the same namespace"; conversion.go `convertServiceEntryToInstances`: the endpoint port is the
 *   endpoint's `ports[<port name>]`, else the port's `targetPort`, else its number). One target per host and port.
 * Computed once per IR and workload, so the Envoy emitter and the engines read the same fact.
 */
import type { MeshIR, Protocol, WorkloadNode } from "./ir.ts";
import { resourcesOf } from "./ir.ts";
import { servicesOfWorkload } from "./index-workloads.ts";
import { selects } from "./labels.ts";
import { inferProtocol } from "./protocol.ts";

export interface ServiceTarget {
  /** The service's host (Kubernetes FQDN or ServiceEntry host). */
  readonly host: string;
  /** Istio's `Service.Attributes.Name`: the Kubernetes Service's name, a ServiceEntry's host. */
  readonly name: string;
  readonly namespace: string;
  /** A ServiceEntry with `location: MESH_EXTERNAL` (no telemetry metadata on inbound clusters). */
  readonly meshExternal: boolean;
  readonly port: number;
  readonly targetPort: number;
  readonly protocol: Protocol;
  readonly source: "Service" | "ServiceEntry";
  /**
   * The service is labelled `experimental.istio.io/disable-gateway-port-translation: "true"`: model/gateway.go
   * `resolvePorts` does not translate a legacy (selector) Gateway's server port through it. Kubernetes Services'
   * labels are not in the IR yet, so only ServiceEntries can set it.
   */
  readonly disableGatewayPortTranslation: boolean;
}

const DISABLE_PORT_TRANSLATION = "experimental.istio.io/disable-gateway-port-translation";

/** The ServiceEntry targets of `workload` (see the module comment). */
function serviceEntryTargets(ir: MeshIR, workload: WorkloadNode): ServiceTarget[] {
  const out: ServiceTarget[] = [];
  for (const se of resourcesOf(ir, "serviceEntry")) {
    if (se.meta.namespace !== workload.namespace) continue;
    const selector = se.spec.workloadSelector?.labels;
    const endpoints =
      selector !== undefined
        ? selects(selector, workload.labels)
          ? [{ ports: undefined }]
          : []
        : (se.spec.endpoints ?? []).filter((e) => e.address !== undefined && workload.addresses.includes(e.address));
    for (const endpoint of endpoints)
      for (const host of se.hosts)
        for (const p of se.spec.ports ?? [])
          out.push({
            host,
            name: host,
            namespace: se.meta.namespace,
            meshExternal: se.spec.location === "MESH_EXTERNAL",
            port: p.number,
            targetPort: endpoint.ports?.[p.name] ?? p.targetPort ?? p.number,
            // protocol.Parse of the declared protocol; none is "unsupported", i.e. sniffed on sidecars.
            protocol: inferProtocol(p.protocol, undefined, undefined),
            source: "ServiceEntry",
            disableGatewayPortTranslation: se.meta.labels[DISABLE_PORT_TRANSLATION] === "true",
          });
  }
  return out;
}

const cache = new WeakMap<MeshIR, Map<string, readonly ServiceTarget[]>>();

/**
 * Every service target of `workload`, ordered as `Proxy.SetServiceTargets` (model/context.go) keeps them: by the
 * service's creation time, then hostname, stably. The IR has no creation times for services, so all count as equal
 * (as in istiod's tests): by hostname, Kubernetes Services before ServiceEntries for one host.
 */
export function serviceTargets(ir: MeshIR, workload: WorkloadNode): readonly ServiceTarget[] {
  let perIr = cache.get(ir);
  if (perIr === undefined) {
    perIr = new Map();
    cache.set(ir, perIr);
  }
  let out = perIr.get(workload.id);
  if (out === undefined) {
    // kube controller: a named targetPort the pod does not declare makes it no instance of that port (FindPort fails).
    const kube: ServiceTarget[] = servicesOfWorkload(ir, workload.id).flatMap((svc) =>
      svc.ports.flatMap((p) => {
        const targetPort = p.targetPortName === undefined ? p.targetPort : workload.namedPorts?.[p.targetPortName];
        return targetPort === undefined
          ? []
          : [
              {
                host: svc.fqdn,
                name: svc.name,
                namespace: svc.namespace,
                meshExternal: false,
                port: p.port,
                targetPort,
                protocol: p.protocol,
                source: "Service" as const,
                disableGatewayPortTranslation: false,
              },
            ];
      }),
    );
    const all = [...kube, ...serviceEntryTargets(ir, workload)];
    perIr.set(workload.id, (out = all.sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0))));
  }
  return out;
}

/**
 * model/gateway.go `resolvePorts` for a Gateway that selects its pods by labels: a server port that a service target
 * of the pod exposes listens on that target's port (the first such target), skipping services that disable the
 * translation; any other port listens as written.
 */
export function gatewayListenPort(targets: readonly ServiceTarget[], serverPort: number): number {
  return targets.find((t) => t.port === serverPort && !t.disableGatewayPortTranslation)?.targetPort ?? serverPort;
}
