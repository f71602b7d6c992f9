/**
 * Turning typed DSL references into the strings Istio wants: FQDN hosts, `{ host, subset, port }` destinations,
 * SPIFFE-style principals, label selectors.
 */
import {
  isDestination,
  isExternalService,
  isGateway,
  isGatewayClass,
  isKubeGateway,
  isService,
  isVersion,
  isWorkload,
  versionOf,
  type DestinationInput,
  type GatewayRef,
  type KubeGateway,
  type NamespaceRef,
  type Percentage,
  type PrincipalRef,
  type SelectorRef,
  type Service,
  type TargetRef,
} from "../../../../stdlib/index.ts";
import { Messages } from "../../../diagnostics/messages.ts";
import type { LowerContext, Origin, PendingDiagnostic } from "./_types.ts";

/** A namespace reference as a name. */
export function nsName(ref: NamespaceRef): string {
  return typeof ref === "string" ? ref : ref.name;
}

/** Istio `Percent` from a DSL percentage (`10` or `{ value: 10 }`). */
export function percent(p: Percentage | undefined): { value: number } | undefined {
  if (p === undefined) return undefined;
  return typeof p === "number" ? { value: p } : { value: p.value };
}

/** Port number of a named port of a service or external service, or undefined. */
function portNumber(target: unknown, name: string): number | undefined {
  if (isService(target)) return target.props.ports.find((p) => p.name === name)?.port;
  if (isExternalService(target)) return target.props.ports?.find((p) => p.name === name)?.number;
  return undefined;
}

/** An Istio `Destination`; an undeclared port name is reported (the types normally prevent it). */
export function destinationOf(
  input: DestinationInput,
  problems: PendingDiagnostic[],
  origin: Origin,
): Record<string, unknown> {
  if (typeof input === "string") return { host: input };
  if (isDestination(input)) {
    const port = input.portName === undefined ? undefined : portNumber(input.target, input.portName);
    if (input.portName !== undefined && port === undefined) {
      problems.push({
        message: Messages.Port_0_is_not_declared_for_service_1,
        args: [input.portName, input.target.name],
        origin,
      });
    }
    return clean3(input.target.host, input.subset, port);
  }
  if (isService(input) || isExternalService(input)) return { host: input.host };
  return clean3(input.host, input.subset, input.port?.number);
}

function clean3(host: string, subset: string | undefined, port: number | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { host };
  if (subset !== undefined) out["subset"] = subset;
  if (port !== undefined) out["port"] = { number: port };
  return out;
}

/** A VirtualService host: a service's FQDN, an external service's first host, or the string. */
export function hostOf(ref: unknown): string {
  if (isService(ref) || isExternalService(ref)) return ref.host;
  return String(ref);
}

/** A gateway as a VirtualService names it: `name` in the same namespace, else `namespace/name`. */
export function gatewayName(ref: GatewayRef, fromNamespace: string): string {
  if (!isGateway(ref)) return ref;
  return ref.namespace === fromNamespace ? ref.name : `${ref.namespace}/${ref.name}`;
}

/** The service accounts a service's workloads run as, sorted and distinct. */
export function serviceAccountsOf(svc: Service): string[] {
  if (svc.props.selector !== undefined) return [svc.props.selector.serviceAccount];
  const names = Object.keys(svc.props.versions ?? {});
  const accounts =
    names.length === 0 ? [svc.props.serviceAccount ?? svc.name] : names.map((v) => versionOf(svc, v).serviceAccount);
  return [...new Set(accounts)].sort();
}

/** Classes whose deployments keep the Gateway's name (istio gatewayclass.go `classInfos`: `disableNameSuffix`). */
const UNSUFFIXED_CLASSES: ReadonlySet<string> = new Set(["istio-waypoint", "istio-east-west"]);
const UNSUFFIXED_CONTROLLERS: ReadonlySet<string> = new Set([
  "istio.io/mesh-controller",
  "istio.io/eastwest-controller",
]);

/**
 * The name of the Deployment and ServiceAccount istiod creates for a Gateway (istio deploymentcontroller.go, as
 * `compiler/ir/gateway-api/gateways.ts` `deploymentName`): `<name>-<class>`, or the `gateway.istio.io/name-override`
 * annotation.
 */
export function gatewayDeploymentName(gw: KubeGateway): string {
  const ref = gw.props.gatewayClassName ?? "istio";
  const cls = isGatewayClass(ref) ? ref.name : ref;
  // A declared class: by its controller (`disableNameSuffix` of the waypoint and east-west controllers).
  const unsuffixed = isGatewayClass(ref) ? UNSUFFIXED_CONTROLLERS.has(ref.controllerName) : UNSUFFIXED_CLASSES.has(cls);
  const name = unsuffixed ? gw.name : `${gw.name}-${cls}`;
  return gw.props.annotations?.["gateway.istio.io/name-override"] ?? name;
}

/** Principals (`<trust domain>/ns/<ns>/sa/<sa>`) for an authorization source. */
export function principalsOf(ref: PrincipalRef, ctx: LowerContext): string[] {
  const spiffe = (ns: string, sa: string) => `${ctx.trustDomain}/ns/${ns}/sa/${sa}`;
  if (typeof ref === "string") return [ref];
  if (isService(ref)) return serviceAccountsOf(ref).map((sa) => spiffe(ref.namespace, sa));
  if (isVersion(ref)) return [spiffe(ref.service.namespace, ref.serviceAccount)];
  if (isWorkload(ref)) return [spiffe(ref.namespace, ref.serviceAccount)];
  if (isKubeGateway(ref)) return [spiffe(ref.namespace, gatewayDeploymentName(ref))];
  return [String(ref)];
}

/** A `WorkloadSelector`, its namespace (if the reference knows it) and a name for policies derived from it. */
export function selectorOf(ref: SelectorRef): {
  matchLabels: Record<string, string>;
  namespace?: string;
  name: string;
} {
  if (isService(ref))
    return {
      matchLabels: { ...(ref.props.selector?.labels ?? { app: ref.name }) },
      namespace: ref.namespace,
      name: ref.name,
    };
  if (isVersion(ref))
    return {
      matchLabels: { ...ref.labels },
      namespace: ref.service.namespace,
      name: `${ref.service.name}-${ref.name}`,
    };
  if (isWorkload(ref)) return { matchLabels: { ...ref.labels }, namespace: ref.namespace, name: ref.name };
  const labels = { ...(ref as { matchLabels: Record<string, string> }).matchLabels };
  return { matchLabels: labels, name: Object.values(labels).join("-") || "default" };
}

/** A `PolicyTargetReference`. */
export function targetRefOf(ref: TargetRef): Record<string, unknown> {
  if (isService(ref)) return { group: "", kind: "Service", name: ref.name };
  return { ...(ref as Record<string, unknown>) };
}

/** The namespace of a policy: explicit, else its selector's or first target's, else the root namespace. */
export function policyNamespace(
  props: { namespace?: NamespaceRef; selector?: SelectorRef; targetRefs?: readonly TargetRef[] },
  ctx: LowerContext,
): string {
  if (props.namespace !== undefined) return nsName(props.namespace);
  const fromSelector = props.selector === undefined ? undefined : selectorOf(props.selector).namespace;
  if (fromSelector !== undefined) return fromSelector;
  const target = props.targetRefs?.[0];
  if (target !== undefined && isService(target)) return target.namespace;
  return ctx.rootNamespace;
}
