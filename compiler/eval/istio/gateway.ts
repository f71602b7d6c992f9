/**
 * An `ingress <ns>/<gateway>` request at the gateway pod (istio `pilot/pkg/networking/core/gateway.go`):
 *
 *   listener `0.0.0.0_<target port>` (an HTTP server of one of the pod's Gateways on the request's port)
 *     → the HCM's RBAC filters: AuthorizationPolicies selecting the gateway pod (a denial is a local 403)
 *     → RDS `http.<port>`: one virtual host per hostname (`buildGatewayHTTPRouteConfig`), Envoy picks one by domain
 *     → that virtual host's routes, first match wins.
 */
import { gatewayHostsForNamespace, hostMatches, intersectHosts } from "../../ir/hosts.ts";
import {
  resourcesOf,
  type AuthorizationPolicyNode,
  type GatewayNode,
  type MeshIR,
  type VirtualServiceNode,
} from "../../ir/ir.ts";
import type { Server } from "../../ir/istio-api.ts";
import { isHttpProtocol } from "../../ir/protocol.ts";
import { mergedGatewayOf } from "../../ir/gateway-selection.ts";
import type { CoverageSink } from "../coverage.ts";
import type { AuthzDecision } from "../types.ts";
import type { Client, HttpView } from "../_shared/model.ts";
import { authorizeWith, policiesFor } from "./authorization.ts";
import { gatewayPod, type GatewayPod } from "../_shared/gateway-pod.ts";
import { generatedFor } from "./route-match.ts";
import { sortVHostRoutes, virtualServiceRoutes, vsName, type EnvoyRoute } from "./virtual-service.ts";
import { visibleFrom } from "../../ir/visibility.ts";
import { numTrustedProxies } from "../../ir/proxy-config.ts";
import { hcmDownstream, XFF, type Downstream } from "../_shared/xff.ts";

/**
 * What the gateway's HTTP connection manager makes of the request's addresses (_shared/xff.ts): istiod gives every
 * gateway HCM `use_remote_address: true` and `xff_num_trusted_hops` = the pod's ProxyConfig
 * `gatewayTopology.numTrustedProxies` (gateway.go `buildGatewayConnectionManager`, compiler/ir/proxy-config.ts).
 * `peer` is the address of the connection the gateway accepted, `client` the gateway pod as a client (its address).
 */
export function gatewayDownstream(
  ir: MeshIR,
  listener: GatewayListener,
  client: Client,
  req: HttpView,
  trace: string[],
): Downstream {
  const hops = numTrustedProxies(ir, listener.pod.workload);
  const d = hcmDownstream(
    { useRemoteAddress: true, xffNumTrustedHops: hops },
    client.downstreamIp,
    client.ip,
    req.headers,
  );
  const shown = (ip: string | undefined) => (ip === undefined ? "unknown" : ip);
  trace.push(
    `The gateway's connection manager (use_remote_address, xff_num_trusted_hops ${hops}): the peer is ${shown(d.peer)}, the remote address ${shown(d.remote)}${d.from === "xff" ? " (from X-Forwarded-For)" : ""}${d.headers[XFF] === req.headers[XFF] ? "" : `; X-Forwarded-For is now '${d.headers[XFF]}'`}.`,
  );
  return d;
}

/** The gateway pod's HTTP listener that takes the request. */
export interface GatewayListener {
  readonly pod: GatewayPod;
  /** The port the pod listens on. */
  readonly port: number;
  /** The HTTP servers on that listener, with their Gateway, in (Gateway, server) order. */
  readonly servers: readonly { readonly gateway: GatewayNode; readonly server: Server }[];
}

/**
 * The listener for the request's port, or undefined (the connection is refused) when none of the pod's Gateways has a
 * server on that port, or the servers istiod keeps for the pod's port (model/gateway.go `mergeGateways`,
 * compiler/ir/gateway-merge.ts) are not plain HTTP: an `http://` request to a port of TLS or TCP servers gets no
 * HTTP response (`buildGatewayTCPBasedFilterChains` gives such a port TLS or tcp_proxy chains).
 */
