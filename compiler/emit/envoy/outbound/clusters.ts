// A sidecar's outbound clusters. istio pilot/pkg/networking/core/cluster.go `buildOutboundClusters`,
// cluster_builder.go (`buildCluster`, `applyDestinationRule`, `buildSubsetCluster`, `setUpstreamProtocol`,
// `buildBlackHoleCluster`, `buildDefaultPassthroughCluster`, `maybeApplyEdsConfig`), cluster.go `convertResolution`.
import type { AppliedRule } from "../../../ir/destination-rules.ts";
import type { MeshIR } from "../../../ir/ir.ts";
import { inferredServiceMode } from "../../../ir/peer-authentication.ts";
import type { Subset } from "../../../ir/istio-api.ts";
import {
  Cluster,
  Cluster_CommonLbConfig,
  Cluster_DiscoveryType,
  Cluster_DnsLookupFamily,
  Cluster_LbPolicy,
} from "../gen/envoy/config/cluster/v3/cluster.ts";
import type { ClusterLoadAssignment } from "../gen/envoy/config/endpoint/v3/endpoint.ts";
import { HttpProtocolOptions } from "../gen/envoy/extensions/upstreams/http/v3/http_protocol_options.ts";
import {
  Http1ProtocolOptions,
  Http2ProtocolOptions,
  HttpProtocolOptions as CoreHttpOptions,
} from "../gen/envoy/config/core/v3/protocol.ts";
import { packAny } from "../registry.ts";
import { clusterPolicy } from "./_policy.ts";
import { adsConfigSource, durationNs, metadata, type PlainValue } from "../proto.ts";
import type { OutboundPort, OutboundScope, OutboundService } from "./scope.ts";
import { applyUpstreamTls } from "./cluster-tls.ts";
import { loadAssignment } from "./endpoints.ts";
import { BLACKHOLE_CLUSTER, PASSTHROUGH_CLUSTER } from "./route-configuration.ts";
import { clusterName } from "./route-action.ts";
import {
  applyConnectionPool,
  applyLoadBalancer,
  applyOutlierDetection,
  isH2,
  setH2,
  setUseDownstream,
} from "./traffic-policy.ts";

/** MeshConfig `connectTimeout` default (10s) and `dnsRefreshRate` default (60s); the IR does not carry them. */
const CONNECT_TIMEOUT = durationNs(10e9);
const DNS_REFRESH_RATE = durationNs(60e9);
const HTTP_OPTIONS_KEY = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

/**
 * cluster.go `convertResolution`. Passthrough: gateways "cannot use passthrough clusters" and fall back to EDS (meshc
 * follows that for headless Kubernetes Services; a `resolution: NONE` ServiceEntry stays ORIGINAL_DST on gateways
 * too, not modelled yet); `PILOT_ENABLE_EDS_FOR_HEADLESS_SERVICES` is off by default.
 */
function discoveryType(svc: OutboundService, router: boolean): Cluster_DiscoveryType {
  if (router && svc.registry === "Kubernetes" && svc.resolution === "NONE") return Cluster_DiscoveryType.EDS;
  switch (svc.resolution) {
    case "EDS":
      return Cluster_DiscoveryType.EDS;
    case "DNS":
      return Cluster_DiscoveryType.STRICT_DNS;
    case "DNS_ROUND_ROBIN":
      return Cluster_DiscoveryType.LOGICAL_DNS;
    case "NONE":
      return Cluster_DiscoveryType.ORIGINAL_DST;
  }
}

/** push_context.go `BestEffortInferServiceMTLSMode` as far as it matters here: is mTLS disabled for the service's namespace? */
function serviceMtlsDisabled(ir: MeshIR, namespace: string): boolean {
  return inferredServiceMode(ir, namespace) === "DISABLE";
}

/**
 * push_context.go `BestEffortInferServiceMTLSMode` for a Passthrough service: DISABLE when the port has no endpoint
 * or an endpoint's tls mode is not `istio` (kube/controller `newIstioEndpoint`: the Pod's `security.istio.io/tlsMode`
 * label, `istio` on injected Pods; an address without a Pod is `disabled`).
 */
function passthroughMtlsDisabled(endpoints: readonly { tlsMode: string }[]): boolean {
  return endpoints.length === 0 || endpoints.some((e) => e.tlsMode !== "istio");
}

export interface BuiltCluster {
  readonly cluster: Cluster;
  /** For EDS clusters: the endpoints istiod would send over EDS. */
  readonly eds: ClusterLoadAssignment | undefined;
}

