/**
 * `sidecar(...)` → networking.istio.io/v1 Sidecar. Typed egress hosts become Istio's `namespace/dnsName` strings.
 * https://istio.io/latest/docs/reference/config/networking/sidecar/#IstioEgressListener
 */
import { isExternalService, isService, type EgressHost, type Sidecar } from "../../../../stdlib/index.ts";
import { policyNamespace, selectorOf } from "./_refs.ts";
import { clean, meta, type LowerContext, type LoweredDoc } from "./_types.ts";

/** `reviews` → `bookinfo/reviews.bookinfo.svc.cluster.local`; an external service → one entry per host; strings as written. */
function egressHosts(host: EgressHost): string[] {
  if (isService(host)) return [`${host.namespace}/${host.host}`];
  if (isExternalService(host)) return host.props.hosts.map((h) => `${host.namespace}/${h}`);
  return [host];
}

/**
 * `sidecar({ namespace: shop, egress: [{ hosts: ["./*", payments] }] })` → Sidecar `shop/default`; with a
 * workloadSelector → named after the selection, in its namespace; with neither → `default` in the root namespace.
 */
export function lowerSidecar(sc: Sidecar, ctx: LowerContext): LoweredDoc[] {
  const p = sc.props;
  const selector = p.workloadSelector === undefined ? undefined : selectorOf(p.workloadSelector);
  const object = clean({
    apiVersion: "networking.istio.io/v1",
    kind: "Sidecar",
    metadata: meta(
      p.name ?? selector?.name ?? "default",
      policyNamespace({ namespace: p.namespace, selector: p.workloadSelector }, ctx),
    ),
    spec: {
      workloadSelector: selector && { labels: selector.matchLabels },
      egress: p.egress?.map((e) => ({
        port: e.port,
        bind: e.bind,
        captureMode: e.captureMode,
        hosts: [...new Set(e.hosts.flatMap(egressHosts))],
      })),
      outboundTrafficPolicy: p.outboundTrafficPolicy,
    },
  });
  return [
    { object, origin: { site: sc.site, argPath: [] }, fields: [{ path: ["spec"], site: sc.site, argPath: [0] }] },
  ];
}
