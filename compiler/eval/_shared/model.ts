/**
 * The engine's internal view of a request once the source and the host are resolved: who sends it (and through
 * which proxy), where it goes, and the HTTP attributes Envoy matches on. Built once by `request.ts`, the same way for both engines.
 */
import type { Fqdn, GatewayNode, Protocol, ServiceEntryNode, ServiceNode, WorkloadNode } from "../../ir/ir.ts";
import type { Labels } from "../../ir/istio-api.ts";
import type { JsonObject } from "./jwt.ts";

/**
 * The proxy that routes the request on the client side: the client's sidecar, an ingress gateway, or none (a client
 * without a sidecar, or one that sends `plaintext`, bypassing it): then no VirtualService applies, since routing
 * rules are applied by the client-side proxy (https://istio.io/latest/docs/concepts/traffic-management/).
 */
export interface Client {
  readonly proxy: "sidecar" | "gateway" | "none";
  /** As the result prints it: `ns/workload`, `outside`, `ingress ns/gateway`. */
  readonly label: string;
  /** The proxy's (or workload's) namespace: short names, exportTo and `sourceNamespace` are relative to it. */
  readonly namespace: string;
  readonly labels: Labels;
  readonly workload: WorkloadNode | undefined;
  /** `namespace/name` of the Gateway resource, for `ingress` sources. */
  readonly gateway: GatewayNode | undefined;
  /** The SPIFFE identity the proxy presents with mTLS, without `spiffe://`: `<td>/ns/<ns>/sa/<sa>`. */
  readonly principal: string | undefined;
  /** The client's address, when the input gives one (Pod IPs, or the request's `ip` for `outside`). */
  readonly ip: string | undefined;
  /**
   * For a gateway proxy: the address of the connection it accepted (an `ingress` request's `ip`; the sending proxy's
   * pod address for a gateway pod reached through a Service). Undefined when unknown.
   */
  readonly downstreamIp?: string | undefined;
}

/** What the request's host resolved to. */
export type Target =
  | {
      readonly kind: "service";
      readonly fqdn: Fqdn;
      readonly service: ServiceNode;
      readonly port: number;
      readonly protocol: Protocol;
      /**
       * A headless Service: the addresses the client may connect to (its name's A records, every endpoint address;
       * one for `<hostname>.<service>` or a request to an endpoint's IP). The engines evaluate each (headless.ts).
       */
      readonly addresses?: readonly string[];
      /** The virtual IP the client connects to, when the input gives it (see `address` below). */
      readonly address?: string;
    }
  | {
      readonly kind: "serviceEntry";
      readonly fqdn: Fqdn;
      readonly entry: ServiceEntryNode;
      readonly port: number;
      readonly protocol: Protocol;
      /** The ServiceEntry's first IP address, which its name resolves to; undefined without one. */
      readonly address?: string;
    }
  | {
      readonly kind: "external";
      readonly fqdn: Fqdn;
      readonly port: number;
      readonly protocol: Protocol;
      /**
       * The IP the request names (`tcp://10.1.2.3:5432`), or the cluster IP of `portOfService`; undefined for a name
       * whose address is unknown.
       */
      readonly address?: string;
      /**
       * The name is a Kubernetes Service's, which lacks the port (the client's sidecar dials its cluster IP there):
       * the Service's ports (`address`: its cluster IP). To the proxy the host is outside the port's registry
       * (istio/_egress.ts `registryOnPort`); nothing answers at the address (_shared/tcp.ts `passthroughOutcome`).
       */
      readonly portOfService?: { readonly ports: readonly number[] };
    };

/**
 * The destination IP a client's connection to a target has, which picks the outbound listener (`<ip>_<port>`, else
 * `0.0.0.0_<port>`) and the filter chains matched on `prefix_ranges`: a name resolves to its virtual IP as kube-dns
 * (a Service's cluster IP) or the DNS that answers for a ServiceEntry host (its first IP address) would; an IP is
 * itself; a host outside the registry, a ServiceEntry host without an IP address and a Service whose cluster IP the
 * input does not write have an address meshc does not know (undefined; each engine then models the Service's own,
 * unique VIP its own way). A headless Service's dial (`addresses`) is that endpoint's address.
 */
export function destinationOf(target: Target): string | undefined {
  if (target.kind === "service" && target.addresses !== undefined) return target.addresses[0];
  return target.address;
}

/** The HTTP attributes Envoy sees. */
export interface HttpView {
  readonly method: string;
  readonly scheme: "http" | "https";
  /** `:authority`: the host as written, with `:port` when the URL gave one other than 80 (http) or 443 (https), as curl. */
  readonly authority: string;
  /** The path after Istio's default path normalization (BASE), without the query. */
  readonly path: string;
  readonly query: string;
  /** Lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly port: number;
  /** The payload of the JWT the routing proxy (a gateway) verified before routing, for `@request.auth.claims` matches. */
  readonly jwt?: JsonObject | undefined;
}