/** One cluster `outbound|port|subset|host`, or undefined when istiod drops it (DNS/STATIC without endpoints). */
function buildCluster(
  scope: OutboundScope,
  svc: OutboundService,
  port: OutboundPort,
  subset: Subset | undefined,
  applied: AppliedRule | undefined,
  router: boolean,
): BuiltCluster | undefined {
  const name = clusterName(port.port, subset?.name, svc.hostname);
  const headless = svc.registry === "Kubernetes" && svc.resolution === "NONE";
  const type = discoveryType(svc, router);
  const endpoints = svc.endpoints(port, subset === undefined ? undefined : (subset.labels ?? {}));
  const c = Cluster.create({
    name,
    altStatName: `${name};`,
    clusterDiscoveryType: { oneofKind: "type", type },
    commonLbConfig: Cluster_CommonLbConfig.create(),
    connectTimeout: CONNECT_TIMEOUT,
  });
  if (type === Cluster_DiscoveryType.STRICT_DNS || type === Cluster_DiscoveryType.LOGICAL_DNS) {
    if (endpoints.length === 0) return undefined;
    c.dnsLookupFamily = Cluster_DnsLookupFamily.V4_ONLY;
    c.dnsRefreshRate = DNS_REFRESH_RATE;
    c.respectDnsTtl = true;
    c.loadAssignment = loadAssignment(name, endpoints);
  }
  // setUpstreamProtocol: HTTP/2 ports (http2, grpc, grpc-web) are h2; sniffed ports use the downstream protocol.
  let options: HttpProtocolOptions | undefined;
  if (port.protocol === "HTTP2" || port.protocol === "GRPC" || port.protocol === "GRPC-Web")
    setH2((options = HttpProtocolOptions.create()));
  else if (port.protocol === "UNKNOWN") setUseDownstream((options = HttpProtocolOptions.create()));
  const policy = clusterPolicy(applied, port.port, subset?.name);
  options = applyConnectionPool(c, policy?.connectionPool, port.protocol, options);
  applyOutlierDetection(c, policy?.outlierDetection);
  applyLoadBalancer(c, policy?.loadBalancer);
  applyUpstreamTls(c, {
    tls: policy?.tls,
    serviceAccounts: svc.serviceAccounts,
    sni: `outbound_.${port.port}_.${subset?.name ?? ""}_.${svc.hostname}`,
    autoMtls: scope.ir.meshConfig.enableAutoMtls,
    meshExternal: svc.meshExternal,
    serviceMtlsDisabled:
      serviceMtlsDisabled(scope.ir, svc.namespace) ||
      (headless && passthroughMtlsDisabled(svc.endpoints(port, undefined))),
    passthroughMtls: headless,
    http2: isH2(options),
    drWithSelector: applied?.rules.some((r) => r.selectedWorkloads !== undefined) ?? false,
    router,
  });
  const finalType = c.clusterDiscoveryType.oneofKind === "type" ? c.clusterDiscoveryType.type : type;
  if (finalType === Cluster_DiscoveryType.EDS) c.edsClusterConfig = { serviceName: name, edsConfig: adsConfigSource() };
  if (finalType === Cluster_DiscoveryType.ORIGINAL_DST) c.lbPolicy = Cluster_LbPolicy.CLUSTER_PROVIDED;
  if (options !== undefined) {
    // cluster_builder.go `build`: upstream_protocol_options is required; default to explicit HTTP/1.
    if (options.upstreamProtocolOptions.oneofKind === undefined) {
      options.upstreamProtocolOptions = {
        oneofKind: "explicitHttpConfig",
        explicitHttpConfig: {
          protocolConfig: { oneofKind: "httpProtocolOptions", httpProtocolOptions: Http1ProtocolOptions.create() },
        },
      };
    }
    c.typedExtensionProtocolOptions = { [HTTP_OPTIONS_KEY]: packAny(HttpProtocolOptions, options) };
  }
  // addTelemetryMetadata, AddConfigInfoMetadata, AddSubsetToMetadata, AddALPNOverrideToMetadata.
  const istio: { [key: string]: PlainValue } = {
    services: [{ host: svc.hostname, name: svc.name, namespace: svc.namespace }],
  };
  if (svc.meshExternal) istio["external"] = true;
  const dr = applied?.rules[0];
  if (dr !== undefined)
    istio["config"] = `/apis/networking.istio.io/v1/namespaces/${dr.meta.namespace}/destination-rule/${dr.meta.name}`;
  if (subset !== undefined) istio["subset"] = subset.name;
  if (policy?.tls?.mode === "SIMPLE" || policy?.tls?.mode === "MUTUAL") istio["alpn_override"] = "false";
  c.metadata = metadata({ istio });
  return { cluster: c, eds: finalType === Cluster_DiscoveryType.EDS ? loadAssignment(name, endpoints) : undefined };
}

