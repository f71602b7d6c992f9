/**
 * The TLSRoute rules that differ between its versions. meshc validates every served version against the v1alpha2
 * schema (scripts/gen-schemas `GATEWAY_API_MODULES`), which is looser than the later ones; what they add is checked
 * here, reported as the schema would report it (MESH2013, MESH2015) or with the CEL rule's message:
 * - v1alpha2 (gateway-api `apis/v1alpha2/tlsroute_types.go`): `hostnames` is optional (`+optional`, MaxItems=16).
 * - v1alpha3 (`apis/v1alpha3/tlsroute_types.go`, gateway-api v1.3.0): `hostnames` is `+required`, MinItems=1.
 * - v1 (`apis/v1/tlsroute_types.go`, gateway-api v1.5.0): `hostnames` is `+required`, MinItems=1, and no hostname
 *   may be an IP; `rules` has MaxItems=1, and a rule's `backendRefs` is `+required`.
 */
import { createDiagnostic, type Diagnostic } from "../../../diagnostics/diagnostic.ts";
import { Messages } from "../../../diagnostics/messages.ts";
import type { Checked, RouteSpec } from "./_types.ts";

const VERSION_PREFIX = "gateway.networking.k8s.io/";

/**
 * CEL's `isIP` (k8s.io/apiserver `library.IP`, Go's `netip.ParseAddr`): an IPv4 address in dotted decimal without
 * leading zeros. (An IPv6 address cannot pass the Hostname pattern the schema checks first.)
 */
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** The version-specific rules of one schema-valid TLSRoute. */
export function tlsRouteVersionDiagnostics(route: Checked<RouteSpec>): Diagnostic[] {
  const version = route.apiVersion.slice(VERSION_PREFIX.length);
  if (version !== "v1alpha3" && version !== "v1") return [];
  const out: Diagnostic[] = [];
  const hostnames = route.spec.hostnames;
  // v1alpha3 and v1: +required, +kubebuilder:validation:MinItems=1
  if (hostnames === undefined)
    out.push(createDiagnostic(Messages.Missing_required_field_0_in_1, route.at(["spec"]), ["hostnames", "spec"]));
  else if (hostnames.length === 0)
    out.push(
      createDiagnostic(Messages.Field_0_is_invalid_Colon_1, route.at(["spec", "hostnames"]), [
        "spec.hostnames",
        "must NOT have fewer than 1 items",
      ]),
    );
  if (version !== "v1") return out;
  // v1: +kubebuilder:validation:XValidation:message="Hostnames cannot contain an IP",rule="self.all(h, !isIP(h))"
  (hostnames ?? []).forEach((h, i) => {
    if (IPV4.test(h))
      out.push(
        createDiagnostic(Messages.Route_hostname_0_is_invalid_Colon_1, route.at(["spec", "hostnames", i]), [
          h,
          "Hostnames cannot contain an IP",
        ]),
      );
  });
  const rules = route.spec.rules ?? [];
  // v1 rules: +kubebuilder:validation:MaxItems=1
  if (rules.length > 1)
    out.push(
      createDiagnostic(Messages.Field_0_is_invalid_Colon_1, route.at(["spec", "rules", 1]), [
        "spec.rules",
        "must NOT have more than 1 items",
      ]),
    );
  // v1 TLSRouteRule.backendRefs: +required
  rules.forEach((rule, i) => {
    if (rule.backendRefs === undefined)
      out.push(
        createDiagnostic(Messages.Missing_required_field_0_in_1, route.at(["spec", "rules", i]), [
          "backendRefs",
          `spec.rules.${i}`,
        ]),
      );
  });
  return out;
}
