/** PeerAuthentication: istio `pkg/config/validation/validation.go` `ValidatePeerAuthentication`. */
import { Messages } from "../../diagnostics/messages.ts";
import type { PeerAuthenticationNode } from "../../ir/ir.ts";
import { forEachNode, type Report, type Rule } from "../_rule.ts";
import { checkWorkloadSelector } from "./_common.ts";

function checkPeerAuthentication(pa: PeerAuthenticationNode, report: Report): void {
  const spec = pa.spec;
  const ports = spec.portLevelMtls === undefined ? undefined : Object.keys(spec.portLevelMtls ?? {});
  const hasSelector = Object.keys(spec.selector?.matchLabels ?? {}).length > 0;
  // istio: "mesh/namespace peer authentication cannot have port level mTLS"
  if (ports && ports.length > 0 && !hasSelector)
    report(Messages.PortLevelMtls_needs_selector, ["spec", "portLevelMtls"]);
  // istio: "port level mTLS, if defined, must have at least one element"
  if (ports && ports.length === 0)
    report(Messages.Field_0_must_not_be_empty, ["spec", "portLevelMtls"], ["portLevelMtls"]);
  for (const port of ports ?? []) {
    const n = Number(port);
    if (!/^\d+$/.test(port) || n < 1 || n > 65535)
      report(Messages.Port_0_out_of_range, ["spec", "portLevelMtls", port], [port]);
  }
  checkWorkloadSelector(report, spec.selector, ["spec", "selector"]);
}

/** Port-level mTLS and selectors of every PeerAuthentication. */
export const peerAuthentication: Rule = forEachNode("peerAuthentication", checkPeerAuthentication);
