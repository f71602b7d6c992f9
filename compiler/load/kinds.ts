/**
 * The resource kinds meshc reads from YAML, and the API versions the API server serves for each.
 *
 * Istio: manifests/charts/base/files/crd-all.gen.yaml serves networking.istio.io VirtualService, DestinationRule,
 * Gateway, ServiceEntry and Sidecar at v1alpha3, v1beta1 and v1 (v1 since Istio 1.22), and security.istio.io
 * PeerAuthentication, AuthorizationPolicy and RequestAuthentication at v1beta1 and v1. Kubernetes: core/v1,
 * apps/v1 (extensions/v1beta1 and apps/v1beta* Deployments were removed in Kubernetes 1.16) and discovery.k8s.io/v1.
 */

/** The Kubernetes Gateway API's group (https://gateway-api.sigs.k8s.io/reference/spec/). */
export const GATEWAY_API_GROUP = "gateway.networking.k8s.io";

/** `group/Kind` → served versions, newest first (the first one is suggested in diagnostics). */
const SERVED: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ...["VirtualService", "DestinationRule", "Gateway", "ServiceEntry", "Sidecar"].map((kind): [string, string[]] => [
    `networking.istio.io/${kind}`,
    ["v1", "v1beta1", "v1alpha3"],
  ]),
  ...["PeerAuthentication", "AuthorizationPolicy", "RequestAuthentication"].map((kind): [string, string[]] => [
    `security.istio.io/${kind}`,
    ["v1", "v1beta1"],
  ]),
  ...["Service", "Pod", "ServiceAccount", "Namespace", "ConfigMap"].map((kind): [string, string[]] => [
    `/${kind}`,
    ["v1"],
  ]),
  ["apps/Deployment", ["v1"]],
  // Kubernetes Ingress: istiod's ingress controller reads networking.k8s.io/v1 only (pilot/pkg/config/kube/ingress);
  // networking.k8s.io/v1beta1 and extensions/v1beta1 Ingresses were removed in Kubernetes 1.22.
  ["networking.k8s.io/Ingress", ["v1"]],
  ["networking.k8s.io/IngressClass", ["v1"]],
  // discovery.k8s.io/v1beta1 EndpointSlices were removed in Kubernetes 1.25.
  ["discovery.k8s.io/EndpointSlice", ["v1"]],
  // Gateway API: the versions istiod's controller reads (pilot/pkg/config/kube/gateway, `conversion.go` imports v1,
  // v1beta1 and v1alpha2); the standard channel serves v1 and v1beta1 of Gateway, GatewayClass and HTTPRoute, v1 of
  // GRPCRoute, v1beta1 of ReferenceGrant; the experimental channel v1alpha2 of every kind (TCPRoute and TLSRoute
  // were v1alpha2 only until TLSRoute v1alpha3 and both kinds' v1, which istiod's conversion goldens use).
  ...["Gateway", "GatewayClass", "HTTPRoute"].map((kind): [string, string[]] => [
    `${GATEWAY_API_GROUP}/${kind}`,
    ["v1", "v1beta1"],
  ]),
  [`${GATEWAY_API_GROUP}/GRPCRoute`, ["v1", "v1alpha2"]],
  [`${GATEWAY_API_GROUP}/ReferenceGrant`, ["v1beta1", "v1alpha2"]],
  [`${GATEWAY_API_GROUP}/TCPRoute`, ["v1", "v1alpha2"]],
  [`${GATEWAY_API_GROUP}/TLSRoute`, ["v1", "v1alpha3", "v1alpha2"]],
]);

/**
 * Kinds that moved group: the old group's kind is the same resource, no longer served (Kubernetes 1.16 removed
 * extensions/v1beta1, apps/v1beta1 and apps/v1beta2 Deployments), so it is an error rather than an unknown kind.
 */
const MOVED: ReadonlyMap<string, string> = new Map([
  ["extensions/Deployment", "apps"],
  ["extensions/Ingress", "networking.k8s.io"],
]);

/** How meshc treats a resource of a given apiVersion and kind. */
export type KindStatus =
  | { readonly status: "recognised" }
  /** A kind meshc reads, at a version the API server does not serve: it would reject it. `served`: full apiVersions. */
  | { readonly status: "unserved"; readonly served: readonly string[] }
  /** Any other kind, e.g. EnvoyFilter or the Gateway API's ListenerSet: skipped. */
  | { readonly status: "unknown" };

/** Split `apiVersion` into group and version (`"v1"` is the core group `""`). */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf("/");
  return slash < 0
    ? { group: "", version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * Classify a resource by apiVersion and kind.
 *
 * @example classifyKind("networking.istio.io/v1beta1", "VirtualService") // { status: "recognised" }
 * @example classifyKind("security.istio.io/v1alpha1", "PeerAuthentication")
 *   // { status: "unserved", served: ["security.istio.io/v1", "security.istio.io/v1beta1"] }
 */
export function classifyKind(apiVersion: string, kind: string): KindStatus {
  const parsed = parseApiVersion(apiVersion);
  const group = MOVED.get(`${parsed.group}/${kind}`) ?? parsed.group;
  const served = SERVED.get(`${group}/${kind}`);
  if (served === undefined) return { status: "unknown" };
  if (group === parsed.group && served.includes(parsed.version)) return { status: "recognised" };
  return { status: "unserved", served: served.map((v) => (group === "" ? v : `${group}/${v}`)) };
}
