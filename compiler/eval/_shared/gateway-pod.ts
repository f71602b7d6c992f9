/**
 * The pod that runs an ingress Gateway (istiod router mode), from the IR's gateway selection
 * (compiler/ir/gateway-selection.ts): the first pod that runs it, with every Gateway it runs; Istio's default ingress
 * gateway (`istio-ingressgateway` in the root namespace) when it stands in for undeclared pods; none when no pod runs
 * the Gateway (an annotated Gateway whose Services no pod serves), and then nothing listens.
 */
import { gatewayListenPort, routerOfGateway, type GatewayRouter } from "../../ir/gateway-selection.ts";
import type { GatewayNode, MeshIR, WorkloadNode } from "../../ir/ir.ts";
import type { Labels } from "../../ir/istio-api.ts";

export interface GatewayPod {
  /** The declared pod, or undefined for the default ingress gateway (or when no pod runs the Gateway). */
  readonly workload: WorkloadNode | undefined;
  readonly namespace: string;
  /** The pod's labels (the default gateway's are the merged selectors of the Gateways it runs). */
  readonly labels: Labels;
  /** The Gateways it runs, in IR order. */
  readonly gateways: readonly GatewayNode[];
  /** The router (undefined when no pod runs the Gateway). */
  readonly router: GatewayRouter | undefined;
  /**
   * The port the pod listens on for a client reaching the Gateway on `servicePort` (the Service port's target port),
   * undefined when nothing there takes that port.
   */
  readonly listenPort: (servicePort: number) => number | undefined;
}

const cache = new WeakMap<GatewayNode, GatewayPod>();

/** The gateway pod that serves Gateway `gw`. */
export function gatewayPod(ir: MeshIR, gw: GatewayNode): GatewayPod {
  const hit = cache.get(gw);
  if (hit !== undefined) return hit;
  const router = routerOfGateway(ir, gw);
  const listenPort = (p: number) => gatewayListenPort(ir, gw, p);
  const pod: GatewayPod =
    router === undefined
      ? { workload: undefined, namespace: gw.meta.namespace, labels: {}, gateways: [], router, listenPort }
      : {
          workload: router.synthetic ? undefined : router.workload,
          namespace: router.workload.namespace,
          labels: router.workload.labels,
          gateways: router.bindings.map((b) => b.gateway),
          router,
          listenPort,
        };
  cache.set(gw, pod);
  return pod;
}
