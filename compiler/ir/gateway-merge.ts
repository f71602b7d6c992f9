/**
 * The servers a gateway pod runs, merged across the Gateways that select it as istiod merges them before building any
 * listener (istio pilot/pkg/model/gateway.go `mergeGateways`): Gateways in precedence order (push_context.go
 * `sortConfigByCreationTime`), each server on the port it listens on (`resolvePorts`), then per listen port:
 *   - a server with `tls` whose hosts repeat hosts of an earlier `tls` server on the port is dropped (`CheckDuplicates`:
 *     Envoy would NACK two filter chains with the same SNI match);
 *   - the first server on a port decides: plaintext (no `tls`, or HTTP with `tls` such as `httpsRedirect`) servers
 *     are followed only by HTTP servers when the first is HTTP too (`canMergeProtocols`), every other plaintext server
 *     is dropped (a TCP server and an HTTP server cannot share a port: the first by precedence takes it);
 *   - TLS servers (HTTPS, TLS) share the port, told apart by SNI; a terminating HTTPS server needs its own RDS name
 *     (`https.<port>.<port name>.<gateway>.<namespace>`), a second one with the same name is dropped;
 *   - a server without `tls` after a TLS server on the port is dropped ("TLS server without TLS options"), except the
 *     first such follower (istiod's `nonPlainTextGatewayPortsBindMap` is filled only from the second server on).
 * The merge is a fact about the pod, shared by the Envoy emitter and the Istio engine. `bind` is not modelled (meshc
 * listens on 0.0.0.0 only), nor HTTP/3 (QUIC) mirrors.
 */
import { compareByCreationTime } from "./creation-order.ts";
import type { GatewayNode } from "./ir.ts";
import type { Server } from "./istio-api.ts";
import { inferProtocol, isHttpProtocol } from "./protocol.ts";
import type { Protocol } from "./ir.ts";

/** A server of one of the pod's Gateways. */
export interface MergedServer {
  readonly gateway: GatewayNode;
  readonly server: Server;
  /** `namespace/name` of the Gateway (`GatewayNameForServer`). */
  readonly gatewayName: string;
  /** `GetSNIHostsForServer`: the hosts without their `ns/` part, deduplicated and sorted; empty without `tls`. */
  readonly sniHosts: readonly string[];
  /** `gatewayRDSRouteName`: `http.<listen port>`, `https.<port>.<name>.<gw>.<ns>`, or "" (TCP, TLS, passthrough). */
  readonly routeName: string;
}

/** The servers on one listen port (`MergedServers`), in merge order. */
export interface MergedPort {
  readonly port: number;
  /** The protocol of the first server on the port (`ServerPort.Protocol`), parsed. */
  readonly protocol: Protocol;
  readonly servers: readonly MergedServer[];
  /** The RDS name of the port's plain HTTP servers (`MergedServers.RouteName`), "" for TLS/TCP ports. */
  readonly routeName: string;
}

/** What istiod keeps of a server and why it dropped the others. */
export interface MergedGateway {
  /** Ports in the order their first server was merged (`ServerPorts`). */
  readonly ports: readonly MergedPort[];
  readonly dropped: readonly { readonly server: MergedServer; readonly reason: string }[];
}

export type TlsServerMode = NonNullable<NonNullable<Server["tls"]>["mode"]>;

/** The server's protocol (`protocol.Parse`, case-insensitive). */
export const serverProtocol = (s: Server): Protocol =>
  inferProtocol(s.port.protocol.toLowerCase(), undefined, undefined);

/** The server's TLS mode; an unset mode is the proto default, PASSTHROUGH. */
export const tlsMode = (s: Server): TlsServerMode | undefined =>
  s.tls === undefined ? undefined : (s.tls.mode ?? "PASSTHROUGH");

/** pkg/config/gateway `IsPassThroughServer`. */
export const isPassThroughServer = (s: Server): boolean =>
  tlsMode(s) === "PASSTHROUGH" || tlsMode(s) === "AUTO_PASSTHROUGH";

/** pkg/config/gateway `IsTLSServer`: non-HTTP with TLS settings (termination or passthrough). */
export const isTlsServer = (s: Server): boolean => s.tls !== undefined && !isHttpProtocol(serverProtocol(s));

/** pkg/config/gateway `IsHTTPServer`: HTTP, or HTTPS terminating TLS. */
export const isHttpServer = (s: Server): boolean =>
  isHttpProtocol(serverProtocol(s)) ||
  (serverProtocol(s) === "HTTPS" && s.tls !== undefined && !isPassThroughServer(s));

/** `IsHTTPSServerWithTLSTermination`: an HTTPS server whose TLS the gateway terminates (an HCM behind TLS). */
export const isHttpsWithTermination = (s: Server): boolean =>
  serverProtocol(s) === "HTTPS" && s.tls !== undefined && !isPassThroughServer(s);

