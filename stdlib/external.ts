/**
 * Services outside the mesh (→ ServiceEntry).
 * https://istio.io/latest/docs/reference/config/networking/service-entry/
 */
import { BRAND, isKind } from "./_brand.ts";
import { captureSite, declare } from "./_site.ts";
import type { Labels, Suppressible } from "./common.ts";
import { namespaceName, type NamespaceRef } from "./namespace.ts";
import type { Destination, ExternalServiceLike } from "./service.ts";
import type { TrafficPolicy } from "./traffic-policy.ts";

/** `ServicePort` of a ServiceEntry. */
export interface ExternalPortProps<N extends string = string> {
  /** `ports[].number`: the port number. */
  readonly number: number;
  /** `ports[].name`: the port's name. */
  readonly name: N;
  /** `ports[].protocol`: `HTTP`, `HTTPS`, `HTTP2`, `GRPC`, `TLS`, `TCP`, `MONGO`. @default inferred from the name */
  readonly protocol?: "HTTP" | "HTTPS" | "HTTP2" | "GRPC" | "TLS" | "TCP" | "MONGO";
  /** `ports[].targetPort`: the endpoints' port. @default `number` */
  readonly targetPort?: number;
}

/** `WorkloadEntry` endpoints of a ServiceEntry. */
export interface ExternalEndpoint {
  /** `endpoints[].address`: the endpoint's IP address or DNS name. @default unset */
  readonly address?: string;
  /** `endpoints[].ports`: port numbers by port name, where they differ. @default {} */
  readonly ports?: Readonly<Record<string, number>>;
  /** `endpoints[].labels`: the endpoint's labels (subsets select by them). @default {} */
  readonly labels?: Labels;
  /** `endpoints[].network`: the network the endpoint is on. @default the proxy's network */
  readonly network?: string;
  /** `endpoints[].locality`: `region/zone/subzone`. @default unset */
  readonly locality?: string;
  /** `endpoints[].weight`: the endpoint's load balancing weight. @default 1 */
  readonly weight?: number;
  /** `endpoints[].serviceAccount`: the endpoint's service account (its mTLS identity). @default unset */
  readonly serviceAccount?: string;
}

/** Options of {@link externalService}: the ServiceEntry spec, plus a traffic policy for its first host. */
export interface ExternalServiceProps<P extends readonly ExternalPortProps[]> extends Suppressible {
  /** The namespace of the ServiceEntry (→ `metadata.namespace`). @default "default" */
  readonly namespace?: NamespaceRef;
  /** `spec.hosts`: host names (`api.example.com`, `*.example.com`). The first is the destination host. */
  readonly hosts: readonly [string, ...string[]];
  /** `spec.ports`: the ports the hosts are reached on. @default [] */
  readonly ports?: P;
  /** `spec.addresses`: virtual IPs or CIDRs of the hosts. @default [] */
  readonly addresses?: readonly string[];
  /** `spec.location`: outside the mesh (no mTLS) or part of it. @default "MESH_EXTERNAL" */
  readonly location?: "MESH_EXTERNAL" | "MESH_INTERNAL";
  /** `spec.resolution`: how endpoints are found. @default "DNS" */
  readonly resolution?: "NONE" | "STATIC" | "DNS" | "DNS_ROUND_ROBIN";
  /** `spec.endpoints`: the hosts' endpoints (STATIC, or DNS names). @default [] */
  readonly endpoints?: readonly ExternalEndpoint[];
  /** `spec.exportTo`: namespaces that see it (`.` its own, `*` all). @default ["*"] */
  readonly exportTo?: readonly string[];
  /** `spec.subjectAltNames`: names the endpoints' certificates must carry. @default [] */
  readonly subjectAltNames?: readonly string[];
  /** Traffic policy for the first host (→ a DestinationRule), e.g. `{ tls: { mode: "SIMPLE" } }`. @default none */
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
