// One AuthorizationPolicy rule → one Envoy RBAC Policy (istio pilot/pkg/security/authz/model/model.go `New`,
// `MigrateTrustDomain`, `Generate`).
import { Policy, type Permission, type Principal } from "../gen/envoy/config/rbac/v3/rbac.ts";
import type { AuthorizationRule } from "../../../ir/istio-api.ts";
import * as g from "./generators.ts";
import { GenError, type ExtendedGenerator, type Gen, type Generator } from "./generators.ts";
import * as p from "./rbac-proto.ts";
import { expandTrustDomainAliases, replaceTrustDomainAliases, type TrustDomainBundle } from "./trust-domain.ts";

/** The RBAC action a rule is generated for: decides what an inapplicable value does (`checkError`). */
export type RbacAction = "ALLOW" | "DENY" | "LOG";

interface Entry {
  readonly key: string;
  values: readonly string[];
  notValues: readonly string[];
  readonly gen:
    | { readonly kind: "plain"; readonly g: Generator }
    | { readonly kind: "extended"; readonly g: ExtendedGenerator };
}
type List = Entry[];

const plain = (gen: Generator) => ({ kind: "plain" as const, g: gen });
const ext = (gen: ExtendedGenerator) => ({ kind: "extended" as const, g: gen });
type Side = "permission" | "principal";

/** The `when` keys istiod knows, with the side they land on (model.go `New` switch). */
function whenGenerator(key: string, ns: string): { side: Side; gen: Entry["gen"] } | undefined {
  const exact: Record<string, { side: Side; gen: Entry["gen"] }> = {
    "destination.ip": { side: "permission", gen: plain(g.destIp) },
    "destination.port": { side: "permission", gen: plain(g.destPort) },
    "connection.sni": { side: "permission", gen: plain(g.connSni) },
    "source.ip": { side: "principal", gen: plain(g.srcIp) },
    "remote.ip": { side: "principal", gen: plain(g.remoteIp) },
    "source.namespace": { side: "principal", gen: plain(g.srcNamespace) },
    "source.serviceAccount": { side: "principal", gen: plain(g.srcServiceAccount(ns)) },
    "source.trustDomain": { side: "principal", gen: plain(g.srcTrustDomain) },
    "source.principal": { side: "principal", gen: plain(g.srcPrincipal) },
    "request.auth.principal": { side: "principal", gen: ext(g.requestPrincipal) },
    "request.auth.audiences": { side: "principal", gen: ext(g.requestAudiences) },
    "request.auth.presenter": { side: "principal", gen: ext(g.requestPresenter) },
  };
  if (Object.hasOwn(exact, key)) return exact[key];
  if (key.startsWith("experimental.envoy.filters.")) return { side: "permission", gen: ext(g.envoyFilter) };
  if (key.startsWith("request.headers")) return { side: "principal", gen: plain(g.requestHeader) };
  if (key.startsWith("request.experimental.inline.headers"))
    return { side: "principal", gen: plain(g.requestInlineHeader) };
  if (key.startsWith("request.auth.claims")) return { side: "principal", gen: ext(g.requestClaims) };
  return undefined;
}

const entry = (
  key: string,
  gen: Entry["gen"],
  values: readonly string[] | undefined,
  notValues: readonly string[] | undefined,
): Entry[] =>
  (values?.length ?? 0) === 0 && (notValues?.length ?? 0) === 0
    ? []
    : [{ key, gen, values: values ?? [], notValues: notValues ?? [] }];

/**
 * `model.New`: the principal lists (one per `from`, else one) and permission lists (one per `to`, else one), `when`
 * conditions appended to every list of their side. Fields are `insertFront`ed in reverse, so each list reads
 * principals, requestPrincipals, serviceAccounts, trustDomains, namespaces, remoteIpBlocks, ipBlocks, then `when`.
 * Undefined for an unknown `when` key (istiod skips the rule).
 */
function newModel(rule: AuthorizationRule, ns: string): { permissions: List[]; principals: List[] } | undefined {
  const basePermission: List = [];
  const basePrincipal: List = [];
  for (const when of rule.when ?? []) {
    const w = whenGenerator(when.key, ns);
    if (w === undefined) return undefined;
    (w.side === "permission" ? basePermission : basePrincipal).push(
      ...entry(when.key, w.gen, when.values, when.notValues),
    );
  }
  const principals = (rule.from ?? []).map(({ source: s }) => {
    if (s === undefined) return [...basePrincipal];
    const trust = s as { trustDomains?: readonly string[]; notTrustDomains?: readonly string[] };
    return [
      ...entry("source.principal", plain(g.srcPrincipal), s.principals, s.notPrincipals),
      ...entry("request.auth.principal", ext(g.requestPrincipal), s.requestPrincipals, s.notRequestPrincipals),
      ...entry("source.serviceAccount", plain(g.srcServiceAccount(ns)), s.serviceAccounts, s.notServiceAccounts),
      ...entry("source.trustDomain", plain(g.srcTrustDomain), trust.trustDomains, trust.notTrustDomains),
      ...entry("source.namespace", plain(g.srcNamespace), s.namespaces, s.notNamespaces),
      ...entry("remote.ip", plain(g.remoteIp), s.remoteIpBlocks, s.notRemoteIpBlocks),
      ...entry("source.ip", plain(g.srcIp), s.ipBlocks, s.notIpBlocks),
      ...basePrincipal,
    ];
  });
  const permissions = (rule.to ?? []).map(({ operation: o }) =>
    o === undefined
      ? [...basePermission]
      : [
          ...entry(":authority", plain(g.host), o.hosts, o.notHosts),
          ...entry(":method", plain(g.method), o.methods, o.notMethods),
          ...entry("path-matcher", plain(g.path), o.paths, o.notPaths),
          ...entry("destination.port", plain(g.destPort), o.ports, o.notPorts),
          ...basePermission,
        ],
  );
  return {
    permissions: permissions.length > 0 ? permissions : [basePermission],
    principals: principals.length > 0 ? principals : [basePrincipal],
  };
}

