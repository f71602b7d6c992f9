/**
 * Ingress gateways (→ Gateway). Bind routes to one with `virtualService(name, { gateways: [gw], ... })`.
 * https://istio.io/latest/docs/reference/config/networking/gateway/
 */
import { BRAND, isKind, type DslValue } from "./_brand.ts";
import { captureSite, declare } from "./_site.ts";
import type { Labels, Suppressible } from "./common.ts";
import { namespaceName, type NamespaceRef } from "./namespace.ts";
import type { Workload } from "./workload.ts";

/** `ServerTLSSettings`. */
export interface ServerTls {
  /** `tls.httpsRedirect`: answer HTTP requests with a 301 to HTTPS. @default false */
  readonly httpsRedirect?: boolean;
  /** `tls.mode`: pass TLS through, terminate it, or require client certificates. @default "SIMPLE" */
  readonly mode?: "PASSTHROUGH" | "SIMPLE" | "MUTUAL" | "AUTO_PASSTHROUGH" | "ISTIO_MUTUAL" | "OPTIONAL_MUTUAL";
  /** `tls.credentialName`: the Secret with the server certificate and key (and CA for MUTUAL). @default unset */
  readonly credentialName?: string;
  /** `tls.serverCertificate`: the server certificate's file. @default unset */
  readonly serverCertificate?: string;
  /** `tls.privateKey`: the server key's file. @default unset */
  readonly privateKey?: string;
  /** `tls.caCertificates`: CA certificates' file to verify clients with (MUTUAL). @default unset */
  readonly caCertificates?: string;
  /** `tls.subjectAltNames`: names a client certificate must carry. @default [] */
  readonly subjectAltNames?: readonly string[];
  /** `tls.minProtocolVersion`: the lowest TLS version accepted. @default "TLS_AUTO" (TLS 1.2) */
  readonly minProtocolVersion?: "TLS_AUTO" | "TLSV1_0" | "TLSV1_1" | "TLSV1_2" | "TLSV1_3";
  /** `tls.maxProtocolVersion`: the highest TLS version accepted. @default "TLS_AUTO" (TLS 1.3) */
  readonly maxProtocolVersion?: "TLS_AUTO" | "TLSV1_0" | "TLSV1_1" | "TLSV1_2" | "TLSV1_3";
  /** `tls.cipherSuites`: the cipher suites accepted. @default Envoy's */
  readonly cipherSuites?: readonly string[];
}

/** `Server`: one port the gateway listens on and the hosts it accepts. */
export interface GatewayServer {
  /** `servers[].port`: the port the gateway listens on. */
  readonly port: {
    /** `port.number`: the port number. */
    readonly number: number;
    /** `port.name`: the port's name. */
    readonly name: string;
    /** `port.protocol`: what is spoken on it. */
    readonly protocol: "HTTP" | "HTTPS" | "GRPC" | "HTTP2" | "MONGO" | "TCP" | "TLS";
    /** `port.targetPort`: the pod port traffic goes to. @default the service's mapping of `number` */
    readonly targetPort?: number;
  };
  /** `servers[].hosts`: the hosts served, `[namespace/]host` (`*` wildcards). */
  readonly hosts: readonly string[];
  /** `servers[].tls`: TLS on this server. @default none (plaintext) */
  readonly tls?: ServerTls;
  /** `servers[].bind`: the IP address to listen on. @default all addresses */
  readonly bind?: string;
  /** `servers[].name`: the server's name, in the generated route names. @default unset */
  readonly name?: string;
}

/** Options of {@link ingressGateway}. */
export interface GatewayProps extends Suppressible {
  /** The namespace of the Gateway resource (→ `metadata.namespace`). @default "default" */
  readonly namespace?: NamespaceRef;
  /** `spec.selector`: the gateway pods, by labels or a declared workload. @default { istio: "ingressgateway" } */
  readonly selector?: Labels | Workload;
  /** `spec.servers`: what the gateway listens on. */
  readonly servers: readonly GatewayServer[];
}

/** A declared gateway. */
export interface Gateway<N extends string = string> extends DslValue<"gateway"> {
  readonly name: N;
  readonly namespace: string;
  readonly props: GatewayProps;
}

/**
 * Declare an ingress gateway (→ Gateway).
 * @example
 * ingressGateway("bookinfo-gateway", { namespace: "bookinfo",
 *   servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["*"] }] })
 * → Gateway bookinfo/bookinfo-gateway { selector: { istio: ingressgateway }, servers: [...] }
 */
export function ingressGateway<const N extends string>(name: N, props: GatewayProps): Gateway<N> {
  return declare({
    [BRAND]: "gateway",
    site: captureSite(),
    name,
    namespace: namespaceName(props.namespace ?? "default"),
    props,
  });
}

/** True for a value made by {@link ingressGateway}. */
export const isGateway = isKind("gateway") as (value: unknown) => value is Gateway;
