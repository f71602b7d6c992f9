/**
 * Services outside the mesh (→ ServiceEntry).
 * https://istio.io/latest/docs/reference/config/networking/service-entry/
 */
import { BRAND, isKind } from "./_brand.ts";
import { captureSite, declare } from "./_site.ts";
import type { Labels } from "./common.ts";
import { namespaceName, type NamespaceRef } from "./namespace.ts";
import type { Destination, ExternalServiceLike } from "./service.ts";
import type { TrafficPolicy } from "./traffic-policy.ts";

/** `ServicePort` of a ServiceEntry. */
export interface ExternalPortProps<N extends string = string> {
  readonly number: number;
  readonly name: N;
  /** `HTTP`, `HTTPS`, `HTTP2`, `GRPC`, `TLS`, `TCP`, `MONGO`. */
  readonly protocol?: "HTTP" | "HTTPS" | "HTTP2" | "GRPC" | "TLS" | "TCP" | "MONGO";
  readonly targetPort?: number;
}

/** `WorkloadEntry` endpoints of a ServiceEntry. */
export interface ExternalEndpoint {
  readonly address?: string;
  readonly ports?: Readonly<Record<string, number>>;
  readonly labels?: Labels;
  readonly network?: string;
  readonly locality?: string;
  readonly weight?: number;
  readonly serviceAccount?: string;
}

/** Options of {@link externalService}: the ServiceEntry spec, plus a traffic policy for its first host. */
export interface ExternalServiceProps<P extends readonly ExternalPortProps[]> {
  /** The namespace of the ServiceEntry. @default "default" */
  readonly namespace?: NamespaceRef;
  /** Host names (`api.example.com`, `*.example.com`). The first is the destination host. */
  readonly hosts: readonly [string, ...string[]];
  readonly ports?: P;
  readonly addresses?: readonly string[];
  /** @default "MESH_EXTERNAL" */
  readonly location?: "MESH_EXTERNAL" | "MESH_INTERNAL";
  /** @default "DNS" */
  readonly resolution?: "NONE" | "STATIC" | "DNS" | "DNS_ROUND_ROBIN";
  readonly endpoints?: readonly ExternalEndpoint[];
  readonly exportTo?: readonly string[];
  readonly subjectAltNames?: readonly string[];
  /** Traffic policy for the first host (→ a DestinationRule), e.g. `{ tls: { mode: "SIMPLE" } }`. */
  readonly trafficPolicy?: TrafficPolicy;
}

/** A declared external service; usable as a route destination. */
export interface ExternalService<N extends string = string, P extends string = string> extends ExternalServiceLike {
  readonly name: N;
  readonly namespace: string;
  readonly props: ExternalServiceProps<readonly ExternalPortProps[]>;
  /** A route destination on port `name`. */
  port(name: P): Destination;
}

/**
 * Declare a service outside the mesh (→ ServiceEntry; → DestinationRule when it has a traffic policy).
 * @example
 * externalService("httpbin", { hosts: ["httpbin.org"], ports: [{ number: 443, name: "https", protocol: "TLS" }] })
 * → ServiceEntry httpbin { hosts: [httpbin.org], ports: [...], location: MESH_EXTERNAL, resolution: DNS }
 */
export function externalService<const N extends string, const P extends readonly ExternalPortProps[] = []>(
  name: N,
  props: ExternalServiceProps<P>,
): ExternalService<N, P[number]["name"]> {
  const self: ExternalService<N, P[number]["name"]> = {
    [BRAND]: "externalService",
    site: captureSite(),
    name,
    namespace: namespaceName(props.namespace ?? "default"),
    host: props.hosts[0],
    props,
    port: (port) => ({ [BRAND]: "destination", site: undefined, target: self, subset: undefined, portName: port }),
  };
  return declare(self);
}

/** True for a value made by {@link externalService}. */
export const isExternalService = isKind("externalService") as (value: unknown) => value is ExternalService;
