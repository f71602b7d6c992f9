/**
 * AuthorizationPolicy, policy level: istio `pkg/config/validation/validation.go` `ValidateAuthorizationPolicy`
 * (selector vs targetRef(s), CUSTOM and `provider`, DENY/CUSTOM without rules, what CUSTOM cannot match on) plus
 * MeshConfig `extensionProviders` and the `istio.io/dry-run` annotation. Rule contents: `authorization-rules.ts`.
 */
import { Messages } from "../../diagnostics/messages.ts";
import type { AuthorizationPolicyNode, MeshIR } from "../../ir/ir.ts";
import type { AuthorizationSource } from "../../ir/istio-api.ts";
import { forEachNode, type Report, type Rule } from "../_rule.ts";
import { checkOneSelectorType, checkWorkloadSelector } from "./_common.ts";

const DRY_RUN = "istio.io/dry-run";
/** istio: with CUSTOM, these sources and condition keys are "currently not supported". */
const CUSTOM_UNSUPPORTED_SOURCES: readonly (keyof AuthorizationSource)[] = [
  "namespaces",
  "notNamespaces",
  "serviceAccounts",
  "notServiceAccounts",
  "principals",
  "notPrincipals",
  "requestPrincipals",
  "notRequestPrincipals",
];

function checkCustom(ir: MeshIR, ap: AuthorizationPolicyNode, report: Report): void {
  const spec = ap.spec;
  const name: unknown = spec.provider?.name;
  const provider = typeof name === "string" ? name : undefined;
  if (spec.rules !== undefined && !provider)
    report(Messages.CUSTOM_needs_provider, spec.provider === undefined ? ["spec", "action"] : ["spec", "provider"]);
  const known = ir.meshConfig.extensionProviders.map((p) => p.name);
  if (provider && !known.includes(provider)) {
    report(
      Messages.Unknown_provider_0,
      ["spec", "provider", "name"],
      [provider, known.length > 0 ? known.join(", ") : "none"],
    );
  }
  (spec.rules ?? []).forEach((rule, i) => {
    (rule.from ?? []).forEach((f, j) => {
      const source = f.source ?? {};
      for (const field of CUSTOM_UNSUPPORTED_SOURCES) {
        if ((source[field] ?? []).length > 0)
          report(Messages.Field_0_not_supported_with_CUSTOM, ["spec", "rules", i, "from", j, "source", field], [field]);
      }
    });
    (rule.when ?? []).forEach((w, j) => {
      const key = typeof w.key === "string" ? w.key : "";
      if (
        ["source.namespace", "source.serviceAccount", "source.principal"].includes(key) ||
        key.startsWith("request.auth.")
      ) {
        report(Messages.Field_0_not_supported_with_CUSTOM, ["spec", "rules", i, "when", j, "key"], [key]);
      }
    });
  });
}

function checkPolicy(ir: MeshIR, ap: AuthorizationPolicyNode, report: Report): void {
  const spec = ap.spec;
  checkOneSelectorType(report, spec);
  checkWorkloadSelector(report, spec.selector, ["spec", "selector"]);
  if (ap.action === "CUSTOM") checkCustom(ir, ap, report);
  else if (spec.provider !== undefined) report(Messages.Provider_only_with_CUSTOM_0, ["spec", "provider"], [ap.action]);
  if ((ap.action === "DENY" || ap.action === "CUSTOM") && spec.rules === undefined)
    report(Messages.Action_0_without_rules, ["spec", "action"], [ap.action]);
  const dryRun = ap.meta.annotations[DRY_RUN];
  if (dryRun !== undefined && dryRun !== "true" && dryRun !== "false") {
    report(Messages.Dry_run_annotation_0_invalid, ["metadata", "annotations", DRY_RUN], [dryRun]);
  }
}

/** Policy-level shape of every AuthorizationPolicy. */
export const authorizationPolicy: Rule = forEachNode("authorizationPolicy", (ap, report, { ir }) =>
  checkPolicy(ir, ap, report),
);
