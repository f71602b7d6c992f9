/**
 * The server sidecar's inbound HTTP filters, in chain order, as Envoy runs them on a request (envoy
 * `source/extensions/filters/http/rbac/rbac_filter.cc` `RoleBasedAccessControlFilter::decodeHeaders`: the shadow
 * engine is evaluated first and only reported, then the enforcing engine; a denial sends a local 403 and stops the
 * chain, so later filters — and their shadow rules — never run).
 *
 * istiod's filters (pilot/pkg/security/authz/builder/builder.go): CUSTOM → per provider an RBAC filter whose shadow
 * rules (`istio_ext_authz_` prefix) only mark requests for ext_authz, then ext_authz (meshc cannot run the provider
 * and assumes it allows, as the Istio engine does); AUDIT → RBAC LOG; DENY → RBAC DENY; ALLOW → RBAC ALLOW. Dry-run
 * policies are shadow rules with the prefixes `istio_dry_run_deny_` / `istio_dry_run_allow_`.
 *
 * The deciding policy and rule are read back from istiod's policy names `ns[<ns>]-policy[<name>]-rule[<i>]`
 * (builder.go `policyName`), with the `istio-ext-authz-<provider>-` prefix and `-deny-due-to-bad-CUSTOM-action`
 * suffix of CUSTOM rules.
 */
import { RBAC as HttpRBAC } from "../../../emit/envoy/gen/envoy/extensions/filters/http/rbac/v3/rbac.ts";
import type { HttpFilter } from "../../../emit/envoy/gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.ts";
import { RBAC_Action } from "../../../emit/envoy/gen/envoy/config/rbac/v3/rbac.ts";
import { Any } from "../../../emit/envoy/gen/google/protobuf/any.ts";
import type { CoverageSink } from "../../coverage.ts";
import type { AuthzDecision } from "../../types.ts";
import { evaluateRbac, type RbacRequest } from "./rbac.ts";
import { runJwtAuthn } from "./jwt.ts";
import { HeaderMap } from "../route/header-map.ts";
import { JwtAuthentication } from "../../../emit/envoy/gen/envoy/extensions/filters/http/jwt_authn/v3/config.ts";
import type { JsonObject, JwtStatus } from "../../_shared/jwt.ts";

const RBAC_FILTER = "envoy.filters.http.rbac";
const JWT_FILTER = "envoy.filters.http.jwt_authn";

/** `ns[a]-policy[b]-rule[2]` → `{ policy: "a/b", rule: 2 }`. */
export function parsePolicyName(name: string): { policy: string; rule: number } | undefined {
  const m =
    /^(?:istio-ext-authz-.*?)?ns\[([^\]]*)\]-policy\[(.*)\]-rule\[(\d+)\](?:-deny-due-to-bad-CUSTOM-action)?$/.exec(
      name,
    );
  return m === null ? undefined : { policy: `${m[1]}/${m[2]}`, rule: Number(m[3]) };
}

type DryRun = NonNullable<AuthzDecision["dryRun"]>[number];

const ref = (name: string | undefined) => {
  const p = name === undefined ? undefined : parsePolicyName(name);
  return { policy: p?.policy ?? null, rule: p?.rule ?? null };
};

/**
 * The decision of the RBAC filters in `filters` for a request; `{ ALLOW, null, null }` when no RBAC filter is
 * configured (no policy applies). `trace` gets one line per filter; `coverage` gets the AUDIT rule that matched
 * (the deciding and dry-run rules are in the decision).
 */
export function runHttpAuthz(
  filters: readonly HttpFilter[],
  req: RbacRequest,
  trace: string[],
  coverage?: CoverageSink,
): AuthzDecision {
  const r = runHttpFilters(filters, req, trace, coverage);
  return r.kind === "jwtFail" ? { decision: "DENY", policy: null, rule: null } : r.authz;
}

/** What the HCM's filters decided: a jwt_authn local reply, or the RBAC decision (with the verified JWT payload). */
export type HttpFiltersResult =
  | { readonly kind: "jwtFail"; readonly status: JwtStatus; readonly providers: readonly string[] }
  | {
      readonly kind: "authz";
      readonly authz: AuthzDecision;
      readonly jwt: JsonObject | undefined;
      readonly providers: readonly string[];
      readonly headers: HeaderMap;
    };

/**
 * The HCM's HTTP filters in order: jwt_authn (on a copy of the request headers, which it may change) sets the
 * dynamic metadata the later RBAC filters match (`envoy.filters.http.jwt_authn` → `payload`), or answers itself.
 */
