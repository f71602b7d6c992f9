// The filter chains of a gateway listener port: istio pilot/pkg/networking/core/gateway.go
// `buildGatewayTCPBasedFilterChains`. A port whose first server is plain HTTP gets one HTTP chain (RDS
// `http.<port>`); otherwise one chain per server:
//   - HTTPS terminating TLS (SIMPLE, MUTUAL, ISTIO_MUTUAL): `createGatewayHTTPFilterChainOpts`, an HTTP connection
//     manager on RDS `https.<port>.<port name>.<gateway>.<ns>` behind the server's DownstreamTlsContext, matched on
//     the server's hosts as SNI (`server_names`; a `*` host matches any SNI);
//   - `createGatewayTCPFilterChainOpts`: a server without TLS proxies TCP by the first `tcp` rule of the Gateway's
//     VirtualServices that matches (`buildGatewayNetworkFiltersFromTCPRoutes`); a terminating TLS server does the same
//     behind its TLS context; a PASSTHROUGH server gets one chain per `tls` rule match (`sniHosts` as SNI) of those
//     VirtualServices (`buildGatewayNetworkFiltersFromTLSRoutes`), a repeated SNI on the listener port skipped
//     (`CheckDuplicates`); AUTO_PASSTHROUGH one chain per service port and subset whose host the server's hosts cover,
//     matched on the SNI istio clients send (`outbound_.<port>_.<subset>_.<host>`) and the Istio mTLS ALPNs
//     (`builtAutoPassthroughFilterChains`).
// A server that yields no chain adds none; a port without chains gets no listener (`MutableGatewayListener.build`).
// A chain built from a `tcp` or `tls` rule carries that rule's metadata (outbound/tcp-routes.ts `ruleMetadata`), as a
// sidecar's does: istiod writes none on gateway chains; meshc does, so the Envoy engine can name the rule.
import { hostMatches, hostsOverlap, resolveGatewayName } from "../../../ir/hosts.ts";
import { virtualServicesByPrecedence } from "../../../ir/creation-order.ts";
import {
  isHttpsWithTermination,
  isPassThroughServer,
  tlsMode,
  type MergedPort,
  type MergedServer,
} from "../../../ir/gateway-merge.ts";
import type { VirtualServiceNode } from "../../../ir/ir.ts";
import { isHttpProtocol } from "../../../ir/protocol.ts";
import type { Server } from "../../../ir/istio-api.ts";
import { visibleFrom } from "../../../ir/visibility.ts";
import type { Metadata } from "../gen/envoy/config/core/v3/base.ts";
import type { Filter } from "../gen/envoy/config/listener/v3/listener_components.ts";
import type { DownstreamTlsContext } from "../gen/envoy/extensions/transport_sockets/tls/v3/tls.ts";
import type { OutboundScope } from "../outbound/scope.ts";
import { routeProxy, ruleMetadata, singleClusterProxy } from "../outbound/tcp-routes.ts";
import { gatewayTlsContext } from "./tls.ts";

/** istiod's `filterChainOpts` for a gateway chain: an HTTP chain (`rds`) or a network one (`filters`). */
export interface GatewayChain {
  readonly sniHosts: readonly string[];
  readonly applicationProtocols: readonly string[];
  readonly tls: DownstreamTlsContext | undefined;
  readonly rds?: string;
  /** The HCM stat prefix when the server names it (`server.name`). */
  readonly statPrefix?: string;
  readonly filters?: readonly Filter[];
  /** The VirtualService `tcp` or `tls` rule the chain's tcp_proxy came from (`ruleMetadata`); none otherwise. */
  readonly metadata?: Metadata;
}

/** A tcp_proxy chain's filters and the metadata naming the rule they came from. */
type Forwarding = Required<Pick<GatewayChain, "filters" | "metadata">>;

/** `allIstioMtlsALPNs`. */
const ISTIO_MTLS_ALPNS = ["istio", "istio-peer-exchange", "istio-http/1.0", "istio-http/1.1", "istio-h2"];

/** `model.BuildDNSSrvSubsetKey` (outbound). */
export const dnsSrvSubsetKey = (port: number, subset: string, host: string): string =>
  `outbound_.${port}_.${subset}_.${host}`;

/** `PushContext.VirtualServicesForGateway`: bound to the Gateway, visible from the proxy, in precedence order. */
export function virtualServicesForGateway(scope: OutboundScope, gatewayName: string): VirtualServiceNode[] {
  return virtualServicesByPrecedence(scope.ir).filter(
    (vs) => vs.gateways.includes(gatewayName) && visibleFrom(vs.exportTo, scope.workload.namespace),
  );
}

/** `pickMatchingGatewayHosts` is not empty: a server host (its `ns/` part naming the VS's namespace) matches a VS host. */
export function matchesGatewayHosts(serverHosts: readonly string[], vs: VirtualServiceNode): boolean {
  return vs.hosts.some((vsHost) =>
    serverHosts.some((h) => {
      const slash = h.indexOf("/");
      if (slash >= 0 && h.slice(0, slash) !== vs.meta.namespace) return false;
      const gw = slash >= 0 ? h.slice(slash + 1) : h;
      return hostsOverlap(gw, vsHost);
    }),
  );
}

