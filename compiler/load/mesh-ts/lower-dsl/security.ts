/**
 * Security policies → PeerAuthentication, RequestAuthentication, AuthorizationPolicy. Scope follows Istio: no
 * selector in the root namespace is mesh-wide; no selector elsewhere is namespace-wide.
 * https://istio.io/latest/docs/reference/config/security/
 */
import type {
  AuthorizationPolicy,
  AuthorizationRule,
  PeerAuthentication,
  PrincipalRef,
  RequestAuthentication,
} from "../../../../stdlib/index.ts";
import { nsName, policyNamespace, principalsOf, selectorOf, targetRefOf } from "./_refs.ts";
import { clean, meta, type LowerContext, type LoweredDoc } from "./_types.ts";

/**
 * `peerAuthentication({ mtls: { mode: "STRICT" } })` → PeerAuthentication `default` in the root namespace;
 * with a namespace → `default` there; with a selector → named after the selected workload.
 */
export function lowerPeerAuthentication(pa: PeerAuthentication, ctx: LowerContext): LoweredDoc[] {
  const p = pa.props;
  const selector = p.selector === undefined ? undefined : selectorOf(p.selector);
  const object = clean({
    apiVersion: "security.istio.io/v1",
    kind: "PeerAuthentication",
    metadata: meta(p.name ?? selector?.name ?? "default", policyNamespace(p, ctx)),
    spec: {
      selector: selector && { matchLabels: selector.matchLabels },
      mtls: p.mtls,
      portLevelMtls: p.portLevelMtls,
    },
  });
  return [
    { object, origin: { site: pa.site, argPath: [] }, fields: [{ path: ["spec"], site: pa.site, argPath: [0] }] },
  ];
}

/** `requestAuthentication(name, { jwtRules })` → RequestAuthentication. */
export function lowerRequestAuthentication(ra: RequestAuthentication, ctx: LowerContext): LoweredDoc[] {
  const p = ra.props;
  const object = clean({
    apiVersion: "security.istio.io/v1",
    kind: "RequestAuthentication",
    metadata: meta(ra.name, policyNamespace(p, ctx)),
    spec: {
      selector: p.selector && { matchLabels: selectorOf(p.selector).matchLabels },
      targetRefs: p.targetRefs?.map(targetRefOf),
      jwtRules: p.jwtRules,
    },
  });
  return [
    { object, origin: { site: ra.site, argPath: [] }, fields: [{ path: ["spec"], site: ra.site, argPath: [1] }] },
  ];
}

function lowerRule(rule: AuthorizationRule, ctx: LowerContext): Record<string, unknown> {
  const principals = (refs: readonly PrincipalRef[] | undefined) =>
    refs === undefined ? undefined : [...new Set(refs.flatMap((r) => principalsOf(r, ctx)))];
  return {
    from: rule.from?.map(({ source: s }) => ({
      source: {
        ...s,
        principals: principals(s.principals),
        notPrincipals: principals(s.notPrincipals),
        namespaces: s.namespaces?.map(nsName),
        notNamespaces: s.notNamespaces?.map(nsName),
      },
    })),
    to: rule.to?.map(({ operation: o }) => ({
      operation: { ...o, ports: o.ports?.map(String), notPorts: o.notPorts?.map(String) },
    })),
    when: rule.when,
  };
}

/** `authorizationPolicy(name, { ... })` → AuthorizationPolicy; `dryRun` → annotation `istio.io/dry-run: "true"`. */
export function lowerAuthorizationPolicy(ap: AuthorizationPolicy, ctx: LowerContext): LoweredDoc[] {
  const p = ap.props;
  const annotations = p.dryRun === true ? { "istio.io/dry-run": "true" } : undefined;
  const object = clean({
    apiVersion: "security.istio.io/v1",
    kind: "AuthorizationPolicy",
    metadata: meta(ap.name, policyNamespace(p, ctx), { annotations }),
    spec: {
      selector: p.selector && { matchLabels: selectorOf(p.selector).matchLabels },
      targetRefs: p.targetRefs?.map(targetRefOf),
      action: p.action,
      provider: p.provider,
      rules: p.rules?.map((r) => lowerRule(r, ctx)),
    },
  });
  return [
    { object, origin: { site: ap.site, argPath: [] }, fields: [{ path: ["spec"], site: ap.site, argPath: [1] }] },
  ];
}
