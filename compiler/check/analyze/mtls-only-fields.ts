/**
 * `principals`, `namespaces` and `serviceAccounts` are read from the peer's mTLS certificate, so they never match a
 * plaintext request (https://istio.io/latest/docs/reference/config/security/authorization-policy/#Source: "This field
 * requires mTLS enabled"). On a workload that also accepts plaintext (PeerAuthentication not STRICT), an ALLOW rule on
 * them denies plaintext callers, and a DENY rule on them lets plaintext callers through.
 */
import { Messages } from "../../diagnostics/messages.ts";
import { forEachNode, type Rule } from "../_rule.ts";
import { effectiveMtls } from "./_context.ts";
import { enforcingWorkloads, rulesOf, sources, strings } from "./_policy.ts";
import { IDENTITY_SOURCE_FIELDS } from "../../ir/authz-fields.ts";

/** mTLS-only source fields on workloads that accept plaintext (MESH2241). */
export const mtlsOnlyFields: Rule = forEachNode("authorizationPolicy", (ap, report, { ir }) => {
  if (ap.action !== "ALLOW" && ap.action !== "DENY") return;
  const open = enforcingWorkloads(ir, ap).find((w) => effectiveMtls(ir, w) !== "STRICT");
  if (open === undefined) return;
  const effect =
    ap.action === "ALLOW"
      ? "so this rule denies its plaintext callers"
      : "so plaintext callers are not denied by this rule";
  rulesOf(ap).forEach((rule, i) => {
    for (const source of sources(rule, i)) {
      for (const field of IDENTITY_SOURCE_FIELDS) {
        if (strings(source.body, field).length > 0)
          report(
            Messages.Field_0_needs_mTLS_but_1_accepts_plaintext,
            [...source.path, field],
            [field, open.id, effect],
          );
      }
    }
  });
});
