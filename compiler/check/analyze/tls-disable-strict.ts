/**
 * A DestinationRule with TLS mode DISABLE towards workloads whose PeerAuthentication is STRICT: the client sends
 * plaintext, the server accepts only mTLS, and the connection is reset (503). Istio's troubleshooting guide,
 * https://istio.io/latest/docs/ops/common-problems/network-issues/#503-errors-after-setting-destination-rule ;
 * IST0113 (MTLSPolicyConflict) reported this until it was retired.
 */
import { Messages } from "../../diagnostics/messages.ts";
import type { PortTrafficPolicy } from "../../ir/istio-api.ts";
import { compareByCreationTime } from "../../ir/creation-order.ts";
import { serviceByFqdn } from "../../ir/ir.ts";
import { workloadsWithIds } from "../../ir/index-workloads.ts";
import { forEachNode, type Rule } from "../_rule.ts";
import { effectiveMtls } from "./_context.ts";

/** TLS DISABLE towards STRICT workloads (MESH2247). */
export const tlsDisableStrict: Rule = forEachNode("destinationRule", (dr, report, { ir, nodes }) => {
  const svc = serviceByFqdn(ir, dr.host);
  if (svc === undefined) return;
  // Rules for one host in one namespace are merged oldest first: an older rule's traffic policy, or its subset of the
  // same name, is the one applied (ir/destination-rules.ts, push_context.go `setDestinationRules`).
  const older = nodes("destinationRule").filter(
    (o) =>
      o !== dr &&
      o.meta.namespace === dr.meta.namespace &&
      o.host === dr.host &&
      (o.selectedWorkloads === undefined) === (dr.selectedWorkloads === undefined) &&
      compareByCreationTime(o, dr) < 0,
  );
  const policies: [PortTrafficPolicy | undefined, (string | number)[]][] = [];
  if (!older.some((o) => o.spec.trafficPolicy !== undefined)) {
    policies.push([dr.spec.trafficPolicy, ["spec", "trafficPolicy"]]);
    (dr.spec.trafficPolicy?.portLevelSettings ?? []).forEach((p, i) =>
      policies.push([p, ["spec", "trafficPolicy", "portLevelSettings", i]]),
    );
  }
  (dr.spec.subsets ?? []).forEach((s, i) => {
    if (!older.some((o) => (o.spec.subsets ?? []).some((x) => x.name === s.name)))
      policies.push([s.trafficPolicy, ["spec", "subsets", i, "trafficPolicy"]]);
  });
  for (const [policy, path] of policies) {
    if (policy?.tls?.mode !== "DISABLE") continue;
    const port = policy.port?.number;
    const target = svc.ports.find((p) => p.port === port)?.targetPort;
    const strict = workloadsWithIds(ir, svc.workloads).find(
      (w) => w.sidecar && effectiveMtls(ir, w, target) === "STRICT",
    );
    if (strict)
      report(
        Messages.TLS_DISABLE_towards_STRICT_workload_0,
        [...path, "tls", "mode"],
        [dr.spec.host ?? dr.host, strict.id],
      );
  }
});
