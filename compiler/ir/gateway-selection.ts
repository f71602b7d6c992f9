/**
 * Which pods run which Gateways, and on which ports, as istiod decides for a router proxy (istio
 * pilot/pkg/model/push_context.go `mergeGateways`, model/gateway.go `resolvePorts`). Per Gateway:
 * - annotated `internal.istio.io/gateway-service: <host>[,<host>...]` (what the Gateway API deployment controller sets,
 *   and what users may set): the proxy's service targets (compiler/ir/service-targets.ts) whose service hostname is
 *   listed and whose namespace is the Gateway's; with none the Gateway does not apply to the proxy. Its server ports
 *   are Service ports: each listens on the target port of every matching target with that port, and a server port no
 *   matching target has gets no listener (`legacyGatewaySelector` false);
 * - with a selector: the proxies whose labels it is a subset of; a server port listens on the target port of the first
 *   service target with that port (skipping services labelled `experimental.istio.io/disable-gateway-port-translation`),
 *   else on the port as written (`legacyGatewaySelector` true);
 * - without a selector: every router proxy ("applies to all workloads asking for the gateway"), legacy ports. Only
 *   router proxies ask (`SetGatewaysForProxy` returns for any other type), so such a Gateway never turns a pod into a
 *   gateway: the routers are the pods a selector or a gateway-service annotation picks.
 * When a Gateway's selector picks no declared pod, Istio's default ingress gateway (`istio-ingressgateway` in the
 * root namespace, its Service `istio-ingressgateway.<root>.svc.cluster.local` with ports 80→8080 and 443→8443) stands
 * in for the pods the input does not declare; it also runs annotated Gateways of the root namespace that name that
 * Service when no declared pod serves it, and selector-less Gateways when there is no other router. An annotated
 * Gateway whose Services no pod serves runs nowhere, as in istiod.
 * Facts about the mesh, computed once per IR: the Envoy emitter and both engines make their own decisions from them.
 */
import { resourcesOf, type GatewayNode, type MeshIR, type WorkloadId, type WorkloadNode } from "./ir.ts";
import type { Labels } from "./istio-api.ts";
import { selects } from "./labels.ts";
import { mergeGateways, type MergedGateway } from "./gateway-merge.ts";
import { serviceTargets, type ServiceTarget } from "./service-targets.ts";

/** pilot/pkg/model `InternalGatewayServiceAnnotation`. */
export const GATEWAY_SERVICE_ANNOTATION = "internal.istio.io/gateway-service";

/** Istio's default ingress gateway: its Deployment, service account and Service name. */
export const DEFAULT_GATEWAY_NAME = "istio-ingressgateway";
export const DEFAULT_GATEWAY_SERVICE_ACCOUNT = "istio-ingressgateway-service-account";

/** Service port → target port of Istio's default `istio-ingressgateway` Service (chart values: http2, https). */
const DEFAULT_GATEWAY_PORTS: readonly (readonly [number, number])[] = [
  [80, 8080],
  [443, 8443],
];

/** push_context.go `gatewayWithInstances`: a Gateway a proxy runs, and the service targets its ports resolve through. */
export interface GatewayBinding {
  readonly gateway: GatewayNode;
  /** `legacyGatewaySelector`: selected by labels (or no selector), not through its Services. */
  readonly legacy: boolean;
  readonly instances: readonly ServiceTarget[];
}

/** A router proxy: a declared pod, or the stand-in default ingress gateway (`synthetic`). */
export interface GatewayRouter {
  readonly workload: WorkloadNode;
  readonly synthetic: boolean;
  /** The Gateways it runs, in IR order. */
  readonly bindings: readonly GatewayBinding[];
}

interface Selection {
  readonly routers: readonly GatewayRouter[];
  readonly byGateway: ReadonlyMap<GatewayNode, GatewayRouter>;
  readonly merged: WeakMap<GatewayRouter, MergedGateway>;
}

const cache = new WeakMap<MeshIR, Selection>();

