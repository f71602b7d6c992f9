/**
 * Resolving a written request (docs/requests.md) against the mesh: the source (its proxy, identity and labels), the host
 * (short name, `name.namespace`, FQDN or external), the port, and the HTTP attributes Envoy will see.
 */
import { createDiagnostic, type Diagnostic } from "../../diagnostics/diagnostic.ts";
import { Messages } from "../../diagnostics/messages.ts";
import { CLUSTER_DOMAIN, hostMatches } from "../../ir/hosts.ts";
import { isIP } from "node:net";
import {
  resourcesOf,
  serviceByFqdn,
  workloadById,
  type Fqdn,
  type MeshIR,
  type Protocol,
  type ServiceEntryNode,
  type ServiceNode,
} from "../../ir/ir.ts";
import { isCidr, serviceEntryAddresses, serviceVips } from "../../ir/service-addresses.ts";
import { inferProtocol, isHttpProtocol } from "../../ir/protocol.ts";
import { addressOfHostname, endpointAddresses, serviceEndpoints } from "../../ir/service-endpoints.ts";
import type { SimRequest } from "../types.ts";
import type { Client, HttpView, Target } from "./model.ts";
import { gatewayPod } from "./gateway-pod.ts";
import { normalizePath } from "./path.ts";
import { symbolicToken } from "./jwt.ts";
import { visibleFrom } from "../../ir/visibility.ts";
import { ownNamespaceEntry } from "../../ir/own-namespace-entry.ts";
import { canonicalIp } from "../../ir/ip-address.ts";

/**
 * Identity of Istio's default ingress gateway (istioctl's `istio-ingressgateway` in the root namespace), used for
 * an `ingress` source whose Gateway selects no declared workload.
 */
const DEFAULT_GATEWAY_SERVICE_ACCOUNT = "istio-ingressgateway-service-account";

export function principalOf(ir: MeshIR, namespace: string, serviceAccount: string): string {
  return `${ir.meshConfig.trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

/** The client: a declared workload (with or without sidecar), `outside`, or an ingress gateway. */
export function resolveClient(ir: MeshIR, request: SimRequest, diagnostics: Diagnostic[]): Client | undefined {
  const source = request.source;
  // `ip` (a request built without the parser may carry any): an address, and only for `outside` and `ingress`.
  if (request.ip !== undefined && source.kind === "workload") {
    diagnostics.push(
      createDiagnostic(Messages.Ip_applies_only_to_requests_from_outside_or_an_ingress_gateway, request.span),
    );
    return undefined;
  }
  if (request.ip !== undefined && canonicalIp(request.ip) === undefined) {
    diagnostics.push(createDiagnostic(Messages._0_is_not_an_IP_address, request.span, [request.ip]));
    return undefined;
  }
  switch (source.kind) {
    case "outside":
      // No sidecar, no identity; short names resolve as for a pod in `default` (kube DNS search path).
      return {
        proxy: "none",
        label: "outside",
        namespace: "default",
        labels: {},
        workload: undefined,
        gateway: undefined,
        principal: undefined,
        ip: request.ip === undefined ? undefined : canonicalIp(request.ip),
      };
    case "workload": {
      const id = `${source.namespace}/${source.name}`;
      const w = workloadById(ir, id);
      if (w === undefined) {
        const known = ir.workloads.map((x) => `'${x.id}'`).join(", ") || "none declared";
        diagnostics.push(createDiagnostic(Messages.Unknown_source_workload_0, request.span, [id, known]));
        return undefined;
      }
      // `plaintext` sends without the sidecar (as a workload excluded from interception would), so the request is
      // neither routed by VirtualServices nor given an mTLS identity.
      const sidecar = w.sidecar && !request.plaintext;
      return {
        proxy: sidecar ? "sidecar" : "none",
        label: id,
        namespace: w.namespace,
        labels: w.labels,
        workload: w,
        gateway: undefined,
        principal: sidecar ? principalOf(ir, w.namespace, w.serviceAccount) : undefined,
        ip: w.addresses[0],
      };
    }
    case "ingress": {
      // An Istio Gateway by name, or a Gateway API Gateway: its first listener's generated Gateway (all of them run on
      // the same `<name>-istio` pods), or a Kubernetes Ingress: the Gateway istiod generates for it (ir/ingress.ts).
      const sources = [
        `Gateway/${source.namespace}/${source.gateway}`,
        `Ingress/${source.namespace}/${source.gateway}`,
      ];
      const gw =
        resourcesOf(ir, "gateway").find(
          (g) => g.meta.namespace === source.namespace && g.meta.name === source.gateway && !g.generatedFrom,
        ) ?? resourcesOf(ir, "gateway").find((g) => sources.some((x) => g.generatedFrom?.includes(x)));
      if (gw === undefined) {
        const known =
          [
            ...new Set(
              resourcesOf(ir, "gateway").map(
                (g) => g.generatedFrom?.[0]?.replace(/^[A-Za-z]+\//, "") ?? `${g.meta.namespace}/${g.meta.name}`,
              ),
            ),
          ]
            .map((g) => `'${g}'`)
            .join(", ") || "none declared";
        diagnostics.push(
          createDiagnostic(Messages.Unknown_ingress_gateway_0, request.span, [
            `${source.namespace}/${source.gateway}`,
            known,
          ]),
        );
        return undefined;
      }
      const pod = gatewayPod(ir, gw);
      const w = pod.workload;
      const namespace = pod.namespace;
      return {
        proxy: "gateway",
        label: `ingress ${source.namespace}/${source.gateway}`,
        namespace,
        labels: pod.labels,
        workload: w,
        gateway: gw,
        principal: principalOf(ir, namespace, w?.serviceAccount ?? DEFAULT_GATEWAY_SERVICE_ACCOUNT),
        ip: w?.addresses[0],
        downstreamIp: request.ip === undefined ? undefined : canonicalIp(request.ip),
      };
    }
  }
}

/**
 * The names kube DNS tries for a host from a pod in `namespace` (search path `<ns>.svc.<domain> svc.<domain>
 * <domain>`, ndots 5: names with fewer than five dots try the search path first).
 */
function dnsCandidates(host: string, namespace: string): string[] {
  const search = [`${namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN].map(
    (s) => `${host}.${s}`,
  );
  return host.split(".").length - 1 < 5 ? [...search, host] : [host, ...search];
}

