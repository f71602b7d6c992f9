/**
 * Whether one AuthorizationPolicy rule matches a request, as the Envoy RBAC policy Istio generates for it does
 * (istio `pilot/pkg/security/authz/model/model.go`; envoy `source/extensions/filters/common/rbac/matchers.cc`):
 * (any `from` source) AND (any `to` operation) AND (every `when` condition). Each field ORs its values; each `notX`
 * field is `not(any value)`. Identity fields (principals, namespaces, serviceAccounts, trustDomains) use Envoy's `authenticated`
 * matcher, which is false without mTLS: so they never match plaintext, while their `notX` forms do
 * (https://istio.io/latest/docs/reference/config/security/authorization-policy/, "requires mTLS enabled").
 * `requestPrincipals` and `request.auth.*` read the payload of the JWT the proxy verified (request-authn.ts), as the
 * generated metadata matchers read the jwt_authn filter's `payload` (generator.go `requestPrincipalGenerator`,
 * `requestClaimGenerator`): without one they never match (their `not` forms always do). `ipBlocks` / `source.ip`
 * become `direct_remote_ip` and `remoteIpBlocks` / `remote.ip` `remote_ip` (generator.go `srcIPGenerator`,
 * `remoteIPGenerator`): the connection's peer, and the downstream address the HTTP connection manager computed
 * (compiler/eval/_shared/xff.ts); an unknown address is in no block.
 */
import type {
  AuthorizationCondition,
  AuthorizationOperation,
  AuthorizationRule,
  AuthorizationSource,
} from "../../ir/istio-api.ts";
import type { Check } from "./_model.ts";
import { requestPrincipalOf, type JsonObject } from "../_shared/jwt.ts";
import { claimMatches, claimPath, requestPrincipalMatches, shownClaim } from "./authz-jwt.ts";
import {
  cidrContains,
  namespaceMatches,
  pathMatches,
  principalMatches,
  serviceAccountMatches,
  trustDomainMatches,
  wildcardMatch,
} from "./authz-values.ts";

/** The request as the server's sidecar sees it. */
export interface AuthzRequest {
  /** Peer identity `<td>/ns/<ns>/sa/<sa>`, only with mTLS. */
  readonly principal: string | undefined;
  /** The connection's peer address (`direct_remote_ip`); undefined when unknown. */
  readonly sourceIp: string | undefined;
  /** The request's downstream address (`remote_ip`): the peer, or what the HCM read from X-Forwarded-For. */
  readonly remoteIp: string | undefined;
  readonly authority: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The workload (target) port. */
  readonly port: number;
  readonly destinationIp: string | undefined;
  /** SNI of the Istio mTLS connection (`outbound_.<port>_.<subset>_.<host>`). */
  readonly sni: string | undefined;
  /** The mesh trust domain and its aliases. */
  readonly trustDomains: readonly string[];
  /** The verified JWT payload (normalized as in dynamic metadata), when the proxy authenticated one. */
  readonly jwt?: JsonObject | undefined;
}

export type Matcher = (value: string, req: AuthzRequest) => boolean;
/** One attribute a rule field or `when` key reads: its label (traces), its value, and how a rule value matches it. */
export type Attr = {
  readonly label: string;
  readonly get: (req: AuthzRequest) => string | undefined;
  readonly match: Matcher;
};

const identity = (label: string, match: (v: string, principal: string, req: AuthzRequest) => boolean): Attr => ({
  label,
  get: (r) => r.principal,
  match: (v, r) => r.principal !== undefined && match(v, r.principal, r),
});

/** The `source` fields of a rule (and their `notX` forms), for a policy in `policyNs`. */
export function sourceAttrs(policyNs: string): Record<string, Attr> {
  const principal = identity("principal", (v, p, r) => principalMatches(v, p, r.trustDomains));
  const namespace = identity("namespace", (v, p) => namespaceMatches(v, p));
  const sa = identity("service account", (v, p) => serviceAccountMatches(v, p, policyNs));
  const td = identity("trust domain", (v, p) => trustDomainMatches(v, p));
  const ip: Attr = { label: "source IP", get: (r) => r.sourceIp, match: (v, r) => cidrContains(v, r.sourceIp) };
  const remote: Attr = { label: "remote IP", get: (r) => r.remoteIp, match: (v, r) => cidrContains(v, r.remoteIp) };
  const jwt: Attr = {
    label: "request principal (JWT)",
    get: (r) => (r.jwt === undefined ? undefined : requestPrincipalOf(r.jwt)),
    match: (v, r) => r.jwt !== undefined && requestPrincipalMatches(v, r.jwt),
  };
  return {
    principals: principal,
    namespaces: namespace,
    serviceAccounts: sa,
    trustDomains: td,
    ipBlocks: ip,
    remoteIpBlocks: remote,
    requestPrincipals: jwt,
  };
}

/** The `operation` fields of a rule (and their `notX` forms). */
export const OPERATION: Record<string, Attr> = {
  hosts: { label: "host", get: (r) => r.authority, match: (v, r) => wildcardMatch(v, r.authority, "", true) },
  methods: { label: "method", get: (r) => r.method, match: (v, r) => wildcardMatch(v, r.method) },
  paths: { label: "path", get: (r) => r.path, match: (v, r) => pathMatches(v, r.path) },
  ports: { label: "port", get: (r) => String(r.port), match: (v, r) => Number(v) === r.port },
};

