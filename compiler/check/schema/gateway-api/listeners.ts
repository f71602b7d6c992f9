/**
 * The `x-kubernetes-validations` of a Gateway's listeners (gateway-api `apis/v1/gateway_types.go`, `GatewaySpec.Listeners`
 * and `ListenerTLSConfig`): the API server refuses a Gateway that breaks one, so each is an error at the listener.
 */
import { createDiagnostic, type Diagnostic } from "../../../diagnostics/diagnostic.ts";
import { Messages } from "../../../diagnostics/messages.ts";
import { addressDiagnostics } from "./addresses.ts";
import { frontendTlsDiagnostics } from "./frontend-tls.ts";
import type { Checked, GatewaySpec, Listener } from "./_types.ts";

/** `has(l.hostname)`: the CEL rules tell an absent hostname from a present one (even ""). */
const hasHostname = (l: Listener) => l.hostname !== undefined;

/** The rules over each listener on its own. */
function listenerDiagnostics(gw: Checked<GatewaySpec>, l: Listener, i: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = ["spec", "listeners", i];
  // rule: self.all(l, l.protocol in ['HTTP', 'TCP', 'UDP'] ? !has(l.tls) : true)
  if (["HTTP", "TCP", "UDP"].includes(l.protocol) && l.tls !== undefined)
    out.push(createDiagnostic(Messages.Listener_0_tls_must_not_be_specified, gw.at([...at, "tls"]), [l.name]));
  // rule: self.all(l, (l.protocol == 'HTTPS' && has(l.tls)) ? (l.tls.mode == '' || l.tls.mode == 'Terminate') : true)
  if (l.protocol === "HTTPS" && l.tls?.mode === "Passthrough")
    out.push(createDiagnostic(Messages.Listener_0_tls_mode_must_be_Terminate, gw.at([...at, "tls", "mode"]), [l.name]));
  // rule: self.all(l, l.protocol in ['TCP', 'UDP'] ? (!has(l.hostname) || l.hostname == '') : true)
  if (["TCP", "UDP"].includes(l.protocol) && hasHostname(l) && l.hostname !== "")
    out.push(
      createDiagnostic(Messages.Listener_0_hostname_must_not_be_specified, gw.at([...at, "hostname"]), [l.name]),
    );
  // ListenerTLSConfig rule: self.mode == 'Terminate' ? size(self.certificateRefs) > 0 || size(self.options) > 0 : true
  // (`mode` defaults to Terminate before the rule runs; an absent list fails the rule with "no such key").
  const tls = l.tls;
  if (
    tls !== undefined &&
    (tls.mode ?? "Terminate") === "Terminate" &&
    (tls.certificateRefs ?? []).length === 0 &&
    Object.keys(tls.options ?? {}).length === 0
  )
    out.push(createDiagnostic(Messages.Listener_0_needs_certificateRefs_or_options, gw.at([...at, "tls"]), [l.name]));
  return out;
}

/** The rules across listeners: unique names, unique port/protocol/hostname combinations (reported at the later one). */
function uniquenessDiagnostics(gw: Checked<GatewaySpec>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const listeners = gw.spec.listeners;
  listeners.forEach((l, i) => {
    // rule: self.all(l1, self.exists_one(l2, l1.name == l2.name))
    if (listeners.findIndex((o) => o.name === l.name) < i)
      out.push(
        createDiagnostic(Messages.Listener_name_0_is_not_unique, gw.at(["spec", "listeners", i, "name"]), [l.name]),
      );
    // rule: self.all(l1, self.exists_one(l2, l1.port == l2.port && l1.protocol == l2.protocol &&
    //   (has(l1.hostname) && has(l2.hostname) ? l1.hostname == l2.hostname : !has(l1.hostname) && !has(l2.hostname))))
    const first = listeners.findIndex(
      (o) =>
        o.port === l.port &&
        o.protocol === l.protocol &&
        (hasHostname(o) && hasHostname(l) ? o.hostname === l.hostname : !hasHostname(o) && !hasHostname(l)),
    );
    if (first < i)
      out.push(
        createDiagnostic(
          Messages.Listener_0_repeats_the_port_protocol_and_hostname_of_1,
          gw.at(["spec", "listeners", i]),
          [l.name, listeners[first]!.name],
        ),
      );
  });
  return out;
}

/** The rules of one schema-valid Gateway: its listeners', its addresses' and its frontend TLS's. */
export function gatewayRuleDiagnostics(gw: Checked<GatewaySpec>): Diagnostic[] {
  return [
    ...gw.spec.listeners.flatMap((l, i) => listenerDiagnostics(gw, l, i)),
    ...uniquenessDiagnostics(gw),
    ...addressDiagnostics(gw),
    ...frontendTlsDiagnostics(gw),
  ];
}
