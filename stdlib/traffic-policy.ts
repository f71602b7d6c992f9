/**
 * DestinationRule traffic policy, in Istio's shape with typed durations and enums.
 * https://istio.io/latest/docs/reference/config/networking/destination-rule/#TrafficPolicy
 */
import type { Duration } from "./common.ts";

/** `LoadBalancerSettings.SimpleLB`. */
export type SimpleLoadBalancer =
  | "UNSPECIFIED"
  | "LEAST_CONN"
  | "RANDOM"
  | "PASSTHROUGH"
  | "ROUND_ROBIN"
  | "LEAST_REQUEST";

/** `LoadBalancerSettings.ConsistentHashLB`: hash on one of header, cookie, source IP or query parameter. */
export interface ConsistentHash {
  readonly httpHeaderName?: string;
  readonly httpCookie?: { readonly name: string; readonly path?: string; readonly ttl?: Duration };
  readonly useSourceIp?: boolean;
  readonly httpQueryParameterName?: string;
  readonly ringHash?: { readonly minimumRingSize?: number };
  readonly maglev?: { readonly tableSize?: number };
}

/** `LocalityLoadBalancerSetting`. */
export interface LocalityLoadBalancer {
  readonly distribute?: readonly { readonly from?: string; readonly to?: Readonly<Record<string, number>> }[];
  readonly failover?: readonly { readonly from?: string; readonly to?: string }[];
  readonly failoverPriority?: readonly string[];
  readonly enabled?: boolean;
}

/** `LoadBalancerSettings`: `simple` or `consistentHash`, not both. */
export type LoadBalancer = (
  | { readonly simple: SimpleLoadBalancer; readonly consistentHash?: never }
  | { readonly consistentHash: ConsistentHash; readonly simple?: never }
  | { readonly simple?: never; readonly consistentHash?: never }
) & { readonly localityLbSetting?: LocalityLoadBalancer; readonly warmupDurationSecs?: Duration };

/** `ConnectionPoolSettings`. */
export interface ConnectionPool {
  readonly tcp?: {
    readonly maxConnections?: number;
    readonly connectTimeout?: Duration;
    readonly tcpKeepalive?: { readonly probes?: number; readonly time?: Duration; readonly interval?: Duration };
    readonly maxConnectionDuration?: Duration;
    readonly idleTimeout?: Duration;
  };
  readonly http?: {
    readonly http1MaxPendingRequests?: number;
    readonly http2MaxRequests?: number;
    readonly maxRequestsPerConnection?: number;
    readonly maxRetries?: number;
    readonly idleTimeout?: Duration;
    readonly h2UpgradePolicy?: "DEFAULT" | "DO_NOT_UPGRADE" | "UPGRADE";
    readonly useClientProtocol?: boolean;
    readonly maxConcurrentStreams?: number;
  };
}

/** `OutlierDetection`: circuit breaking by ejecting failing hosts. */
export interface OutlierDetection {
  readonly splitExternalLocalOriginErrors?: boolean;
  readonly consecutiveLocalOriginFailures?: number;
  readonly consecutiveGatewayErrors?: number;
  readonly consecutive5xxErrors?: number;
  readonly interval?: Duration;
  readonly baseEjectionTime?: Duration;
  readonly maxEjectionPercent?: number;
  readonly minHealthPercent?: number;
}

/** `ClientTLSSettings.TLSmode`. */
export type ClientTlsMode = "DISABLE" | "SIMPLE" | "MUTUAL" | "ISTIO_MUTUAL";

/** `ClientTLSSettings`: how the client sidecar talks TLS to the destination. */
export interface ClientTls {
  readonly mode: ClientTlsMode;
  readonly clientCertificate?: string;
  readonly privateKey?: string;
  readonly caCertificates?: string;
  readonly credentialName?: string;
  readonly subjectAltNames?: readonly string[];
  readonly sni?: string;
  readonly insecureSkipVerify?: boolean;
}

/** `TrafficPolicy.PortTrafficPolicy`: the same settings for one port (`port: { number }`). */
export interface PortTrafficPolicy {
  readonly port: { readonly number: number };
  readonly loadBalancer?: LoadBalancer;
  readonly connectionPool?: ConnectionPool;
  readonly outlierDetection?: OutlierDetection;
  readonly tls?: ClientTls;
}

/**
 * `TrafficPolicy`, written on a service (→ `spec.trafficPolicy` of its DestinationRule) or on one of its versions
 * (→ `spec.subsets[i].trafficPolicy`).
 * @example `{ loadBalancer: { simple: "LEAST_REQUEST" }, tls: { mode: "ISTIO_MUTUAL" } }`
 */
export interface TrafficPolicy {
  readonly loadBalancer?: LoadBalancer;
  readonly connectionPool?: ConnectionPool;
  readonly outlierDetection?: OutlierDetection;
  readonly tls?: ClientTls;
  readonly portLevelSettings?: readonly PortTrafficPolicy[];
}