/** `when` keys (https://istio.io/latest/docs/reference/config/security/conditions/); undefined for unknown keys. */
export function conditionAttr(key: string, policyNs: string): Attr | undefined {
  const header = /^request\.headers\[(.+)\]$/.exec(key);
  if (header) {
    const name = header[1]!.toLowerCase();
    return {
      label: `header '${name}'`,
      get: (r) => r.headers[name],
      match: (v, r) => r.headers[name] !== undefined && wildcardMatch(v, r.headers[name]),
    };
  }
  if (key === "request.auth.principal") return sourceAttrs(policyNs)["requestPrincipals"];
  const claim =
    key === "request.auth.audiences"
      ? ["aud"]
      : key === "request.auth.presenter"
        ? ["azp"]
        : /^request\.auth\.claims\[.+\]$/.test(key)
          ? claimPath(key.slice("request.auth.claims".length))
          : undefined;
  if (claim !== undefined)
    return {
      label: `${key} (JWT)`,
      get: (r) => shownClaim(r.jwt, claim),
      match: (v, r) => r.jwt !== undefined && claimMatches(v, r.jwt, claim),
    };
  if (key.startsWith("experimental.envoy.filters.")) return { label: key, get: () => undefined, match: () => false };
  const src = sourceAttrs(policyNs);
  const simple: Record<string, Attr | undefined> = {
    "source.ip": src["ipBlocks"],
    "remote.ip": src["remoteIpBlocks"],
    "source.namespace": src["namespaces"],
    "source.principal": src["principals"],
    "source.serviceAccount": src["serviceAccounts"],
    "destination.ip": {
      label: "destination IP",
      get: (r) => r.destinationIp,
      match: (v, r) => cidrContains(v, r.destinationIp),
    },
    "destination.port": OPERATION["ports"],
    "connection.sni": {
      label: "SNI",
      get: (r) => r.sni,
      match: (v, r) => r.sni !== undefined && wildcardMatch(v, r.sni),
    },
  };
  return simple[key];
}

const shown = (v: string | undefined): string => (v === undefined ? "absent" : `'${v}'`);

function fieldCheck(
  name: string,
  attr: Attr,
  values: readonly string[] | undefined,
  negated: boolean,
  req: AuthzRequest,
): Check | undefined {
  if (values === undefined) return undefined;
  const hit = values.find((v) => attr.match(v, req));
  const ok = negated ? hit === undefined : hit !== undefined;
  const list = `[${values.join(", ")}]`;
  const actual = `${attr.label} ${shown(attr.get(req))}`;
  if (negated) return { ok, text: ok ? `${name}: ${actual} is not in ${list}` : `${name}: ${actual} matches '${hit}'` };
  return { ok, text: ok ? `${name}: ${actual} matches '${hit}'` : `${name}: ${actual} is not in ${list}` };
}

function allOf(checks: (Check | undefined)[]): Check {
  const present = checks.filter((c): c is Check => c !== undefined);
  const failed = present.find((c) => !c.ok);
  return failed ?? { ok: true, text: present.map((c) => c.text).join(", ") || "any" };
}

function fieldChecks(
  spec: Readonly<Record<string, readonly string[] | undefined>>,
  attrs: Record<string, Attr>,
  req: AuthzRequest,
): Check {
  const checks: (Check | undefined)[] = [];
  for (const [field, attr] of Object.entries(attrs)) {
    const not = `not${field[0]!.toUpperCase()}${field.slice(1)}`;
    checks.push(fieldCheck(field, attr, spec[field], false, req), fieldCheck(not, attr, spec[not], true, req));
  }
  return allOf(checks);
}

function anyOf(label: string, items: readonly Check[]): Check {
  if (items.length === 0) return { ok: true, text: `${label}: any` };
  const i = items.findIndex((c) => c.ok);
  if (i >= 0) return { ok: true, text: `${label}[${i}] ${items[i]!.text}` };
  return { ok: false, text: items.map((c, j) => `${label}[${j}] ${c.text}`).join("; ") };
}

function whenCheck(c: AuthorizationCondition, policyNs: string, req: AuthzRequest): Check {
  const attr = conditionAttr(c.key, policyNs);
  if (attr === undefined)
    return { ok: false, text: `when '${c.key}' is not a supported key, so istiod drops the rule` };
  return allOf([
    fieldCheck(`when ${c.key}`, attr, c.values, false, req),
    fieldCheck(`when ${c.key} notValues`, attr, c.notValues, true, req),
  ]);
}

/** One rule: from AND to AND when, with the first reason it failed. */
export function matchRule(rule: AuthorizationRule, policyNs: string, req: AuthzRequest): Check {
  const from = anyOf(
    "from",
    (rule.from ?? []).map((f) =>
      fieldChecks(
        (f.source ?? {}) as AuthorizationSource & Record<string, readonly string[]>,
        sourceAttrs(policyNs),
        req,
      ),
    ),
  );
  const to = anyOf(
    "to",
    (rule.to ?? []).map((t) =>
      fieldChecks((t.operation ?? {}) as AuthorizationOperation & Record<string, readonly string[]>, OPERATION, req),
    ),
  );
  const when = allOf((rule.when ?? []).map((c) => whenCheck(c, policyNs, req)));
  // An unsupported `when` key drops the rule whatever else it says.
  const unknown = (rule.when ?? []).find((c) => conditionAttr(c.key, policyNs) === undefined);
  if (unknown !== undefined) return whenCheck(unknown, policyNs, req);
  for (const c of [from, to]) if (!c.ok) return c;
  if (!when.ok) return when;
  return { ok: true, text: [from.text, to.text, ...(rule.when?.length ? [when.text] : [])].join("; ") };
}
