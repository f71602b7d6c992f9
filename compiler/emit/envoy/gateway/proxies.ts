// The gateway proxies of a mesh (router mode, istiod `model.Router`): the pods a Gateway's selector picks, each
// running the merged servers of every Gateway that selects it (istio pilot/pkg/model/gateway.go `MergeGateways`).
import { resourcesOf, type GatewayNode, type MeshIR, type WorkloadId, type WorkloadNode } from "../../../ir/ir.ts";
import { gatewayListenPort, serviceTargets } from "../../../ir/service-targets.ts";
import type { Labels } from "../../../ir/istio-api.ts";

/**
 * Istio's default ingress gateway (istioctl's `istio-ingressgateway` Deployment in the root namespace, service account
 * `istio-ingressgateway-service-account`), standing in for the pods of Gateways whose selector picks no declared
 * workload — the identity the Istio engine gives such a source (compiler/eval/istio/request.ts).
 */
export const DEFAULT_GATEWAY_NAME = "istio-ingressgateway";
const DEFAULT_GATEWAY_SERVICE_ACCOUNT = "istio-ingressgateway-service-account";

/**
 * Service port → target port of Istio's default `istio-ingressgateway` Service (manifests/charts/gateway values:
 * http2 80→8080, https 443→8443), used to translate the default gateway's server ports as istiod does.
 */
const DEFAULT_GATEWAY_PORTS: ReadonlyMap<number, number> = new Map([
  [80, 8080],
  [443, 8443],
]);

export interface GatewayProxy {
  readonly workload: WorkloadNode;
  /** The Gateways it runs, in IR order. */
  readonly gateways: readonly GatewayNode[];
  /** True for the stand-in default ingress gateway (no declared pod). */
  readonly synthetic: boolean;
  /**
   * model/gateway.go `resolvePorts`: a server port that is a port of a Service selecting the pod listens on that
   * Service port's target port (80 → 8080 on Istio's default gateway); other ports listen as written.
   */
  readonly listenPort: (serverPort: number) => number;
}

const cache = new WeakMap<MeshIR, readonly GatewayProxy[]>();

/** Every gateway proxy of `ir`, declared pods in IR order, then the default ingress gateway if any Gateway needs it. */
export function gatewayProxies(ir: MeshIR): readonly GatewayProxy[] {
  const hit = cache.get(ir);
  if (hit !== undefined) return hit;
  const gateways = resourcesOf(ir, "gateway");
  const out: GatewayProxy[] = [];
  for (const w of ir.workloads) {
    const own = gateways.filter((g) => g.selectedWorkloads.includes(w.id));
    if (own.length === 0) continue;
    // model/gateway.go resolvePorts: the pod's service targets (compiler/ir/service-targets.ts) translate server ports.
    const targets = serviceTargets(ir, w);
    const listenPort = (p: number) => gatewayListenPort(targets, p);
    out.push({ workload: w, gateways: own, synthetic: false, listenPort });
  }
  const orphans = gateways.filter((g) => g.selectedWorkloads.length === 0);
  if (orphans.length > 0) {
    const namespace = ir.meshConfig.rootNamespace;
    const labels: Labels = Object.assign({}, ...orphans.map((g): Labels => g.spec.selector ?? {})) as Labels;
    const workload: WorkloadNode = {
      kind: "workload",
      span: orphans[0]!.span,
      id: `${namespace}/${DEFAULT_GATEWAY_NAME}` as WorkloadId,
      name: DEFAULT_GATEWAY_NAME,
      namespace,
      source: "Deployment",
      labels,
      serviceAccount: DEFAULT_GATEWAY_SERVICE_ACCOUNT,
      sidecar: false,
      addresses: [],
    };
    out.push({ workload, gateways: orphans, synthetic: true, listenPort: (p) => DEFAULT_GATEWAY_PORTS.get(p) ?? p });
  }
  cache.set(ir, out);
  return out;
}

/** The proxy that runs Gateway `gateway` (its first selected pod, else the default ingress gateway). */
export function proxyForGateway(ir: MeshIR, gateway: GatewayNode): GatewayProxy | undefined {
  return gatewayProxies(ir).find((p) => p.gateways.includes(gateway));
}

/** `namespace/name` of a Gateway, as VirtualService `gateways` name it once resolved. */
export const gatewayKey = (g: GatewayNode): string => `${g.meta.namespace}/${g.meta.name}`;
