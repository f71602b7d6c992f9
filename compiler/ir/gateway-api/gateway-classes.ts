/**
 * GatewayClasses istiod handles (istio `pilot/pkg/config/kube/gateway/gatewayclass.go` `classInfos`, `builtinClasses`):
 * `istio` (istio.io/gateway-controller, deployed per Gateway), `istio-remote` (istio.io/unmanaged-gateway: status only,
 * no routes), `istio-waypoint` (istio.io/mesh-controller: ambient waypoints, no VirtualServices) and
 * `istio-east-west`. The built-in classes exist without a GatewayClass resource (istiod creates them).
 */
import { str } from "../../load/json.ts";
import type { GatewayApiResource } from "./_model.ts";

export interface GatewayClassInfo {
  readonly controller: string;
  /** istio-remote: istiod reports status but generates no config. */
  readonly disableRouteGeneration: boolean;
  /** Waypoint and ambient east-west controllers: their HBONE listeners are not converted (waypoints: none is). */
  readonly waypoint: boolean;
  /** Ambient east-west: listeners other than HBONE (e.g. TLS passthrough) are converted like any Gateway's. */
  readonly eastWest: boolean;
  /** `disableNameSuffix`: the deployment is named `<gateway>`, not `<gateway>-<class>`. */
  readonly disableNameSuffix: boolean;
}

function info(
  controller: string,
  disableRouteGeneration: boolean,
  waypoint: boolean,
  eastWest: boolean,
): GatewayClassInfo {
  return { controller, disableRouteGeneration, waypoint, eastWest, disableNameSuffix: waypoint };
}

const CONTROLLERS: ReadonlyMap<string, GatewayClassInfo> = new Map([
  ["istio.io/gateway-controller", info("istio.io/gateway-controller", false, false, false)],
  ["istio.io/unmanaged-gateway", info("istio.io/unmanaged-gateway", true, false, false)],
  ["istio.io/mesh-controller", info("istio.io/mesh-controller", false, true, false)],
  ["istio.io/eastwest-controller", info("istio.io/eastwest-controller", false, true, true)],
]);

const BUILTIN: ReadonlyMap<string, string> = new Map([
  ["istio", "istio.io/gateway-controller"],
  ["istio-remote", "istio.io/unmanaged-gateway"],
  ["istio-waypoint", "istio.io/mesh-controller"],
  ["istio-east-west", "istio.io/eastwest-controller"],
]);

/** The class a Gateway names, when istiod handles it; undefined for another controller's (or an unknown) class. */
export function classOf(name: string, classes: readonly GatewayApiResource[]): GatewayClassInfo | undefined {
  const declared = classes.find((c) => c.name === name);
  const controller = declared ? str(declared.spec["controllerName"]) : BUILTIN.get(name);
  return controller === undefined ? undefined : CONTROLLERS.get(controller);
}