/** `sanitizeServerHostNamespace`: `./h` → `<gateway ns>/h`, `*​/h` → `h`, `*​/*` → the single host `*`. */
function sanitizeHosts(hosts: readonly string[], namespace: string): string[] {
  const out: string[] = [];
  for (const h of hosts) {
    const slash = h.indexOf("/");
    if (slash < 0) {
      out.push(h);
      continue;
    }
    const ns = h.slice(0, slash);
    const name = h.slice(slash + 1);
    if (ns === ".") out.push(`${namespace}/${name}`);
    else if (ns === "*") {
      if (name === "*") return ["*"];
      out.push(name);
    } else out.push(h);
  }
  return out;
}

/** `GetSNIHostsForServer`. */
function sniHostsOf(s: Server): string[] {
  if (s.tls === undefined) return [];
  return [...new Set(s.hosts.map((h) => (h.includes("/") ? h.split("/")[1]! : h)))].sort();
}

/** `gatewayRDSRouteName` (without `bind`). */
function routeNameOf(s: Server, listenPort: number, gateway: GatewayNode): string {
  if (isHttpProtocol(serverProtocol(s))) return `http.${listenPort}`;
  if (serverProtocol(s) === "HTTPS" && !isPassThroughServer(s))
    return `https.${s.port.number}.${s.port.name}.${gateway.meta.name}.${gateway.meta.namespace}`;
  return "";
}

/** `canMergeProtocols(new, current)`. */
const canMerge = (incoming: Protocol, current: Protocol) =>
  (isHttpProtocol(incoming) || incoming === current) && isHttpProtocol(current);

/**
 * model/gateway.go `mergeGateways` for the Gateways a pod runs; `listenPorts` is `resolvePorts` (a server port of a
 * Gateway → the ports the pod listens on for it: compiler/ir/gateway-selection.ts).
 */
export function mergeGateways(
  gateways: readonly GatewayNode[],
  listenPorts: (gateway: GatewayNode, serverPort: number) => readonly number[],
): MergedGateway {
  const ports = new Map<number, { protocol: Protocol; servers: MergedServer[]; routeName: string; plain: boolean }>();
  const order: number[] = [];
  const tlsHosts = new Map<number, Set<string>>();
  const routeNames = new Set<string>();
  const nonPlain = new Set<number>();
  const dropped: { server: MergedServer; reason: string }[] = [];
  for (const gateway of [...gateways].sort(compareByCreationTime)) {
    const gatewayName = `${gateway.meta.namespace}/${gateway.meta.name}`;
    for (const raw of gateway.spec.servers) {
      const server: Server = { ...raw, hosts: sanitizeHosts(raw.hosts, gateway.meta.namespace) };
      const protocol = serverProtocol(server);
      for (const port of listenPorts(gateway, server.port.number)) {
        const merged: MergedServer = {
          gateway,
          server,
          gatewayName,
          sniHosts: sniHostsOf(server),
          routeName: routeNameOf(server, port, gateway),
        };
        const drop = (reason: string) => dropped.push({ server: merged, reason });
        if (server.tls !== undefined) {
          // CheckDuplicates: all of the server's hosts become known only when none was.
          const known = tlsHosts.get(port) ?? new Set<string>();
          tlsHosts.set(port, known);
          const dup = server.hosts.filter((h) => known.has(h));
          if (dup.length > 0) {
            drop(`duplicate TLS host ${dup.join(", ")} on port ${port}`);
            continue;
          }
          for (const h of server.hosts) known.add(h);
        }
        const current = ports.get(port);
        if (current === undefined) {
          ports.set(port, { protocol, servers: [merged], routeName: merged.routeName, plain: !isTlsServer(server) });
          order.push(port);
          if (isHttpServer(server)) routeNames.add(merged.routeName);
          continue;
        }
        if (current.plain) {
          if (!canMerge(protocol, current.protocol)) {
            drop(`port ${port} is taken by a ${current.protocol} server`);
            continue;
          }
          if (merged.routeName === "") {
            drop(`no RDS name for the server on port ${port}`);
            continue;
          }
          current.servers.push(merged);
          routeNames.add(merged.routeName);
          continue;
        }
        if (isHttpServer(server)) {
          if (merged.routeName === "" || routeNames.has(merged.routeName)) {
            drop(`HTTPS port name '${server.port.name}' is not unique on port ${port}`);
            continue;
          }
          routeNames.add(merged.routeName);
        }
        // istiod records the port as non-plaintext only here, so the first server without `tls` that follows a TLS
        // server still joins the port; later ones are dropped.
        const firstFollower = !nonPlain.has(port);
        nonPlain.add(port);
        if (server.tls === undefined && !firstFollower) {
          drop(`a server without TLS settings after TLS servers on port ${port}`);
          continue;
        }
        current.servers.push(merged);
      }
    }
  }
  return {
    ports: order.map((port) => {
      const p = ports.get(port)!;
      return { port, protocol: p.protocol, servers: p.servers, routeName: p.routeName };
    }),
    dropped,
  };
}