export function gatewayListener(
  ir: MeshIR,
  client: Client,
  req: HttpView,
  trace: string[],
): GatewayListener | undefined {
  const pod = gatewayPod(ir, client.gateway!);
  if (pod.router === undefined) {
    const gw = client.gateway!;
    trace.push(
      `No pod runs Gateway ${gw.meta.namespace}/${gw.meta.name} (none serves the Services it names in internal.istio.io/gateway-service): the connection is refused.`,
    );
    return undefined;
  }
  const who = pod.workload?.id ?? `${pod.namespace}/istio-ingressgateway (Istio's default ingress gateway)`;
  // compiler/ir/gateway-selection.ts: the Service port's target port on the pod, and the servers merged there.
  const port = pod.listenPort(req.port);
  const merged = port === undefined ? undefined : mergedGatewayOf(ir, pod.router).ports.find((p) => p.port === port);
  if (port === undefined || merged === undefined || !isHttpProtocol(merged.protocol)) {
    const what =
      merged === undefined
        ? "no server"
        : `${merged.protocol} servers (istiod keeps the first server's protocol on a port)`;
    trace.push(
      `The gateway pod '${who}' has ${what} on port ${req.port}, no plain HTTP server: the connection is refused.`,
    );
    return undefined;
  }
  trace.push(`The gateway pod '${who}' accepts the connection on listener 0.0.0.0_${port} (RDS 'http.${port}').`);
  return { pod, port, servers: merged.servers };
}

/**
 * The AuthorizationPolicies istiod applies on the gateway's HCM (authorization.go `ListAuthorizationPolicies` for the
 * gateway pod, as for any workload): for a declared pod those of a sidecar on it; for the default ingress gateway,
 * mesh-wide ones and the root namespace's whose selector its labels satisfy.
 */
function gatewayPolicies(ir: MeshIR, pod: GatewayPod): AuthorizationPolicyNode[] {
  if (pod.workload !== undefined) return policiesFor(ir, pod.workload);
  return resourcesOf(ir, "authorizationPolicy").filter((p) => {
    if (p.scope.kind === "mesh") return true;
    if (p.meta.namespace !== pod.namespace || p.scope.kind === "targetRefs") return false;
    return Object.entries(p.spec.selector?.matchLabels ?? {}).every(([k, v]) => pod.labels[k] === v);
  });
}

/**
 * The gateway's RBAC decision (before routing: the RBAC filters run before the router). The client is outside the
 * mesh and connects in plaintext: no peer identity, no SNI; `destination.port` is the pod's listen port; the source
 * and remote addresses are those the gateway's HCM computed (`downstream`, compiler/eval/_shared/xff.ts).
 */
export function authorizeAtGateway(
  ir: MeshIR,
  listener: GatewayListener,
  req: HttpView,
  downstream: Downstream,
  trace: string[],
  coverage?: CoverageSink,
  sni?: string,
  /** The client's identity when the gateway terminated its Istio mTLS (a sidecar through an ISTIO_MUTUAL server). */
  principal?: string,
): AuthzDecision {
  const pod = listener.pod;
  const who = pod.workload?.id ?? `${pod.namespace}/istio-ingressgateway`;
  const authz = authorizeWith(
    ir,
    gatewayPolicies(ir, pod),
    who,
    {
      principal,
      sourceIp: downstream.peer,
      remoteIp: downstream.remote,
      authority: req.authority,
      method: req.method,
      path: req.path,
      headers: req.headers,
      jwt: req.jwt,
      port: listener.port,
      destinationIp: undefined,
      sni,
      trustDomains: [ir.meshConfig.trustDomain, ...ir.meshConfig.trustDomainAliases],
    },
    trace,
    coverage,
  );
  for (const d of [authz, ...(authz.dryRun ?? [])])
    if (d.policy !== null && d.rule !== null) coverage?.hit({ kind: "authzRule", policy: d.policy, rule: d.rule });
  return authz;
}

/** A virtual host of the gateway's route configuration: the VSs whose routes it holds, and `require_tls: ALL`. */
interface GatewayVhost {
  readonly entries: { vs: VirtualServiceNode; routes: EnvoyRoute[] }[];
  requireTls: boolean;
}

/**
 * `buildGatewayHTTPRouteConfig`: for every server on the listener and every VS bound to its Gateway (and visible from
 * the pod's namespace, `VirtualServicesForGateway`), each hostname of the intersection of the server's hosts with the
 * VS's gets the VS's routes — one virtual host per hostname, VSs sharing a hostname concatenated. A VS with no route
 * for the gateway ("no routes matched") adds nothing. A server with `tls.httpsRedirect` marks its virtual hosts
 * `require_tls: ALL` and adds one (without routes) for each of its hosts no VS gave one.
 */
