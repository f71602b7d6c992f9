/**
 * Gateway API route semantics. istiod marks the VirtualServices it generates from HTTPRoutes and GRPCRoutes with the
 * annotation `internal.istio.io/route-semantics: gateway` (pilot/pkg/config/kube/gateway `route_collections.go`), and
 * its route translation then follows Gateway API rather than VirtualService rules (pilot/pkg/model
 * `UseGatewaySemantics`; pilot/pkg/networking/core/route/route.go):
 * - a path prefix other than `/` matches whole path elements (`TranslateRouteMatch`: `path_separated_prefix`, the
 *   prefix without its trailing `/`), so `/foo` matches `/foo` and `/foo/bar` but not `/foobar`;
 * - a backend that does not resolve answers 500, not 503 (`applyHTTPRouteDestination`:
 *   `cluster_not_found_response_code: INTERNAL_SERVER_ERROR`, as Gateway API requires for invalid backendRefs);
 * - a redirect path `%PREFIX()%x` replaces the matched prefix (`ApplyRedirect`: `prefix_rewrite`), and a rewrite of
 *   the prefix to `/` removes it (`applyHTTPRouteDestination`: a regex rewrite keeping one `/`).
 * Facts about the config, shared by the Envoy emitter and both engines.
 */
import type { ObjectMeta } from "./ir.ts";

const ROUTE_SEMANTICS = "internal.istio.io/route-semantics";

/** `model.UseGatewaySemantics`. */
export function usesGatewaySemantics(resource: { readonly meta: ObjectMeta }): boolean {
  return resource.meta.annotations[ROUTE_SEMANTICS] === "gateway";
}

/**
 * Whether a prefix match other than `/` becomes a `path_separated_prefix` (route.go `TranslateRouteMatch`: under
 * `UseGatewaySemantics` or `UseIngressSemantics`, the latter on the VirtualServices istiod generates from Kubernetes
 * Ingresses: compiler/ir/ingress.ts).
 */
export function usesPathSeparatedPrefix(resource: { readonly meta: ObjectMeta }): boolean {
  const v = resource.meta.annotations[ROUTE_SEMANTICS];
  return v === "gateway" || v === "ingress";
}

/** The `path_separated_prefix` a prefix match becomes under gateway semantics; undefined for `/` (a plain prefix). */
export function pathSeparatedPrefix(prefix: string): string | undefined {
  return prefix === "/" ? undefined : prefix.replace(/\/$/, "");
}

/** Whether `path` (without its query) matches a `path_separated_prefix` (Envoy `PathSeparatedPrefixMatcherImpl`). */
export function matchesPathSeparatedPrefix(prefix: string, path: string, ignoreCase: boolean): boolean {
  const p = ignoreCase ? prefix.toLowerCase() : prefix;
  const v = ignoreCase ? path.toLowerCase() : path;
  return v.startsWith(p) && (v.length === p.length || v[p.length] === "/");
}

/** The redirect's `%PREFIX()%` replacement (`ApplyRedirect`), or undefined when the path is not a prefix replacement. */
export function redirectPrefixReplacement(uri: string | undefined): string | undefined {
  return uri?.startsWith("%PREFIX()%") ? uri.slice("%PREFIX()%".length) : undefined;
}

/**
 * pilot/pkg/networking/core/route/route.go `buildSidecarVirtualHostsForVirtualService`: "Gateway allows only routes
 * from the namespace of the proxy, or namespace of the destination." A Gateway API route builds virtual hosts on a
 * sidecar only when the proxy is in the route's namespace (a consumer route) or one of the registry services its hosts
 * name on the port (`separateVSHostsAndServices`; its wildcard hosts never name one) is in the route's namespace (a
 * producer route); otherwise it builds none, not even for hosts outside the registry. Other VirtualServices always do.
 * `serviceNamespaces`: the namespaces of those services.
 */
export function gatewayRouteBuildsFor(
  vs: { readonly meta: ObjectMeta },
  serviceNamespaces: readonly string[],
  proxyNamespace: string,
): boolean {
  if (!usesGatewaySemantics(vs)) return true;
  return serviceNamespaces.some((ns) => ns === vs.meta.namespace || proxyNamespace === vs.meta.namespace);
}
