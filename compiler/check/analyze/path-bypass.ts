/**
 * Authorization paths that can be sidestepped by another spelling of the same resource. Istio matches `paths`
 * literally against the normalized path: `/admin` does not match `/admin/` or `/admin/users`, and a DENY on it
 * leaves those open (https://istio.io/latest/docs/ops/best-practices/security/#authorization-policies and
 * #customize-your-system-on-path-normalization). Reported for what would be let through: DENY `paths` and
 * ALLOW `notPaths` with an exact path that has no prefix companion (`/admin/*` or `/admin*`).
 */
import { Messages } from "../../diagnostics/messages.ts";
import { forEachNode, type Rule } from "../_rule.ts";
import { operations, rulesOf, strings } from "./_policy.ts";

function isExact(path: string): boolean {
  return path.startsWith("/") && !path.includes("*") && !path.includes("{") && path !== "/";
}

/** Exact DENY paths / ALLOW notPaths without a prefix variant (MESH2245). */
export const pathBypass: Rule = forEachNode("authorizationPolicy", (ap, report) => {
  const field = ap.action === "DENY" ? "paths" : ap.action === "ALLOW" ? "notPaths" : undefined;
  if (field === undefined) return;
  const verb = field === "paths" ? "denied" : "excluded";
  rulesOf(ap).forEach((rule, i) => {
    for (const op of operations(rule, i)) {
      const paths = strings(op.body, field);
      paths.forEach((p, k) => {
        if (!isExact(p)) return;
        const base = p.endsWith("/") ? p.slice(0, -1) : p;
        if (paths.some((q) => q === `${base}/*` || q === `${base}*` || q === `${base}/{**}`)) return;
        const variants = p.endsWith("/") ? `'${base}' or '${p}x'` : `'${p}/' or '${p}/x'`;
        report(Messages.Path_0_can_be_bypassed, [...op.path, field, k], [p, variants, verb, `${base}/*`]);
      });
    }
  });
});