function virtualHosts(ir: MeshIR, client: Client, listener: GatewayListener): Map<string, GatewayVhost> {
  const vhosts = new Map<string, GatewayVhost>();
  for (const { gateway, server } of listener.servers) {
    const name = `${gateway.meta.namespace}/${gateway.meta.name}`;
    const redirect = server.tls?.httpsRedirect === true;
    const bound = resourcesOf(ir, "virtualService").filter(
      (vs) => vs.gateways.includes(name) && visibleFrom(vs.exportTo, listener.pod.namespace),
    );
    for (const vs of bound) {
      const hosts = intersectHosts(
        gatewayHostsForNamespace(server.hosts, gateway.meta.namespace, vs.meta.namespace),
        vs.hosts,
      );
      if (hosts.length === 0) continue;
      const proxy = gateway === client.gateway ? client : { ...client, gateway };
      const port = server.port.number;
      const routes = virtualServiceRoutes(vs, proxy, port).map((r) => (proxy === client ? r : { ...r, proxy }));
      if (!routes.some((r) => r.match === undefined || generatedFor(r.match, proxy, port, vs.meta.namespace))) continue;
      for (const h of hosts.map((x) => x.toLowerCase())) {
        const v = vhosts.get(h) ?? { entries: [], requireTls: false };
        v.entries.push({ vs, routes });
        v.requireTls ||= redirect;
        vhosts.set(h, v);
      }
    }
    if (!redirect) continue;
    for (const h of server.hosts.map((x) => x.toLowerCase())) {
      const v = vhosts.get(h) ?? { entries: [], requireTls: true };
      v.requireTls = true;
      vhosts.set(h, v);
    }
  }
  return vhosts;
}

/**
 * Envoy's virtual host selection (envoy `config_impl.cc` `RouteMatcher::findVirtualHost`): the `:authority` lower-cased,
 * its port stripped (istiod sets `ignore_port_in_host_matching`); an exact domain, else the longest suffix wildcard
 * (`*.foo.com`, never matching `.foo.com` itself), else the longest prefix wildcard, else `*`.
 */
export function selectDomain(domains: readonly string[], authority: string): string | undefined {
  const lower = authority.toLowerCase();
  const host = /^(.*[^\]]):\d+$/.exec(lower)?.[1] ?? lower;
  if (domains.includes(host)) return host;
  const longest = (ds: string[]) => ds.sort((a, b) => b.length - a.length)[0];
  const suffix = longest(
    domains.filter((d) => d !== "*" && d.startsWith("*") && d.length - 1 < host.length && host.endsWith(d.slice(1))),
  );
  if (suffix !== undefined) return suffix;
  const prefix = longest(
    domains.filter(
      (d) => d !== "*" && d.endsWith("*") && d.length - 1 < host.length && host.startsWith(d.slice(0, -1)),
    ),
  );
  if (prefix !== undefined) return prefix;
  return domains.includes("*") ? "*" : undefined;
}

/**
 * The routes of the virtual host Envoy picks for the request (catch-all routes moved last, route.go
 * `SortVHostRoutes`), or undefined when no virtual host matches (or the listener has none: istiod's `blackhole`
 * virtual host has no routes), which Envoy answers with 404; `httpsRedirect` when the virtual host requires TLS and
 * the request is plaintext (Envoy answers 301 to `https://`, config_impl.cc `SslRedirector`).
 */
export function gatewayRoutes(
  ir: MeshIR,
  client: Client,
  listener: GatewayListener,
  req: HttpView,
  trace: string[],
): EnvoyRoute[] | "httpsRedirect" | undefined {
  const vhosts = virtualHosts(ir, client, listener);
  const domain = selectDomain([...vhosts.keys()], req.authority);
  if (domain === undefined) {
    const list = [...vhosts.keys()].map((d) => `'${d}'`).join(", ");
    trace.push(
      vhosts.size === 0
        ? "No VirtualService gives the listener a virtual host."
        : `No virtual host's domain matches '${req.authority}' (domains ${list}).`,
    );
    return undefined;
  }
  const vhost = vhosts.get(domain)!;
  if (vhost.requireTls && req.scheme !== "https") {
    trace.push(`Virtual host '${domain}' requires TLS (the server's httpsRedirect): 301 to https.`);
    return "httpsRedirect";
  }
  const entries = vhost.entries;
  const names = [...new Set(entries.map((e) => vsName(e.vs)))];
  trace.push(`Virtual host '${domain}' takes '${req.authority}'; its routes come from ${names.join(", ")}.`);
  for (const [d, other] of vhosts) {
    if (d === domain) continue;
    const left = [...new Set(other.entries.map((e) => vsName(e.vs)))].filter((n) => !names.includes(n));
    if (left.length > 0 && hostMatches(d, domain))
      trace.push(`${left.join(", ")} (virtual host '${d}') does not apply: Envoy uses the most specific domain only.`);
  }
  return sortVHostRoutes(entries.flatMap((e) => e.routes));
}
