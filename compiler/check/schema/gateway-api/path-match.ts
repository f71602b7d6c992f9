/**
 * The `HTTPPathMatch` rules (gateway-api `apis/v1/httproute_types.go`): an `Exact` or `PathPrefix` value must be a
 * clean absolute path. The CRD's messages, verbatim; each rule is `(self.type in ['Exact','PathPrefix']) ? <test> : true`.
 */
import { createDiagnostic, type Diagnostic } from "../../../diagnostics/diagnostic.ts";
import { Messages } from "../../../diagnostics/messages.ts";
import type { FieldPath } from "../../../diagnostics/span.ts";
import type { Checked, RouteMatch, RouteSpec } from "./_types.ts";

const TYPES = "when type one of ['Exact', 'PathPrefix']";

/** [the value breaks the rule, the CRD's message]. */
const RULES: readonly (readonly [(v: string) => boolean, string])[] = [
  [(v) => !v.startsWith("/"), `value must be an absolute path and start with '/' ${TYPES}`],
  ...["//", "/./", "/../", "%2f", "%2F", "#"].map(
    (s) => [(v: string) => v.includes(s), `must not contain '${s}' ${TYPES}`] as const,
  ),
  ...["/..", "/."].map((s) => [(v: string) => v.endsWith(s), `must not end with '${s}' ${TYPES}`] as const),
  [
    (v) => !/^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/.test(v),
    "must only contain valid characters (matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$) for types ['Exact', 'PathPrefix']",
  ],
];

/** The path rules of a rule's matches; `path` defaults to `{type: PathPrefix, value: /}`, `type` to PathPrefix. */
export function pathMatchDiagnostics(
  route: Checked<RouteSpec>,
  matches: readonly RouteMatch[],
  at: FieldPath,
): Diagnostic[] {
  return matches.flatMap((m, i) => {
    const type = m.path?.type ?? "PathPrefix";
    const value = m.path?.value ?? "/";
    if (type !== "Exact" && type !== "PathPrefix") return [];
    return RULES.filter(([breaks]) => breaks(value)).map(([, message]) =>
      createDiagnostic(Messages.Path_match_0_is_invalid_Colon_1, route.at([...at, i, "path", "value"]), [
        value,
        message,
      ]),
    );
  });
}
