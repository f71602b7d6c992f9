/**
 * Lists the route CRDs key by name (`+listType=map`, `+listMapKey=name`) or hold as sets (`+listType=set`): the API
 * server refuses a duplicate key ("Duplicate value", k8s.io/apiextensions-apiserver `listtype.ValidateListSetsAndMaps`;
 * keys compare exactly, so `X-A` and `x-a` are two keys). gateway-api `apis/v1/httproute_types.go`:
 * HTTPRouteMatch.headers and .queryParams, HTTPHeaderFilter.set and .add (maps by name) and .remove (a set);
 * GRPCRouteMatch.headers (a map by name).
 */
import { createDiagnostic, type Diagnostic } from "../../../diagnostics/diagnostic.ts";
import { Messages } from "../../../diagnostics/messages.ts";
import type { FieldPath } from "../../../diagnostics/span.ts";
import type { Checked, HeaderFilter, RouteFilter, RouteRule, RouteSpec } from "./_types.ts";

/** A diagnostic at each item whose key an earlier item already has. */
function duplicates(
  route: Checked<RouteSpec>,
  keys: readonly string[],
  at: FieldPath,
  keyedBy: "name" | "value",
): Diagnostic[] {
  return keys.flatMap((key, i) =>
    keys.indexOf(key) < i
      ? [
          createDiagnostic(Messages.Duplicate_value_0_in_a_list_keyed_by_1, route.at([...at, i]), [
            keyedBy === "name" ? `{"name":${JSON.stringify(key)}}` : JSON.stringify(key),
            keyedBy,
          ]),
        ]
      : [],
  );
}

function headerFilterDiagnostics(route: Checked<RouteSpec>, f: HeaderFilter | undefined, at: FieldPath): Diagnostic[] {
  if (f === undefined) return [];
  return [
    ...duplicates(
      route,
      (f.set ?? []).map((h) => h.name),
      [...at, "set"],
      "name",
    ),
    ...duplicates(
      route,
      (f.add ?? []).map((h) => h.name),
      [...at, "add"],
      "name",
    ),
    ...duplicates(route, f.remove ?? [], [...at, "remove"], "value"),
  ];
}

function filtersDiagnostics(route: Checked<RouteSpec>, filters: readonly RouteFilter[], at: FieldPath): Diagnostic[] {
  return filters.flatMap((f, j) => [
    ...headerFilterDiagnostics(route, f.requestHeaderModifier, [...at, j, "requestHeaderModifier"]),
    ...headerFilterDiagnostics(route, f.responseHeaderModifier, [...at, j, "responseHeaderModifier"]),
  ]);
}

/** The list-key rules of one HTTPRoute or GRPCRoute rule. */
export function listKeyDiagnostics(route: Checked<RouteSpec>, rule: RouteRule, at: FieldPath): Diagnostic[] {
  return [
    ...(rule.matches ?? []).flatMap((m, i) => [
      ...duplicates(
        route,
        (m.headers ?? []).map((h) => h.name),
        [...at, "matches", i, "headers"],
        "name",
      ),
      ...duplicates(
        route,
        (m.queryParams ?? []).map((q) => q.name),
        [...at, "matches", i, "queryParams"],
        "name",
      ),
    ]),
    ...filtersDiagnostics(route, rule.filters ?? [], [...at, "filters"]),
    ...(rule.backendRefs ?? []).flatMap((r, k) =>
      filtersDiagnostics(route, r.filters ?? [], [...at, "backendRefs", k, "filters"]),
    ),
  ];
}
