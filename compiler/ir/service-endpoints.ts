/**
 * The endpoints of a Kubernetes Service port, read once from whichever the input has: its EndpointSlices
 * (ir.ts `ServiceNode.endpointSlices`, istio kube/controller/endpointslice.go: the slice's port whose name is the
 * service port's name, the Pod of the address if there is one), else the addresses of the Pods its selector picks, as
 * the EndpointSlice controller would list them (istio's endpoint builder then sees the same endpoints). Also what a
 * headless Service's DNS names resolve to (CoreDNS: the ready endpoints' addresses; `<hostname>.<service>` the one
 * endpoint of that hostname). Shared by the Envoy emitter and both engines, so they start from the same endpoints.
 */
import { workloadById, type MeshIR, type ServiceNode, type WorkloadNode } from "./ir.ts";

export interface ServiceEndpoint {
  readonly address: string;
  /** The port the endpoint serves the service port on. */
  readonly port: number;
  /** The workload with this address (its labels, sidecar and identity), when the input declares it. */
  readonly workload: WorkloadNode | undefined;
  /** The endpoint's DNS hostname under a headless Service, if any. */
  readonly hostname: string | undefined;
}

/** A port of the Service: its name (matched against the slices' port names) and numbers. */
interface PortRef {
  readonly name: string | undefined;
  readonly port: number;
  readonly targetPort: number;
}

/**
 * Per IR, then per Service: an IR derived from another shares its ServiceNodes but not its workloads (the Envoy
 * engine gives address-less workloads synthetic addresses, eval/envoy/engine/config.ts), so the IR is part of the key.
 */
const memo = new WeakMap<MeshIR, WeakMap<ServiceNode, Map<string, readonly ServiceEndpoint[]>>>();

/** The Service's endpoints for one of its ports, in slice (or workload) order. Memoized per IR, Service and port. */
export function serviceEndpoints(ir: MeshIR, svc: ServiceNode, port: PortRef): readonly ServiceEndpoint[] {
  let perIr = memo.get(ir);
  if (perIr === undefined) memo.set(ir, (perIr = new WeakMap()));
  let byPort = perIr.get(svc);
  if (byPort === undefined) perIr.set(svc, (byPort = new Map<string, readonly ServiceEndpoint[]>()));
  const key = `${port.name ?? ""}\0${port.port}\0${port.targetPort}`;
  let out = byPort.get(key);
  if (out !== undefined) return out;
  if (svc.endpointSlices !== undefined) {
    // endpointslice.go: the slice port named as the service port (an unnamed slice port serves any).
    out = svc.endpointSlices.flatMap((e) => {
      const number = e.ports[port.name ?? ""] ?? (port.name === undefined ? undefined : e.ports[""]);
      if (number === undefined) return [];
      const workload = e.workload === undefined ? undefined : workloadById(ir, e.workload);
      return [{ address: e.address, port: number, workload, hostname: e.hostname }];
    });
  } else {
    out = svc.workloads
      .map((id) => workloadById(ir, id))
      .filter((w): w is WorkloadNode => w !== undefined)
      .flatMap((w) =>
        w.addresses.map((address) => ({
          address,
          port: port.targetPort,
          workload: w,
          // The EndpointSlice controller sets the endpoint's hostname from a Pod whose subdomain is the Service.
          hostname: w.hostname?.subdomain === svc.name ? w.hostname.name : undefined,
        })),
      );
  }
  byPort.set(key, out);
  return out;
}

/** Every address of the Service's endpoints (any port), in order, once each: the A records of a headless Service. */
export function endpointAddresses(ir: MeshIR, svc: ServiceNode): readonly string[] {
  const all = svc.ports.length === 0 ? [] : svc.ports.flatMap((p) => serviceEndpoints(ir, svc, p));
  return [...new Set(all.map((e) => e.address))];
}

/** The address `<hostname>.<service>.<ns>.svc.<domain>` resolves to under a headless Service, if an endpoint has it. */
export function addressOfHostname(ir: MeshIR, svc: ServiceNode, hostname: string): string | undefined {
  return svc.ports.flatMap((p) => serviceEndpoints(ir, svc, p)).find((e) => e.hostname === hostname)?.address;
}
