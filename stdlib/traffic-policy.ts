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
  /** `consistentHash.httpHeaderName`: hash on this request header. @default unset */
  readonly httpHeaderName?: string;
  /** `consistentHash.httpCookie`: hash on this cookie, generated when absent. @default unset */
  readonly httpCookie?: {
    /** `httpCookie.name`: the cookie's name. */
    readonly name: string;
    /** `httpCookie.path`: the path of a generated cookie. @default unset */
    readonly path?: string;
    /** `httpCookie.ttl`: the lifetime of a generated cookie. @default unset (a session cookie) */
    readonly ttl?: Duration;
  };
  /** `consistentHash.useSourceIp`: hash on the client's IP address. @default false */
  readonly useSourceIp?: boolean;
  /** `consistentHash.httpQueryParameterName`: hash on this query parameter. @default unset */
  readonly httpQueryParameterName?: string;
  /** `consistentHash.ringHash`: Envoy's ring hash. @default ring hash with Envoy's defaults */
  readonly ringHash?: {
    /** `ringHash.minimumRingSize`: the minimum number of virtual nodes on the ring. @default 1024 */
    readonly minimumRingSize?: number;
  };
  /** `consistentHash.maglev`: Envoy's Maglev hash. @default unset */
  readonly maglev?: {
    /** `maglev.tableSize`: the lookup table size, a prime. @default 65537 */
    readonly tableSize?: number;
  };
}

/** `LocalityLoadBalancerSetting`. */
export interface LocalityLoadBalancer {
  /** `localityLbSetting.distribute`: traffic shares per locality. @default [] */
  readonly distribute?: readonly {
    /** `distribute[].from`: the origin locality (`region/zone/subzone`, `*` wildcards). @default unset */
    readonly from?: string;
    /** `distribute[].to`: destination localities and their percentages. @default {} */
    readonly to?: Readonly<Record<string, number>>;
  }[];
  /** `localityLbSetting.failover`: the region to fail over to when a region's endpoints are unhealthy. @default [] */
  readonly failover?: readonly {
    /** `failover[].from`: the origin region. @default unset */
    readonly from?: string;
    /** `failover[].to`: the region to fail over to. @default unset */
    readonly to?: string;
  }[];
  /** `localityLbSetting.failoverPriority`: labels that order endpoints by priority. @default [] */
  readonly failoverPriority?: readonly string[];
  /** `localityLbSetting.enabled`: locality load balancing on or off. @default MeshConfig's setting */
  readonly enabled?: boolean;
}

/** `LoadBalancerSettings`: `simple` or `consistentHash`, not both. */
export type LoadBalancer = (
  | {
      /** `loadBalancer.simple`: a load balancing algorithm. */
      readonly simple: SimpleLoadBalancer;
      readonly consistentHash?: never;
    }
  | {
      /** `loadBalancer.consistentHash`: session affinity by hashing a request property. */
      readonly consistentHash: ConsistentHash;
      readonly simple?: never;
    }
  | { readonly simple?: never; readonly consistentHash?: never }
) & {
  /** `loadBalancer.localityLbSetting`: locality-aware load balancing. @default MeshConfig's `localityLbSetting` */
  readonly localityLbSetting?: LocalityLoadBalancer;
  /** `loadBalancer.warmupDurationSecs`: ramp new endpoints' traffic up over this time. @default unset (no warm-up) */
  readonly warmupDurationSecs?: Duration;
};

/** `ConnectionPoolSettings`. */
export interface ConnectionPool {
  /** `connectionPool.tcp`: limits common to HTTP and TCP. @default Envoy's limits */
  readonly tcp?: {
    /** `tcp.maxConnections`: connections to each destination host. @default 2^32-1 */
    readonly maxConnections?: number;
    /** `tcp.connectTimeout`: the TCP connect timeout. @default "10s" */
    readonly connectTimeout?: Duration;
    /** `tcp.tcpKeepalive`: TCP keepalive on the upstream sockets. @default off */
    readonly tcpKeepalive?: {
      /** `tcpKeepalive.probes`: unanswered probes before the connection is dropped. @default the OS's (9 on Linux) */
      readonly probes?: number;
      /** `tcpKeepalive.time`: idle time before probes start. @default the OS's (7200s on Linux) */
      readonly time?: Duration;
      /** `tcpKeepalive.interval`: the time between probes. @default the OS's (75s on Linux) */
      readonly interval?: Duration;
    };
    /** `tcp.maxConnectionDuration`: the longest a connection may live. @default unset (no limit) */
    readonly maxConnectionDuration?: Duration;
    /** `tcp.idleTimeout`: close connections idle this long. @default "1h" */
    readonly idleTimeout?: Duration;
  };
  /** `connectionPool.http`: HTTP/1.1 and HTTP/2 limits. @default Envoy's limits */
  readonly http?: {
    /** `http.http1MaxPendingRequests`: requests waiting for a connection. @default 2^32-1 */
    readonly http1MaxPendingRequests?: number;
    /** `http.http2MaxRequests`: active requests to a destination. @default 2^32-1 */
    readonly http2MaxRequests?: number;
    /** `http.maxRequestsPerConnection`: requests per connection; 1 disables keep-alive. @default 0 (no limit) */
    readonly maxRequestsPerConnection?: number;
    /** `http.maxRetries`: outstanding retries to all hosts of the cluster. @default 2^32-1 */
    readonly maxRetries?: number;
    /** `http.idleTimeout`: close upstream connections without requests for this long. @default "1h" */
    readonly idleTimeout?: Duration;
    /** `http.h2UpgradePolicy`: upgrade HTTP/1.1 connections to HTTP/2. @default "DEFAULT" (MeshConfig's) */
    readonly h2UpgradePolicy?: "DEFAULT" | "DO_NOT_UPGRADE" | "UPGRADE";
    /** `http.useClientProtocol`: use the client's HTTP version upstream. @default false */
    readonly useClientProtocol?: boolean;
    /** `http.maxConcurrentStreams`: concurrent streams per HTTP/2 connection. @default 2^31-1 */
    readonly maxConcurrentStreams?: number;
  };
}