function seProtocol(protocol: string | undefined, name: string): Protocol {
  return inferProtocol(protocol === undefined ? name : protocol.toLowerCase(), undefined, undefined);
}

/** Whether an unresolved name clearly means an in-cluster service (then it is an error, not an external host). */
function looksInternal(ir: MeshIR, host: string): boolean {
  const parts = host.split(".");
  return (
    parts.length === 1 ||
    host.endsWith(`.svc.${CLUSTER_DOMAIN}`) ||
    host.endsWith(".svc") ||
    (parts.length === 2 && ir.namespaces.some((n) => n.name === parts[1]))
  );
}

/** The port a client of the scheme dials when the URL writes none: 80 for `http://`, 443 for `https://` and `tls://`. */
function defaultPort(scheme: SimRequest["scheme"]): number | undefined {
  return scheme === "http" ? 80 : scheme === "https" || scheme === "tls" ? 443 : undefined;
}

function pickPort(
  ir: MeshIR,
  request: SimRequest,
  name: string,
  ports: readonly { port: number; protocol: Protocol }[],
  diagnostics: Diagnostic[],
): { port: number; protocol: Protocol } | undefined {
  const list = ports.map((p) => String(p.port)).join(", ");
  if (request.port !== undefined) {
    const found = ports.find((p) => p.port === request.port);
    if (found === undefined)
      diagnostics.push(
        createDiagnostic(Messages.Port_0_is_not_a_port_of_1, request.span, [request.port, name, list || "none"]),
      );
    return found;
  }
  if (ports.length === 1) return ports[0];
  // Several ports: the URL's scheme has a port of its own that the client dials when the URL writes none (curl's
  // protocol handlers' defport: 80 for http, 443 for https; a TLS client likewise 443), so a service serving it on
  // that port is reached there.
  const own = defaultPort(request.scheme);
  const found = own === undefined ? undefined : ports.find((p) => p.port === own);
  if (found !== undefined) return found;
  diagnostics.push(
    ports.length === 0
      ? createDiagnostic(Messages.Service_0_has_no_ports, request.span, [name])
      : createDiagnostic(Messages.Service_0_has_several_ports_1, request.span, [name, list]),
  );
  void ir;
  return undefined;
}

