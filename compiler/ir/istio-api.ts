/**
 * Istio's configuration API (networking.istio.io/v1, security.istio.io/v1), as TypeScript types with the
 * proto3-JSON field names Istio's CRDs use. These are the `spec` shapes the IR carries, as written by the user;
 * resolution (FQDNs, selected workloads, defaults) lives beside them in the IR nodes (see `ir.ts`).
 *
 * Source: https://istio.io/latest/docs/reference/config/networking/ and .../security/ (istio/api protos).
 */

// ---- common ---------------------------------------------------------------------------------------------------

/** `StringMatch`: exactly one of exact / prefix / regex (RE2). */
export type StringMatch = { readonly exact: string } | { readonly prefix: string } | { readonly regex: string };
export type Labels = Readonly<Record<string, string>>;
/** A protobuf Duration in Istio's string form: `"1.5s"`, `"500ms"`, `"1m"`, `"1h"`. */
export type DurationString = string;
export interface Percent {
  readonly value: number;
}
export interface PortSelector {
  readonly number: number;
}
/** `istio.type.v1beta1.WorkloadSelector` (PeerAuthentication, RequestAuthentication, AuthorizationPolicy, DestinationRule). */
export interface WorkloadSelector {
  readonly matchLabels?: Labels;
}
/** `networking.v1.WorkloadSelector` (Sidecar, ServiceEntry, and Gateway-style selectors): `labels`, not `matchLabels`. */
export interface NetworkingWorkloadSelector {
  readonly labels?: Labels;
}
export interface PolicyTargetReference {
  readonly group?: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

// ---- VirtualService -------------------------------------------------------------------------------------------

export interface VirtualServiceSpec {
  readonly hosts?: readonly string[];
  readonly gateways?: readonly string[];
  readonly http?: readonly HTTPRoute[];
  readonly tls?: readonly TLSRoute[];
  readonly tcp?: readonly TCPRoute[];
  readonly exportTo?: readonly string[];
}

export interface Destination {
  readonly host: string;
  readonly subset?: string;
  readonly port?: PortSelector;
}

export interface HTTPRoute {
  readonly name?: string;
  readonly match?: readonly HTTPMatchRequest[];
  readonly route?: readonly HTTPRouteDestination[];
  readonly redirect?: HTTPRedirect;
  readonly directResponse?: HTTPDirectResponse;
  readonly delegate?: Delegate;
  readonly rewrite?: HTTPRewrite;
  readonly timeout?: DurationString;
  readonly retries?: HTTPRetry;
  readonly fault?: HTTPFaultInjection;
  readonly mirror?: Destination;
  readonly mirrorPercentage?: Percent;
  readonly mirrors?: readonly HTTPMirrorPolicy[];
  readonly corsPolicy?: CorsPolicy;
  readonly headers?: Headers;
}

export interface HTTPMatchRequest {
  readonly name?: string;
  readonly uri?: StringMatch;
  readonly scheme?: StringMatch;
  readonly method?: StringMatch;
  readonly authority?: StringMatch;
  readonly headers?: Readonly<Record<string, StringMatch>>;
  readonly port?: number;
  readonly sourceLabels?: Labels;
  readonly gateways?: readonly string[];
  readonly queryParams?: Readonly<Record<string, StringMatch>>;
  readonly ignoreUriCase?: boolean;
  readonly withoutHeaders?: Readonly<Record<string, StringMatch>>;
  readonly sourceNamespace?: string;
  readonly statPrefix?: string;
}

export interface HTTPRouteDestination {
  readonly destination: Destination;
  readonly weight?: number;
  readonly headers?: Headers;
}

export interface HTTPRedirect {
  readonly uri?: string;
  readonly authority?: string;
  readonly port?: number;
  readonly derivePort?: "FROM_PROTOCOL_DEFAULT" | "FROM_REQUEST_PORT";
  readonly scheme?: string;
  readonly redirectCode?: number;
}

export interface HTTPDirectResponse {
  readonly status: number;
  readonly body?: { readonly string: string } | { readonly bytes: string };
}

export interface Delegate {
  readonly name: string;
  readonly namespace?: string;
}

export interface HTTPRewrite {
  readonly uri?: string;
  readonly authority?: string;
  readonly uriRegexRewrite?: { readonly match: string; readonly rewrite: string };
}

export interface HTTPRetry {
  readonly attempts?: number;
  readonly perTryTimeout?: DurationString;
  readonly retryOn?: string;
  readonly retryRemoteLocalities?: boolean;
  readonly retryIgnorePreviousHosts?: boolean;
  readonly backoff?: DurationString;
}

export interface HTTPFaultInjection {
  readonly delay?: { readonly fixedDelay: DurationString; readonly percentage?: Percent; readonly percent?: number };
  readonly abort?: HTTPFaultAbort;
}
export type HTTPFaultAbort = (
  | { readonly httpStatus: number }
  | { readonly grpcStatus: string }
  | { readonly http2Error: string }
) & { readonly percentage?: Percent };

export interface HTTPMirrorPolicy {
  readonly destination: Destination;
  readonly percentage?: Percent;
}

export interface CorsPolicy {
  readonly allowOrigins?: readonly StringMatch[];
  readonly allowOrigin?: readonly string[];
  readonly allowMethods?: readonly string[];
  readonly allowHeaders?: readonly string[];
  readonly exposeHeaders?: readonly string[];
  readonly maxAge?: DurationString;
  readonly allowCredentials?: boolean;
  readonly unmatchedPreflights?: "UNSPECIFIED" | "FORWARD" | "IGNORE";
}

export interface HeaderOperations {
  readonly set?: Readonly<Record<string, string>>;
  readonly add?: Readonly<Record<string, string>>;
  readonly remove?: readonly string[];
}
export interface Headers {
  readonly request?: HeaderOperations;
  readonly response?: HeaderOperations;
}

export interface RouteDestination {
  readonly destination: Destination;
  readonly weight?: number;
}

export interface TLSRoute {
  readonly match: readonly TLSMatchAttributes[];
  readonly route?: readonly RouteDestination[];
}
export interface TLSMatchAttributes {
  readonly sniHosts: readonly string[];
  readonly destinationSubnets?: readonly string[];
  readonly port?: number;
  readonly sourceLabels?: Labels;
  readonly gateways?: readonly string[];
  readonly sourceNamespace?: string;
}

export interface TCPRoute {
  readonly match?: readonly L4MatchAttributes[];
  readonly route?: readonly RouteDestination[];
}
export interface L4MatchAttributes {
  readonly destinationSubnets?: readonly string[];
  readonly port?: number;
  readonly sourceLabels?: Labels;
  readonly gateways?: readonly string[];
  readonly sourceNamespace?: string;
}

// ---- DestinationRule ------------------------------------------------------------------------------------------

export interface DestinationRuleSpec {
  readonly host: string;
  readonly trafficPolicy?: TrafficPolicy;
  readonly subsets?: readonly Subset[];
  readonly exportTo?: readonly string[];
  readonly workloadSelector?: WorkloadSelector;
}

export interface Subset {
  readonly name: string;
  readonly labels?: Labels;
  readonly trafficPolicy?: TrafficPolicy;
}

export interface PortTrafficPolicy {
  readonly port?: PortSelector;
  readonly loadBalancer?: LoadBalancerSettings;
  readonly connectionPool?: ConnectionPoolSettings;
  readonly outlierDetection?: OutlierDetection;
  readonly tls?: ClientTLSSettings;
}

export interface TrafficPolicy extends Omit<PortTrafficPolicy, "port"> {
  readonly portLevelSettings?: readonly PortTrafficPolicy[];
  readonly tunnel?: {
    readonly protocol?: "CONNECT" | "POST";
    readonly targetHost: string;
    readonly targetPort: number;
  };
  readonly proxyProtocol?: { readonly version?: "V1" | "V2" };
}

export type SimpleLB = "UNSPECIFIED" | "LEAST_CONN" | "RANDOM" | "PASSTHROUGH" | "ROUND_ROBIN" | "LEAST_REQUEST";

export interface ConsistentHashLB {
  readonly httpHeaderName?: string;
  readonly httpCookie?: { readonly name: string; readonly path?: string; readonly ttl?: DurationString };
  readonly useSourceIp?: boolean;
  readonly httpQueryParameterName?: string;
  readonly ringHash?: { readonly minimumRingSize?: number };
  readonly maglev?: { readonly tableSize?: number };
  readonly minimumRingSize?: number;
}

export interface LocalityLoadBalancerSetting {
  readonly distribute?: readonly { readonly from?: string; readonly to?: Readonly<Record<string, number>> }[];
  readonly failover?: readonly { readonly from?: string; readonly to?: string }[];
  readonly failoverPriority?: readonly string[];
  readonly enabled?: boolean;
}

export interface LoadBalancerSettings {
  readonly simple?: SimpleLB;
  readonly consistentHash?: ConsistentHashLB;
  readonly localityLbSetting?: LocalityLoadBalancerSetting;
  readonly warmupDurationSecs?: DurationString;
}

export interface ConnectionPoolSettings {
  readonly tcp?: {
    readonly maxConnections?: number;
    readonly connectTimeout?: DurationString;
    readonly tcpKeepalive?: {
      readonly probes?: number;
      readonly time?: DurationString;
      readonly interval?: DurationString;
    };
    readonly maxConnectionDuration?: DurationString;
    readonly idleTimeout?: DurationString;
  };
  readonly http?: {
    readonly http1MaxPendingRequests?: number;
    readonly http2MaxRequests?: number;
    readonly maxRequestsPerConnection?: number;
    readonly maxRetries?: number;
    readonly idleTimeout?: DurationString;
    readonly h2UpgradePolicy?: "DEFAULT" | "DO_NOT_UPGRADE" | "UPGRADE";
    readonly useClientProtocol?: boolean;
    readonly maxConcurrentStreams?: number;
  };
}

export interface OutlierDetection {
  /** Deprecated in Istio (use `consecutive5xxErrors`), still accepted and validated. */
  readonly consecutiveErrors?: number;
  readonly splitExternalLocalOriginErrors?: boolean;
  readonly consecutiveLocalOriginFailures?: number;
  readonly consecutiveGatewayErrors?: number;
  readonly consecutive5xxErrors?: number;
  readonly interval?: DurationString;
  readonly baseEjectionTime?: DurationString;
  readonly maxEjectionPercent?: number;
  readonly minHealthPercent?: number;
}

export type ClientTLSMode = "DISABLE" | "SIMPLE" | "MUTUAL" | "ISTIO_MUTUAL";
export interface ClientTLSSettings {
  readonly mode?: ClientTLSMode;
  readonly clientCertificate?: string;
  readonly privateKey?: string;
  readonly caCertificates?: string;
  readonly credentialName?: string;
  readonly subjectAltNames?: readonly string[];
  readonly sni?: string;
  readonly insecureSkipVerify?: boolean;
  readonly caCrl?: string;
}

// ---- Gateway --------------------------------------------------------------------------------------------------

export type PortProtocol = "HTTP" | "HTTPS" | "GRPC" | "HTTP2" | "MONGO" | "TCP" | "TLS";
export interface GatewaySpec {
  readonly servers: readonly Server[];
  readonly selector?: Labels;
}
export interface Server {
  readonly port: {
    readonly number: number;
    readonly protocol: string;
    readonly name: string;
    readonly targetPort?: number;
  };
  readonly bind?: string;
  readonly hosts: readonly string[];
  readonly tls?: ServerTLSSettings;
  readonly name?: string;
}
export interface ServerTLSSettings {
  readonly httpsRedirect?: boolean;
  readonly mode?: "PASSTHROUGH" | "SIMPLE" | "MUTUAL" | "AUTO_PASSTHROUGH" | "ISTIO_MUTUAL" | "OPTIONAL_MUTUAL";
  readonly serverCertificate?: string;
  readonly privateKey?: string;
  readonly caCertificates?: string;
  readonly credentialName?: string;
  readonly subjectAltNames?: readonly string[];
  readonly minProtocolVersion?: "TLS_AUTO" | "TLSV1_0" | "TLSV1_1" | "TLSV1_2" | "TLSV1_3";
  readonly maxProtocolVersion?: "TLS_AUTO" | "TLSV1_0" | "TLSV1_1" | "TLSV1_2" | "TLSV1_3";
  readonly cipherSuites?: readonly string[];
}

// ---- ServiceEntry ---------------------------------------------------------------------------------------------

export interface ServicePort {
  readonly number: number;
  readonly protocol?: string;
  readonly name: string;
  readonly targetPort?: number;
}
export interface WorkloadEntrySpec {
  readonly address?: string;
  readonly ports?: Readonly<Record<string, number>>;
  readonly labels?: Labels;
  readonly network?: string;
  readonly locality?: string;
  readonly weight?: number;
  readonly serviceAccount?: string;
}
export interface ServiceEntrySpec {
  readonly hosts: readonly string[];
  readonly addresses?: readonly string[];
  readonly ports?: readonly ServicePort[];
  readonly location?: "MESH_EXTERNAL" | "MESH_INTERNAL";
  /** DYNAMIC_DNS (Istio 1.31) is recognised and reported as not modelled (check/validate/dynamic-dns.ts). */
  readonly resolution?: "NONE" | "STATIC" | "DNS" | "DNS_ROUND_ROBIN" | "DYNAMIC_DNS";
  readonly endpoints?: readonly WorkloadEntrySpec[];
  readonly workloadSelector?: NetworkingWorkloadSelector;
  readonly exportTo?: readonly string[];
  readonly subjectAltNames?: readonly string[];
}

// ---- Sidecar --------------------------------------------------------------------------------------------------

export interface SidecarSpec {
  readonly workloadSelector?: NetworkingWorkloadSelector;
  readonly ingress?: readonly {
    readonly port: { readonly number: number; readonly protocol?: string; readonly name?: string };
    readonly bind?: string;
    readonly captureMode?: "DEFAULT" | "IPTABLES" | "NONE";
    readonly defaultEndpoint?: string;
  }[];
  readonly egress?: readonly {
    readonly port?: { readonly number: number; readonly protocol?: string; readonly name?: string };
    readonly bind?: string;
    readonly captureMode?: "DEFAULT" | "IPTABLES" | "NONE";
    readonly hosts: readonly string[];
  }[];
  readonly outboundTrafficPolicy?: { readonly mode?: "REGISTRY_ONLY" | "ALLOW_ANY" };
}

// ---- security.istio.io ----------------------------------------------------------------------------------------

export type MtlsMode = "UNSET" | "DISABLE" | "PERMISSIVE" | "STRICT";
export interface PeerAuthenticationSpec {
  readonly selector?: WorkloadSelector;
  readonly mtls?: { readonly mode?: MtlsMode };
  readonly portLevelMtls?: Readonly<Record<string, { readonly mode?: MtlsMode }>>;
}

export interface JWTRule {
  readonly issuer?: string;
  readonly audiences?: readonly string[];
  readonly jwksUri?: string;
  readonly jwks?: string;
  readonly fromHeaders?: readonly { readonly name: string; readonly prefix?: string }[];
  readonly fromParams?: readonly string[];
  readonly fromCookies?: readonly string[];
  readonly outputPayloadToHeader?: string;
  readonly forwardOriginalToken?: boolean;
  readonly outputClaimToHeaders?: readonly { readonly header: string; readonly claim: string }[];
  readonly timeout?: DurationString;
  /** Claims whose space-separated string value becomes a list (istio/api 1.26); `scope`, `permission` always are. */
  readonly spaceDelimitedClaims?: readonly string[];
}
export interface RequestAuthenticationSpec {
  readonly selector?: WorkloadSelector;
  readonly targetRef?: PolicyTargetReference;
  readonly targetRefs?: readonly PolicyTargetReference[];
  readonly jwtRules?: readonly JWTRule[];
}

export type AuthorizationAction = "ALLOW" | "DENY" | "AUDIT" | "CUSTOM";
export interface AuthorizationSource {
  readonly principals?: readonly string[];
  readonly notPrincipals?: readonly string[];
  readonly requestPrincipals?: readonly string[];
  readonly notRequestPrincipals?: readonly string[];
  readonly namespaces?: readonly string[];
  readonly notNamespaces?: readonly string[];
  readonly ipBlocks?: readonly string[];
  readonly notIpBlocks?: readonly string[];
  readonly remoteIpBlocks?: readonly string[];
  readonly notRemoteIpBlocks?: readonly string[];
  readonly serviceAccounts?: readonly string[];
  readonly notServiceAccounts?: readonly string[];
  /** Peer trust domains (`cluster.local`, `bad*`): mTLS only. */
  readonly trustDomains?: readonly string[];
  readonly notTrustDomains?: readonly string[];
}
export interface AuthorizationOperation {
  readonly hosts?: readonly string[];
  readonly notHosts?: readonly string[];
  readonly ports?: readonly string[];
  readonly notPorts?: readonly string[];
  readonly methods?: readonly string[];
  readonly notMethods?: readonly string[];
  readonly paths?: readonly string[];
  readonly notPaths?: readonly string[];
}
export interface AuthorizationCondition {
  readonly key: string;
  readonly values?: readonly string[];
  readonly notValues?: readonly string[];
}
export interface AuthorizationRule {
  readonly from?: readonly { readonly source?: AuthorizationSource }[];
  readonly to?: readonly { readonly operation?: AuthorizationOperation }[];
  readonly when?: readonly AuthorizationCondition[];
}
export interface AuthorizationPolicySpec {
  readonly selector?: WorkloadSelector;
  readonly targetRef?: PolicyTargetReference;
  readonly targetRefs?: readonly PolicyTargetReference[];
  readonly rules?: readonly AuthorizationRule[];
  readonly action?: AuthorizationAction;
  readonly provider?: { readonly name: string };
}

// ---- MeshConfig (the subset meshc reads) ----------------------------------------------------------------------

export interface ExtensionProvider {
  readonly name: string;
  readonly envoyExtAuthzHttp?: {
    readonly service: string;
    readonly port: number;
    readonly timeout?: DurationString;
    readonly pathPrefix?: string;
    readonly failOpen?: boolean;
    readonly statusOnError?: string;
    readonly includeRequestHeadersInCheck?: readonly string[];
    readonly headersToUpstreamOnAllow?: readonly string[];
    readonly headersToDownstreamOnDeny?: readonly string[];
  };
  readonly envoyExtAuthzGrpc?: {
    readonly service: string;
    readonly port: number;
    readonly timeout?: DurationString;
    readonly failOpen?: boolean;
    readonly statusOnError?: string;
  };
}
export interface MeshConfigSpec {
  readonly trustDomain?: string;
  readonly trustDomainAliases?: readonly string[];
  readonly rootNamespace?: string;
  readonly outboundTrafficPolicy?: { readonly mode?: "REGISTRY_ONLY" | "ALLOW_ANY" };
  readonly enableAutoMtls?: boolean;
  readonly extensionProviders?: readonly ExtensionProvider[];
  readonly defaultHttpRetryPolicy?: HTTPRetry;
}
