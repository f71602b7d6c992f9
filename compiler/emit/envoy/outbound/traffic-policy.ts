// DestinationRule connectionPool / outlierDetection / loadBalancer → Cluster fields, istio
// pilot/pkg/networking/core/cluster_traffic_policy.go (`applyConnectionPool`, `applyH2Upgrade`,
// `applyOutlierDetection`, `applyLoadBalancer`, `ApplyRingHashLoadBalancer`).
import type { ConnectionPoolSettings, LoadBalancerSettings, OutlierDetection } from "../../../ir/istio-api.ts";
import type { Protocol } from "../../../ir/ir.ts";
import { CircuitBreakers, CircuitBreakers_Thresholds } from "../gen/envoy/config/cluster/v3/circuit_breaker.ts";
import {
  Cluster,
  Cluster_CommonLbConfig,
  Cluster_DiscoveryType,
  Cluster_LbPolicy,
} from "../gen/envoy/config/cluster/v3/cluster.ts";
import { OutlierDetection as EnvoyOutlier } from "../gen/envoy/config/cluster/v3/outlier_detection.ts";
import {
  HttpProtocolOptions as CoreHttpOptions,
  Http2ProtocolOptions,
  Http1ProtocolOptions,
} from "../gen/envoy/config/core/v3/protocol.ts";
import { HttpProtocolOptions } from "../gen/envoy/extensions/upstreams/http/v3/http_protocol_options.ts";
import { Percent } from "../gen/envoy/type/v3/percent.ts";
import { UInt64Value } from "../gen/google/protobuf/wrappers.ts";
import { duration, u32 } from "../proto.ts";

const MAX_UINT32 = 4294967295;

/** `explicit_http_config.http2_protocol_options: {}` (cluster_builder.go `setH2Options`). */
export function setH2(options: HttpProtocolOptions): void {
  options.upstreamProtocolOptions = {
    oneofKind: "explicitHttpConfig",
    explicitHttpConfig: {
      protocolConfig: { oneofKind: "http2ProtocolOptions", http2ProtocolOptions: Http2ProtocolOptions.create() },
    },
  };
}

/** `use_downstream_protocol_config` (cluster_builder.go `setUseDownstreamProtocol`). */
export function setUseDownstream(options: HttpProtocolOptions): void {
  options.upstreamProtocolOptions = {
    oneofKind: "useDownstreamProtocolConfig",
    useDownstreamProtocolConfig: {
      httpProtocolOptions: Http1ProtocolOptions.create(),
      http2ProtocolOptions: Http2ProtocolOptions.create(),
    },
  };
}

export const isH2 = (o: HttpProtocolOptions | undefined): boolean =>
  o?.upstreamProtocolOptions.oneofKind === "explicitHttpConfig" &&
  o.upstreamProtocolOptions.explicitHttpConfig.protocolConfig.oneofKind === "http2ProtocolOptions";

/**
 * cluster_traffic_policy.go `applyConnectionPool` (with `{}` when the policy has none, so every cluster gets the
 * MaxUint32 thresholds with `track_remaining`) and `applyH2Upgrade` (explicit HTTP ports only; the mesh default
 * `h2UpgradePolicy` is DO_NOT_UPGRADE). Returns the HttpProtocolOptions to carry, if any.
 */
export function applyConnectionPool(
  c: Cluster,
  pool: ConnectionPoolSettings | undefined,
  protocol: Protocol,
  options: HttpProtocolOptions | undefined,
): HttpProtocolOptions | undefined {
  const http = pool?.http;
  const tcp = pool?.tcp;
  const positive = (n: number | undefined) => (n !== undefined && n > 0 ? n : undefined);
  c.circuitBreakers = CircuitBreakers.create({
    thresholds: [
      CircuitBreakers_Thresholds.create({
        maxConnections: u32(positive(tcp?.maxConnections) ?? MAX_UINT32),
        maxPendingRequests: u32(positive(http?.http1MaxPendingRequests) ?? MAX_UINT32),
        maxRequests: u32(positive(http?.http2MaxRequests) ?? MAX_UINT32),
        maxRetries: u32(positive(http?.maxRetries) ?? MAX_UINT32),
        trackRemaining: true,
      }),
    ],
  });
  const connectTimeout = duration(tcp?.connectTimeout);
  if (connectTimeout !== undefined) c.connectTimeout = connectTimeout;
  const idle = duration(http?.idleTimeout) ?? duration(tcp?.idleTimeout);
  const maxRequestsPerConnection = positive(http?.maxRequestsPerConnection);
  const maxConnectionDuration = duration(tcp?.maxConnectionDuration);
  let out = options;
  if (idle !== undefined || maxRequestsPerConnection !== undefined || maxConnectionDuration !== undefined) {
    out ??= HttpProtocolOptions.create();
    out.commonHttpProtocolOptions = CoreHttpOptions.create({
      idleTimeout: idle,
      maxRequestsPerConnection: maxRequestsPerConnection === undefined ? undefined : u32(maxRequestsPerConnection),
      maxConnectionDuration,
    });
  }
  if (http?.useClientProtocol === true) {
    out ??= HttpProtocolOptions.create();
    setUseDownstream(out);
  } else if (protocol === "HTTP" && http?.h2UpgradePolicy === "UPGRADE") {
    out ??= HttpProtocolOptions.create();
    setH2(out);
  }
  const streams = positive(http?.maxConcurrentStreams);
  if (streams !== undefined && isH2(out) && out!.upstreamProtocolOptions.oneofKind === "explicitHttpConfig") {
    const pc = out!.upstreamProtocolOptions.explicitHttpConfig.protocolConfig;
    if (pc.oneofKind === "http2ProtocolOptions") pc.http2ProtocolOptions.maxConcurrentStreams = u32(streams);
  }
  return out;
}

