/**
 * AuthorizationPolicy rules: istio `pkg/config/validation/validation.go` `ValidateAuthorizationPolicy` (the
 * per-rule part) and `pkg/config/security/security.go` `ValidateAttribute`, `ValidateIPs`, `ValidatePorts`,
 * `CheckEmptyValues`, `CheckValidPathTemplate`.
 */
import { Messages } from "../../diagnostics/messages.ts";
import type { AuthorizationPolicyNode } from "../../ir/ir.ts";
import type { AuthorizationCondition, AuthorizationRule } from "../../ir/istio-api.ts";
import { forEachNode, type Report, type Rule } from "../_rule.ts";
import { isValidIpOrCidr } from "./_values.ts";
import { OPERATION_FIELDS, SOURCE_FIELDS } from "../../ir/authz-fields.ts";

type Path = (string | number)[];
/** A `source` or `operation`: string lists under the field names `F`. */
type Clause<F extends string> = { readonly [K in F]?: readonly string[] };

const EXACT_KEYS = new Set([
  "source.ip",
  "remote.ip",
  "source.namespace",
  "source.principal",
  "source.serviceAccount",
  "request.auth.principal",
  "request.auth.audiences",
  "request.auth.presenter",
  "destination.ip",
  "destination.port",
  "connection.sni",
]);

/** istio `security.ValidateAttribute`'s key check. */
export function isSupportedConditionKey(key: string): boolean {
  if (EXACT_KEYS.has(key) || key.startsWith("experimental.envoy.filters.")) return true;
  return /^request\.headers\[[^\]]+\]$/.test(key) || /^request\.auth\.claims\[[^\]]+\](\[[^\]]+\])*$/.test(key);
}

/** A port string 0..65535 (istio `security.ValidatePorts`). */
function isPolicyPort(value: string): boolean {
  return /^\d+$/.test(value) && Number(value) <= 65535;
}

/** RFC 3986 pchar (unreserved / pct-encoded / sub-delims / ':' / '@'), as istio `security.IsValidLiteral` checks it. */
const PCHAR_LITERAL = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})+$/;

/**
 * istio `pkg/config/security/security.go` `CheckValidPathTemplate`: only paths with path templates are checked.
 * Leading and trailing slashes are trimmed, then each segment may be `{*}` (until a `{**}` has been seen) or `{**}`
 * (once); any other segment must contain no `{`/`}` and be a valid pchar literal. Plain paths (exact, `prefix*`,
 * `*suffix`, `*`) are not restricted, not even to a leading `/`.
 */
export function isValidPolicyPath(path: string): boolean {
  if (!path.includes("{") && !path.includes("}")) return true;
  let seenMatchAny = false;
  for (const glob of path.replace(/^\/+|\/+$/g, "").split("/")) {
    if (glob === "{*}" && !seenMatchAny) continue;
    if (glob === "{**}" && !seenMatchAny) {
      seenMatchAny = true;
      continue;
    }
    if (/[{}]/.test(glob) || !PCHAR_LITERAL.test(glob)) return false;
  }
  return true;
}

function checkValues<F extends string>(report: Report, obj: Clause<F>, fields: readonly F[], path: Path): void {
  for (const field of fields) {
    const values = obj[field] ?? [];
    values.forEach((v, i) => {
      if (v === "") report(Messages.Field_0_must_not_contain_empty_values, [...path, field, i], [field]);
      if (typeof v !== "string" || v === "") return;
      if (/[iI]pBlocks$/.test(field) && !isValidIpOrCidr(v))
        report(Messages.Invalid_ip_or_cidr_0, [...path, field, i], [v]);
      if (/^(ports|notPorts)$/.test(field) && !isPolicyPort(v))
        report(Messages.Invalid_policy_port_0, [...path, field, i], [v]);
      if (/^(paths|notPaths)$/.test(field) && !isValidPolicyPath(v))
        report(Messages.Invalid_path_0, [...path, field, i], [v]);
    });
  }
}

