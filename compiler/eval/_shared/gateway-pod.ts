/**
 * The pod that runs an ingress Gateway (istiod router mode): the first declared workload the Gateway's selector
 * picks, running the merged servers of every Gateway that selects it (istio `pilot/pkg/model/gateway.go`
 * `MergeGateways`); when the selector picks no declared workload, Istio's default ingress gateway
 * (`istio-ingressgateway` in the root namespace) stands in, running every such Gateway. Its listeners are on the
 * target ports of the Service ports that front it (model/gateway.go `resolvePorts`).
 */
import { gatewayListenPort, serviceTargets } from "../../ir/service-targets.ts";
import { resourcesOf, type GatewayNode, type MeshIR, type WorkloadNode } from "../../ir/ir.ts";
import type { Labels } from "../../ir/istio-api.ts";

/** Service port → target port of Istio's default `istio-ingressgateway` Service (chart values: 80→8080, 443→8443). */
const DEFAULT_GATEWAY_PORTS: ReadonlyMap<number, number> = new Map([
  [80, 8080],
  [443, 8443],
]);

export interface GatewayPod {
  /** The declared pod, or undefined for the default ingress gateway. */
  readonly workload: WorkloadNode | undefined;
  readonly namespace: string;
  /** The pod's labels (the default gateway's are the merged selectors of the Gateways it runs). */
  readonly labels: Labels;
  /** The Gateways it runs, in IR order. */
  readonly gateways: readonly GatewayNode[];
  /** The port the pod listens on for a server (Service) port. */
  readonly listenPort: (serverPort: number) => number;
}

const cache = new WeakMap<GatewayNode, GatewayPod>();

/** The gateway pod that serves Gateway `gw`. */
export function gatewayPod(ir: MeshIR, gw: GatewayNode): GatewayPod {
  const hit = cache.get(gw);
  if (hit !== undefined) return hit;
  const gateways = resourcesOf(ir, "gateway");
  const w = ir.workloads.find((x) => gw.selectedWorkloads.includes(x.id));
  let pod: GatewayPod;
  if (w !== undefined) {
    // model/gateway.go resolvePorts: the pod's service targets (compiler/ir/service-targets.ts) translate server ports.
    const targets = serviceTargets(ir, w);
    pod = {
      workload: w,
      namespace: w.namespace,
      labels: w.labels,
      gateways: gateways.filter((g) => g.selectedWorkloads.includes(w.id)),
      listenPort: (p) => gatewayListenPort(targets, p),
    };
  } else {
    const orphans = gateways.filter((g) => g.selectedWorkloads.length === 0);
    pod = {
      workload: undefined,
      namespace: ir.meshConfig.rootNamespace,
      labels: Object.assign({}, ...orphans.map((g) => g.spec.selector ?? {})) as Labels,
      gateways: orphans,
      listenPort: (p) => DEFAULT_GATEWAY_PORTS.get(p) ?? p,
    };
  }
  cache.set(gw, pod);
  return pod;
}
