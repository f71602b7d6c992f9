/**
 * Kubernetes Gateway API GatewayClasses (gateway.networking.k8s.io). istiod handles the classes whose controller is
 * one of its own (istio `pilot/pkg/config/kube/gateway/gatewayclass.go` `classInfos`) and creates the built-in ones
 * itself (`builtinClasses`: `istio`, `istio-remote`, `istio-waypoint`, `istio-east-west`), so a class is declared
 * only to give one of those controllers another name, a description or parameters.
 * https://gateway-api.sigs.k8s.io/reference/spec/#gatewayclass
 */
import { BRAND, isKind, type DslValue } from "./_brand.ts";
import { captureSite, declare } from "./_site.ts";
import type { Labels, Suppressible } from "./common.ts";

/** The classes istiod creates, by name → their controller (`builtinClasses`). */
export type BuiltinGatewayClassName = "istio" | "istio-remote" | "istio-waypoint" | "istio-east-west";

/** A GatewayClass controller istiod implements (`classInfos`); any other controller's class istiod ignores. */
export type GatewayController =
  | "istio.io/gateway-controller"
  | "istio.io/mesh-controller"
  | "istio.io/unmanaged-gateway"
  | "istio.io/eastwest-controller"
  | (string & {});

/** Options of {@link gatewayClass}. */
export interface GatewayClassProps extends Suppressible {
  /**
   * `spec.controllerName`: `istio.io/gateway-controller` (a deployment per Gateway), `istio.io/mesh-controller`
   * (ambient waypoints), `istio.io/unmanaged-gateway` (status only: istio-remote), `istio.io/eastwest-controller`.
   * @default the built-in class's controller for `istio`, `istio-remote`, `istio-waypoint` and `istio-east-west`
   * (required for any other name)
   */
  readonly controllerName?: GatewayController;
  /** `spec.description`: free text. @default unset */
  readonly description?: string;
  /**
   * `spec.parametersRef`: a resource with the class's parameters (istiod reads a ConfigMap of deployment
   * customizations). @default unset
   */
  readonly parametersRef?: {
    /** `parametersRef.group`: `""` for a ConfigMap. */
    readonly group: string;
    /** `parametersRef.kind`, e.g. `ConfigMap`. */
    readonly kind: string;
    /** `parametersRef.name`. */
    readonly name: string;
    /** `parametersRef.namespace`. @default unset (a cluster-scoped resource) */
    readonly namespace?: string;
  };
  /** `metadata.annotations`. @default {} */
  readonly annotations?: Readonly<Record<string, string>>;
  /** `metadata.labels`. @default {} */
  readonly labels?: Labels;
}

/** A declared GatewayClass (cluster-scoped: no namespace). */
export interface GatewayClass<N extends string = string> extends DslValue<"gatewayClass"> {
  readonly name: N;
  readonly props: GatewayClassProps;
  /** The controller it names, defaults applied (→ `spec.controllerName`). */
  readonly controllerName: GatewayController;
}

/** Istio's built-in classes → their controllers (`builtinClasses`, gatewayclass.go). */
const BUILTIN: Readonly<Record<BuiltinGatewayClassName, GatewayController>> = {
  istio: "istio.io/gateway-controller",
  "istio-remote": "istio.io/unmanaged-gateway",
  "istio-waypoint": "istio.io/mesh-controller",
  "istio-east-west": "istio.io/eastwest-controller",
};

/**
 * Declare a GatewayClass (→ `gateway.networking.k8s.io/v1` GatewayClass). A Gateway names it with
 * `gatewayClassName: cls` (or its name).
 * @example
 * gatewayClass("istio", { description: "The default Istio GatewayClass" })
 * gatewayClass("internal", { controllerName: "istio.io/gateway-controller" })
 */
export function gatewayClass<const N extends string>(
  name: N,
  props: N extends BuiltinGatewayClassName
    ? GatewayClassProps
    : GatewayClassProps & { readonly controllerName: GatewayController },
): GatewayClass<N> {
  const builtin = Object.hasOwn(BUILTIN, name) ? BUILTIN[name as BuiltinGatewayClassName] : undefined;
  return declare({
    [BRAND]: "gatewayClass",
    site: captureSite(),
    name,
    props,
    controllerName: props.controllerName ?? builtin ?? "",
  });
}

/** True for a value made by {@link gatewayClass}. */
export const isGatewayClass = isKind("gatewayClass") as (value: unknown) => value is GatewayClass;
