/**
 * Kubernetes Gateway API Gateways and ReferenceGrants (gateway.networking.k8s.io). A Gateway's listener names are
 * captured as literal types, so `gw.listener("https")` does not compile when `gw` has no listener `https`, and routes
 * attach to it by value, never by a name that could be misspelt. https://gateway-api.sigs.k8s.io/reference/spec/
 */
import { BRAND, isKind, type DslValue } from "./_brand.ts";
import { captureSite, declare } from "./_site.ts";
import type { Labels, Suppressible } from "./common.ts";
import type { GatewayClass } from "./gateway-class.ts";
import { namespaceName, type NamespaceRef } from "./namespace.ts";
import { isService, type AnyService } from "./service.ts";

/** `GatewayTLSConfig`: TLS on a listener. */
export interface ListenerTls {
  /** `tls.mode`: terminate TLS at the gateway, or pass it through by SNI. @default "Terminate" */
  readonly mode?: "Terminate" | "Passthrough";
  /** `tls.certificateRefs`: the Secrets with the server certificate and key (Terminate). @default [] */
  readonly certificateRefs?: readonly {
    /** `certificateRefs[].name`: the Secret's name. */
    readonly name: string;
    /** `certificateRefs[].namespace`: the Secret's namespace (another needs a ReferenceGrant). @default the Gateway's */
    readonly namespace?: NamespaceRef;
    /** `certificateRefs[].kind`. @default "Secret" */
    readonly kind?: string;
    /** `certificateRefs[].group`. @default "" (core) */
    readonly group?: string;
  }[];
  /** `tls.options`: implementation-specific settings (Istio reads `gateway.istio.io/tls-terminate-mode`). @default {} */
  readonly options?: Readonly<Record<string, string>>;
}

/** `AllowedRoutes`: which routes may attach to a listener. */
export interface AllowedRoutes {
  /** `allowedRoutes.namespaces`: the namespaces routes may come from. @default { from: "Same" } */
  readonly namespaces?: {
    /** `namespaces.from`: all, the Gateway's own, those `selector` matches, or none. @default "Same" */
    readonly from?: "All" | "Same" | "Selector" | "None";
    /** `namespaces.selector`: the namespaces' labels (with `from: "Selector"`). @default unset */
    readonly selector?: {
      /** `selector.matchLabels`: labels every selected namespace carries. @default {} */
      readonly matchLabels?: Labels;
    };
  };
  /** `allowedRoutes.kinds`: the route kinds admitted. @default the kinds the listener's protocol carries */
  readonly kinds?: readonly {
    /** `kinds[].group`. @default "gateway.networking.k8s.io" */
    readonly group?: string;
    /** `kinds[].kind`: `HTTPRoute`, `GRPCRoute`, `TCPRoute` or `TLSRoute`. */
    readonly kind: "HTTPRoute" | "GRPCRoute" | "TCPRoute" | "TLSRoute" | (string & {});
  }[];
}

/** `Listener`: one port, protocol and hostname the Gateway accepts routes for. */
export interface ListenerProps<N extends string = string> {
  /** `listeners[].name`: the listener's name, which routes give as `sectionName` (`gw.listener(name)`). */
  readonly name: N;
  /** `listeners[].port`: the port the gateway listens on. */
  readonly port: number;
  /** `listeners[].protocol`: what is spoken on it. */
  readonly protocol: "HTTP" | "HTTPS" | "TLS" | "TCP" | "UDP" | "HBONE" | (string & {});
  /** `listeners[].hostname`: the host names served (`*.example.com` wildcards). @default unset (every host name) */
  readonly hostname?: string;
  /** `listeners[].tls`: TLS settings (HTTPS and TLS listeners). @default none */
  readonly tls?: ListenerTls;
  /** `listeners[].allowedRoutes`: which routes may attach. @default routes from the Gateway's namespace */
  readonly allowedRoutes?: AllowedRoutes;
}

/** Options of {@link gateway}. */
export interface KubeGatewayProps<L extends readonly ListenerProps[]> extends Suppressible {
  /** The namespace (→ `metadata.namespace`). @default "default" */
  readonly namespace?: NamespaceRef;
  /**
   * `spec.gatewayClassName`: a declared {@link GatewayClass}, or the name of one: `istio` (a deployment per Gateway),
   * `istio-remote`, `istio-waypoint` (istiod's built-in classes). @default "istio"
   */
  readonly gatewayClassName?: string | GatewayClass;
  /** `spec.listeners`: what the gateway listens on. */
  readonly listeners: L;
  /** `spec.addresses`: an existing Service (`Hostname`) to use instead of a deployment of its own. @default [] */
  readonly addresses?: readonly {
    /** `addresses[].type`. @default "IPAddress" */
    readonly type?: "IPAddress" | "Hostname" | (string & {});
    /** `addresses[].value`: the address or Service host name. */
    readonly value: string;
  }[];
  /**
   * `metadata.annotations`, e.g. `networking.istio.io/service-type: ClusterIP` (istio.io's getting started) or
   * `gateway.istio.io/name-override`. @default {}
   */
  readonly annotations?: Readonly<Record<string, string>>;
  /** `metadata.labels`. @default {} */
  readonly labels?: Labels;
}

