/**
 * Route and Gateway verdicts as istiod writes them in status (istio `pilot/pkg/config/kube/gateway/conditions.go`
 * `createRouteStatus`, `reportGatewayStatus`, `reportListenerCondition`), and the diagnostics meshc reports for the
 * conditions that are False.
 */
import { createDiagnostic, type Diagnostic } from "../../diagnostics/diagnostic.ts";
import { Messages } from "../../diagnostics/messages.ts";
import { spanOf, type ConfigError, type ParentRef } from "./_model.ts";
import type { ConvertedGateway } from "./gateways.ts";
import type { RouteResult } from "./route-collections.ts";

/** One `status.parents[]` entry: the parentRef and its Accepted / ResolvedRefs conditions. */
export interface RouteParentVerdict {
  readonly ref: ParentRef;
  readonly refIndex: number;
  /** undefined when Accepted is True. */
  readonly notAccepted: ConfigError | undefined;
  /** undefined when ResolvedRefs is True. */
  readonly unresolved: ConfigError | undefined;
}

/**
 * `createRouteStatus`: one entry per distinct parentRef; it is accepted when any of its candidate parents (listeners)
 * accepted it, else the denial of the most telling kind is reported (NotAllowedByListeners before
 * NoMatchingListenerHostname before NoMatchingParent), messages of equal rank joined.
 */
export function routeVerdicts(result: RouteResult): RouteParentVerdict[] {
  const rank = (e: ConfigError | undefined) =>
    e === undefined
      ? 0
      : ({ NotAllowedByListeners: 1, NoMatchingListenerHostname: 2, NoMatchingParent: 4 }[e.reason] ?? 0);
  const byRef = new Map<number, RouteParentVerdict>();
  for (const p of result.parents) {
    const routeError = p.internalName === "mesh" ? result.meshError : result.gatewayError;
    const current = byRef.get(p.refIndex);
    if (current === undefined) {
      byRef.set(p.refIndex, { ref: p.ref, refIndex: p.refIndex, notAccepted: p.deniedReason, unresolved: routeError });
      continue;
    }
    const [a, b] = [rank(current.notAccepted), rank(p.deniedReason)];
    if (b < a) byRef.set(p.refIndex, { ...current, notAccepted: p.deniedReason });
    else if (a === b && current.notAccepted && p.deniedReason && current.notAccepted.detail !== p.deniedReason.detail) {
      const detail = `${current.notAccepted.detail}; ${p.deniedReason.detail}`;
      byRef.set(p.refIndex, { ...current, notAccepted: { ...current.notAccepted, detail } });
    }
  }
  return [...byRef.values()].sort((x, y) => x.refIndex - y.refIndex);
}

const label = (ref: ParentRef) => `${ref.namespace}/${ref.name}${ref.sectionName ? `/${ref.sectionName}` : ""}`;

/** The diagnostics of one route: a denied parentRef, an unresolved reference, a parent that does not exist. */
export function routeDiagnostics(result: RouteResult): Diagnostic[] {
  const { route, kind } = result;
  const id = `${route.namespace}/${route.name}`;
  const out: Diagnostic[] = [];
  for (const e of result.unresolvedParents) {
    out.push(
      createDiagnostic(Messages.Route_0_is_not_accepted_by_parent_1_2_Colon_3, spanOf(route, e.path ?? []), [
        kind,
        id,
        e.detail.split('"')[1] ?? "",
        e.reason,
        e.detail,
      ]),
    );
  }
  const unresolved = new Map<string, ConfigError>();
  for (const v of routeVerdicts(result)) {
    if (v.notAccepted) {
      const e = v.notAccepted;
      out.push(
        createDiagnostic(
          Messages.Route_0_is_not_accepted_by_parent_1_2_Colon_3,
          spanOf(route, e.path ?? ["spec", "parentRefs", v.refIndex]),
          [kind, id, label(v.ref), e.reason, e.detail],
        ),
      );
    }
    if (v.unresolved) unresolved.set(`${v.unresolved.reason}/${v.unresolved.detail}`, v.unresolved);
  }
  for (const e of unresolved.values()) {
    const span = spanOf(route, e.path ?? []);
    out.push(
      e.reason === "RefNotPermitted"
        ? createDiagnostic(Messages.Route_0_reference_not_permitted_Colon_1, span, [
            kind,
            id,
            e.detail,
            route.namespace,
          ])
        : createDiagnostic(Messages.Route_0_has_an_unresolved_reference_1_Colon_2, span, [
            kind,
            id,
            e.reason,
            e.detail,
          ]),
    );
  }
  return out;
}

/** The diagnostics of one Gateway: listener and address conditions that are False. */
export function gatewayDiagnostics(gw: ConvertedGateway): Diagnostic[] {
  const id = `${gw.gateway.namespace}/${gw.gateway.name}`;
  return gw.errors.map((e) => {
    const span = spanOf(gw.gateway, e.path ?? []);
    const listener = e.path?.[1] === "listeners" ? String(e.path[2]) : undefined;
    if (listener === undefined)
      return createDiagnostic(Messages.Gateway_0_is_not_accepted_1_Colon_2, span, [id, e.reason, e.detail]);
    const spec = gw.gateway.spec["listeners"];
    const named = Array.isArray(spec) ? (spec[Number(listener)] as { name?: unknown } | undefined)?.name : undefined;
    const name = typeof named === "string" || typeof named === "number" ? String(named) : listener;
    return createDiagnostic(Messages.Gateway_0_listener_1_is_not_programmed_2_Colon_3, span, [
      id,
      name,
      e.reason,
      e.detail,
    ]);
  });
}

/**
 * Listeners that routes refer to (by `sectionName`, by `port`, or as a Gateway's only listener) but that accept none
 * of them: istiod writes `attachedRoutes: 0` in the listener's status and its server routes nothing. A route that
 * names the whole Gateway of several listeners is not counted against a listener it does not fit.
 */
export function rejectedListenerDiagnostics(gw: ConvertedGateway, routes: readonly RouteResult[]): Diagnostic[] {
  const id = `${gw.gateway.namespace}/${gw.gateway.name}`;
  const out: Diagnostic[] = [];
  for (const l of gw.listeners) {
    const parent = l.parent;
    const candidates = routes.flatMap((r) => r.parents.filter((p) => p.internalName === parent.internalName));
    const referring = candidates.filter((p) => {
      const section = p.ref.sectionName ?? "";
      const port = p.ref.port ?? 0;
      if (section !== "") return section === parent.sectionName;
      if (port !== 0) return port === parent.port;
      return gw.listeners.length === 1;
    });
    if (referring.length === 0 || referring.some((p) => p.deniedReason === undefined)) continue;
    const reasons = [...new Set(referring.map((p) => p.deniedReason?.reason ?? ""))].sort().join(", ");
    out.push(
      createDiagnostic(
        Messages.Listener_0_of_Gateway_1_accepts_none_of_the_2_routes_that_refer_to_it,
        spanOf(gw.gateway, ["spec", "listeners", l.listenerIndex]),
        [parent.sectionName, id, referring.length === 1 ? "1 reference" : `${referring.length} references`, reasons],
      ),
    );
  }
  return out;
}
