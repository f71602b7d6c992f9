/**
 * Authorization on a TCP filter chain: istiod builds the same policies into `envoy.filters.network.rbac` filters
 * (istio `pilot/pkg/security/authz/builder/builder.go` `BuildTCP`), but the attributes only an HTTP connection
 * manager sees have no network-level matcher (`pilot/pkg/security/authz/model/generator.go`: `hosts`, `methods`,
 * `paths`, `requestPrincipals`, `request.headers[...]`, `request.experimental.inline.headers[...]`,
 * `request.auth.*` return "is HTTP only" when generated `forTCP`). `model.go` `rule.checkError` then decides by
 * action: an ALLOW rule that uses any of them is dropped whole (it matches nothing: narrower), while a DENY, AUDIT
 * (LOG) or CUSTOM rule drops only those values (the rule matches more: a DENY rule `to: methods: [GET]` denies every
 * connection). https://istio.io/latest/docs/ops/configuration/security/security-policy-examples/ and the emitter's
 * translation of the same (compiler/emit/envoy/authz/model.ts, which passes Istio's TCP builder goldens).
 */
import type { AuthorizationPolicyNode, MeshIR, WorkloadNode } from "../../ir/ir.ts";
import type {
  AuthorizationCondition,
  AuthorizationOperation,
  AuthorizationRule,
  AuthorizationSource,
} from "../../ir/istio-api.ts";
import type { CoverageSink } from "../coverage.ts";
import type { AuthzDecision } from "../types.ts";
import { authorizeWith, policiesFor, type RuleMatcher } from "./authorization.ts";
import { conditionAttr, matchRule, type AuthzRequest } from "./authz-match.ts";

/** `source` fields with no TCP matcher (generator.go `requestPrincipalGenerator`). */
const HTTP_ONLY_SOURCE = ["requestPrincipals", "notRequestPrincipals"] as const;
/** `operation` fields with no TCP matcher (generator.go `hostGenerator`, `methodGenerator`, `pathGenerator`). */
const HTTP_ONLY_OPERATION = ["hosts", "notHosts", "methods", "notMethods", "paths", "notPaths"] as const;

/** `when` keys with no TCP matcher (model.go `New` generators that check `forTCP`). */
function httpOnlyKey(key: string): boolean {
  if (key === "request.auth.principal" || key === "request.auth.audiences" || key === "request.auth.presenter")
    return true;
  return (
    key.startsWith("request.headers") ||
    key.startsWith("request.experimental.inline.headers") ||
    key.startsWith("request.auth.claims")
  );
}

const used = (values: readonly string[] | undefined): boolean => (values?.length ?? 0) > 0;
const usedWhen = (c: AuthorizationCondition): boolean => httpOnlyKey(c.key) && (used(c.values) || used(c.notValues));

/** The HTTP-only fields a rule uses (model.go only generates non-empty value lists). */
export function httpOnlyFields(rule: AuthorizationRule): string[] {
  const out = new Set<string>();
  for (const f of rule.from ?? []) for (const k of HTTP_ONLY_SOURCE) if (used(f.source?.[k])) out.add(k);
  for (const t of rule.to ?? []) for (const k of HTTP_ONLY_OPERATION) if (used(t.operation?.[k])) out.add(k);
  for (const c of rule.when ?? []) if (usedWhen(c)) out.add(`when ${c.key}`);
  return [...out];
}

function without<T extends object>(o: T | undefined, keys: readonly string[]): T | undefined {
  if (o === undefined) return undefined;
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k))) as T;
}

/** The rule a DENY / AUDIT / CUSTOM network RBAC filter enforces: the HTTP-only values left out. */
function widened(rule: AuthorizationRule): AuthorizationRule {
  return {
    ...rule,
    ...(rule.from === undefined
      ? {}
      : { from: rule.from.map((f) => ({ ...f, source: without<AuthorizationSource>(f.source, HTTP_ONLY_SOURCE) })) }),
    ...(rule.to === undefined
      ? {}
      : {
          to: rule.to.map((t) => ({
            ...t,
            operation: without<AuthorizationOperation>(t.operation, HTTP_ONLY_OPERATION),
          })),
        }),
    ...(rule.when === undefined ? {} : { when: rule.when.filter((c) => !usedWhen(c)) }),
  };
}

/**
 * `RuleMatcher` for network RBAC: an unsupported `when` key still drops the rule first (model.go `New`), then ALLOW
 * rules with HTTP-only fields match nothing and the other actions match without those fields.
 */
export const tcpRuleMatcher: RuleMatcher = (rule, policy, req) => {
  const ns = policy.meta.namespace;
  const fields = httpOnlyFields(rule);
  const unknownKey = (rule.when ?? []).some((c) => conditionAttr(c.key, ns) === undefined);
  if (fields.length === 0 || unknownKey) return matchRule(rule, ns, req);
  if (policy.action === "ALLOW") {
    return {
      ok: false,
      text: `on a TCP port istiod drops an ALLOW rule that uses HTTP-only fields (${fields.join(", ")}), so it matches nothing`,
    };
  }
  const check = matchRule(widened(rule), ns, req);
  return { ok: check.ok, text: `${check.text} (HTTP-only fields left out on a TCP port: ${fields.join(", ")})` };
};

/** The decision of the network RBAC filters of `workload`'s sidecar for a TCP connection; as `authorize` for HTTP. */
export function authorizeTcp(
  ir: MeshIR,
  workload: WorkloadNode,
  req: AuthzRequest,
  trace: string[],
  coverage?: CoverageSink,
): AuthzDecision | null {
  const policies: readonly AuthorizationPolicyNode[] = policiesFor(ir, workload);
  return authorizeWith(ir, policies, workload.id, req, trace, coverage, tcpRuleMatcher);
}
