/**
 * Two VirtualServices that route the same host for the same proxies. For the mesh, istiod merges them in no defined
 * order (istioctl analyze IST0109, `pkg/config/analysis/analyzers/virtualservice/conflictingmeshgatewayhosts.go`);
 * on a gateway it appends the later one's routes after the earlier one's (`pilot/pkg/model/virtualservice.go`
 * `mergeVirtualServicesIfNeeded` only merges delegates; `pilot/pkg/networking/core/route/route.go` builds one virtual
 * host per host name, so the second VirtualService's rules follow the first's). Visibility (exportTo) must overlap.
 * Only hand-written VirtualServices: istiod merges the Gateway API routes for one host into one VirtualService, a
 * consumer's route overrides the producer's by design (GAMMA), and a route beside a VirtualService is MESH2210.
 */
import { MAX_RELATED } from "../../diagnostics/diagnostic.ts";
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

const visibilityKey = (v: Visibility): string => (v.kind === "public" ? "*" : [...v.namespaces].sort().join(","));

/**
 * The VirtualServices bound to `gateway` among `candidates` whose visibility overlaps `exportTo`, computed once per
 * (host, gateway, visibility) and shared by every VirtualService of that class: n VirtualServices for one host with the
 * same exportTo cost O(n), not n² (issue 18: 1,000 of them did not finish in 300 s).
 */
function overlappingFor(): (
  host: string,
  candidates: readonly VirtualServiceNode[],
  gateway: string,
  exportTo: Visibility,
) => readonly VirtualServiceNode[] {
  const cache = new Map<string, readonly VirtualServiceNode[]>();
  return (host, candidates, gateway, exportTo) => {
    const key = `${host}\0${gateway}\0${visibilityKey(exportTo)}`;
    let hit = cache.get(key);
    if (hit === undefined) {
      hit = candidates.filter((o) => o.gateways.includes(gateway) && visibilitiesOverlap(o.exportTo, exportTo));
      cache.set(key, hit);
    }
    return hit;
  };
}

/** The first {@link MAX_RELATED} of `all` other than `self` (which `all` holds when `holdsSelf`), and how many more. */
function othersThan(
  all: readonly VirtualServiceNode[],
  self: VirtualServiceNode,
  holdsSelf: boolean,
): { shown: VirtualServiceNode[]; omitted: number } {
  const shown: VirtualServiceNode[] = [];
  for (const o of all) {
    if (shown.length === MAX_RELATED) break;
    if (o !== self) shown.push(o);
  }
  return { shown, omitted: all.length - (holdsSelf ? 1 : 0) - shown.length };
}

/** Hosts routed by more than one VirtualService for the mesh (MESH2204) or on one gateway (MESH2205). */
export const conflictingHosts: Rule = defineRule(({ nodes, at }) => {
  const all = nodes("virtualService").filter((vs) => vs.generatedFrom === undefined);
  const index = hostIndex(all, (vs) => vs.hosts);
  const cache = new Map<string, readonly VirtualServiceNode[]>();
  const byHost = (host: string): readonly VirtualServiceNode[] => {
    let hit = cache.get(host);
    if (hit === undefined) cache.set(host, (hit = index.exact(host)));
    return hit;
  };
  const overlapping = overlappingFor();
  for (const vs of all) {
    const report = at(vs);
    vs.hosts.forEach((host, i) => {
      if (host === "*") return;
      for (const gateway of vs.gateways) {
        const candidates = overlapping(host, byHost(host), gateway, vs.exportTo);
        const others = othersThan(candidates, vs, visibilitiesOverlap(vs.exportTo, vs.exportTo));
        const first = others.shown[0];
        if (first === undefined) continue;
        const list = {
          shown: others.shown.map((o) =>
            relatedAt(o, ["spec", "hosts", o.hosts.indexOf(host)], ALSO_ROUTES, [resourceName(o), host]),
          ),
          omitted: others.omitted,
        };
        if (gateway === "mesh")
          report(
            Messages.Host_0_is_also_routed_for_the_mesh_by_1,
            ["spec", "hosts", i],
            [host, resourceName(first)],
            list,
          );
        else
          report(
            Messages.Host_0_is_also_routed_on_gateway_1_by_2,
            ["spec", "hosts", i],
            [host, gateway, resourceName(first)],
            list,
          );
      }
    });
  }
});
