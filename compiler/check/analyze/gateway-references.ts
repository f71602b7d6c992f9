/**
 * A VirtualService's `gateways` must name Gateways that exist, and at least one of its hosts must be served by each
 * of them: istioctl analyze IST0101 (`gateway`) and IST0132, `pkg/config/analysis/analyzers/virtualservice/gateways.go`.
 * Gateway server hosts in `namespace/host` form only admit VirtualServices of that namespace (`.` = the Gateway's own,
 * `*` = any): https://istio.io/latest/docs/reference/config/networking/gateway/#Server
 */
import { Messages } from "../../diagnostics/messages.ts";
import { hostsOverlap } from "../../ir/hosts.ts";
import type { GatewayNode, VirtualServiceNode } from "../../ir/ir.ts";
import { defineRule, relatedAt, type Report, type Rule } from "../_rule.ts";
import { resourceName } from "./_context.ts";

/** The server hosts of a Gateway that admit VirtualServices of `namespace`, without their namespace part. */
export function serverHostsFor(gw: GatewayNode, namespace: string): string[] {
  return (gw.spec.servers ?? []).flatMap((s) =>
    (s.hosts ?? []).flatMap((host) => {
      if (typeof host !== "string") return [];
      const slash = host.indexOf("/");
      if (slash < 0) return [host];
      const ns = host.slice(0, slash);
      const ok = ns === "*" || ns === namespace || (ns === "." && gw.meta.namespace === namespace);
      return ok ? [host.slice(slash + 1)] : [];
    }),
  );
}

function checkVirtualService(gateways: readonly GatewayNode[], vs: VirtualServiceNode, report: Report): void {
  const known = gateways.map(resourceName);
  vs.gateways.forEach((ref, i) => {
    if (ref === "mesh") return;
    const path = (vs.spec.gateways ?? []).length > 0 ? ["spec", "gateways", i] : ["spec"];
    const gw = gateways.find((g) => resourceName(g) === ref);
    if (gw === undefined) {
      report(Messages.Gateway_0_is_not_declared, path, [ref, known.length > 0 ? known.join(", ") : "none"]);
      return;
    }
    const served = serverHostsFor(gw, vs.meta.namespace);
    const written = (vs.spec.hosts ?? []).filter((h) => typeof h === "string");
    if (
      written.length === 0 ||
      written.some(
        (h) => served.some((s) => hostsOverlap(s, h)) || vs.hosts.some((f) => served.some((s) => hostsOverlap(s, f))),
      )
    )
      return;
    report(
      Messages.No_host_of_the_VirtualService_is_served_by_gateway_0,
      path,
      [ref, served.length > 0 ? served.join(", ") : "none"],
      [
        relatedAt(
          gw,
          ["spec", "servers"],
          Messages.No_host_of_the_VirtualService_is_served_by_gateway_0.related.serves,
          [ref],
        ),
      ],
    );
  });
}

/** Missing gateways (MESH2202) and gateways that serve none of the VirtualService's hosts (MESH2203). */
export const gatewayReferences: Rule = defineRule(({ nodes, at }) => {
  const gateways = nodes("gateway");
  for (const vs of nodes("virtualService")) checkVirtualService(gateways, vs, at(vs));
});