/** `l4SingleMatch`: the match's port (if any) is the server's, its gateways (if any) include this one. */
export function l4Matches(
  m: { readonly port?: number; readonly gateways?: readonly string[] },
  server: Server,
  gatewayName: string,
  vsNamespace: string,
): boolean {
  const portOk = m.port === undefined || m.port === 0 || m.port === server.port.number;
  const gws = m.gateways ?? [];
  return portOk && (gws.length === 0 || gws.some((g) => resolveGatewayName(g, vsNamespace) === gatewayName));
}

/**
 * `buildGatewayNetworkFiltersFromTCPRoutes`: the first matching `tcp` rule with routes, as a tcp_proxy, with the
 * rule's metadata.
 */
function tcpRouteFilters(scope: OutboundScope, s: MergedServer): Forwarding | undefined {
  for (const vs of virtualServicesForGateway(scope, s.gatewayName)) {
    if (!matchesGatewayHosts(s.server.hosts, vs)) continue;
    for (const [index, rule] of (vs.spec.tcp ?? []).entries()) {
      const matches = rule.match ?? [];
      const ok = matches.length === 0 || matches.some((m) => l4Matches(m, s.server, s.gatewayName, vs.meta.namespace));
      if (ok && (rule.route ?? []).length > 0)
        return {
          filters: [routeProxy(scope, vs, rule.route!, s.server.port.number)],
          metadata: ruleMetadata(vs, index, "tcp"),
        };
    }
  }
  return undefined;
}

/** `buildGatewayNetworkFiltersFromTLSRoutes` for a PASSTHROUGH server; `known` is the listener port's SNI hosts. */
function tlsRouteChains(scope: OutboundScope, s: MergedServer, known: Set<string>): GatewayChain[] {
  const out: GatewayChain[] = [];
  for (const vs of virtualServicesForGateway(scope, s.gatewayName)) {
    if (!matchesGatewayHosts(s.server.hosts, vs)) continue;
    for (const [index, rule] of (vs.spec.tls ?? []).entries()) {
      if ((rule.route ?? []).length === 0) continue;
      for (const m of rule.match) {
        if (!l4Matches(m, s.server, s.gatewayName, vs.meta.namespace)) continue;
        if (m.sniHosts.some((h) => known.has(h))) continue; // CheckDuplicates: "duplicate SNI host names"
        for (const h of m.sniHosts) known.add(h);
        const filters = [routeProxy(scope, vs, rule.route!, s.server.port.number)];
        const metadata = ruleMetadata(vs, index, "tls");
        out.push({ sniHosts: m.sniHosts, applicationProtocols: [], tls: undefined, filters, metadata });
      }
    }
  }
  return out;
}

/**
 * `builtAutoPassthroughFilterChains`: a chain per service port (and subset) the server's hosts cover; no VirtualService
 * rule forwards there, so the chains carry no rule metadata.
 */
function autoPassthroughChains(scope: OutboundScope, s: MergedServer): GatewayChain[] {
  const out: GatewayChain[] = [];
  for (const svc of scope.services) {
    if (svc.meshExternal || !s.sniHosts.some((h) => hostMatches(h, svc.hostname))) continue;
    const subsets = ["", ...(scope.destinationRule(svc)?.subsets ?? []).map((x) => x.name)];
    for (const port of svc.ports) {
      if (port.protocol === "UDP") continue;
      for (const subset of subsets) {
        const cluster = dnsSrvSubsetKey(port.port, subset, svc.hostname);
        out.push({
          sniHosts: [cluster],
          applicationProtocols: ISTIO_MTLS_ALPNS,
          tls: undefined,
          filters: [singleClusterProxy(cluster)],
        });
      }
    }
  }
  return out;
}

/** `createGatewayTCPFilterChainOpts`. */
function tcpServerChains(scope: OutboundScope, s: MergedServer, known: Set<string>): GatewayChain[] {
  if (s.server.tls === undefined) {
    const forwarding = tcpRouteFilters(scope, s);
    return forwarding === undefined ? [] : [{ sniHosts: [], applicationProtocols: [], tls: undefined, ...forwarding }];
  }
  if (!isPassThroughServer(s.server)) {
    const forwarding = tcpRouteFilters(scope, s);
    if (forwarding === undefined) return [];
    const tls = gatewayTlsContext(s.server, true);
    return [{ sniHosts: s.sniHosts, applicationProtocols: [], tls, ...forwarding }];
  }
  return tlsMode(s.server) === "AUTO_PASSTHROUGH" ? autoPassthroughChains(scope, s) : tlsRouteChains(scope, s, known);
}

/** `buildGatewayTCPBasedFilterChains` for one listen port. */
export function gatewayPortChains(scope: OutboundScope, port: MergedPort): GatewayChain[] {
  if (isHttpProtocol(port.protocol))
    return [{ sniHosts: [], applicationProtocols: [], tls: undefined, rds: port.routeName }];
  const known = new Set<string>();
  return port.servers.flatMap((s): GatewayChain[] => {
    if (isHttpsWithTermination(s.server)) {
      const statPrefix = s.server.name !== undefined && s.server.name !== "" ? s.server.name : undefined;
      return [
        {
          sniHosts: s.sniHosts,
          applicationProtocols: [],
          tls: gatewayTlsContext(s.server, false),
          rds: s.routeName,
          ...(statPrefix === undefined ? {} : { statPrefix }),
        },
      ];
    }
    return tcpServerChains(scope, s, known);
  });
}
