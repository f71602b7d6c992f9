/**
 * The RequestAuthentications that apply to a proxy (istio `pilot/pkg/model/authentication.go`
 * `GetJwtPoliciesForWorkload`): mesh-wide ones (root namespace, no selector), its namespace's without selector, and
 * those whose selector matches it. targetRef policies attach to Gateway API gateways and waypoints, not to sidecars.
 * The emitter (jwt_authn filter of sidecars and gateways) and the Istio engine both ask this, so they agree on scope.
 */
import { resourcesOf, type MeshIR, type RequestAuthenticationNode, type WorkloadNode } from "./ir.ts";
import type { JWTRule, Labels } from "./istio-api.ts";

/** A proxy: a declared workload, or Istio's default ingress gateway pod (no workload; its namespace and labels). */
export interface ProxyIdentity {
  readonly workload: WorkloadNode | undefined;
  readonly namespace: string;
  readonly labels: Labels;
}

/** The RequestAuthentications of a proxy, in IR order. */
export function requestAuthenticationsOf(ir: MeshIR, proxy: ProxyIdentity): RequestAuthenticationNode[] {
  return resourcesOf(ir, "requestAuthentication").filter((r) => {
    const s = r.scope;
    if (s.kind === "mesh") return true;
    if (s.kind === "namespace") return s.namespace === proxy.namespace;
    if (s.kind === "targetRefs") return false;
    if (proxy.workload !== undefined) return s.workloads.includes(proxy.workload.id);
    // The stand-in default gateway pod is not in the IR: match the selector against its labels.
    const labels = r.spec.selector?.matchLabels ?? {};
    return r.meta.namespace === proxy.namespace && Object.entries(labels).every(([k, v]) => proxy.labels[k] === v);
  });
}

/**
 * The JWT rules of those policies as istiod consolidates them (policy_applier.go `newPolicyApplier`: every rule of
 * every policy, stably sorted by issuer so the generated filter is deterministic). Rule `i` becomes provider
 * `origins-<i>`.
 */
export function consolidatedJwtRules(policies: readonly RequestAuthenticationNode[]): JWTRule[] {
  const rules = policies.flatMap((p) => p.spec.jwtRules ?? []);
  return rules
    .map((rule, i) => ({ rule, i }))
    .sort((a, b) => {
      const x = a.rule.issuer ?? "";
      const y = b.rule.issuer ?? "";
      return x < y ? -1 : x > y ? 1 : a.i - b.i;
    })
    .map((e) => e.rule);
}

/**
 * Where a provider looks for tokens (envoy `extractor.cc`): its `fromHeaders`, `fromParams` and `fromCookies`, or,
 * when it names none, the `Authorization: Bearer ` header and the `access_token` query parameter.
 */
export interface JwtLocations {
  readonly headers: readonly { readonly name: string; readonly prefix: string }[];
  readonly params: readonly string[];
  readonly cookies: readonly string[];
}

export const DEFAULT_JWT_LOCATIONS: JwtLocations = {
  headers: [{ name: "authorization", prefix: "Bearer " }],
  params: ["access_token"],
  cookies: [],
};

/**
 * The claim path of a `@request.auth.claims` pseudo-header (istio `pkg/jwt/routing.go` `ToRoutingClaim`):
 * `@request.auth.claims.a.b` and `@request.auth.claims[a][b]` → `["a", "b"]`; undefined for any other name (which
 * then stays an ordinary, never present, header).
 */
export function routingClaim(headerName: string): string[] | undefined {
  const prefix = "@request.auth.claims";
  if (!headerName.toLowerCase().startsWith(prefix)) return undefined;
  const name = headerName.slice(prefix.length);
  if (name.startsWith("[") && name.endsWith("]")) return name.slice(1, -1).split("][");
  if (name.startsWith(".")) return name.slice(1).split(".");
  return undefined;
}
