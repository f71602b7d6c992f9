/**
 * Services with ports and versions. A service lowers to a Kubernetes `Service`, one `Deployment` (plus
 * `ServiceAccount`) per version, and, when it has versions or a traffic policy, a `DestinationRule` whose subsets
 * are its versions. Port and version names are captured as literal types, so `reviews.subset("v4")` does not
 * compile when `reviews` has no version `v4`.
 */
import { BRAND, isKind, type DslValue } from "./_brand.ts";
import { captureSite, declare } from "./_site.ts";
import type { Labels, Suppressible } from "./common.ts";
import { namespaceName, type NamespaceRef } from "./namespace.ts";
import type { TrafficPolicy } from "./traffic-policy.ts";

/** One port of a service (Kubernetes `ServicePort`). */
export interface ServicePortProps<N extends string = string> {
  /** The port name; Istio infers the protocol from its prefix (`http`, `http-web`, `grpc`, ...). */
  readonly name: N;
  /** `ports[].port`: the service port. */
  readonly port: number;
  /** `ports[].targetPort`: the container port. @default port */
  readonly targetPort?: number;
  /** `ports[].protocol`: the L4 protocol. @default "TCP" */
  readonly protocol?: "TCP" | "UDP" | "SCTP";
  /**
   * `ports[].appProtocol` (`http`, `http2`, `grpc`, `tcp`, `tls`, ...), which Istio prefers to the name.
   * @default unset (the protocol comes from the name)
   */
  readonly appProtocol?: string;
}

/** One version of a service: a workload (→ Deployment) and a DestinationRule subset of the same name. */
export interface VersionProps {
  /** Pod labels (→ the Deployment's pod labels and the subset's `labels`). @default { app: <service>, version: <version> } */
  readonly labels?: Labels;
  /**
   * The labels the DestinationRule subset selects by, when they are fewer than the pod labels (Istio's samples write
   * `{ version: v1 }`; the service's selector supplies the rest). @default labels
   */
  readonly subsetLabels?: Labels;
  /** The pod's service account. @default the service's `serviceAccount` */
  readonly serviceAccount?: string;
  /** Whether the pod runs an Istio sidecar (false → annotation `sidecar.istio.io/inject: "false"`). @default true */
  readonly sidecar?: boolean;
  /** Deployment replicas (→ `spec.replicas`). @default 1 */
  readonly replicas?: number;
  /** Container image (→ `spec.template.spec.containers[0].image`). @default "<service>:<version>" */
  readonly image?: string;
  /** Traffic policy for this subset (→ `spec.subsets[i].trafficPolicy`). @default the service's */
  readonly trafficPolicy?: TrafficPolicy;
  /**
   * The pods' IP addresses, when known (→ the Deployment's `status.podIPs`, which the compiler reads as Pod IPs): they
   * become the version's endpoints in emitted EDS, so `meshc serve` can send proxyless gRPC clients to local servers.
   * @default [] (no known endpoints)
   */
  readonly addresses?: readonly string[];
}

/** Versions keyed by name: `{ v1: {}, v2: { replicas: 2 } }`. */
export type VersionMap = Readonly<Record<string, VersionProps>>;

/** Options of {@link service}. */
export interface ServiceProps<P extends readonly ServicePortProps[], V extends VersionMap> extends Suppressible {
  /** The namespace (→ `metadata.namespace` of everything the service becomes). @default "default" */
  readonly namespace?: NamespaceRef;
  /** The service's ports (→ the Service's `spec.ports`). */
  readonly ports: P;
  /** Its versions (→ a Deployment each and the DestinationRule's `subsets`). @default {} (one unversioned workload) */
  readonly versions?: V;
  /** Service account of every version unless a version says otherwise (→ `serviceAccountName`). @default the service name */
  readonly serviceAccount?: string;
  /**
   * Whether the pod of a service without versions runs an Istio sidecar (false → annotation
   * `sidecar.istio.io/inject: "false"`); a versioned service says it per version. @default true
   */
  readonly sidecar?: boolean;
  /** Extra `metadata.labels` of the Service. @default {} */
  readonly labels?: Labels;
  /** Traffic policy (→ `spec.trafficPolicy` of the service's DestinationRule). @default none */
  readonly trafficPolicy?: TrafficPolicy;
  /**
   * Whether the versions become `subsets` of the service's DestinationRule (false for a mesh routed with the Gateway
   * API, which splits traffic between Services per version, not between subsets). @default true
   */
  readonly subsets?: boolean;
  /**
   * `spec.selector`: the pods of another service's version, for a Service per version as Istio's
   * `bookinfo-versions.yaml` declares them (`reviews-v1` selects `app: reviews, version: v1`), which Gateway API
   * routes name as backends. Such a service declares no workloads and takes no `versions`.
   * @default { app: <name> } (the service's own workloads)
   */
  readonly selector?: Version;
}

/** A reference to a service, one of its subsets and/or one of its ports: a route or mirror destination. */
export interface Destination extends DslValue<"destination"> {
  readonly target: Service | ExternalServiceLike;
  readonly subset: string | undefined;
  readonly portName: string | undefined;
}

/** A service on one of its ports (`reviews.port("http")`): a route destination, or a Gateway API backend or parent. */
export interface ServicePort extends Destination {
  readonly target: Service;
  readonly subset: undefined;
  readonly portName: string;
}

/** What a {@link Destination} may point at besides a service (see `externalService`). */
export interface ExternalServiceLike extends DslValue<"externalService"> {
  readonly name: string;
  readonly host: string;
}