/**
 * A headless Service's target: its name resolves to every ready endpoint address (`addresses`, all of them: the
 * client may connect to any), `<hostname>.<service>` to the endpoint of that hostname. No address is an error.
 */
function headlessTarget(
  ir: MeshIR,
  request: SimRequest,
  service: ServiceNode,
  hostname: string | undefined,
  diagnostics: Diagnostic[],
): Target | undefined {
  const p = pickPort(ir, request, service.fqdn, service.ports, diagnostics);
  if (p === undefined) return undefined;
  let addresses = endpointAddresses(ir, service);
  if (hostname !== undefined) {
    const address = addressOfHostname(ir, service, hostname);
    if (address === undefined) {
      const known = [...new Set(service.ports.flatMap((x) => serviceEndpoints(ir, service, x).map((e) => e.hostname)))]
        .filter((h) => h !== undefined)
        .map((h) => `'${h}'`);
      diagnostics.push(
        createDiagnostic(Messages.Host_0_is_no_endpoint_hostname_of_1_Colon_2, request.span, [
          request.host,
          service.fqdn,
          known.join(", ") || "none",
        ]),
      );
      return undefined;
    }
    addresses = [address];
  }
  if (addresses.length === 0) {
    diagnostics.push(
      createDiagnostic(Messages.Headless_service_0_has_no_ready_endpoints, request.span, [service.fqdn]),
    );
    return undefined;
  }
  return { kind: "service", fqdn: service.fqdn, service, port: p.port, protocol: p.protocol, addresses };
}

/**
 * A request to an IP address that is an endpoint of a headless Service on a port with per-endpoint listeners (TCP or
 * sniffed: compiler/emit/envoy/outbound/listeners.ts): that Service, dialled at that address. The first such Service
 * by hostname, as the emitter's listener for the address takes the first. Any other address is an external host.
 */
function endpointTarget(ir: MeshIR, request: SimRequest, ip: string): Target | undefined {
  if (request.port === undefined) return undefined;
  const services = ir.services.filter((s) => s.headless === true).sort((a, b) => (a.fqdn < b.fqdn ? -1 : 1));
  for (const service of services) {
    const port = service.ports.find(
      (p) => p.port === request.port && p.protocol !== "UDP" && !isHttpProtocol(p.protocol),
    );
    if (port !== undefined && serviceEndpoints(ir, service, port).some((e) => e.address === ip))
      return {
        kind: "service",
        fqdn: service.fqdn,
        service,
        port: port.port,
        protocol: port.protocol,
        addresses: [ip],
      };
  }
  return undefined;
}

type Resolved =
  | { readonly kind: "target"; readonly target: Target }
  | { readonly kind: "failed" }
  | { readonly kind: "alias"; readonly externalName: string };

