// The gateway proxies of a mesh (router mode, istiod `model.Router`): the pods that run Gateways and what each runs,
// from the IR's gateway selection (compiler/ir/gateway-selection.ts: push_context.go `mergeGateways`, model/gateway.go
// `resolvePorts`), which the emitter turns into listeners.
import type { GatewayNode, MeshIR, WorkloadNode } from "../../../ir/ir.ts";
import {
  gatewayRouters,
  mergedGatewayOf as mergedOf,
  routerOfGateway,
  type GatewayRouter,
} from "../../../ir/gateway-selection.ts";
import type { MergedGateway } from "../../../ir/gateway-merge.ts";

export { DEFAULT_GATEWAY_NAME } from "../../../ir/gateway-selection.ts";

export interface GatewayProxy {
  readonly workload: WorkloadNode;
  /** The Gateways it runs, in IR order. */
  readonly gateways: readonly GatewayNode[];
  /** True for the stand-in default ingress gateway (no declared pod). */
  readonly synthetic: boolean;
  readonly router: GatewayRouter;
}

const cache = new WeakMap<GatewayRouter, GatewayProxy>();

function proxyOf(router: GatewayRouter): GatewayProxy {
  let p = cache.get(router);
  if (p === undefined) {
    const gateways = router.bindings.map((b) => b.gateway);
    cache.set(router, (p = { workload: router.workload, gateways, synthetic: router.synthetic, router }));
  }
  return p;
}

/** Every gateway proxy of `ir`, declared pods in IR order, then the default ingress gateway if any Gateway needs it. */
export function gatewayProxies(ir: MeshIR): readonly GatewayProxy[] {
  return gatewayRouters(ir).map(proxyOf);
}

/** The proxy that runs Gateway `gateway` (its first pod, else the default ingress gateway), if any does. */
export function proxyForGateway(ir: MeshIR, gateway: GatewayNode): GatewayProxy | undefined {
  const router = routerOfGateway(ir, gateway);
  return router === undefined ? undefined : proxyOf(router);
}

/** The servers the proxy runs, merged (compiler/ir/gateway-selection.ts `mergedGatewayOf`). */
export function mergedGatewayOf(ir: MeshIR, proxy: GatewayProxy): MergedGateway {
  return mergedOf(ir, proxy.router);
}

/** `namespace/name` of a Gateway, as VirtualService `gateways` name it once resolved. */
export const gatewayKey = (g: GatewayNode): string => `${g.meta.namespace}/${g.meta.name}`;
