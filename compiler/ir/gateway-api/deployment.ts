/**
 * Istio's automated deployment for a managed Gateway (istio `pilot/pkg/config/kube/gateway/deploymentcontroller.go`,
 * `templates/deployment.yaml`, `templates/service.yaml`): a Deployment, ServiceAccount and Service named
 * `<gateway>-<class>` (`<gateway>-istio`) in the Gateway's namespace, pods labelled
 * `gateway.networking.k8s.io/gateway-name: <gateway>`, the Service exposing each listener port. The pod runs the proxy
 * as its main container, so it gets no injected sidecar.
 */
import type { InputDocument } from "../../load/document.ts";
import { list, record, str } from "../../load/json.ts";
import type { ConvertedGateway } from "./gateways.ts";
import { deploymentName } from "./gateways.ts";

/** The Deployment and Service istiod would create for each managed Gateway, as registry documents. */
export function automatedDeployments(gateways: readonly ConvertedGateway[]): InputDocument[] {
  return gateways
    .filter((g) => g.managed && !g.classInfo.disableRouteGeneration && g.listeners.length > 0)
    .flatMap(({ gateway: gw, classInfo }) => {
      const name = deploymentName(gw, classInfo);
      const labels = { "gateway.networking.k8s.io/gateway-name": gw.name, "istio.io/gateway-name": gw.name };
      const seen = new Set<number>();
      const ports = list(gw.spec["listeners"])
        .map(record)
        .filter((l) => typeof l["port"] === "number" && !seen.has(l["port"]) && seen.add(l["port"]) !== undefined)
        .map((l) => ({
          name: `${(str(l["protocol"]) ?? "tcp").toLowerCase()}-${l["port"] as number}`,
          port: l["port"] as number,
          targetPort: l["port"] as number,
        }));
      const meta = { name, namespace: gw.namespace };
      const at = { span: gw.doc.span, spans: new Map() };
      const deployment: InputDocument = {
        ...at,
        object: {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: meta,
          spec: {
            template: {
              metadata: { labels, annotations: { "sidecar.istio.io/inject": "false" } },
              spec: { serviceAccountName: name },
            },
          },
        },
      };
      const service: InputDocument = {
        ...at,
        object: { apiVersion: "v1", kind: "Service", metadata: meta, spec: { selector: labels, ports } },
      };
      return [deployment, service];
    });
}
