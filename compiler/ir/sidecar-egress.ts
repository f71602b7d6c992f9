/**
 * What a sidecar's Sidecar resource imports on its outbound side: the `hosts` of its catch-all egress listener
 * (`namespace/dnsName`; `*` any namespace, `.` the workload's, `~` none), as istiod reads them
 * (pilot/pkg/model/sidecar.go `ConvertToSidecarScope`, `hostClassification`). A fact about the config: the Envoy
 * emitter builds listeners, routes and clusters only for what is imported, and the Istio engine treats a service that
 * is not imported as outside the registry, as the proxy does. meshc does not model per-port egress listeners.
 */
import { hostMatches } from "./hosts.ts";
import type { MeshIR, ObjectMeta, VirtualServiceNode, WorkloadNode } from "./ir.ts";
import { usesGatewaySemantics } from "./route-semantics.ts";
import { sidecarOf } from "./sidecar-of.ts";

/** One egress host, its namespace part resolved (`.` → the workload's namespace; `*` stays any namespace). */
export interface EgressHost {
  readonly namespace: string;
  readonly dnsName: string;
}

/** `ns/dnsName` split, `.` resolved to the workload's namespace; undefined for `~` (import nothing from there). */
export function parseEgressHost(host: string, workloadNamespace: string): EgressHost | undefined {
  const slash = host.indexOf("/");
  const ns = slash < 0 ? "*" : host.slice(0, slash);
  if (ns === "~") return undefined;
  return { namespace: ns === "." ? workloadNamespace : ns, dnsName: slash < 0 ? host : host.slice(slash + 1) };
}

/**
 * The egress hosts of the Sidecar that configures `workload` (its catch-all egress listener, the one without a port),
 * or undefined when nothing restricts it (no Sidecar, or no catch-all egress listener): then everything is imported.
 */
export function egressHostsOf(ir: MeshIR, workload: WorkloadNode): readonly EgressHost[] | undefined {
  const hosts = sidecarOf(ir, workload)?.spec.egress?.find((e) => e.port === undefined)?.hosts;
  if (hosts === undefined) return undefined;
  return hosts.flatMap((h) => parseEgressHost(h, workload.namespace) ?? []);
}

const inNamespace = (h: EgressHost, namespace: string) => h.namespace === "*" || h.namespace === namespace;

/** Whether `hosts` import the service `hostname` declared in `namespace` (`hostMatches(dnsName, hostname)`). */
export function importsService(hosts: readonly EgressHost[] | undefined, namespace: string, hostname: string): boolean {
  return hosts === undefined || hosts.some((h) => inNamespace(h, namespace) && hostMatches(h.dnsName, hostname));
}

/**
 * Whether an egress host imports a VirtualService host (model/sidecar.go `hostClassification.VSMatches`): for a
 * Gateway API route (`UseGatewaySemantics`) "matching logic exactly mirrors Service matching", the route's host must be
 * a subset of the egress host (`host.Name.SubsetOf`: a route for `*.com` is not imported by `a.com`); for other
 * VirtualServices `host.Name.Matches`, which is bi-directional (an egress host imports a VirtualService whose host it
 * matches, and one whose wildcard host matches it).
 */
export function importsVirtualServiceHost(
  vs: { readonly meta: ObjectMeta },
  vsHost: string,
  egressHost: string,
): boolean {
  return hostMatches(egressHost, vsHost) || (!usesGatewaySemantics(vs) && hostMatches(vsHost, egressHost));
}

/** Whether `hosts` import `vs` (in its namespace, or `*`), by `importsVirtualServiceHost`. */
export function importsVirtualService(hosts: readonly EgressHost[] | undefined, vs: VirtualServiceNode): boolean {
  return (
    hosts === undefined ||
    hosts.some(
      (h) => inNamespace(h, vs.meta.namespace) && vs.hosts.some((v) => importsVirtualServiceHost(vs, v, h.dnsName)),
    )
  );
}
