/**
 * `gateway(...)`, `httpRoute(...)` (and gRPC, TCP, TLS routes), `referenceGrant(...)` → the Gateway API resources as a
 * user would write them in YAML, so both forms take the same path through the conversion istiod does
 * (`compiler/ir/gateway-api/`). Typed references become names: a service port becomes `{ name, namespace, port }`, a
 * listener `{ name, namespace, sectionName }`, a service parent `{ group: "", kind: Service, name, port }`.
 * https://gateway-api.sigs.k8s.io/reference/spec/
 */
import {
  isGatewayClass,
  isKubeGateway,
  isListenerRef,
  isService,
  isServicePort,
  type GatewayClass,
  type KubeBackendRef,
  type KubeGateway,
  type KubeGrpcRule,
  type KubeHttpFilter,
  type KubeHttpRule,
  type KubeL4Rule,
  type KubeParentRef,
  type KubeRoute,
  type ReferenceGrant,
  type ServicePort,
} from "../../../../stdlib/index.ts";
import { Messages } from "../../../diagnostics/messages.ts";
import { nsName } from "./_refs.ts";
import { clean, meta, type LoweredDoc, type Origin, type PendingDiagnostic } from "./_types.ts";

const GROUP = "gateway.networking.k8s.io";

/** The API version each kind is written at: the newest the standard channel serves (docs/inputs.md). */
const API_VERSION: Readonly<Record<string, string>> = {
  GatewayClass: `${GROUP}/v1`,
  Gateway: `${GROUP}/v1`,
  HTTPRoute: `${GROUP}/v1`,
  GRPCRoute: `${GROUP}/v1`,
  TCPRoute: `${GROUP}/v1alpha2`,
  TLSRoute: `${GROUP}/v1alpha2`,
  ReferenceGrant: `${GROUP}/v1beta1`,
};

/** `metadata` with the resource's annotations and labels when given. */
function metadata(
  name: string,
  namespace: string,
  props: { annotations?: Readonly<Record<string, string>>; labels?: Readonly<Record<string, string>> },
): Record<string, unknown> {
  return meta(name, namespace, { labels: props.labels, annotations: props.annotations });
}

/**
 * `gatewayClass(...)` → GatewayClass (cluster-scoped), `controllerName` defaulted for istiod's built-in class names
 * (`builtinClasses`, istio pilot/pkg/config/kube/gateway/gatewayclass.go); the conversion reads it as the YAML form
 * (compiler/ir/gateway-api/gateway-classes.ts `classOf`).
 */
export function lowerGatewayClass(cls: GatewayClass): LoweredDoc[] {
  const p = cls.props;
  const site = cls.site;
  // A class of another name without a controller (past the types, e.g. `as any`) is written without one: the CRD
  // schema reports the missing required field (MESH2013) at the call.
  const object = clean({
    apiVersion: API_VERSION["GatewayClass"],
    kind: "GatewayClass",
    metadata: meta(cls.name, undefined, { labels: p.labels, annotations: p.annotations }),
    spec: {
      controllerName: cls.controllerName === "" ? undefined : cls.controllerName,
      description: p.description,
      parametersRef: p.parametersRef,
    },
  });
  return [
    {
      object,
      origin: { site, argPath: [] },
      fields: [
        { path: ["spec", "controllerName"], site, argPath: [1, "controllerName"] },
        { path: ["spec", "parametersRef"], site, argPath: [1, "parametersRef"] },
      ],
    },
  ];
}

/** `gateway(...)` → Gateway, listeners as written (typed namespace references become names). */
export function lowerKubeGateway(gw: KubeGateway): LoweredDoc[] {
  const p = gw.props;
  const listeners = p.listeners.map((l) => ({
    ...l,
    tls: l.tls && {
      ...l.tls,
      certificateRefs: l.tls.certificateRefs?.map((c) => ({
        ...c,
        namespace: c.namespace === undefined ? undefined : nsName(c.namespace),
      })),
    },
  }));
  const object = clean({
    apiVersion: API_VERSION["Gateway"],
    kind: "Gateway",
    metadata: metadata(gw.name, gw.namespace, p),
    spec: {
      gatewayClassName: isGatewayClass(p.gatewayClassName) ? p.gatewayClassName.name : (p.gatewayClassName ?? "istio"),
      listeners,
      addresses: p.addresses,
    },
  });
  const site = gw.site;
  return [
    {
      object,
      origin: { site, argPath: [] },
      fields: [
        { path: ["spec", "listeners"], site, argPath: [1, "listeners"] },
        { path: ["spec", "addresses"], site, argPath: [1, "addresses"] },
        { path: ["spec", "gatewayClassName"], site, argPath: [1, "gatewayClassName"] },
      ],
    },
  ];
}

/** A parent as a `ParentReference`; the namespace only when it differs from the route's (as users write it). */
function parentRef(ref: KubeParentRef, routeNamespace: string): Record<string, unknown> {
  const ns = (n: string) => (n === routeNamespace ? undefined : n);
  if (isKubeGateway(ref)) return clean({ name: ref.name, namespace: ns(ref.namespace) });
  if (isListenerRef(ref))
    return clean({ name: ref.gateway.name, namespace: ns(ref.gateway.namespace), sectionName: ref.sectionName });
  if (isService(ref)) return clean({ group: "", kind: "Service", name: ref.name, namespace: ns(ref.namespace) });
  const port = portNumber(ref);
  return clean({ group: "", kind: "Service", name: ref.target.name, namespace: ns(ref.target.namespace), port });
}

