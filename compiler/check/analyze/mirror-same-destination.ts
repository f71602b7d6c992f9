/**
 * A mirror to the destination the route already sends to: Envoy's `request_mirror_policies` send a copy of each
 * request to the mirror cluster (https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/route/v3/route_components.proto#config-route-v3-routeaction-requestmirrorpolicy),
 * so the destination gets every mirrored request twice and the mirror tests nothing new.
 */
import { Messages } from "../../diagnostics/messages.ts";
import { forEachNode, relatedAt, type Rule } from "../_rule.ts";

/** Mirrors whose host and subset equal a destination of the same route (MESH2226). */
export const mirrorSameDestination: Rule = forEachNode("virtualService", (vs, report) => {
  for (const mirror of vs.destinations.filter((d) => d.role === "mirror")) {
    const same = vs.destinations.find(
      (d) =>
        d.role === "route" &&
        d.path[2] === mirror.path[2] &&
        d.host === mirror.host &&
        d.subset === mirror.subset &&
        (mirror.port === undefined || d.port === undefined || d.port === mirror.port),
    );
    if (same === undefined) continue;
    const written = mirror.written;
    report(
      Messages.Mirror_to_the_route_destination_0,
      mirror.path,
      [mirror.subset ? `${written}' subset '${mirror.subset}` : written],
      [relatedAt(vs, same.path, Messages.Mirror_to_the_route_destination_0.related.route)],
    );
  }
});
