/**
 * Two VirtualServices that route the same host for the same proxies. For the mesh, istiod merges them in no defined
 * order (istioctl analyze IST0109, `pkg/config/analysis/analyzers/virtualservice/conflictingmeshgatewayhosts.go`);
 * on a gateway it appends the later one's routes after the earlier one's (`pilot/pkg/model/virtualservice.go`
 * `mergeVirtualServicesIfNeeded` only merges delegates; `pilot/pkg/networking/core/route/route.go` builds one virtual
 * host per host name, so the second VirtualService's rules follow the first's). Visibility (exportTo) must overlap.
 */
import { Messages } from "../../diagnostics/messages.ts";
import type { VirtualServiceNode, Visibility } from "../../ir/ir.ts";
import { hostIndex } from "../../ir/index-hosts.ts";
import { defineRule, relatedAt, type Rule } from "../_rule.ts";
import { resourceName } from "./_context.ts";

const ALSO_ROUTES = Messages.Host_0_is_also_routed_for_the_mesh_by_1.related.alsoRoutes;

function visibilitiesOverlap(a: Visibility, b: Visibility): boolean {
  if (a.kind === "public" || b.kind === "public") return true;
  return a.namespaces.some((n) => b.namespaces.includes(n));
}

/** Hosts routed by more than one VirtualService for the mesh (MESH2204) or on one gateway (MESH2205). */
export const conflictingHosts: Rule = defineRule(({ nodes, at }) => {
  const all = nodes("virtualService");
  const byHost = hostIndex(all, (vs) => vs.hosts);
  for (const vs of all) {
    const report = at(vs);
    vs.hosts.forEach((host, i) => {
      if (host === "*") return;
      for (const gateway of vs.gateways) {
        const others = byHost
          .exact(host)
          .filter(
            (o: VirtualServiceNode) =>
              o !== vs && o.gateways.includes(gateway) && visibilitiesOverlap(o.exportTo, vs.exportTo),
          );
        const first = others[0];
        if (first === undefined) continue;
        const related = others.map((o) =>
          relatedAt(o, ["spec", "hosts", o.hosts.indexOf(host)], ALSO_ROUTES, [resourceName(o), host]),
        );
        if (gateway === "mesh")
          report(
            Messages.Host_0_is_also_routed_for_the_mesh_by_1,
            ["spec", "hosts", i],
            [host, resourceName(first)],
            related,
          );
        else
          report(
            Messages.Host_0_is_also_routed_on_gateway_1_by_2,
            ["spec", "hosts", i],
            [host, gateway, resourceName(first)],
            related,
          );
      }
    });
  }
});