/** cluster_traffic_policy.go `applyOutlierDetection`; also disables the panic threshold (`minHealthPercent`, 0). */
export function applyOutlierDetection(c: Cluster, od: OutlierDetection | undefined): void {
  if (od === undefined) return;
  const out = EnvoyOutlier.create({ enforcingSuccessRate: u32(0) });
  if (od.consecutive5xxErrors !== undefined) {
    out.consecutive5Xx = u32(od.consecutive5xxErrors);
    out.enforcingConsecutive5Xx = u32(od.consecutive5xxErrors > 0 ? 100 : 0);
  }
  if (od.consecutiveGatewayErrors !== undefined) {
    out.consecutiveGatewayFailure = u32(od.consecutiveGatewayErrors);
    out.enforcingConsecutiveGatewayFailure = u32(od.consecutiveGatewayErrors > 0 ? 100 : 0);
  }
  out.interval = duration(od.interval);
  out.baseEjectionTime = duration(od.baseEjectionTime);
  if ((od.maxEjectionPercent ?? 0) > 0) out.maxEjectionPercent = u32(od.maxEjectionPercent!);
  if (od.splitExternalLocalOriginErrors === true) {
    out.splitExternalLocalOriginErrors = true;
    if ((od.consecutiveLocalOriginFailures ?? 0) > 0) {
      out.consecutiveLocalOriginFailure = u32(od.consecutiveLocalOriginFailures!);
      out.enforcingConsecutiveLocalOriginFailure = u32(100);
    }
    out.enforcingLocalOriginSuccessRate = u32(0);
  }
  c.outlierDetection = out;
  c.commonLbConfig ??= Cluster_CommonLbConfig.create();
  c.commonLbConfig.healthyPanicThreshold = Percent.create({ value: od.minHealthPercent ?? 0 });
}

/**
 * cluster_traffic_policy.go `applyLoadBalancer`: default LEAST_REQUEST; LEAST_CONN is LEAST_REQUEST; PASSTHROUGH
 * turns the cluster into ORIGINAL_DST; consistent hashing → MAGLEV / RING_HASH (legacy form: ring of 1024).
 * Locality load balancing and warmup (slow start) are not modelled.
 */
export function applyLoadBalancer(c: Cluster, lb: LoadBalancerSettings | undefined): void {
  const ch = lb?.consistentHash;
  if (ch !== undefined) {
    if (ch.maglev !== undefined) {
      c.lbPolicy = Cluster_LbPolicy.MAGLEV;
      if ((ch.maglev.tableSize ?? 0) !== 0)
        c.lbConfig = {
          oneofKind: "maglevLbConfig",
          maglevLbConfig: { tableSize: UInt64Value.create({ value: String(ch.maglev.tableSize) }) },
        };
    } else {
      c.lbPolicy = Cluster_LbPolicy.RING_HASH;
      const size = ch.ringHash !== undefined ? (ch.ringHash.minimumRingSize ?? 0) : (ch.minimumRingSize ?? 1024);
      if (size !== 0)
        c.lbConfig = {
          oneofKind: "ringHashLbConfig",
          ringHashLbConfig: {
            minimumRingSize: UInt64Value.create({ value: String(size) }),
            hashFunction: 0,
            maximumRingSize: undefined,
          },
        };
    }
    return;
  }
  switch (lb?.simple) {
    case "ROUND_ROBIN":
      c.lbPolicy = Cluster_LbPolicy.ROUND_ROBIN;
      return;
    case "RANDOM":
      c.lbPolicy = Cluster_LbPolicy.RANDOM;
      return;
    case "PASSTHROUGH":
      c.lbPolicy = Cluster_LbPolicy.CLUSTER_PROVIDED;
      c.clusterDiscoveryType = { oneofKind: "type", type: Cluster_DiscoveryType.ORIGINAL_DST };
      c.loadAssignment = undefined;
      return;
    case "LEAST_CONN":
    case "LEAST_REQUEST":
    case "UNSPECIFIED":
    case undefined:
    default:
      c.lbPolicy = Cluster_LbPolicy.LEAST_REQUEST;
  }
}
