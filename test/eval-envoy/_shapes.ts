/**
 * Counts of the differential test's meshes and requests that hit each shape the generators add (for the summary
 * line of `RUNS=` runs): VIPs (_vip-arb.ts, _web-arb.ts, _tls-arb.ts's addresses), Sidecar ingress
 * (_sidecar-ingress-arb.ts), gateway servers with TLS (_ingress-arb.ts), sniffed ports, ExternalName Services
 * (_external-name-arb.ts), sidecar SNI routing (_tls-arb.ts) and the Gateway API (_gateway-api-arb.ts).
 */
import type { SimRequest } from "../../compiler/eval/types.ts";
import { isSniRequest } from "./_tls-arb.ts";
import { WEB_VIP } from "./_web-arb.ts";

/** Addresses the generators write as VIPs or ServiceEntry addresses, and ones inside/outside their CIDRs. */
const VIP_ADDRESS = /^(10\.96\.|10\.30\.|192\.168\.10\.|172\.16\.|240\.)/;

export class Shapes {
  private readonly n: Record<string, number> = {};
  private add(key: string): void {
    this.n[key] = (this.n[key] ?? 0) + 1;
  }
  private get(key: string): number {
    return this.n[key] ?? 0;
  }

  mesh(yaml: string): void {
    if (/\n {2}clusterIP: \d/.test(yaml) || /\n {2}addresses: \[/.test(yaml)) this.add("vipMeshes");
    if (/kind: Sidecar\n[^]*?\n {2}ingress:\n/.test(yaml)) this.add("ingressMeshes");
    // Gateway servers (ingress and egress), each mode once per mesh.
    const modes = yaml.matchAll(/protocol: (?:HTTPS|TLS)\}, hosts: \[[^\]]*\], tls: \{mode: (\w+)/g);
    for (const m of new Set([...modes].map((x) => x[1]!))) this.add(`server ${m}`);
    if (yaml.includes("tls: {httpsRedirect: true}")) this.add("server httpsRedirect");
    if (/tls: \{mode: \w+(?:, credentialName: [\w-]+)?, subjectAltNames:/.test(yaml))
      this.add("server subjectAltNames");
    if (yaml.includes("type: ExternalName")) this.add("externalNameMeshes");
    if (yaml.includes("  tls:\n  - match:")) this.add("sniMeshes");
    if (yaml.includes("kind: HTTPRoute\n")) this.add("gatewayApiMeshes");
    if (yaml.includes(`parentRefs: [{group: "", kind: Service, name: s0`)) this.add("gammaMeshes");
    if (yaml.includes("kind: TLSRoute\n")) this.add("tlsRouteMeshes");
    if (yaml.includes("kind: TCPRoute\n")) this.add("tcpRouteMeshes");
    if (yaml.includes("kind: GRPCRoute\n")) this.add("grpcRouteMeshes");
  }

  request(yaml: string, req: SimRequest): void {
    if (VIP_ADDRESS.test(req.host)) this.add("vipRequests");
    if (/^web(\.default)?$/.test(req.host) || req.host === WEB_VIP) {
      if (yaml.includes("name: web-ingress")) this.add("ingressRequests");
      if (req.port === 7070) this.add("sniffedRequests");
    }
    if (/^hl|^10\.[89]\./.test(req.host) && req.port === 9000) this.add("sniffedRequests");
    if (req.host === "alias.default") this.add("externalNameRequests");
    if (req.source.kind === "ingress" && (req.scheme === "https" || req.scheme === "tls")) this.add("gatewayTls");
    if (req.source.kind === "ingress" && req.cert !== undefined)
      this.add(`cert ${req.cert.flaw ?? (req.cert.sans.length > 0 ? "san" : "trusted")}`);
    else if (isSniRequest(req)) this.add("sniRequests");
    if (req.source.kind === "ingress" && req.source.gateway === "agw") this.add(`gatewayApi ${req.scheme}`);
    if (/^s0(\.default\.svc\.cluster\.local)?$/.test(req.host) && yaml.includes("name: mesh-s0,"))
      this.add("gammaRequests");
    if (req.scheme === "grpc" && yaml.includes("kind: GRPCRoute\n")) this.add("grpcRequests");
  }

  summary(): string {
    const servers = [
      "SIMPLE",
      "MUTUAL",
      "OPTIONAL_MUTUAL",
      "ISTIO_MUTUAL",
      "PASSTHROUGH",
      "AUTO_PASSTHROUGH",
      "httpsRedirect",
      "subjectAltNames",
    ]
      .map((m) => `${this.get(`server ${m}`)} ${m}`)
      .join(", ");
    return (
      `VIPs: ${this.get("vipMeshes")} meshes, ${this.get("vipRequests")} requests to a VIP or ServiceEntry address; ` +
      `Sidecar ingress: ${this.get("ingressMeshes")} meshes, ${this.get("ingressRequests")} requests to its workload; ` +
      `gateway servers with TLS: ${servers}, ${this.get("gatewayTls")} https/tls requests through gateways ` +
      `(client certificates: ${["trusted", "san", "untrusted", "expired"].map((k) => `${this.get(`cert ${k}`)} ${k}`).join(", ")}); ` +
      `sniffed ports: ${this.get("sniffedRequests")} requests; ` +
      `ExternalName: ${this.get("externalNameMeshes")} meshes, ${this.get("externalNameRequests")} requests; ` +
      `sidecar SNI routing: ${this.get("sniMeshes")} meshes with VirtualService tls routes, ${this.get("sniRequests")} tls/https requests to 443; ` +
      `Gateway API: ${this.get("gatewayApiMeshes")} meshes (${this.get("gammaMeshes")} with a GAMMA route, ` +
      `${this.get("tlsRouteMeshes")} with a TLSRoute, ${this.get("tcpRouteMeshes")} with a TCPRoute, ` +
      `${this.get("grpcRouteMeshes")} with a GRPCRoute), ` +
      `requests through its Gateway: ${["http", "https", "tls", "tcp"].map((s) => `${this.get(`gatewayApi ${s}`)} ${s}`).join(", ")}; ` +
      `${this.get("gammaRequests")} requests to s0 under a GAMMA route, ${this.get("grpcRequests")} gRPC calls under GRPCRoutes`
    );
  }
}