/** The first of `names` that is a Service, a headless endpoint's name or a ServiceEntry host; "none" otherwise. */
function resolveName(
  ir: MeshIR,
  request: SimRequest,
  client: Client,
  names: readonly string[],
  diagnostics: Diagnostic[],
): Resolved | "none" {
  const done = (t: Target | undefined): Resolved =>
    t === undefined ? { kind: "failed" } : { kind: "target", target: t };
  for (const candidate of names) {
    const service = serviceByFqdn(ir, candidate);
    if (service !== undefined) {
      if (service.externalName !== undefined) return { kind: "alias", externalName: service.externalName };
      if (service.headless === true) return done(headlessTarget(ir, request, service, undefined, diagnostics));
      // The client's sidecar may see a ServiceEntry of its own namespace in the Service's place
      // (compiler/ir/own-namespace-entry.ts); DNS still answers with the Service's cluster IP.
      const entry = client.proxy === "sidecar" ? ownNamespaceEntry(ir, client.namespace, service) : undefined;
      if (entry !== undefined) {
        const ports = (entry.spec.ports ?? []).map((x) => ({
          port: x.number,
          protocol: seProtocol(x.protocol, x.name),
        }));
        const p = pickPort(ir, request, candidate, ports, diagnostics);
        return done(
          p &&
            withAddress(
              { kind: "serviceEntry", fqdn: candidate as Fqdn, entry, port: p.port, protocol: p.protocol } as const,
              clusterIpOf(service),
            ),
        );
      }
      if (lacksPort(request, client, service)) return done(portOfNoService(request, service));
      const p = pickPort(ir, request, service.fqdn, service.ports, diagnostics);
      return done(
        p &&
          withAddress(
            { kind: "service", fqdn: service.fqdn, service, port: p.port, protocol: p.protocol } as const,
            clusterIpOf(service),
          ),
      );
    }
    // `<hostname>.<service>.<ns>.svc.<domain>`: an endpoint of a headless Service.
    const dot = candidate.indexOf(".");
    const parent = dot > 0 ? serviceByFqdn(ir, candidate.slice(dot + 1)) : undefined;
    if (parent?.headless === true)
      return done(headlessTarget(ir, request, parent, candidate.slice(0, dot), diagnostics));
    const entry = resourcesOf(ir, "serviceEntry").find(
      (e) => visibleFrom(e.exportTo, client.namespace) && e.hosts.some((h) => hostMatches(h, candidate)),
    );
    if (entry !== undefined) {
      const ports = (entry.spec.ports ?? []).map((p) => ({ port: p.number, protocol: seProtocol(p.protocol, p.name) }));
      const p = pickPort(ir, request, candidate, ports, diagnostics);
      return done(
        p &&
          withAddress(
            { kind: "serviceEntry", fqdn: candidate as Fqdn, entry, port: p.port, protocol: p.protocol } as const,
            entryIpOf(entry),
          ),
      );
    }
  }
  return "none";
}

/**
 * A sidecar's request to a port its Service lacks (`http://my-nginx.mesh-external` where the Service has only 443: the
 * Istio "Egress Gateways with TLS Origination" task's mutual TLS section). The client dials the cluster IP on that
 * port; its sidecar knows the name on no other port, so to the proxy the host is outside the port's registry: a
 * VirtualService naming it routes it on port 80 (route.go's "VS for unknown hosts only on port 80"), else the
 * catch-all. Without a sidecar nothing but the Service's ports would ever answer: MESH5105 as before.
 */
function lacksPort(request: SimRequest, client: Client, service: ServiceNode): boolean {
  return (
    client.proxy === "sidecar" &&
    request.port !== undefined &&
    service.ports.length > 0 &&
    !service.ports.some((p) => p.port === request.port)
  );
}

function portOfNoService(request: SimRequest, service: ServiceNode): Target {
  return withAddress(
    {
      kind: "external",
      fqdn: service.fqdn,
      port: request.port!,
      protocol: "HTTP",
      portOfService: { ports: service.ports.map((p) => p.port) },
    } as const,
    clusterIpOf(service),
  );
}

/** The cluster IP a client's DNS lookup of the Service returns: its first IPv4 one (kube-dns A record), else its first. */
function clusterIpOf(service: ServiceNode): string | undefined {
  const vips = serviceVips(service);
  return vips.find((a) => isIP(a) === 4) ?? vips[0];
}

/** The address a ServiceEntry host's name resolves to: its first IP address (not a CIDR), if it has one. */
const entryIpOf = (entry: ServiceEntryNode): string | undefined => serviceEntryAddresses(entry).find((a) => !isCidr(a));

const withAddress = <T extends object>(t: T, address: string | undefined): T =>
  address === undefined ? t : { ...t, address };

/**
 * A request to an IP that is the virtual IP of a Service (a cluster IP the input gives) or of a ServiceEntry host
 * visible to the client (an IP of its `addresses`), serving the request's port: that service, reached at that address
 * (the first by hostname, then the ServiceEntry). Any other IP is a host outside the registry, at that address.
 */
