/**
 * Routing on `@request.auth.claims.*` headers needs a RequestAuthentication on the gateway workloads: without one
 * the JWT is never validated and the claim match never succeeds. istioctl analyze IST0149,
 * `pkg/config/analysis/analyzers/virtualservice/jwtclaimroute.go`;
 * https://istio.io/latest/docs/tasks/security/authentication/jwt-route/
 */
import { Messages } from "../../diagnostics/messages.ts";
import type { GatewayNode, RequestAuthenticationNode } from "../../ir/ir.ts";
import { workloadsWithIds } from "../../ir/index-workloads.ts";
import { defineRule, type Rule } from "../_rule.ts";
import { resourceName } from "./_context.ts";

const CLAIM = "@request.auth.claims.";

function appliesToGateway(
  ra: RequestAuthenticationNode,
  gw: GatewayNode,
  workloadNamespaces: readonly string[],
): boolean {
  const s = ra.scope;
  if (s.kind === "mesh") return true;
  if (s.kind === "namespace") return s.namespace === gw.meta.namespace || workloadNamespaces.includes(s.namespace);
  if (s.kind === "workloads") return s.workloads.some((w) => gw.selectedWorkloads.includes(w));
  return false;
}

/** Claim-based routes on gateways without a RequestAuthentication (MESH2206). */
export const jwtClaimRouting: Rule = defineRule(({ ir, nodes, at }) => {
  const gateways = nodes("gateway");
  const ras = nodes("requestAuthentication");
  for (const vs of nodes("virtualService")) {
    const report = at(vs);
    const bound = gateways.filter((g) => vs.gateways.includes(resourceName(g)));
    const unprotected = bound.filter((g) => {
      const namespaces = workloadsWithIds(ir, g.selectedWorkloads).map((w) => w.namespace);
      return !ras.some((ra) => appliesToGateway(ra, g, namespaces));
    });
    if (unprotected.length === 0) continue;
    (vs.spec.http ?? []).forEach((r, i) => {
      (r.match ?? []).forEach((m, j) => {
        for (const name of Object.keys(m.headers ?? {})) {
          if (!name.startsWith(CLAIM)) continue;
          const claim = name.slice(CLAIM.length);
          for (const gw of unprotected)
            report(
              Messages.JWT_claim_routing_without_RequestAuthentication_for_gateway_0,
              ["spec", "http", i, "match", j, "headers", name],
              [claim, resourceName(gw)],
            );
        }
      });
    });
  }
});
