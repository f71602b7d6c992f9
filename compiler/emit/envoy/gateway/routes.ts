// A gateway proxy's RouteConfiguration per HTTP server port: istio pilot/pkg/networking/core/gateway.go
// `buildGatewayHTTPRouteConfig`. For every server on the port and every VirtualService bound to the server's Gateway
// (and visible to the proxy's namespace, `PushContext.VirtualServicesForGateway`), the intersection of the server's
// hosts (those whose `ns/` part admits the VS) with the VS's hosts gives one virtual host per hostname
// (`<host>:<port>`, domains `[host]`); a hostname claimed by several VSs gets their routes concatenated. The routes
// are translated by the sidecar code (route.go `BuildHTTPRoutesForVirtualService`, compiler/emit/envoy/outbound/routes.ts)
// with the Gateway as the proxy's gateway name; then `collapseDuplicateRoutes` (vhosts with the same VS routes share
// one vhost, the alphabetically first hostname names it), `SortVHostRoutes` (catch-all routes last) and
// `SortVirtualHosts`. No virtual host → `blackhole:<port>`, domains `*`, no routes (Envoy answers 404). A server with
// `tls.httpsRedirect` sets `require_tls: ALL` on the virtual hosts it contributes to, and adds one without routes for
// each of its hosts no VirtualService covers (Envoy answers plaintext requests there with a 301 to https).
// The route configuration of an HTTPS server (`https.<port>.<port name>.<gateway>.<ns>`) is built the same way from
// that server alone.
import { gatewayHostsForNamespace, intersectHosts } from "../../../ir/hosts.ts";
import type { GatewayNode } from "../../../ir/ir.ts";
import type { Server } from "../../../ir/istio-api.ts";
import { visibleFrom } from "../../../ir/visibility.ts";
import { resourcesOf } from "../../../ir/ir.ts";
import { RouteConfiguration } from "../gen/envoy/config/route/v3/route.ts";
import {
  VirtualHost,
  VirtualHost_TlsRequirementType,
  type Route,
} from "../gen/envoy/config/route/v3/route_components.ts";
import { byString, u32 } from "../proto.ts";
import type { OutboundScope } from "../outbound/scope.ts";
import { isCatchAllMatch } from "../outbound/route-match.ts";
import { virtualServiceRoutes } from "../outbound/routes.ts";
import { gatewayKey } from "./proxies.ts";

/** A server of a Gateway the proxy runs. */
export interface GatewayServer {
  readonly gateway: GatewayNode;
  readonly server: Server;
}

/** route.go `SortVHostRoutes`: catch-all routes move last, order otherwise kept. */
function sortVHostRoutes(routes: readonly Route[]): Route[] {
  const catchAll = (r: Route) => r.match !== undefined && isCatchAllMatch(r.match);
  return [...routes.filter((r) => !catchAll(r)), ...routes.filter(catchAll)];
}

/** RDS `http.<listenPort>`: the virtual hosts of the HTTP servers on one port. */
export function gatewayRouteConfiguration(
  scope: OutboundScope,
  name: string,
  servers: readonly GatewayServer[],
): RouteConfiguration {
  const vhosts = new Map<string, { routes: Route[]; key: string[]; port: number; requireTls: boolean }>();
  const built = new Map<string, Route[]>();
  for (const s of servers) {
    const gw = gatewayKey(s.gateway);
    const port = s.server.port.number;
    const redirect = s.server.tls?.httpsRedirect === true;
    const bound = resourcesOf(scope.ir, "virtualService").filter(
      (vs) => vs.gateways.includes(gw) && visibleFrom(vs.exportTo, scope.workload.namespace),
    );
    for (const vs of bound) {
      const hosts = intersectHosts(
        gatewayHostsForNamespace(s.server.hosts, s.gateway.meta.namespace, vs.meta.namespace),
        vs.hosts,
      );
      if (hosts.length === 0) continue;
      const vsKey = `${gw}|${vs.meta.namespace}/${vs.meta.name}|${port}`;
      const routes = built.get(vsKey) ?? virtualServiceRoutes(scope, vs, port, new Set([gw]));
      built.set(vsKey, routes);
      if (routes.length === 0) continue; // BuildHTTPRoutesForVirtualService: "no routes matched" → the VS is skipped
      for (const h of hosts.map((x) => x.toLowerCase())) {
        const v = vhosts.get(h);
        if (v === undefined) vhosts.set(h, { routes: [...routes], key: [vsKey], port, requireTls: redirect });
        else {
          v.routes.push(...routes);
          v.key.push(vsKey);
          if (redirect) v.requireTls = true;
        }
      }
    }
    if (!redirect) continue;
    for (const h of s.server.hosts.map((x) => x.toLowerCase())) {
      const v = vhosts.get(h);
      if (v !== undefined) v.requireTls = true;
      else vhosts.set(h, { routes: [], key: [], port, requireTls: true });
    }
  }
  const port = servers[0]?.server.port.number ?? 0;
  let virtualHosts: VirtualHost[];
  if (vhosts.size === 0) {
    virtualHosts = [VirtualHost.create({ name: `blackhole:${port}`, domains: ["*"], routes: [] })];
  } else {
    // collapseDuplicateRoutes: identical route lists (same VSs in the same order) share the first hostname's vhost.
    const byRoutes = new Map<string, VirtualHost>();
    virtualHosts = [];
    for (const h of [...vhosts.keys()].sort(byString)) {
      const v = vhosts.get(h)!;
      const key = `${v.requireTls}|${v.key.join(",")}`;
      const same = byRoutes.get(key);
      if (same !== undefined) {
        same.domains.push(h);
        continue;
      }
      const vhost = VirtualHost.create({
        name: `${h}:${v.port}`,
        domains: [h],
        routes: sortVHostRoutes(v.routes),
        includeRequestAttemptCount: true,
        requireTls: v.requireTls ? VirtualHost_TlsRequirementType.ALL : VirtualHost_TlsRequirementType.NONE,
      });
      byRoutes.set(key, vhost);
      virtualHosts.push(vhost);
    }
    virtualHosts.sort((a, b) => byString(a.name, b.name));
  }
  return RouteConfiguration.create({
    name,
    virtualHosts,
    validateClusters: { value: false },
    ignorePortInHostMatching: true,
    maxDirectResponseBodySizeBytes: u32(1048576),
  });
}
