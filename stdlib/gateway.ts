/**
 * Ingress gateways (→ Gateway). Bind routes to one with `virtualService(name, { gateways: [gw], ... })`.
 * https://istio.io/latest/docs/reference/config/networking/gateway/
 */
import { BRAND, isKind, type DslValue } from "./_brand.ts";
import { captureSite, declare } from "./_site.ts";
import type { Labels } from "./common.ts";
import { namespaceName, type NamespaceRef } from "./namespace.ts";
import type { Workload } from "./workload.ts";

/** `ServerTLSSettings`. */
export interface ServerTls {
  readonly httpsRedirect?: boolean;
  readonly mode?: "PASSTHROUGH" | "SIMPLE" | "MUTUAL" | "AUTO_PASSTHROUGH" | "ISTIO_MUTUAL" | "OPTIONAL_MUTUAL";
  readonly credentialName?: string;
  readonly serverCertificate?: string;
  readonly privateKey?: string;
  readonly caCertificates?: string;
  readonly subjectAltNames?: readonly string[];
  readonly minProtocolVersion?: "TLS_AUTO" | "TLSV1_0" | "TLSV1_1" | "TLSV1_2" | "TLSV1_3";
  readonly maxProtocolVersion?: "TLS_AUTO" | "TLSV1_0" | "TLSV1_1" | "TLSV1_2" | "TLSV1_3";
  readonly cipherSuites?: readonly string[];
}

/** `Server`: one port the gateway listens on and the hosts it accepts. */
export interface GatewayServer {
  readonly port: {
    readonly number: number;
    readonly name: string;
    readonly protocol: "HTTP" | "HTTPS" | "GRPC" | "HTTP2" | "MONGO" | "TCP" | "TLS";
    readonly targetPort?: number;
  };
  readonly hosts: readonly string[];
  readonly tls?: ServerTls;
  readonly bind?: string;
  readonly name?: string;
}

/** Options of {@link ingressGateway}. */
export interface GatewayProps {
  /** The namespace of the Gateway resource. @default "default" */
  readonly namespace?: NamespaceRef;
  /** The gateway pods: labels or a declared workload. @default { istio: "ingressgateway" } */
  readonly selector?: Labels | Workload;
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
