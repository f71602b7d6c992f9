/**
 * HTTP-only fields (methods, paths, hosts, request principals, request headers and JWT claims) in a rule that applies
 * to a TCP port. The TCP RBAC filter cannot evaluate them: in an ALLOW policy the rule is dropped for that port, in a
 * DENY policy the HTTP conditions are dropped and the rule denies more than written
 * (https://istio.io/latest/docs/tasks/security/authorization/authz-tcp/; istio `pilot/pkg/security/authz/model/model.go`,
 * `forTCP`). Rules that use only HTTP fields in a DENY policy are reported by MESH2141 already.
 */
import { Messages } from "../../diagnostics/messages.ts";
import type { AuthorizationRule } from "../../ir/istio-api.ts";
import { isHttpProtocol } from "../../ir/protocol.ts";
import { forEachNode, type Rule } from "../_rule.ts";
import { workloadPorts } from "./_context.ts";
import { enforcingWorkloads, operations, rulesOf, sources, strings } from "./_policy.ts";
import { HTTP_OPERATION_FIELDS, HTTP_SOURCE_FIELDS, TCP_SOURCE_FIELDS } from "../../ir/authz-fields.ts";

function httpFields(rule: AuthorizationRule, i: number): string[] {
  const fields = [
    ...sources(rule, i).flatMap((s) => HTTP_SOURCE_FIELDS.filter((f) => strings(s.body, f).length > 0)),
    ...operations(rule, i).flatMap((o) => HTTP_OPERATION_FIELDS.filter((f) => strings(o.body, f).length > 0)),
    ...(rule.when ?? []).map((w) => (typeof w.key === "string" ? w.key : "")).filter((k) => k.startsWith("request.")),
  ];
  return [...new Set(fields)];
}

function hasTcpAttribute(rule: AuthorizationRule, i: number): boolean {
  return (
    sources(rule, i).some((s) => TCP_SOURCE_FIELDS.some((f) => strings(s.body, f).length > 0)) ||
    operations(rule, i).some((o) => strings(o.body, "ports").length + strings(o.body, "notPorts").length > 0)
  );
}

/** Whether the rule's `ports`/`notPorts` let it apply to `port`. */
function ruleCoversPort(rule: AuthorizationRule, i: number, port: number): boolean {
  return operations(rule, i).every((o) => {
    const ports = strings(o.body, "ports");
    return (ports.length === 0 || ports.includes(String(port))) && !strings(o.body, "notPorts").includes(String(port));
  });
}

/** HTTP-only fields in rules that apply to TCP ports (MESH2243). */
export const httpFieldsOnTcp: Rule = forEachNode("authorizationPolicy", (ap, report, { ir }) => {
  if (ap.action !== "ALLOW" && ap.action !== "DENY") return;
  const workloads = enforcingWorkloads(ir, ap);
  rulesOf(ap).forEach((rule, i) => {
    const fields = httpFields(rule, i);
    if (fields.length === 0) return;
    if (ap.action === "DENY" && !hasTcpAttribute(rule, i)) return; // MESH2141
    for (const w of workloads) {
      const tcp = workloadPorts(ir, w.id).find(
        (p) => !isHttpProtocol(p.protocol) && p.protocol !== "UNKNOWN" && ruleCoversPort(rule, i, p.targetPort),
      );
      if (tcp === undefined) continue;
      const effect =
        ap.action === "ALLOW"
          ? "the rule is ignored there and allows nothing"
          : "the HTTP conditions are dropped and the rule denies more than written";
      report(
        Messages.HTTP_fields_0_on_TCP_port_1_of_2,
        ["spec", "rules", i],
        [fields.join(", "), tcp.targetPort, w.id, effect],
      );
      return;
    }
  });
});
