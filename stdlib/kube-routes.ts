/**
 * Gateway API routes (→ HTTPRoute, GRPCRoute, TCPRoute, TLSRoute), attached to declared Gateways, listeners or
 * services, with declared services as backends. istiod converts them to VirtualServices; meshc does the same.
 * https://gateway-api.sigs.k8s.io/api-types/httproute/
 */
import { BRAND, isKind, type DslValue } from "./_brand.ts";
import { captureSite, declare } from "./_site.ts";
import type { Labels, Suppressible } from "./common.ts";
import { isKubeGateway, isListenerRef } from "./kube-gateway.ts";
import type { KubeGrpcRule, KubeHttpRule, KubeL4Rule, KubeParentRef } from "./kube-route-types.ts";
import { namespaceName, type NamespaceRef } from "./namespace.ts";
import type { Service, ServicePort } from "./service.ts";

/** What every route kind shares. */
export interface KubeRouteCommon extends Suppressible {
  /** The route's namespace (→ `metadata.namespace`). @default the namespace of the first parent, else "default" */
  readonly namespace?: NamespaceRef;
  /** `spec.parentRefs`: the Gateways, listeners or services the route attaches to. */
  readonly parentRefs: readonly KubeParentRef[];
  /** `metadata.annotations`. @default {} */
  readonly annotations?: Readonly<Record<string, string>>;
  /** `metadata.labels`. @default {} */
  readonly labels?: Labels;
}

/** Options of {@link httpRoute}. */
export interface KubeHttpRouteProps extends KubeRouteCommon {
  /** `spec.hostnames`: the Host headers served (`*.example.com` wildcards). @default [] (the listeners' host names) */
  readonly hostnames?: readonly string[];
  /** `spec.rules`: the rules, ordered by Gateway API precedence (most specific match first), not as written. */
  readonly rules: readonly KubeHttpRule[];
}

/** Options of {@link grpcRoute}. */
export interface KubeGrpcRouteProps extends KubeRouteCommon {
  /** `spec.hostnames`: the Host headers served. @default [] (the listeners' host names) */
  readonly hostnames?: readonly string[];
  /** `spec.rules`: the rules. */
  readonly rules: readonly KubeGrpcRule[];
}

/** Options of {@link tcpRoute}. */
export interface KubeTcpRouteProps extends KubeRouteCommon {
  /** `spec.rules`: one rule, the backends connections go to. */
  readonly rules: readonly KubeL4Rule[];
}

/** Options of {@link tlsRoute}. */
export interface KubeTlsRouteProps extends KubeRouteCommon {
  /** `spec.hostnames`: the SNI names served. @default [] (the listeners' host names) */
  readonly hostnames?: readonly string[];
  /** `spec.rules`: one rule, the backends connections go to. */
  readonly rules: readonly KubeL4Rule[];
}

/** The Gateway API route kinds. */
export type KubeRouteKind = "HTTPRoute" | "GRPCRoute" | "TCPRoute" | "TLSRoute";

/** A declared Gateway API route. */
export interface KubeRoute<N extends string = string, K extends KubeRouteKind = KubeRouteKind>
  extends DslValue<"kubeRoute"> {
  readonly kind: K;
  readonly name: N;
  readonly namespace: string;
  readonly props: KubeHttpRouteProps | KubeGrpcRouteProps | KubeTcpRouteProps | KubeTlsRouteProps;
}

function parentNamespace(parent: KubeParentRef | undefined): string | undefined {
  if (parent === undefined) return undefined;
  if (isKubeGateway(parent)) return parent.namespace;
  if (isListenerRef(parent)) return parent.gateway.namespace;
  return ((parent as ServicePort).target ?? (parent as Service)).namespace;
}

function route<N extends string, K extends KubeRouteKind>(
  kind: K,
  name: N,
  props: KubeRoute["props"],
  site: KubeRoute["site"],
): KubeRoute<N, K> {
  const ns = props.namespace ?? parentNamespace(props.parentRefs[0]) ?? "default";
  return declare({ [BRAND]: "kubeRoute", site, kind, name, namespace: namespaceName(ns), props });
}

/**
 * Declare an HTTPRoute (→ `gateway.networking.k8s.io/v1` HTTPRoute).
 * @example
 * httpRoute("bookinfo", { parentRefs: [gw], rules: [{ matches: [{ path: { type: "Exact", value: "/productpage" } }],
 *                                                     backendRefs: [productpage.port("http")] }] })
 */
export function httpRoute<const N extends string>(name: N, props: KubeHttpRouteProps): KubeRoute<N, "HTTPRoute"> {
  return route("HTTPRoute", name, props, captureSite());
}

/** Declare a GRPCRoute (→ `gateway.networking.k8s.io/v1` GRPCRoute). */
export function grpcRoute<const N extends string>(name: N, props: KubeGrpcRouteProps): KubeRoute<N, "GRPCRoute"> {
  return route("GRPCRoute", name, props, captureSite());
}

/** Declare a TCPRoute (→ `gateway.networking.k8s.io/v1alpha2` TCPRoute). */
export function tcpRoute<const N extends string>(name: N, props: KubeTcpRouteProps): KubeRoute<N, "TCPRoute"> {
  return route("TCPRoute", name, props, captureSite());
}

/** Declare a TLSRoute (→ `gateway.networking.k8s.io/v1alpha2` TLSRoute), routing TLS by SNI without terminating it. */
export function tlsRoute<const N extends string>(name: N, props: KubeTlsRouteProps): KubeRoute<N, "TLSRoute"> {
  return route("TLSRoute", name, props, captureSite());
}

/** True for a value made by {@link httpRoute}, {@link grpcRoute}, {@link tcpRoute} or {@link tlsRoute}. */
export const isKubeRoute = isKind("kubeRoute") as (value: unknown) => value is KubeRoute;