function portNumber(ref: ServicePort): number | undefined {
  return ref.target.props.ports.find((p) => p.name === ref.portName)?.port;
}

interface Ctx {
  readonly namespace: string;
  readonly problems: PendingDiagnostic[];
}

/** A service port as a `BackendObjectReference` (`name`, `namespace` when another, `port`). */
function backendObject(ref: ServicePort, ctx: Ctx, origin: Origin): Record<string, unknown> {
  const port = portNumber(ref);
  if (port === undefined)
    ctx.problems.push({
      message: Messages.Port_0_is_not_declared_for_service_1,
      args: [ref.portName, ref.target.name],
      origin,
    });
  const namespace = ref.target.namespace === ctx.namespace ? undefined : ref.target.namespace;
  return clean({ name: ref.target.name, namespace, port });
}

function backendRef(ref: KubeBackendRef, ctx: Ctx, origin: Origin): Record<string, unknown> {
  if (isServicePort(ref)) return backendObject(ref, ctx, origin);
  return { ...backendObject(ref.backend, ctx, origin), ...(ref.weight === undefined ? {} : { weight: ref.weight }) };
}

function filter(f: KubeHttpFilter, ctx: Ctx, origin: Origin): Record<string, unknown> {
  if (f.type !== "RequestMirror") return { ...f };
  const { backendRef: target, ...rest } = f.requestMirror;
  return { type: f.type, requestMirror: { backendRef: backendObject(target, ctx, origin), ...rest } };
}

type Rule = KubeHttpRule | KubeGrpcRule | KubeL4Rule;

/** A rule with its filters' and backends' typed references as names; everything else as written. */
function rule(r: Rule, i: number, ctx: Ctx, origin: Origin): Record<string, unknown> {
  const at = (...path: (string | number)[]): Origin => ({
    site: origin.site,
    argPath: [...origin.argPath, "rules", i, ...path],
  });
  const filters = "filters" in r ? r.filters : undefined;
  return {
    ...r,
    filters: filters?.map((f, j) => filter(f, ctx, at("filters", j))),
    backendRefs: r.backendRefs?.map((b, j) => backendRef(b, ctx, at("backendRefs", j))),
  };
}

/** `httpRoute(...)` and the other route kinds → the route resource. */
export function lowerKubeRoute(route: KubeRoute, problems: PendingDiagnostic[]): LoweredDoc[] {
  const p = route.props;
  const origin: Origin = { site: route.site, argPath: [1] };
  const ctx: Ctx = { namespace: route.namespace, problems };
  const rules = (p.rules as readonly Rule[]).map((r, i) => rule(r, i, ctx, origin));
  const hostnames = "hostnames" in p ? p.hostnames : undefined;
  const object = clean({
    apiVersion: API_VERSION[route.kind],
    kind: route.kind,
    metadata: metadata(route.name, route.namespace, p),
    spec: { parentRefs: p.parentRefs.map((r) => parentRef(r, route.namespace)), hostnames, rules },
  });
  const site = route.site;
  return [
    {
      object,
      origin: { site, argPath: [] },
      fields: [
        { path: ["spec", "parentRefs"], site, argPath: [1, "parentRefs"] },
        { path: ["spec", "hostnames"], site, argPath: [1, "hostnames"] },
        { path: ["spec", "rules"], site, argPath: [1, "rules"] },
      ],
    },
  ];
}

/** `referenceGrant(...)` → ReferenceGrant; a service in `to` becomes `{ group: "", kind: Service, name }`. */
export function lowerReferenceGrant(grant: ReferenceGrant, problems: PendingDiagnostic[]): LoweredDoc[] {
  const p = grant.props;
  const to = p.to.map((t, i) => {
    if (!isService(t)) return { group: "", ...t };
    if (t.namespace !== grant.namespace)
      problems.push({
        message: Messages.ReferenceGrant_0_in_namespace_1_cannot_grant_access_to_2_in_namespace_3,
        args: [grant.name, grant.namespace, t.name, t.namespace],
        origin: { site: grant.site, argPath: [1, "to", i] },
      });
    return { group: "", kind: "Service", name: t.name };
  });
  const from = p.from.map((f) => ({ group: f.group ?? GROUP, kind: f.kind, namespace: nsName(f.namespace) }));
  const object = clean({
    apiVersion: API_VERSION["ReferenceGrant"],
    kind: "ReferenceGrant",
    metadata: meta(grant.name, grant.namespace),
    spec: { from, to },
  });
  const site = grant.site;
  return [
    {
      object,
      origin: { site, argPath: [] },
      fields: [
        { path: ["spec", "from"], site, argPath: [1, "from"] },
        { path: ["spec", "to"], site, argPath: [1, "to"] },
      ],
    },
  ];
}