/**
 * A cluster depends on the service, port and subset, the IR's MeshConfig and PeerAuthentications, and the
 * DestinationRule(s) applied (an `AppliedRule` is a function of its rules), not on the client otherwise: built once
 * per IR and shared by every scope that sees it, as istiod's CDS cache shares clusters across proxies
 * (pilot/pkg/networking/core/cluster_cache.go `clusterCache` key: service, port, subset, DestinationRule, …).
 */
const built = new WeakMap<MeshIR, WeakMap<OutboundService, Map<string, BuiltCluster | null>>>();
const ruleIds = new WeakMap<object, number>();
let nextRuleId = 0;

function ruleKey(applied: AppliedRule | undefined): string {
  if (applied === undefined) return "";
  let key = "";
  for (const dr of applied.rules) {
    let id = ruleIds.get(dr);
    if (id === undefined) ruleIds.set(dr, (id = nextRuleId++));
    key += `${id},`;
  }
  return key;
}

function cachedCluster(
  scope: OutboundScope,
  svc: OutboundService,
  port: OutboundPort,
  subset: Subset | undefined,
  applied: AppliedRule | undefined,
  router: boolean,
): BuiltCluster | undefined {
  let perIr = built.get(scope.ir);
  if (perIr === undefined) {
    perIr = new WeakMap();
    built.set(scope.ir, perIr);
  }
  let perSvc = perIr.get(svc);
  if (perSvc === undefined) {
    perSvc = new Map();
    perIr.set(svc, perSvc);
  }
  const key = `${port.port}\0${port.name}\0${subset?.name ?? ""}\0${ruleKey(applied)}\0${router}`;
  let hit = perSvc.get(key);
  if (hit === undefined) perSvc.set(key, (hit = buildCluster(scope, svc, port, subset, applied, router) ?? null));
  return hit ?? undefined;
}

/**
 * The default cluster and one per DestinationRule subset, for every visible service port (UDP has none); `router`
 * for a gateway proxy (DestinationRule `credentialName` applies there, cluster_tls.go).
 */
export function serviceClusters(scope: OutboundScope, router = false): BuiltCluster[] {
  const out: BuiltCluster[] = [];
  for (const svc of scope.services) {
    // cluster.go `buildOutboundClusters`: `if service.Resolution == model.Alias { continue }`.
    if (svc.alias !== undefined) continue;
    const applied = scope.destinationRule(svc);
    const subsets = applied?.subsets ?? [];
    for (const port of svc.ports) {
      if (port.protocol === "UDP") continue;
      for (const subset of [undefined, ...subsets]) {
        const c = cachedCluster(scope, svc, port, subset, applied, router);
        if (c !== undefined) out.push(c);
      }
    }
  }
  return out;
}

/** cluster_builder.go `buildBlackHoleCluster`: STATIC, no endpoints. */
export function blackHoleCluster(): Cluster {
  return Cluster.create({
    name: BLACKHOLE_CLUSTER,
    altStatName: `${BLACKHOLE_CLUSTER};`,
    clusterDiscoveryType: { oneofKind: "type", type: Cluster_DiscoveryType.STATIC },
    connectTimeout: CONNECT_TIMEOUT,
    lbPolicy: Cluster_LbPolicy.ROUND_ROBIN,
  });
}

/** cluster_builder.go `buildDefaultPassthroughCluster`: ORIGINAL_DST, downstream protocol, idle 5m, default thresholds. */
export function passthroughCluster(): Cluster {
  const options = HttpProtocolOptions.create({
    commonHttpProtocolOptions: CoreHttpOptions.create({ idleTimeout: durationNs(300e9) }),
  });
  options.upstreamProtocolOptions = {
    oneofKind: "useDownstreamProtocolConfig",
    useDownstreamProtocolConfig: {
      httpProtocolOptions: Http1ProtocolOptions.create(),
      http2ProtocolOptions: Http2ProtocolOptions.create(),
    },
  };
  const c = Cluster.create({
    name: PASSTHROUGH_CLUSTER,
    altStatName: `${PASSTHROUGH_CLUSTER};`,
    clusterDiscoveryType: { oneofKind: "type", type: Cluster_DiscoveryType.ORIGINAL_DST },
    connectTimeout: CONNECT_TIMEOUT,
    lbPolicy: Cluster_LbPolicy.CLUSTER_PROVIDED,
    typedExtensionProtocolOptions: { [HTTP_OPTIONS_KEY]: packAny(HttpProtocolOptions, options) },
  });
  applyConnectionPool(c, {}, "TCP", undefined);
  return c;
}
