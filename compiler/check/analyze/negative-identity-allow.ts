/**
 * ALLOW with `notPrincipals` / `notNamespaces` / `notServiceAccounts`: a plaintext request has no identity, so "not
 * one of these" is true for it and the rule allows it. Istio's guidance is ALLOW with positive matching
 * (https://istio.io/latest/docs/ops/best-practices/security/#use-allow-with-positive-matching-and-deny-with-negative-match-patterns).
 * Only a problem where the workload accepts plaintext (PeerAuthentication not STRICT).
 */
import { Messages } from "../../diagnostics/messages.ts";
import { forEachNode, type Rule } from "../_rule.ts";
import { effectiveMtls } from "./_context.ts";
import { enforcingWorkloads, rulesOf, sources, strings } from "./_policy.ts";
import { NEGATED_IDENTITY_SOURCE_FIELDS } from "../../ir/authz-fields.ts";

/** ALLOW rules with negative identity fields on plaintext-accepting workloads (MESH2242). */
export const negativeIdentityAllow: Rule = forEachNode("authorizationPolicy", (ap, report, { ir }) => {
  if (ap.action !== "ALLOW") return;
  const open = enforcingWorkloads(ir, ap).find((w) => effectiveMtls(ir, w) !== "STRICT");
  if (open === undefined) return;
  rulesOf(ap).forEach((rule, i) => {
    for (const source of sources(rule, i)) {
      for (const field of NEGATED_IDENTITY_SOURCE_FIELDS) {
        if (strings(source.body, field).length === 0) continue;
        const positive = field.slice(3, 4).toLowerCase() + field.slice(4);
        report(Messages.ALLOW_with_0_allows_plaintext_to_1, [...source.path, field], [field, open.id, positive]);
      }
    }
  });
});
