/** `ingressGateway(...)` → Gateway. https://istio.io/latest/docs/reference/config/networking/gateway/ */
import { isWorkload, type Gateway } from "../../../../stdlib/index.ts";
import { clean, meta, type LoweredDoc } from "./_types.ts";

/** The default selector: the pods of Istio's default ingress gateway installation. */
const defaultSelector = { istio: "ingressgateway" };

/** Gateway `<name>` with the selector's labels and the servers as written. */
export function lowerGateway(gw: Gateway): LoweredDoc[] {
  const sel = gw.props.selector;
  const selector = sel === undefined ? defaultSelector : isWorkload(sel) ? sel.labels : sel;
  const object = clean({
    apiVersion: "networking.istio.io/v1",
    kind: "Gateway",
    metadata: meta(gw.name, gw.namespace),
    spec: { selector: { ...selector }, servers: gw.props.servers },
  });
  const site = gw.site;
  return [{ object, origin: { site, argPath: [] }, fields: [{ path: ["spec"], site, argPath: [1] }] }];
}