/** A declared Gateway API Gateway. `L` is the literal union of its listener names. */
export interface KubeGateway<N extends string = string, L extends string = string> extends DslValue<"kubeGateway"> {
  readonly name: N;
  readonly namespace: string;
  readonly props: KubeGatewayProps<readonly ListenerProps[]>;
  /** A parent reference to one listener (→ `parentRefs[].sectionName`). @example `gw.listener("http")` */
  listener(name: L): ListenerRef;
}

/** One listener of a Gateway, as a route's parent (`gw.listener("http")`). */
export interface ListenerRef extends DslValue<"listener"> {
  readonly gateway: KubeGateway;
  readonly sectionName: string;
}

/**
 * Declare a Gateway API Gateway (→ `gateway.networking.k8s.io/v1` Gateway). istiod deploys its pods, Deployment and
 * Service `<name>-istio` in its namespace (Istio's automated deployment).
 * @example
 * gateway("bookinfo-gateway", { namespace: "bookinfo",
 *   listeners: [{ name: "http", port: 80, protocol: "HTTP", allowedRoutes: { namespaces: { from: "Same" } } }] })
 */
export function gateway<const N extends string, const L extends readonly ListenerProps[]>(
  name: N,
  props: KubeGatewayProps<L>,
): KubeGateway<N, L[number]["name"]> {
  const self: KubeGateway<N, L[number]["name"]> = {
    [BRAND]: "kubeGateway",
    site: captureSite(),
    name,
    namespace: namespaceName(props.namespace ?? "default"),
    props,
    listener: (section) => ({ [BRAND]: "listener", site: undefined, gateway: self, sectionName: section }),
  };
  return declare(self);
}

/** True for a value made by {@link gateway}. */
export const isKubeGateway = isKind("kubeGateway") as (value: unknown) => value is KubeGateway;
/** True for a value made by `gw.listener(name)`. */
export const isListenerRef = isKind("listener") as (value: unknown) => value is ListenerRef;

// ---- ReferenceGrant --------------------------------------------------------------------------------------------

/** `ReferenceGrantFrom`: the resources allowed to refer into the grant's namespace. */
export interface ReferenceGrantFrom {
  /** `from[].group`. @default "gateway.networking.k8s.io" */
  readonly group?: string;
  /** `from[].kind`: the kind of the referring resource. */
  readonly kind: "HTTPRoute" | "GRPCRoute" | "TCPRoute" | "TLSRoute" | "Gateway" | (string & {});
  /** `from[].namespace`: the namespace of the referring resources. */
  readonly namespace: NamespaceRef;
}

/** `ReferenceGrantTo`: what may be referred to: a declared service, or `{ kind, name? }`. */
export type ReferenceGrantTo =
  | AnyService
  | {
      /** `to[].group`. @default "" (core) */
      readonly group?: string;
      /** `to[].kind`: `Service`, `Secret`, ... */
      readonly kind: "Service" | "Secret" | (string & {});
      /** `to[].name`: one resource by name. @default unset (every resource of the kind) */
      readonly name?: string;
    };

/** Options of {@link referenceGrant}. */
export interface ReferenceGrantProps extends Suppressible {
  /**
   * The namespace (→ `metadata.namespace`): the grant allows references into its own namespace.
   * @default the namespace of the first service in `to`, else "default"
   */
  readonly namespace?: NamespaceRef;
  /** `spec.from`: who may refer. */
  readonly from: readonly ReferenceGrantFrom[];
  /** `spec.to`: what they may refer to. */
  readonly to: readonly ReferenceGrantTo[];
}

/** A declared ReferenceGrant. */
export interface ReferenceGrant<N extends string = string> extends DslValue<"referenceGrant"> {
  readonly name: N;
  readonly namespace: string;
  readonly props: ReferenceGrantProps;
}

/**
 * Declare a ReferenceGrant (→ `gateway.networking.k8s.io/v1beta1` ReferenceGrant), letting routes in other namespaces
 * send traffic to services in this one.
 * @example
 * referenceGrant("web-routes", { from: [{ kind: "HTTPRoute", namespace: "web" }], to: [api] })
 * → ReferenceGrant <api's namespace>/web-routes { from: [...], to: [{ group: "", kind: Service, name: api }] }
 */
export function referenceGrant<const N extends string>(name: N, props: ReferenceGrantProps): ReferenceGrant<N> {
  const firstService = props.to.find(isService);
  return declare({
    [BRAND]: "referenceGrant",
    site: captureSite(),
    name,
    namespace: namespaceName(props.namespace ?? firstService?.namespace ?? "default"),
    props,
  });
}

/** True for a value made by {@link referenceGrant}. */
export const isReferenceGrant = isKind("referenceGrant") as (value: unknown) => value is ReferenceGrant;
