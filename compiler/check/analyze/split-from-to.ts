/**
 * An ALLOW policy whose `from` and `to` sit in separate rules. Rules are ORed, and inside a rule `from`, `to` and
 * `when` are ANDed (https://istio.io/latest/docs/reference/config/security/authorization-policy/#Rule), so a rule with
 * only `to` allows those operations from any source: the classic indentation mistake of istio/istio#24665.
 */
import { Messages } from "../../diagnostics/messages.ts";
import { forEachNode, relatedAt, type Rule } from "../_rule.ts";
import { rulesOf } from "./_policy.ts";

/** ALLOW policies with a from-only rule and a to-only rule (MESH2240). */
export const splitFromTo: Rule = forEachNode("authorizationPolicy", (ap, report) => {
  if (ap.action !== "ALLOW") return;
  const rules = rulesOf(ap);
  const only = (has: "from" | "to", lacks: "from" | "to") =>
    rules.findIndex((r) => r[has] !== undefined && r[lacks] === undefined && r.when === undefined);
  const fromOnly = only("from", "to");
  const toOnly = only("to", "from");
  if (fromOnly < 0 || toOnly < 0) return;
  const [first, second] = fromOnly < toOnly ? [fromOnly, toOnly] : [toOnly, fromOnly];
  report(
    Messages.Rule_0_has_only_from_and_rule_1_only_to,
    ["spec", "rules", second],
    [`#${fromOnly}`, `#${toOnly}`],
    [relatedAt(ap, ["spec", "rules", first], Messages.Rule_0_has_only_from_and_rule_1_only_to.related.first, [first])],
  );
});