const gatewayServices = (g: GatewayNode): ReadonlySet<string> | undefined => {
  const v = g.meta.annotations[GATEWAY_SERVICE_ANNOTATION];
  return v === undefined ? undefined : new Set(v.split(","));
};

const hasSelector = (g: GatewayNode): boolean => Object.keys(g.spec.selector ?? {}).length > 0;

/** The targets of `targets` the annotated Gateway `g` matches (`known[Hostname] && Namespace == cfg.Namespace`). */
function annotatedInstances(g: GatewayNode, hosts: ReadonlySet<string>, targets: readonly ServiceTarget[]) {
  return targets.filter((t) => hosts.has(t.host) && t.namespace === g.meta.namespace);
}

/** push_context.go `mergeGateways`: the Gateways a router proxy with these labels and targets runs. */
function bindingsOf(
  gateways: readonly GatewayNode[],
  labels: Labels,
  targets: readonly ServiceTarget[],
): GatewayBinding[] {
  const out: GatewayBinding[] = [];
  for (const gateway of gateways) {
    const hosts = gatewayServices(gateway);
    if (hosts !== undefined) {
      const instances = annotatedInstances(gateway, hosts, targets);
      if (instances.length > 0) out.push({ gateway, legacy: false, instances });
    } else if (!hasSelector(gateway) || selects(gateway.spec.selector!, labels))
      out.push({ gateway, legacy: true, instances: targets });
  }
  return out;
}

/** Whether `g` makes the pod a router (a selector or a gateway-service annotation that picks it). */
function picks(g: GatewayNode, w: WorkloadNode, targets: readonly ServiceTarget[]): boolean {
  const hosts = gatewayServices(g);
  if (hosts !== undefined) return annotatedInstances(g, hosts, targets).length > 0;
  return hasSelector(g) && selects(g.spec.selector!, w.labels);
}

/** The stand-in's pod; its labels are the selectors of the Gateways it stands in for. */
function standIn(ir: MeshIR, orphans: readonly GatewayNode[]): WorkloadNode {
  const namespace = ir.meshConfig.rootNamespace;
  const gateways = orphans.filter(hasSelector);
  return {
    kind: "workload",
    span: orphans[0]!.span,
    id: `${namespace}/${DEFAULT_GATEWAY_NAME}` as WorkloadId,
    name: DEFAULT_GATEWAY_NAME,
    namespace,
    source: "Deployment",
    labels: Object.assign({}, ...gateways.map((g): Labels => g.spec.selector ?? {})) as Labels,
    serviceAccount: DEFAULT_GATEWAY_SERVICE_ACCOUNT,
    sidecar: false,
    addresses: [],
  };
}

function defaultGatewayTargets(namespace: string): ServiceTarget[] {
  const host = `${DEFAULT_GATEWAY_NAME}.${namespace}.svc.cluster.local`;
  return DEFAULT_GATEWAY_PORTS.map(([port, targetPort]) => ({
    host,
    name: DEFAULT_GATEWAY_NAME,
    namespace,
    meshExternal: false,
    port,
    targetPort,
    protocol: port === 443 ? "HTTPS" : "HTTP2",
    source: "Service",
    disableGatewayPortTranslation: false,
  }));
}