export function runHttpFilters(
  filters: readonly HttpFilter[],
  req: RbacRequest,
  trace: string[],
  coverage?: CoverageSink,
): HttpFiltersResult {
  let jwt: JsonObject | undefined;
  let providers: readonly string[] = [];
  let failed: JwtStatus | undefined;
  const headers = new HeaderMap(req.headers.toList());
  const onJwt = (f: HttpFilter, current: RbacRequest): RbacRequest | undefined => {
    if (f.configType.oneofKind !== "typedConfig") return current;
    const path = headers.getFirst(":path") ?? "";
    const query = path.includes("?") ? path.slice(path.indexOf("?") + 1) : "";
    const r = runJwtAuthn(Any.unpack(f.configType.typedConfig, JwtAuthentication), headers, query, trace);
    providers = r.providers;
    if (r.kind === "fail") {
      failed = r.status;
      return undefined;
    }
    jwt = r.metadata?.["payload"] as JsonObject | undefined;
    return { ...current, headers, metadata: r.metadata === undefined ? {} : { [JWT_FILTER]: r.metadata } };
  };
  const authz = runRbacFilters(filters, req, trace, coverage, onJwt);
  if (failed !== undefined) return { kind: "jwtFail", status: failed, providers };
  return { kind: "authz", authz, jwt, providers, headers };
}

/**
 * The RBAC filters in order; `onJwt` runs the jwt_authn filter where it stands (only if no earlier filter denied) and
 * returns the request the later filters see, or undefined for its local reply (the chain stops).
 */
function runRbacFilters(
  filters: readonly HttpFilter[],
  request: RbacRequest,
  trace: string[],
  coverage: CoverageSink | undefined,
  onJwt: (f: HttpFilter, req: RbacRequest) => RbacRequest | undefined,
): AuthzDecision {
  let req = request;
  const dryRun: DryRun[] = [];
  let hasDryRun = false;
  let decision: AuthzDecision | undefined;
  let allowedBy: { policy: string | null; rule: number | null } | undefined;
  for (const f of filters) {
    if (f.name === JWT_FILTER && decision === undefined) {
      const next = onJwt(f, req);
      if (next === undefined) break;
      req = next;
    }
    if (f.name !== RBAC_FILTER || f.configType.oneofKind !== "typedConfig") continue;
    const config = Any.unpack(f.configType.typedConfig, HttpRBAC);
    const shadow = config.shadowRules;
    const dry = config.shadowRulesStatPrefix.startsWith("istio_dry_run_");
    if (shadow !== undefined && dry) hasDryRun = true;
    if (decision !== undefined) continue; // an earlier filter denied: this one never runs
    if (shadow !== undefined && dry) {
      const r = evaluateRbac(shadow, req);
      if (shadow.action === RBAC_Action.DENY && r.effectivePolicy !== undefined)
        dryRun.push({ ...ref(r.effectivePolicy), decision: "DENY" });
      if (shadow.action === RBAC_Action.ALLOW)
        dryRun.push(
          r.allowed ? { ...ref(r.effectivePolicy), decision: "ALLOW" } : { policy: null, decision: "DENY", rule: null },
        );
      trace.push(
        `RBAC shadow rules (${RBAC_Action[shadow.action]}, dry-run): ${r.effectivePolicy ?? "no policy"} matched; not enforced.`,
      );
    }
    const rules = config.rules;
    if (rules === undefined) continue;
    const r = evaluateRbac(rules, req);
    // Coverage: the AUDIT filter (RBAC LOG) never decides, but the rule it matched is exercised.
    const audited =
      rules.action === RBAC_Action.LOG && r.effectivePolicy !== undefined
        ? parsePolicyName(r.effectivePolicy)
        : undefined;
    if (audited !== undefined) coverage?.hit({ kind: "authzRule", ...audited });
    trace.push(
      `RBAC filter (${RBAC_Action[rules.action]}): ${r.effectivePolicy === undefined ? "no policy matched" : `policy '${r.effectivePolicy}' matched`}: ${r.allowed ? "allowed" : "denied (403)"}.`,
    );
    if (!r.allowed) decision = { decision: "DENY", ...ref(r.effectivePolicy) };
    else if (rules.action === RBAC_Action.ALLOW) allowedBy = ref(r.effectivePolicy);
  }
  const final: AuthzDecision = decision ?? { decision: "ALLOW", ...(allowedBy ?? { policy: null, rule: null }) };
  return hasDryRun ? { ...final, dryRun } : final;
}
