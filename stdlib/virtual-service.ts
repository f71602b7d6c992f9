/**
 * Routing (→ VirtualService). `routes(svc, ...)` routes traffic addressed to one service; `virtualService(name,
 * ...)` is the general form, e.g. for routes bound to an ingress gateway.
 */
import { BRAND, isKind, type DslValue } from "./_brand.ts";
import { captureSite, declare } from "./_site.ts";
import { namespaceName, type NamespaceRef } from "./namespace.ts";
import type { ExternalService } from "./external.ts";
import type { Suppressible } from "./common.ts";
import type { GatewayRef, HttpRoute, HttpRouteDestination, TcpRoute, TlsRoute } from "./route-types.ts";
import type { AnyService, VersionOf } from "./service.ts";

/** The routes of a VirtualService and where they apply. */
export interface RouteProps extends Suppressible {
  /** `spec.gateways`: where the routes apply. @default ["mesh"] (every sidecar) */
  readonly gateways?: readonly GatewayRef[];
  /** `spec.http`: HTTP routes, tried in order. @default [] */
  readonly http?: readonly HttpRoute[];
  /** `spec.tls`: TLS routes by SNI, for TLS that is not terminated. @default [] */
  readonly tls?: readonly TlsRoute[];
  /** `spec.tcp`: TCP routes. @default [] */
  readonly tcp?: readonly TcpRoute[];
  /** `spec.exportTo`: namespaces that see it (`.` its own, `*` all). @default ["*"] */
  readonly exportTo?: readonly string[];
}

/** Options of {@link virtualService}. */
export interface VirtualServiceProps extends RouteProps {
  /** The VirtualService's namespace (→ `metadata.namespace`). @default "default" */
  readonly namespace?: NamespaceRef;
  /** `spec.hosts`: the hosts these routes serve: services, external services, or host names (`"*"`, `"bookinfo.example.com"`). */
  readonly hosts: readonly (AnyService | ExternalService | string)[];
}

/** Options of {@link routes}. */
export interface ServiceRouteProps extends RouteProps {
  /** The VirtualService's name (→ `metadata.name`). @default the service name */
  readonly name?: string;
}

/** A declared VirtualService. */
export interface VirtualService<N extends string = string> extends DslValue<"virtualService"> {
  readonly name: N;
  readonly namespace: string;
  readonly props: VirtualServiceProps;
}

/**
 * Declare a VirtualService.
 * @example
 * virtualService("bookinfo", { namespace: "bookinfo", hosts: ["*"], gateways: [bookinfoGateway],
 *   http: [{ match: [{ uri: { exact: "/productpage" } }], route: [{ destination: productpage.port("http") }] }] })
 */
export function virtualService<const N extends string>(name: N, props: VirtualServiceProps): VirtualService<N> {
  return declare({
    [BRAND]: "virtualService",
    site: captureSite(),
    name,
    namespace: namespaceName(props.namespace ?? "default"),
    props,
  });
}

/**
 * Declare the routes of one service (→ VirtualService `<svc>` in its namespace, hosts `[<svc FQDN>]`).
 * @example
 * routes(reviews, { http: [
 *   { match: [{ headers: { "end-user": { exact: "jason" } } }], route: [{ destination: reviews.subset("v2") }] },
 *   { route: canary(reviews, { v1: 90, v2: 10 }) } ] })
 */
export function routes(svc: AnyService, props: ServiceRouteProps): VirtualService {
  const { name, ...rest } = props;
  return declare({
    [BRAND]: "virtualService",
    site: captureSite(),
    name: name ?? svc.name,
    namespace: svc.namespace,
    props: { ...rest, namespace: svc.namespace, hosts: [svc] },
  });
}

/**
 * Weighted destinations over a service's versions, in the order given; only declared versions are accepted.
 * @example `canary(reviews, { v1: 90, v2: 10 })`
 * → `[{ destination: { host: reviews..., subset: v1 }, weight: 90 }, { destination: { ..., subset: v2 }, weight: 10 }]`
 */
export function canary<S extends AnyService>(
  svc: S,
  weights: { readonly [V in VersionOf<S>]?: number },
): HttpRouteDestination[] {
  return Object.entries(weights as Readonly<Record<string, number>>).map(([version, weight]) => ({
    destination: svc.subset(version as never),
    weight,
  }));
}

/** True for a value made by {@link virtualService} or {@link routes}. */
export const isVirtualService = isKind("virtualService") as (value: unknown) => value is VirtualService;
