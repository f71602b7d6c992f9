/**
 * Authorization compiled for one server sidecar and one connection (`../authorization.ts` `authorize` explains the
 * same decision in the trace). What a rule reads of the connection — peer identity, source and destination IP,
 * port, SNI — is fixed per endpoint of a plan, so those conditions are decided here, and a rule that cannot match
 * that connection is dropped; only `hosts`, `methods`, `paths` and header conditions remain per request. Decision
 * objects are built once and shared (frozen) between results.
 */
import type { AuthorizationPolicyNode, MeshIR, WorkloadNode } from "../../../ir/ir.ts";
import type { AuthorizationRule } from "../../../ir/istio-api.ts";
import type { AuthzDecision } from "../../types.ts";
import { byAction, policiesFor, policyRef, type Entry } from "../authorization.ts";
import { conditionAttr, OPERATION, sourceAttrs, type Attr, type AuthzRequest } from "../authz-match.ts";
import { pathTemplateRegex, wildcardMatch } from "../authz-values.ts";
import { re2Compile } from "../string-match.ts";
import { allOf, anyOf, not, test, type Ctx, type Pred } from "./predicate.ts";
import type { Interner } from "./intern.ts";

/** The connection facts a rule may read; the request's HTTP attributes are left empty. */
export type Connection = Pick<
  AuthzRequest,
  "principal" | "sourceIp" | "remoteIp" | "port" | "destinationIp" | "sni" | "trustDomains"
>;

/** A decision with its value identity (equal ids ⇔ equal JSON), for merging outcomes. */
export interface Decided {
  readonly value: AuthzDecision;
  readonly id: number;
}

type DryEntry = NonNullable<AuthzDecision["dryRun"]>[number];

/** `fieldCheck` for one field's values: some value matches (or, negated, none does). */
function field(
  name: string,
  attr: Attr,
  values: readonly string[] | undefined,
  negated: boolean,
  dynamic: boolean,
  conn: AuthzRequest,
): Pred {
  if (values === undefined) return true;
  let any: Pred;
  if (!dynamic) any = values.some((v) => attr.match(v, conn));
  else if (name === "paths" || name === "notPaths") {
    any = anyOf(
      values.map((v): Pred => {
        const re = pathTemplateRegex(v);
        // `pathMatches` without re-testing for a template on every request.
        if (re === undefined) return (c) => wildcardMatch(v, c.path);
        const prog = re2Compile(re);
        return prog === null ? false : (c) => prog.matches(c.path);
      }),
    );
  } else
    any = anyOf(
      values.map(
        (v): Pred =>
          (c) =>
            attr.match(v, c),
      ),
    );
  return negated ? not(any) : any;
}

const DYNAMIC_OPERATION = new Set(["hosts", "methods", "paths"]);

function fields(
  spec: Readonly<Record<string, readonly string[] | undefined>>,
  attrs: Record<string, Attr>,
  dynamic: (field: string) => boolean,
  conn: AuthzRequest,
): Pred {
  const parts: Pred[] = [];
  for (const [name, attr] of Object.entries(attrs)) {
    const notName = `not${name[0]!.toUpperCase()}${name.slice(1)}`;
    parts.push(
      field(name, attr, spec[name], false, dynamic(name), conn),
      field(notName, attr, spec[notName], true, dynamic(name), conn),
    );
  }
  return allOf(parts);
}

/** `matchRule`: any `from` AND any `to` AND every `when`; an unsupported `when` key drops the rule. */
function compileRule(rule: AuthorizationRule, policyNs: string, conn: AuthzRequest): Pred {
  if ((rule.when ?? []).some((c) => conditionAttr(c.key, policyNs) === undefined)) return false;
  const from = (rule.from ?? []).map((f) =>
    fields((f.source ?? {}) as Record<string, readonly string[]>, sourceAttrs(policyNs), () => false, conn),
  );
  const to = (rule.to ?? []).map((t) =>
    fields((t.operation ?? {}) as Record<string, readonly string[]>, OPERATION, (f) => DYNAMIC_OPERATION.has(f), conn),
  );
  const when = (rule.when ?? []).map((c) => {
    const attr = conditionAttr(c.key, policyNs)!;
    const dynamic = c.key.startsWith("request.headers[");
    return allOf([
      field("values", attr, c.values, false, dynamic, conn),
      field("notValues", attr, c.notValues, true, dynamic, conn),
    ]);
  });
  return allOf([from.length === 0 ? true : anyOf(from), to.length === 0 ? true : anyOf(to), ...when]);
}

interface Compiled {
  readonly entry: Entry;
  readonly pred: Pred;
}

function compileList(list: readonly Entry[], conn: AuthzRequest): Compiled[] {
  const out: Compiled[] = [];
  for (const entry of list) {
    const rule = entry.policy.spec.rules?.[entry.rule];
    const pred = rule === undefined ? false : compileRule(rule, entry.policy.meta.namespace, conn);
    if (pred !== false) out.push({ entry, pred });
  }
  return out;
}

