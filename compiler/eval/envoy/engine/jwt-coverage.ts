/**
 * Coverage of RequestAuthentication JWT rules from the Envoy side: a provider `origins-<i>` that verified a token is
 * the i-th of the proxy's JWT rules in istiod's consolidated order (policy_applier.go `newPolicyApplier`, which the
 * emitter follows), so its name leads back to the policy and rule, as RBAC policy names lead back to
 * AuthorizationPolicy rules (authz.ts `parsePolicyName`). Only names are read from the IR, never decisions.
 */
import type { WorkloadNode } from "../../../ir/ir.ts";
import { consolidatedJwtRules, requestAuthenticationsOf } from "../../../ir/request-authn.ts";
import type { MeshIR } from "../../../ir/ir.ts";
import type { CoverageSink } from "../../coverage.ts";

/** Reports the JWT rules behind the providers that verified a token at `proxy` (a sidecar or gateway pod). */
export function jwtCoverage(
  ctx: { readonly ir: MeshIR; readonly coverage?: CoverageSink | undefined },
  proxy: WorkloadNode,
  providers: readonly string[],
): void {
  if (ctx.coverage === undefined || providers.length === 0) return;
  const declared = ctx.ir.workloads.some((w) => w.id === proxy.id);
  const ras = requestAuthenticationsOf(ctx.ir, {
    workload: declared ? proxy : undefined,
    namespace: proxy.namespace,
    labels: proxy.labels,
  });
  const rules = consolidatedJwtRules(ras);
  for (const name of new Set(providers)) {
    const rule = rules[Number(name.slice("origins-".length))];
    const policy = ras.find((p) => rule !== undefined && p.spec.jwtRules?.includes(rule));
    if (policy !== undefined)
      ctx.coverage.hit({
        kind: "jwtRule",
        policy: `${policy.meta.namespace}/${policy.meta.name}`,
        rule: policy.spec.jwtRules!.indexOf(rule!),
      });
  }
}
