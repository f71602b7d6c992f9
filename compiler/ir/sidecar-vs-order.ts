/**
 * The order in which a sidecar holds the `mesh` VirtualServices visible to it; the first VirtualService for a host
 * keeps its virtual host (httproute.go: duplicate virtual host names are dropped, first wins). istiod indexes
 * VirtualServices by visibility (push_context.go `initVirtualServices`: exported to `.` / their own namespace only →
 * `privateByNamespaceAndGateway`; to other namespaces → `exportedToNamespaceByGateway`; public → `publicByGateway`),
 * each list in precedence order (compiler/ir/creation-order.ts), and reads them private first, then exported, then
 * public (`VirtualServicesForGateway`; virtualservice.go `SelectVirtualServices`). Within each list, under
 * `PILOT_UNIFIED_SIDECAR_SCOPE` (the default), the Gateway API routes (`UseGatewaySemantics`) of the proxy's own
 * namespace come first (`gwExact`: "consumer override"), so a consumer's HTTPRoute for a service wins over the
 * producer's. A fact about the config, shared by the Envoy emitter and the Istio engine.
 */
import type { ObjectMeta, Visibility } from "./ir.ts";
import { usesGatewaySemantics } from "./route-semantics.ts";

interface Ordered {
  readonly meta: ObjectMeta;
  readonly exportTo: Visibility;
}

/** 0 private, 1 exported to the namespace, 2 public (the index lists of `initVirtualServices`). */
function list(vs: Ordered, proxyNamespace: string): number {
  if (vs.exportTo.kind === "public") return 2;
  return vs.meta.namespace === proxyNamespace ? 0 : 1;
}

/**
 * `vses`, visible from `proxyNamespace` and given in precedence order, in the order the proxy holds them. Stable:
 * items of one list and kind keep their given order.
 */
export function sidecarVirtualServiceOrder<T extends Ordered>(vses: readonly T[], proxyNamespace: string): T[] {
  const rank = (vs: T) =>
    list(vs, proxyNamespace) * 2 + (usesGatewaySemantics(vs) && vs.meta.namespace === proxyNamespace ? 0 : 1);
  return vses
    .map((vs, i) => ({ vs, i, r: rank(vs) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.vs);
}
