/**
 * Authorization `hosts` are compared with the whole Host header, port included, while routing accepts both `host`
 * and `host:port` (istiod generates both domains for a virtual host). So `hosts: [example.com]` does not match
 * `Host: example.com:80`; the upgrade notes for this behaviour ask for `example.com:*` beside it
 * (https://docs.redhat.com/en/documentation/openshift_container_platform/4.6/html/service_mesh/_required-update-for-authorization-policies).
 */
import { Messages } from "../../diagnostics/messages.ts";
import { forEachNode, type Rule } from "../_rule.ts";
import { operations, rulesOf, strings } from "./_policy.ts";

/** `hosts`/`notHosts` entries without a `:*` companion (MESH2246). */
export const hostPortVariants: Rule = forEachNode("authorizationPolicy", (ap, report) => {
  if (ap.action !== "ALLOW" && ap.action !== "DENY") return;
  rulesOf(ap).forEach((rule, i) => {
    for (const op of operations(rule, i)) {
      for (const field of ["hosts", "notHosts"] as const) {
        const hosts = strings(op.body, field);
        hosts.forEach((h, k) => {
          if (h.includes(":") || h.endsWith("*") || hosts.includes(`${h}:*`)) return;
          const effect = field === "notHosts" ? "excluded" : ap.action === "DENY" ? "denied" : "allowed";
          report(Messages.Host_0_without_port_variant, [...op.path, field, k], [h, effect]);
        });
      }
    }
  });
});
