/**
 * The `HTTPRequestMirrorFilter` and `Fraction` rules (gateway-api `apis/v1/httproute_types.go` `HTTPRouteFilter.RequestMirror`,
 * `grpcroute_types.go` `GRPCRouteFilter.RequestMirror`, `shared_types.go` `Fraction`): a mirror takes a share of the
 * requests as `percent` or as `fraction`, never both, and a fraction is at most 1. The CRD's messages, verbatim.
 */
import { createDiagnostic, type Diagnostic } from "../../../diagnostics/diagnostic.ts";
import { Messages } from "../../../diagnostics/messages.ts";
import type { FieldPath } from "../../../diagnostics/span.ts";
import type { Checked, RouteFilter, RouteSpec } from "./_types.ts";

/** The mirror rules of a list of filters (a rule's, or a backendRef's) at `at`. */
export function mirrorDiagnostics(
  route: Checked<RouteSpec>,
  filters: readonly RouteFilter[],
  at: FieldPath,
): Diagnostic[] {
  return filters.flatMap((f, j) => {
    const mirror = f.requestMirror;
    if (mirror === undefined) return [];
    const here: FieldPath = [...at, j, "requestMirror"];
    const out: Diagnostic[] = [];
    // rule: !(has(self.percent) && has(self.fraction))
    if (mirror.percent !== undefined && mirror.fraction !== undefined)
      out.push(
        createDiagnostic(Messages.RequestMirror_filter_is_invalid_Colon_0, route.at(here), [
          "Only one of percent or fraction may be specified in HTTPRequestMirrorFilter",
        ]),
      );
    // Fraction rule: self.numerator <= self.denominator (`denominator` defaults to 100 before the rule runs)
    const fraction = mirror.fraction;
    if (fraction !== undefined && fraction.numerator > (fraction.denominator ?? 100))
      out.push(
        createDiagnostic(Messages.RequestMirror_filter_is_invalid_Colon_0, route.at([...here, "fraction"]), [
          "numerator must be less than or equal to denominator",
        ]),
      );
    return out;
  });
}