function compute(ir: MeshIR): Selection {
  const gateways = resourcesOf(ir, "gateway");
  const routers: GatewayRouter[] = [];
  for (const w of ir.workloads) {
    const targets = serviceTargets(ir, w);
    if (!gateways.some((g) => picks(g, w, targets))) continue;
    routers.push({ workload: w, synthetic: false, bindings: bindingsOf(gateways, w.labels, targets) });
  }
  const served = new Set(routers.flatMap((r) => r.bindings.map((b) => b.gateway)));
  const root = ir.meshConfig.rootNamespace;
  const defaultHost = `${DEFAULT_GATEWAY_NAME}.${root}.svc.cluster.local`;
  const orphans = gateways.filter((g) => {
    if (served.has(g)) return false;
    const hosts = gatewayServices(g);
    if (hosts !== undefined) return g.meta.namespace === root && hosts.has(defaultHost);
    return hasSelector(g) || routers.length === 0;
  });
  if (orphans.length > 0) {
    const workload = standIn(ir, orphans);
    const targets = defaultGatewayTargets(root);
    const bindings = gateways.flatMap((g): GatewayBinding[] => {
      const hosts = gatewayServices(g);
      if (hosts !== undefined)
        return orphans.includes(g)
          ? [{ gateway: g, legacy: false, instances: annotatedInstances(g, hosts, targets) }]
          : [];
      // The stand-in's labels are its orphans' selectors: it runs them, and every selector-less Gateway.
      return orphans.includes(g) || !hasSelector(g) ? [{ gateway: g, legacy: true, instances: targets }] : [];
    });
    routers.push({ workload, synthetic: true, bindings });
  }
  const byGateway = new Map<GatewayNode, GatewayRouter>();
  for (const r of routers) for (const b of r.bindings) if (!byGateway.has(b.gateway)) byGateway.set(b.gateway, r);
  return { routers, byGateway, merged: new WeakMap() };
}

function selection(ir: MeshIR): Selection {
  let s = cache.get(ir);
  if (s === undefined) cache.set(ir, (s = compute(ir)));
  return s;
}

/** Every router proxy of `ir`: declared pods in IR order, then the stand-in default ingress gateway if any. */
export function gatewayRouters(ir: MeshIR): readonly GatewayRouter[] {
  return selection(ir).routers;
}

/** The router that runs Gateway `gateway` (the first pod that does), or undefined when none does. */
export function routerOfGateway(ir: MeshIR, gateway: GatewayNode): GatewayRouter | undefined {
  return selection(ir).byGateway.get(gateway);
}

/** model/gateway.go `resolvePorts`: the ports the router listens on for a server port of the binding's Gateway. */
export function resolvePorts(binding: GatewayBinding, serverPort: number): number[] {
  const ports = new Set<number>();
  for (const t of binding.instances) {
    if (t.disableGatewayPortTranslation && binding.legacy) continue;
    if (t.port !== serverPort) continue;
    if (binding.legacy) return [t.targetPort];
    ports.add(t.targetPort);
  }
  if (ports.size === 0 && binding.legacy) return [serverPort];
  return [...ports];
}

/** model/gateway.go `mergeGateways` for the router's Gateways, each server on the ports `resolvePorts` gives. */
export function mergedGatewayOf(ir: MeshIR, router: GatewayRouter): MergedGateway {
  const s = selection(ir);
  let m = s.merged.get(router);
  if (m === undefined) {
    const byGateway = new Map(router.bindings.map((b) => [b.gateway, b]));
    m = mergeGateways(
      router.bindings.map((b) => b.gateway),
      (g, port) => resolvePorts(byGateway.get(g)!, port),
    );
    s.merged.set(router, m);
  }
  return m;
}

/**
 * The port a client reaching Gateway `gateway` on `servicePort` lands on at its router, or undefined when nothing
 * there can take it. Through Services (annotated Gateways): the Service port's target port on one of the Gateway's
 * Services (kube-proxy forwards a Service port to its targetPort), undefined when its Services have no such port.
 * Selected by labels: a port one of the router's Gateways has a server on, translated as `resolvePorts` does.
 */
export function gatewayListenPort(ir: MeshIR, gateway: GatewayNode, servicePort: number): number | undefined {
  const router = routerOfGateway(ir, gateway);
  const binding = router?.bindings.find((b) => b.gateway === gateway);
  if (router === undefined || binding === undefined) return undefined;
  if (binding.legacy && !router.bindings.some((b) => b.gateway.spec.servers.some((s) => s.port.number === servicePort)))
    return undefined;
  return resolvePorts(binding, servicePort)[0];
}

/** The ids of the declared pods that run as routers (they get router configuration instead of sidecar configuration). */
export function routerIds(ir: MeshIR): ReadonlySet<string> {
  return new Set(
    gatewayRouters(ir)
      .filter((r) => !r.synthetic)
      .map((r) => r.workload.id),
  );
}
