/**
 * The `spec.addresses` rules of a Gateway (gateway-api `apis/v1/gateway_types.go`, `GatewaySpec.Addresses` and
 * `GatewaySpecAddress`, as of v1.1.0 where `value` became optional): a Hostname address is a host name, and no
 * IPAddress or Hostname value is listed twice. The CRD's messages, verbatim; `type` defaults to IPAddress before the
 * rules run. (`<gateway:validateIPAddress>`, an IPAddress value being an IPv4 or IPv6 address, is in the schema.)
 */
import { createDiagnostic, type Diagnostic } from "../../../diagnostics/diagnostic.ts";
import { Messages } from "../../../diagnostics/messages.ts";
import type { Checked, GatewayAddress, GatewaySpec } from "./_types.ts";

const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const typeOf = (a: GatewayAddress) => a.type ?? "IPAddress";

/** The address rules of one schema-valid Gateway, each at the offending address's value. */
export function addressDiagnostics(gw: Checked<GatewaySpec>): Diagnostic[] {
  const addresses = gw.spec.addresses ?? [];
  return addresses.flatMap((a, i) => {
    const at = ["spec", "addresses", i, a.value === undefined ? "type" : "value"];
    const invalid = (message: string) =>
      createDiagnostic(Messages.Gateway_address_0_is_invalid_Colon_1, gw.at(at), [a.value ?? "", message]);
    const out: Diagnostic[] = [];
    // GatewaySpecAddress rule: self.type == 'Hostname' ? (!has(self.value) || self.value.matches(<HOSTNAME>)) : true
    if (typeOf(a) === "Hostname" && a.value !== undefined && !HOSTNAME.test(a.value))
      out.push(
        invalid(
          "Hostname value must be empty or contain only valid characters (matching ^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$)",
        ),
      );
    // rules: self.all(a1, a1.type == 'IPAddress' && has(a1.value) ? self.exists_one(a2, a2.type == a1.type &&
    //   has(a2.value) && a2.value == a1.value) : true), and the same for 'Hostname' (reported at the later one)
    const type = typeOf(a);
    if (
      (type === "IPAddress" || type === "Hostname") &&
      a.value !== undefined &&
      addresses.findIndex((o) => typeOf(o) === type && o.value === a.value) < i
    )
      out.push(invalid(`${type} values must be unique`));
    return out;
  });
}