function checkCondition(report: Report, when: AuthorizationCondition, path: Path): void {
  const key = typeof when.key === "string" ? when.key : "";
  if (key === "") return report(Messages.Field_0_must_not_be_empty, [...path, "key"], ["key"]);
  if (!isSupportedConditionKey(key)) report(Messages.Unsupported_condition_key_0, [...path, "key"], [key]);
  if ((when.values ?? []).length === 0 && (when.notValues ?? []).length === 0)
    report(Messages.Condition_0_needs_values, path, [key]);
  for (const field of ["values", "notValues"] as const) {
    (when[field] ?? []).forEach((v, i) => {
      if (typeof v !== "string") return;
      if (/^(source|remote|destination)\.ip$/.test(key) && !isValidIpOrCidr(v))
        report(Messages.Invalid_ip_or_cidr_0, [...path, field, i], [v]);
      if (key === "destination.port" && !isPolicyPort(v))
        report(Messages.Invalid_policy_port_0, [...path, field, i], [v]);
    });
  }
}

/** What `checkClauses` learned about the attributes a rule section uses. */
interface Attributes {
  tcp: boolean;
  httpOnly: boolean;
}

/** The `from[].source` or `to[].operation` clauses of a rule: each non-empty, its values valid. */
function checkClauses<F extends string>(
  report: Report,
  section: "from" | "to",
  inner: "source" | "operation",
  clauses: readonly (Clause<F> | undefined)[] | undefined,
  fields: readonly F[],
  isTcp: (set: readonly F[]) => boolean,
  path: Path,
  seen: Attributes,
): void {
  if (Array.isArray(clauses) && clauses.length === 0)
    report(Messages.Field_0_must_not_be_empty, [...path, section], [section]);
  (clauses ?? []).forEach((clause, j) => {
    const body: Clause<F> = clause ?? {};
    const at = [...path, section, j];
    const set = fields.filter((f) => (body[f] ?? []).length > 0);
    if (set.length === 0) report(Messages.Field_0_must_not_be_empty, [...at, inner], [`${section}.${inner}`]);
    checkValues(report, body, fields, [...at, inner]);
    const tcp = isTcp(set);
    seen.tcp ||= tcp;
    seen.httpOnly ||= set.length > 0 && !tcp;
  });
}

/** Returns whether the rule matches only HTTP attributes (for the DENY warning). */
function checkRule(report: Report, rule: AuthorizationRule, path: Path): boolean {
  const seen: Attributes = { tcp: false, httpOnly: false };
  const sources = rule.from === undefined ? undefined : rule.from.map((f) => f.source);
  const operations = rule.to === undefined ? undefined : rule.to.map((t) => t.operation);
  const sourceTcp = (set: readonly string[]) => set.some((f) => !/equestPrincipals$/.test(f));
  checkClauses(report, "from", "source", sources, SOURCE_FIELDS, sourceTcp, path, seen);
  (sources ?? []).forEach((s = {}, j) => {
    const hasSa = (s.serviceAccounts ?? []).length + (s.notServiceAccounts ?? []).length > 0;
    const hasOthers = (["principals", "notPrincipals", "namespaces", "notNamespaces"] as const).some(
      (f) => (s[f] ?? []).length > 0,
    );
    if (hasSa && hasOthers)
      report(Messages.ServiceAccounts_with_namespaces_or_principals, [...path, "from", j, "source"]);
  });
  const operationTcp = (set: readonly string[]) => set.some((f) => /orts$/.test(f));
  checkClauses(report, "to", "operation", operations, OPERATION_FIELDS, operationTcp, path, seen);
  (rule.when ?? []).forEach((w, j) => checkCondition(report, w, [...path, "when", j]));
  return seen.httpOnly && !seen.tcp;
}

function checkRules(ap: AuthorizationPolicyNode, report: Report): void {
  (ap.spec.rules ?? []).forEach((r, i) => {
    const httpOnly = checkRule(report, r, ["spec", "rules", i]);
    // istio: "configured AuthorizationPolicy will deny all traffic to TCP ports under its scope ..."
    if (httpOnly && ap.action === "DENY") report(Messages.DENY_rule_only_HTTP_attributes, ["spec", "rules", i]);
  });
}

/** Sources, operations and conditions of every AuthorizationPolicy rule. */
export const authorizationRules: Rule = forEachNode("authorizationPolicy", checkRules);
