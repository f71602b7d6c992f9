/**
 * A host routed by a hand-written VirtualService and by a Gateway API route on the same proxies. istiod converts the
 * route to a VirtualService of its own (`pilot/pkg/config/kube/gateway/conversion.go`) and hands both to the same
 * translation, where one host gets one virtual host: which rules win then depends on the order istiod lists them in
 * (`pilot/pkg/model/push_context.go` `VirtualServicesForGateway` puts same-namespace Gateway API routes first, then
 * creation time), an order Istio's documentation does not define ("do not mix the APIs for one host"). Visibility
 * (exportTo) must overlap. Pairs of hand-written VirtualServices are MESH2204 / MESH2205 (conflicting-hosts.ts).
 */
import { MAX_RELATED } from "../../diagnostics/diagnostic.ts";
import { Messages } from "../../diagnostics/messages.ts";
import type { VirtualServiceNode, Visibility } from "../../ir/ir.ts";
import { hostIndex } from "../../ir/index-hosts.ts";
import { defineRule, relatedAt, type Rule } from "../_rule.ts";
import { resourceName } from "./_context.ts";

const ALSO_ROUTES = Messages.Host_0_is_routed_by_VirtualService_1_and_by_2_3.related.alsoRoutes;

function visibilitiesOverlap(a: Visibility, b: Visibility): boolean {
  if (a.kind === "public" || b.kind === "public") return true;
  return a.namespaces.some((n) => b.namespaces.includes(n));
}

/** `Kind namespace/name` of the Gateway API route a generated VirtualService came from. */
function sourceOf(vs: VirtualServiceNode): [string, string] {
  const [kind = "HTTPRoute", ns = "", name = ""] = vs.generatedFrom?.[0]?.split("/") ?? [];
  return [kind, `${ns}/${name}`];
}

/** MESH2210 on each host of a hand-written VirtualService that a Gateway API route also routes for the same proxies. */
export const mixedRouteApis: Rule = defineRule(({ nodes, at }) => {
  const all = nodes("virtualService");
  const generated = all.filter((vs) => vs.generatedFrom !== undefined);
  if (generated.length === 0) return;
  const index = hostIndex(generated, (vs) => vs.hosts);
  for (const vs of all) {
    if (vs.generatedFrom !== undefined) continue;
    const report = at(vs);
    vs.hosts.forEach((host, i) => {
      if (host === "*") return;
      const others = index
        .exact(host)
        .filter((o) => o.gateways.some((g) => vs.gateways.includes(g)) && visibilitiesOverlap(o.exportTo, vs.exportTo));
      const first = others[0];
      if (first === undefined) return;
      const shown = others.slice(0, MAX_RELATED).map((o) => {
        const [kind, name] = sourceOf(o);
        return relatedAt(o, ["spec", "hosts", Math.max(0, o.hosts.indexOf(host))], ALSO_ROUTES, [kind, name, host]);
      });
      const [kind, name] = sourceOf(first);
      report(
        Messages.Host_0_is_routed_by_VirtualService_1_and_by_2_3,
        ["spec", "hosts", i],
        [host, resourceName(vs), kind, name],
        { shown, omitted: others.length - shown.length },
      );
    });
  }
});
