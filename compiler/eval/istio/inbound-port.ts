/**
 * Which filter chains a server sidecar runs for a connection to one of its ports, when a Sidecar resource declares
 * `ingress` listeners (istio pilot/pkg/networking/core/listener_inbound.go `buildInboundChainConfigs`): then only
 * those ports get chains, each with the protocol the listener declares (`protocol.Parse(i.Port.Protocol)`; none →
 * sniffed), and the Services' own ports are not merged in (`features.EnableSidecarServiceInboundListenerMerge`,
 * default false); any other port reaches the inbound passthrough chains (`buildInboundPassthroughChains`,
 * `ListenerProtocolAuto`: sniffed too). Ingress `tls` takes effect only with `ENABLE_TLS_ON_SIDECAR_INGRESS` (default
 * false), so it is not read here.
 */
import type { MeshIR, WorkloadNode } from "../../ir/ir.ts";
import { inferProtocol, isHttpProtocol } from "../../ir/protocol.ts";
import { sidecarOf } from "../../ir/sidecar-of.ts";

/**
 * The inbound chain kind a Sidecar's `ingress` gives `port` of `server`: `http` (an HTTP connection manager),
 * `tcp` (tcp_proxy), `auto` (sniffed: HTTP for HTTP clients, TCP otherwise); undefined when no Sidecar with
 * ingress listeners applies (the service targets decide, as the client's view of the port does).
 */
export function sidecarIngressKind(
  ir: MeshIR,
  server: WorkloadNode,
  port: number,
): "http" | "tcp" | "auto" | undefined {
  const ingress = sidecarOf(ir, server)?.spec.ingress ?? [];
  if (ingress.length === 0) return undefined;
  // The first listener of a port wins (chainsByPort keeps the first: reportInboundConflict).
  const listener = ingress.find((i) => i.port.number === port);
  if (listener === undefined) return "auto";
  const protocol = inferProtocol(listener.port.protocol, undefined, undefined);
  if (protocol === "UNKNOWN") return "auto";
  return isHttpProtocol(protocol) ? "http" : "tcp";
}