/** One version of a service, usable as a workload selector or an authorization principal. */
export interface Version extends DslValue<"version"> {
  readonly service: Service;
  readonly name: string;
  readonly labels: Labels;
  readonly serviceAccount: string;
}

/** A declared service. `P` and `V` are the literal port and version names. */
export interface Service<N extends string = string, P extends string = string, V extends string = string>
  extends DslValue<"service"> {
  readonly name: N;
  readonly namespace: string;
  /** `<name>.<namespace>.svc.cluster.local`. */
  readonly host: string;
  readonly props: ServiceProps<readonly ServicePortProps[], VersionMap>;
  /** A route destination: this service's subset `version`. @example `reviews.subset("v2")` */
  subset(version: V): Destination;
  /** A route destination: this service on port `name`. @example `reviews.port("http")` */
  port(name: P): ServicePort;
  /** One version, as a selector or principal. @example `selector: reviews.version("v3")` */
  version(name: V): Version;
}

/** Any service, whatever its port and version names. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyService = Service<string, any, any>;
/** The version names of a service type. */
export type VersionOf<S> = S extends Service<string, string, infer V> ? V : never;
/** The port names of a service type. */
export type PortOf<S> = S extends Service<string, infer P, string> ? P : never;

/**
 * Declare a service.
 * @example
 * service("reviews", { namespace: "bookinfo", ports: [{ name: "http", port: 9080 }],
 *                      versions: { v1: {}, v2: {} }, serviceAccount: "bookinfo-reviews" })
 * → Service reviews (port http 9080, selector app=reviews), Deployments reviews-v1 and reviews-v2
 *   (labels app=reviews, version=vN), ServiceAccount bookinfo-reviews, and
 *   DestinationRule reviews with subsets v1 and v2.
 */
export function service<
  const N extends string,
  const P extends readonly ServicePortProps[],
  const V extends VersionMap = Record<never, never>,
>(name: N, props: ServiceProps<P, V>): Service<N, P[number]["name"], keyof V & string> {
  return declare(makeService(name, props));
}

/**
 * A service that YAML inputs beside mesh.ts declare (its Service, Deployments and DestinationRule stay in the YAML):
 * the same typed handle as {@link service}, for routes, selectors and principals, but it declares nothing.
 * `meshc import --registry-only k8s/` writes these for a YAML registry.
 * @example
 * const reviews = serviceRef("reviews", { namespace: "bookinfo", ports: [{ name: "http", port: 9080 }],
 *                                        versions: { v1: {}, v2: {} }, serviceAccount: "bookinfo-reviews" })
 * routes(reviews, { http: [{ route: [{ destination: reviews.subset("v2") }] }] })   // → VirtualService only
 */
export function serviceRef<
  const N extends string,
  const P extends readonly ServicePortProps[],
  const V extends VersionMap = Record<never, never>,
>(name: N, props: ServiceProps<P, V>): Service<N, P[number]["name"], keyof V & string> {
  return makeService(name, props);
}

function makeService<const N extends string, const P extends readonly ServicePortProps[], const V extends VersionMap>(
  name: N,
  props: ServiceProps<P, V>,
): Service<N, P[number]["name"], keyof V & string> {
  const ns = namespaceName(props.namespace ?? "default");
  const self: Service<N, P[number]["name"], keyof V & string> = {
    [BRAND]: "service",
    site: captureSite(),
    name,
    namespace: ns,
    host: `${name}.${ns}.svc.cluster.local`,
    props,
    subset: (version) => ({
      [BRAND]: "destination",
      site: undefined,
      target: self,
      subset: version,
      portName: undefined,
    }),
    port: (port) => ({ [BRAND]: "destination", site: undefined, target: self, subset: undefined, portName: port }),
    version: (version) => versionOf(self, version),
  };
  return self;
}

/** The {@link Version} value of a service's version (labels and service account with defaults applied). */
export function versionOf(svc: Service, name: string): Version {
  const props: VersionProps = svc.props.versions?.[name] ?? {};
  return {
    [BRAND]: "version",
    site: undefined,
    service: svc,
    name,
    labels: props.labels ?? { app: svc.name, version: name },
    serviceAccount: props.serviceAccount ?? svc.props.serviceAccount ?? svc.name,
  };
}

/**
 * A route destination with a subset and/or a port, both checked against the service's declared names.
 * @example `destination(reviews, { subset: "v2", port: "http" })` → `{ host: reviews.bookinfo.svc.cluster.local, subset: v2, port: { number: 9080 } }`
 */
export function destination<S extends AnyService>(
  target: S,
  options: { readonly subset?: VersionOf<S>; readonly port?: PortOf<S> } = {},
): Destination {
  return { [BRAND]: "destination", site: undefined, target, subset: options.subset, portName: options.port };
}

/** True for a value made by {@link service}. */
export const isService = isKind("service") as (value: unknown) => value is Service;
/** True for a value made by `reviews.version("v1")`. */
export const isVersion = isKind("version") as (value: unknown) => value is Version;
/** True for a service port made by `port()`. */
export function isServicePort(value: unknown): value is ServicePort {
  return (
    isKind("destination")(value) &&
    isKind("service")((value as Destination).target) &&
    (value as Destination).subset === undefined &&
    (value as Destination).portName !== undefined
  );
}
/** True for a route destination made by `subset()`, `port()` or {@link destination}. */
export const isDestination = isKind("destination") as (value: unknown) => value is Destination;