/** `MigrateTrustDomain`: principal values through the bundle; trust-domain values expanded to every alias. */
function migrateTrustDomain(principals: List[], bundle: TrustDomainBundle): void {
  for (const e of principals.flat()) {
    if (e.key === "source.principal") {
      e.values = e.values.length > 0 ? replaceTrustDomainAliases(bundle, e.values) : e.values;
      e.notValues = e.notValues.length > 0 ? replaceTrustDomainAliases(bundle, e.notValues) : e.notValues;
    } else if (e.key === "source.trustDomain") {
      e.values = expandTrustDomainAliases(bundle, e.values);
      e.notValues = expandTrustDomainAliases(bundle, e.notValues);
    }
  }
}

/** `rule.checkError`: ALLOW drops the whole rule (narrower), DENY/LOG drop only the value (wider). */
class DropRule extends Error {}
function check<T>(v: Gen<T> | undefined, action: RbacAction): T | undefined {
  if (v instanceof GenError) {
    if (action === "ALLOW") throw new DropRule(v.message);
    return undefined;
  }
  return v;
}

interface Ops<T> {
  readonly single: (gen: Generator, key: string, v: string) => Gen<T> | undefined;
  readonly multi: (gen: ExtendedGenerator, key: string, vs: readonly string[]) => Gen<T> | undefined;
  readonly or: (xs: T[]) => T;
  readonly not: (x: T) => T;
  readonly and: (xs: T[]) => T;
  readonly any: () => T;
}

function generateList<T>(list: List, action: RbacAction, ops: Ops<T>): T {
  const and: T[] = [];
  for (const e of list) {
    for (const [values, negate] of [
      [e.values, false],
      [e.notValues, true],
    ] as const) {
      if (values.length === 0) continue;
      if (e.gen.kind === "extended") {
        const x = check(ops.multi(e.gen.g, e.key, values), action);
        if (x !== undefined) and.push(negate ? ops.not(x) : x);
        continue;
      }
      const gen = e.gen.g;
      const or = values.map((v) => check(ops.single(gen, e.key, v), action)).filter((x): x is T => x !== undefined);
      if (or.length > 0) and.push(negate ? ops.not(ops.or(or)) : ops.or(or));
    }
  }
  return ops.and(and.length > 0 ? and : [ops.any()]);
}

const unimplemented = new GenError("unimplemented");
const permissionOps = (forTCP: boolean): Ops<Permission> => ({
  single: (gen, key, v) => gen.permission?.(key, v, forTCP) ?? unimplemented,
  multi: (gen, key, vs) => gen.extendedPermission?.(key, vs, forTCP) ?? unimplemented,
  or: p.permissionOr,
  not: p.permissionNot,
  and: p.permissionAnd,
  any: p.permissionAny,
});
const principalOps = (forTCP: boolean): Ops<Principal> => ({
  single: (gen, key, v) => gen.principal?.(key, v, forTCP) ?? unimplemented,
  multi: (gen, key, vs) => gen.extendedPrincipal?.(key, vs, forTCP) ?? unimplemented,
  or: p.principalOr,
  not: p.principalNot,
  and: p.principalAnd,
  any: p.principalAny,
});

/**
 * One rule of a policy in namespace `ns` → an Envoy Policy, or undefined when istiod skips the rule (unknown `when`
 * key; on TCP an ALLOW rule using an HTTP-only attribute).
 * `rulePolicy({ to: [{ operation: { paths: ["/a"] } }] }, "foo", [], false, "ALLOW")` →
 * `{ permissions: [andRules[orRules[urlPath exact /a]]], principals: [andIds[any]] }`.
 */
export function rulePolicy(
  rule: AuthorizationRule,
  ns: string,
  bundle: TrustDomainBundle,
  forTCP: boolean,
  action: RbacAction,
): Policy | undefined {
  const model = newModel(rule, ns);
  if (model === undefined) return undefined;
  migrateTrustDomain(model.principals, bundle);
  try {
    const permissions = model.permissions.map((l) => generateList(l, action, permissionOps(forTCP)));
    const principals = model.principals.map((l) => generateList(l, action, principalOps(forTCP)));
    return Policy.create({ permissions, principals });
  } catch (e) {
    if (e instanceof DropRule) return undefined;
    throw e;
  }
}

/** builder.go `rbacPolicyMatchNever`: the policy of an AuthorizationPolicy without rules. */
export const policyMatchNever = (): Policy =>
  Policy.create({ permissions: [p.permissionNot(p.permissionAny())], principals: [p.principalNot(p.principalAny())] });
