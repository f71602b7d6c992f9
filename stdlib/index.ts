/**
 * meshc: the typed DSL for Istio meshes. Users write `import { service, routes, ... } from "meshc"` in mesh.ts;
 * every declaration is recorded, and the compiler lowers it to Kubernetes and Istio resources.
 * This file is the user contract: changing an export is a breaking change.
 */

// ---- For mesh.ts authors: declarations --------------------------------------------------------------------------
export { namespace } from "./namespace.ts";
export { service, serviceRef, destination } from "./service.ts";
export { workload } from "./workload.ts";
export { externalService } from "./external.ts";
export { ingressGateway } from "./gateway.ts";
export { gateway, referenceGrant } from "./kube-gateway.ts";
export { gatewayClass } from "./gateway-class.ts";
export { httpRoute, grpcRoute, tcpRoute, tlsRoute } from "./kube-routes.ts";
export { virtualService, routes, canary } from "./virtual-service.ts";
export { peerAuthentication, requestAuthentication, authorizationPolicy } from "./security.ts";
export { meshConfig } from "./mesh-config.ts";
export { sidecar } from "./sidecar.ts";
export { exact, prefix, regex } from "./common.ts";
export { raw } from "./raw.ts";

// ---- For mesh.ts authors: types -------------------------------------------------------------------------------
export type { Duration, Labels, StringMatch, Percentage, Suppressible } from "./common.ts";
export type { SuppressCode } from "./_suppress-codes.ts";
export type { Namespace, NamespaceProps, NamespaceRef } from "./namespace.ts";
export type {
  Service,
  ServiceProps,
  ServicePortProps,
  VersionProps,
  VersionMap,
  Version,
  Destination,
  ServicePort,
  AnyService,
  VersionOf,
  PortOf,
} from "./service.ts";
export type { Workload, WorkloadProps, SelectorRef, PrincipalRef } from "./workload.ts";
export type { ExternalService, ExternalServiceProps, ExternalPortProps, ExternalEndpoint } from "./external.ts";
export type { Gateway, GatewayProps, GatewayServer, ServerTls } from "./gateway.ts";
export type {
  KubeGateway,
  KubeGatewayProps,
  ListenerProps,
  ListenerTls,
  ListenerRef,
  AllowedRoutes,
  ReferenceGrant,
  ReferenceGrantProps,
  ReferenceGrantFrom,
  ReferenceGrantTo,
} from "./kube-gateway.ts";
export type { GatewayClass, GatewayClassProps, GatewayController, BuiltinGatewayClassName } from "./gateway-class.ts";
export type {
  KubeRoute,
  KubeRouteKind,
  KubeRouteCommon,
  KubeHttpRouteProps,
  KubeGrpcRouteProps,
  KubeTcpRouteProps,
  KubeTlsRouteProps,
} from "./kube-routes.ts";
export type {
  KubeParentRef,
  KubeBackendRef,
  KubeWeightedBackend,
  KubeValueMatch,
  KubeHttpMatch,
  KubeHeaderModifier,
  KubePathModifier,
  KubeMirror,
  KubeCors,
  KubeHttpFilter,
  KubeRequestHeaderFilter,
  KubeResponseHeaderFilter,
  KubeRedirectFilter,
  KubeRewriteFilter,
  KubeMirrorFilter,
  KubeCorsFilter,
  KubeTimeouts,
  KubeRetry,
  KubeHttpRule,
  KubeGrpcMatch,
  KubeGrpcFilter,
  KubeGrpcRule,
  KubeL4Rule,
} from "./kube-route-types.ts";
export type { VirtualService, VirtualServiceProps, ServiceRouteProps, RouteProps } from "./virtual-service.ts";
export type {
  DestinationInput,
  GatewayRef,
  HttpMatch,
  HttpRoute,
  HttpRouteCommon,
  HttpRouteAction,
  HttpRouteDestination,
  HttpRedirect,
  HttpDirectResponse,
  HttpRewrite,
  HttpRetry,
  HttpFault,
  FaultAbort,
  HttpMirror,
  CorsPolicy,
  Headers,
  HeaderOperations,
  Delegate,
  RouteDestination,
  TlsRoute,
  TlsMatch,
  TcpRoute,
  TcpMatch,
} from "./route-types.ts";
export type {
  TrafficPolicy,
  PortTrafficPolicy,
  LoadBalancer,
  SimpleLoadBalancer,
  ConsistentHash,
  LocalityLoadBalancer,
  ConnectionPool,
  OutlierDetection,
  ClientTls,
  ClientTlsMode,
} from "./traffic-policy.ts";
export type {
  MtlsMode,
  TargetRef,
  PolicyScope,
  PeerAuthentication,
  PeerAuthenticationProps,
  RequestAuthentication,
  RequestAuthenticationProps,
  JwtRule,
  AuthorizationPolicy,
  AuthorizationPolicyProps,
  AuthorizationAction,
  AuthorizationRule,
  AuthorizationSource,
  AuthorizationOperation,
  AuthorizationCondition,
} from "./security.ts";
export type { MeshConfig, MeshConfigProps, ExtensionProvider } from "./mesh-config.ts";
export type { Sidecar, SidecarProps, SidecarEgress, EgressHost } from "./sidecar.ts";
export type { Raw, RawResource } from "./raw.ts";

// ---- For the compiler: recognising DSL values and collecting declarations -----------------------------------------
export { isNamespace } from "./namespace.ts";
export { isService, isServicePort, isVersion, isDestination, versionOf } from "./service.ts";
export { isWorkload } from "./workload.ts";
export { isExternalService } from "./external.ts";
export { isGateway } from "./gateway.ts";
export { isKubeGateway, isListenerRef, isReferenceGrant } from "./kube-gateway.ts";
export { isGatewayClass } from "./gateway-class.ts";
export { isKubeRoute } from "./kube-routes.ts";
export { isVirtualService } from "./virtual-service.ts";
export { isPeerAuthentication, isRequestAuthentication, isAuthorizationPolicy } from "./security.ts";
export { isMeshConfig } from "./mesh-config.ts";
export { isSidecar } from "./sidecar.ts";
export { isRaw } from "./raw.ts";
export { dslKindOf, BRAND } from "./_brand.ts";
export type { DslKind, DslValue } from "./_brand.ts";
export { COLLECTOR_KEY } from "./_site.ts";
export type { Collector, Site } from "./_site.ts";
