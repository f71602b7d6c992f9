/**
 * Port protocol inference, following istio `pkg/config/kube/conversion.go` `ConvertProtocol` and
 * `pkg/config/protocol/instance.go` `Parse`: UDP ports are UDP; otherwise `appProtocol` if set, else the port name;
 * `grpc-web` is checked before splitting at the first `-`; the prefix is parsed case-insensitively; anything else
 * is unsupported, which sidecars treat as protocol sniffing (reported here as `UNKNOWN`).
 * https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/
 */
import type { Protocol } from "./ir.ts";

const KNOWN: Readonly<Record<string, Protocol>> = {
  tcp: "TCP",
  udp: "UDP",
  grpc: "GRPC",
  "grpc-web": "GRPC-Web",
  http: "HTTP",
  http2: "HTTP2",
  https: "HTTPS",
  tls: "TLS",
  mongo: "MONGO",
  redis: "REDIS",
  mysql: "MYSQL",
};

/** Kubernetes' standard appProtocol names (istio `wellKnownAppProtocols`). */
const WELL_KNOWN_APP_PROTOCOLS: Readonly<Record<string, Protocol>> = {
  "kubernetes.io/h2c": "HTTP2",
  "kubernetes.io/ws": "HTTP",
  "kubernetes.io/wss": "HTTPS",
};

export function inferProtocol(
  portName: string | undefined,
  transport: string | undefined,
  appProtocol: string | undefined,
): Protocol {
  if (transport === "UDP") return "UDP";
  let name = appProtocol ?? portName ?? "";
  if (appProtocol !== undefined) {
    const known = WELL_KNOWN_APP_PROTOCOLS[appProtocol];
    if (known) return known;
  }
  if (name.toLowerCase().startsWith("grpc-web")) return "GRPC-Web";
  const dash = name.indexOf("-");
  if (dash >= 0) name = name.slice(0, dash);
  return KNOWN[name.toLowerCase()] ?? "UNKNOWN";
}

/** Protocols whose traffic goes through the HTTP connection manager on a sidecar. */
export function isHttpProtocol(p: Protocol): boolean {
  return p === "HTTP" || p === "HTTP2" || p === "GRPC" || p === "GRPC-Web";
}
