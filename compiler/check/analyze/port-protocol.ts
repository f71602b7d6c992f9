/**
 * Service ports without a protocol: neither a `<protocol>[-suffix]` name nor `appProtocol`, so sidecars sniff the
 * protocol (and HTTP features such as routing rules and HTTP authorization may not apply as expected). istioctl
 * analyze IST0118, `pkg/config/analysis/analyzers/service/portname.go`;
 * https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/
 */
import { Messages } from "../../diagnostics/messages.ts";
import { defineRule, resourceOf, type Rule } from "../_rule.ts";

/** istioctl skips system namespaces (`pkg/config/analysis/analyzers/util`, `IsSystemNamespace`) and the Istio namespace. */
const SYSTEM_NAMESPACES = new Set(["kube-system", "kube-public", "kube-node-lease", "local-path-storage"]);
/** Services of Gateway API gateways and waypoints, which Istio deploys and names itself. */
const MANAGED = "gateway.networking.k8s.io/gateway-name";

/** Service ports whose protocol Istio has to sniff (MESH2270). UDP ports are never sniffed. */
export const portProtocol: Rule = defineRule(({ ir, report }) => {
  for (const svc of ir.services) {
    if (
      SYSTEM_NAMESPACES.has(svc.namespace) ||
      svc.namespace === ir.meshConfig.rootNamespace ||
      svc.selector?.[MANAGED] !== undefined
    )
      continue;
    for (const p of svc.ports) {
      if (p.protocol === "UNKNOWN")
        report(
          Messages.Port_0_name_gives_no_protocol,
          svc.span,
          [p.name ?? String(p.port), svc.name],
          [],
          resourceOf(svc),
        );
    }
  }
});