/** `OutlierDetection`: circuit breaking by ejecting failing hosts. */
export interface OutlierDetection {
  /** `outlierDetection.splitExternalLocalOriginErrors`: count local errors apart from upstream ones. @default false */
  readonly splitExternalLocalOriginErrors?: boolean;
  /** `outlierDetection.consecutiveLocalOriginFailures`: local failures before ejection (when split). @default 5 */
  readonly consecutiveLocalOriginFailures?: number;
  /** `outlierDetection.consecutiveGatewayErrors`: 502, 503 and 504 responses before ejection. @default 0 (off) */
  readonly consecutiveGatewayErrors?: number;
  /** `outlierDetection.consecutive5xxErrors`: 5xx responses before ejection. @default 5 */
  readonly consecutive5xxErrors?: number;
  /** `outlierDetection.interval`: the time between ejection sweeps. @default "10s" */
  readonly interval?: Duration;
  /** `outlierDetection.baseEjectionTime`: the minimum ejection time, times the number of ejections. @default "30s" */
  readonly baseEjectionTime?: Duration;
  /** `outlierDetection.maxEjectionPercent`: the most hosts that may be ejected, in percent. @default 10 */
  readonly maxEjectionPercent?: number;
  /** `outlierDetection.minHealthPercent`: ejection stops below this share of healthy hosts. @default 0 */
  readonly minHealthPercent?: number;
}

/** `ClientTLSSettings.TLSmode`. */
export type ClientTlsMode = "DISABLE" | "SIMPLE" | "MUTUAL" | "ISTIO_MUTUAL";

/** `ClientTLSSettings`: how the client sidecar talks TLS to the destination. */
export interface ClientTls {
  /** `tls.mode`: plaintext, TLS, mutual TLS with given certificates, or Istio's mutual TLS. */
  readonly mode: ClientTlsMode;
  /** `tls.clientCertificate`: the client certificate's file (MUTUAL). @default unset */
  readonly clientCertificate?: string;
  /** `tls.privateKey`: the client key's file (MUTUAL). @default unset */
  readonly privateKey?: string;
  /** `tls.caCertificates`: CA certificates' file to verify the server with. @default unset */
  readonly caCertificates?: string;
  /** `tls.credentialName`: a Secret holding the client certificate, key and CA (gateways). @default unset */
  readonly credentialName?: string;
  /** `tls.subjectAltNames`: names the server certificate must carry. @default [] */
  readonly subjectAltNames?: readonly string[];
  /** `tls.sni`: the SNI sent. @default the request's host (auto SNI) */
  readonly sni?: string;
  /** `tls.insecureSkipVerify`: do not verify the server's certificate. @default false */
  readonly insecureSkipVerify?: boolean;
}

/** `TrafficPolicy.PortTrafficPolicy`: the same settings for one port (`port: { number }`). */
export interface PortTrafficPolicy {
  /** `portLevelSettings[].port`: the destination port these settings are for. */
  readonly port: {
    /** `port.number`. */
    readonly number: number;
  };
  /** `portLevelSettings[].loadBalancer`. @default the policy's `loadBalancer` */
  readonly loadBalancer?: LoadBalancer;
  /** `portLevelSettings[].connectionPool`. @default the policy's `connectionPool` */
  readonly connectionPool?: ConnectionPool;
  /** `portLevelSettings[].outlierDetection`. @default the policy's `outlierDetection` */
  readonly outlierDetection?: OutlierDetection;
  /** `portLevelSettings[].tls`. @default the policy's `tls` */
  readonly tls?: ClientTls;
}

/**
 * `TrafficPolicy`, written on a service (→ `spec.trafficPolicy` of its DestinationRule) or on one of its versions
 * (→ `spec.subsets[i].trafficPolicy`).
 * @example `{ loadBalancer: { simple: "LEAST_REQUEST" }, tls: { mode: "ISTIO_MUTUAL" } }`
 */
export interface TrafficPolicy {
  /** `trafficPolicy.loadBalancer`: how endpoints are picked. @default Envoy's LEAST_REQUEST */
  readonly loadBalancer?: LoadBalancer;
  /** `trafficPolicy.connectionPool`: connection and request limits (circuit breakers). @default Envoy's limits */
  readonly connectionPool?: ConnectionPool;
  /** `trafficPolicy.outlierDetection`: eject failing endpoints. @default off */
  readonly outlierDetection?: OutlierDetection;
  /** `trafficPolicy.tls`: TLS to the destination. @default ISTIO_MUTUAL where the server has a sidecar (auto mTLS) */
  readonly tls?: ClientTls;
  /** `trafficPolicy.portLevelSettings`: settings for single ports, over the ones above. @default [] */
  readonly portLevelSettings?: readonly PortTrafficPolicy[];
}