function first(list: readonly Compiled[], c: Ctx): number {
  for (let i = 0; i < list.length; i++) if (test(list[i]!.pred, c)) return i;
  return -1;
}

/** A server's authorization for one connection: `decide(ctx)` gives the same decision as `authorize`. */
export interface CompiledAuthz {
  decide(c: Ctx): Decided;
}

/** `authorize` for `workload`'s sidecar, specialized to one connection; rules are compiled once, here. */
export function compileAuthz(
  ir: MeshIR,
  intern: Interner,
  workload: WorkloadNode,
  connection: Connection,
): CompiledAuthz {
  const conn: AuthzRequest = { ...connection, authority: "", method: "", path: "", headers: {} };
  const decided = (value: AuthzDecision): Decided => ({ value: Object.freeze(value), id: intern(value) });
  const policies = policiesFor(ir, workload);
  if (policies.length === 0) {
    const allow = decided({ decision: "ALLOW", policy: null, rule: null });
    return { decide: () => allow };
  }
  const hasDry = policies.some((p) => p.dryRun && (p.action === "ALLOW" || p.action === "DENY"));
  const lists = (action: AuthorizationPolicyNode["action"], dryRun: boolean) =>
    compileList(byAction(policies, action, dryRun), conn);
  const customAll = byAction(policies, "CUSTOM", false);
  const providers = new Set(customAll.map((e) => e.policy.spec.provider?.name ?? ""));
  const custom = compileList(customAll, conn).map((c) => {
    const name = c.entry.policy.spec.provider?.name ?? "";
    const known = ir.meshConfig.extensionProviders.some((p) => p.name === name);
    // A usable provider is assumed to allow: evaluation goes on (see `custom` in authorization.ts).
    return { ...c, denies: !known || providers.size > 1 };
  });
  const dryDeny = lists("DENY", true);
  const deny = lists("DENY", false);
  const dryAllowAll = byAction(policies, "ALLOW", true);
  const dryAllow = compileList(dryAllowAll, conn);
  const allowAll = byAction(policies, "ALLOW", false);
  const allow = compileList(allowAll, conn);

  const mains: AuthzDecision[] = [];
  const main = (d: AuthzDecision): number => mains.push(d) - 1;
  const customDeny = custom.map((c) =>
    main({ decision: "DENY", policy: policyRef(c.entry.policy), rule: c.entry.rule }),
  );
  const denyOf = deny.map((c) => main({ decision: "DENY", policy: policyRef(c.entry.policy), rule: c.entry.rule }));
  const allowOf = allow.map((c) => main({ decision: "ALLOW", policy: policyRef(c.entry.policy), rule: c.entry.rule }));
  const allowDefault = main({ decision: "ALLOW", policy: null, rule: null });
  const denyDefault = main({ decision: "DENY", policy: null, rule: null });
  const dryDenyOf = dryDeny.map(
    (c): DryEntry => ({ policy: policyRef(c.entry.policy), decision: "DENY", rule: c.entry.rule }),
  );
  const dryAllowOf = dryAllow.map(
    (c): DryEntry => ({ policy: policyRef(c.entry.policy), decision: "ALLOW", rule: c.entry.rule }),
  );
  const dryAllowNone: DryEntry = { policy: null, decision: "DENY", rule: null };

  // Results by (main decision, dry-run DENY hit, dry-run ALLOW hit): built on first use.
  const memo = new Map<number, Decided>();
  const D = dryDeny.length + 2;
  const A = dryAllow.length + 3;
  /** `dd`: -2 not evaluated, -1 no match, i; `da`: -3 not evaluated, -2 no dry-run ALLOW policy, -1 no match, i. */
  const result = (m: number, dd: number, da: number): Decided => {
    const key = (m * D + dd + 2) * A + da + 3;
    let r = memo.get(key);
    if (r === undefined) {
      const base = mains[m]!;
      if (!hasDry) r = decided(base);
      else {
        const dry: DryEntry[] = [];
        if (dd >= 0) dry.push(dryDenyOf[dd]!);
        if (da >= 0) dry.push(dryAllowOf[da]!);
        else if (da === -1) dry.push(dryAllowNone);
        r = decided({ ...base, dryRun: dry });
      }
      memo.set(key, r);
    }
    return r;
  };

  return {
    decide(c) {
      for (let i = 0; i < custom.length; i++) {
        if (test(custom[i]!.pred, c)) {
          if (custom[i]!.denies) return result(customDeny[i]!, -2, -3);
          break;
        }
      }
      const dd = first(dryDeny, c);
      const d = first(deny, c);
      if (d >= 0) return result(denyOf[d]!, dd, -3);
      const da = dryAllowAll.length === 0 ? -2 : first(dryAllow, c);
      if (allowAll.length === 0) return result(allowDefault, dd, da);
      const a = first(allow, c);
      return result(a >= 0 ? allowOf[a]! : denyDefault, dd, da);
    },
  };
}