function vipTarget(ir: MeshIR, request: SimRequest, client: Client, ip: string): Target | undefined {
  const hasPort = (ports: readonly { port: number }[]) =>
    request.port === undefined ? ports.length === 1 : ports.some((p) => p.port === request.port);
  const service = ir.services
    .filter((s) => serviceVips(s).includes(ip) && hasPort(s.ports))
    .sort((a, b) => (a.fqdn < b.fqdn ? -1 : a.fqdn > b.fqdn ? 1 : 0))[0];
  if (service !== undefined) {
    const p = service.ports.find((x) => x.port === request.port) ?? service.ports[0]!;
    return { kind: "service", fqdn: service.fqdn, service, port: p.port, protocol: p.protocol, address: ip };
  }
  for (const entry of resourcesOf(ir, "serviceEntry")) {
    if (!visibleFrom(entry.exportTo, client.namespace) || !serviceEntryAddresses(entry).includes(ip)) continue;
    const ports = (entry.spec.ports ?? []).map((p) => ({ port: p.number, protocol: seProtocol(p.protocol, p.name) }));
    const host = entry.hosts[0];
    if (host === undefined || !hasPort(ports)) continue;
    const p = ports.find((x) => x.port === request.port) ?? ports[0]!;
    return { kind: "serviceEntry", fqdn: host, entry, port: p.port, protocol: p.protocol, address: ip };
  }
  return undefined;
}

/** How many ExternalName (CNAME) hops are followed; a longer chain is a loop, which never resolves. */
const MAX_ALIAS_HOPS = 16;

/** The request's host: a Kubernetes Service, a ServiceEntry host visible to the client, or an external host. */
export function resolveTarget(
  ir: MeshIR,
  request: SimRequest,
  client: Client,
  diagnostics: Diagnostic[],
): Target | undefined {
  const host = request.host.toLowerCase();
  if (isIP(host) !== 0) {
    const t = endpointTarget(ir, request, host) ?? vipTarget(ir, request, client, host);
    if (t !== undefined) return t;
  }
  let names = dnsCandidates(host, client.namespace);
  let looped = false;
  for (let hop = 0; hop <= MAX_ALIAS_HOPS; hop++) {
    const found = resolveName(ir, request, client, names, diagnostics);
    if (found === "none") {
      if (hop === 0) break;
      // The ExternalName's target is no host of the registry: the client connects to whatever its DNS answers.
      const port = request.port ?? (request.scheme === "https" || request.scheme === "tls" ? 443 : 80);
      return { kind: "external", fqdn: names[0] as Fqdn, port, protocol: "HTTP" };
    }
    if (found.kind === "failed") return undefined;
    if (found.kind === "target") return found.target;
    // An ExternalName Service: kube-dns answers with a CNAME to its externalName (an absolute name); the client
    // connects to what that resolves to, still sending the name it wrote as its Host (compiler/ir/service-addresses.ts).
    names = [found.externalName];
    looped = hop === MAX_ALIAS_HOPS;
  }
  if (looped) {
    // A chain of ExternalName Services that loops: kube-dns answers NXDOMAIN.
    diagnostics.push(
      createDiagnostic(Messages.Host_0_does_not_resolve_from_namespace_1, request.span, [
        request.host,
        client.namespace,
      ]),
    );
    return undefined;
  }
  if (looksInternal(ir, host)) {
    diagnostics.push(
      createDiagnostic(Messages.Host_0_does_not_resolve_from_namespace_1, request.span, [
        request.host,
        client.namespace,
      ]),
    );
    return undefined;
  }
  const port = request.port ?? (request.scheme === "https" || request.scheme === "tls" ? 443 : 80);
  return withAddress(
    { kind: "external", fqdn: host as Fqdn, port, protocol: "HTTP" } as const,
    isIP(host) !== 0 ? host : undefined,
  );
}

/**
 * The HTTP attributes: `:authority` as curl sends it, the BASE-normalized path, lower-cased header names, and the
 * `Authorization: Bearer` header of a `jwt` clause.
 */
export function httpView(request: SimRequest, port: number): HttpView {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = v;
  // `jwt ...`: the token goes where every provider without explicit locations looks (envoy extractor.cc default).
  if (request.jwt !== undefined) headers["authorization"] = `Bearer ${symbolicToken(request.jwt)}`;
  // curl's Host header (lib/http.c `Curl_http_host`): "if(HTTPS on port 443) OR (HTTP on port 80) then don't include
  // the port number in the host string", even when the URL writes it; any other port is kept.
  const schemePort = request.scheme === "https" ? 443 : request.scheme === "http" ? 80 : undefined;
  const authority =
    headers["host"] ??
    (request.port === undefined || request.port === schemePort ? request.host : `${request.host}:${request.port}`);
  return {
    method: request.method,
    scheme: request.scheme === "https" ? "https" : "http",
    authority,
    path: normalizePath(request.path || "/"),
    query: request.query,
    headers,
    port,
  };
}
