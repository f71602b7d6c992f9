/**
 * Candidate declarations for Kubernetes Gateway API resources: `gateway()`, `httpRoute()`, `grpcRoute()`,
 * `tcpRoute()`, `tlsRoute()` and `referenceGrant()`, with typed references: a parent is the declared Gateway
 * (`bookinfoGateway`), one of its listeners (`bookinfoGateway.listener("http")`) or a declared service
 * (`reviews`, `reviews.port("http")`); a backend is a declared service on a declared port (`reviews.port("http")`).
 * The typed calls take only such references, so a route naming anything else (a Service no `service()` declares, a
 * ServiceEntry host, a parent on a port of a Gateway) throws {@link Unexpressible} with the field, and the caller
 * keeps the resource in `raw()`. A GatewayClass is `gatewayClass()` (a Gateway names its class by name: the class is
 * cluster-scoped, and a split import keeps it in the index).
 * https://gateway-api.sigs.k8s.io/reference/spec/
 */
import {
  gateway,
  gatewayClass,
  grpcRoute,
  httpRoute,
  isService,
  referenceGrant,
  tcpRoute,
  tlsRoute,
  type KubeGateway,
  type Service,
} from "../../stdlib/index.ts";
import type { FieldPath } from "../diagnostics/span.ts";
import { isRecord, list, record, str } from "../load/json.ts";
import type { InputDocument } from "../load/document.ts";
import type { Decl, Names } from "./model.ts";
import { defined, metaOf } from "./plan-registry.ts";
import type { References } from "./refs.ts";

type Obj = Record<string, unknown>;

/** The Gateway API group; a parent's default group (gateway-api apis/v1 shared_types.go `ParentReference.Group`). */
export const GATEWAY_API_GROUP = "gateway.networking.k8s.io";

/** Thrown where the typed calls have no place for a field; `at` names it for MESH1301. */
export class Unexpressible extends Error {
  constructor(readonly at: FieldPath) {
    super(at.join("."));
  }
}

/** `o`'s keys are all in `keys`, else the first that is not, as a field of `at`. */
function only(o: Obj, keys: readonly string[], at: FieldPath): void {
  const extra = Object.keys(o).find((k) => !keys.includes(k));
  if (extra !== undefined) throw new Unexpressible([...at, extra]);
}

/** Metadata the calls write: name, namespace, annotations and labels. */
function metaProps(doc: InputDocument): { annotations?: unknown; labels?: unknown } {
  const m = record(doc.object["metadata"]);
  only(m, ["name", "namespace", "annotations", "labels"], ["metadata"]);
  return defined({ annotations: m["annotations"], labels: m["labels"] });
}

/** `{ namespace }` unless the call's default (`implied`) already gives it. */
function nsProp(refs: References, ns: string, implied: string | undefined): { namespace?: unknown } {
  return ns === implied ? {} : { namespace: refs.namespace(ns) };
}

/** A string literal key of the printed program (`"http"`). */
const lit = (s: string) => JSON.stringify(s);

/**
 * `gatewayClass(name, { controllerName, description, parametersRef, annotations, labels })`, `controllerName` left
 * out where it is the built-in class's (istio gatewayclass.go `builtinClasses`, as `gatewayClass()` defaults it).
 */
export function gatewayClassDecl(doc: InputDocument, names: Names): Decl {
  const { name } = metaOf(doc);
  const m = record(doc.object["metadata"]);
  only(m, ["name", "annotations", "labels"], ["metadata"]);
  const spec = record(doc.object["spec"]);
  only(spec, ["controllerName", "description", "parametersRef"], ["spec"]);
  const builtin = gatewayClass(name, {} as never).controllerName;
  const props = defined({
    controllerName: spec["controllerName"] === builtin ? undefined : spec["controllerName"],
    description: spec["description"],
    parametersRef: spec["parametersRef"],
    annotations: m["annotations"],
    labels: m["labels"],
  });
  const binding = names.identifier(name, "class");
  const value = names.refer(gatewayClass(name, props as never), binding);
  return { binding, callee: "gatewayClass", args: [name, props], value, sources: [doc] };
}

/** `gateway(name, { namespace, gatewayClassName, listeners, addresses, annotations, labels })`. */
export function kubeGatewayDecl(doc: InputDocument, refs: References, names: Names): Decl {
  const { name, namespace: ns } = metaOf(doc);
  const spec = record(doc.object["spec"]);
  only(spec, ["gatewayClassName", "listeners", "addresses"], ["spec"]);
  const listeners = list(spec["listeners"]).map((l, i) => {
    const listener = record(l);
    only(listener, ["name", "port", "protocol", "hostname", "tls", "allowedRoutes"], ["spec", "listeners", i]);
    const tls = record(listener["tls"]);
    if (listener["tls"] === undefined || !Array.isArray(tls["certificateRefs"])) return listener;
    const certificateRefs = tls["certificateRefs"].map((c: unknown) =>
      isRecord(c) && typeof c["namespace"] === "string" ? { ...c, namespace: refs.namespace(c["namespace"]) } : c,
    );
    return { ...listener, tls: { ...tls, certificateRefs } };
  });
  if (spec["gatewayClassName"] === undefined) throw new Unexpressible(["spec", "gatewayClassName"]);
  const props = defined({
    ...nsProp(refs, ns, "default"),
    gatewayClassName: spec["gatewayClassName"] === "istio" ? undefined : spec["gatewayClassName"],
    listeners,
    addresses: spec["addresses"],
    ...metaProps(doc),
  });
  const binding = names.identifier(name, "gateway");
  const value = names.refer(gateway(name, props as never), binding);
  return { binding, callee: "gateway", args: [name, props], value, sources: [doc] };
}

/** The declared service `name` in `ns`. */
function serviceNamed(refs: References, name: unknown, ns: string, at: FieldPath): Service {
  const svc = typeof name === "string" ? refs.services.get(`Service/${ns}/${name}`) : undefined;
  if (svc === undefined) throw new Unexpressible(at);
  return svc;
}

/** `svc.port("<name>")` for the declared port numbered `port`. */
function servicePort(refs: References, names: Names, svc: Service, port: unknown, at: FieldPath): object {
  const p = typeof port === "number" ? svc.props.ports.find((x) => x.port === port) : undefined;
  if (p === undefined) throw new Unexpressible(at);
  return names.refer(svc.port(p.name as never), `${names.expressionOf(svc)!}.port(${lit(p.name)})`);
}

/** A `ParentReference` as the declared Gateway, one of its listeners, or a declared service (on a port). */
function parentRef(ref: unknown, ns: string, refs: References, names: Names, at: FieldPath): object {
  const r = record(ref);
  only(r, ["group", "kind", "namespace", "name", "sectionName", "port"], at);
  const group = str(r["group"]) ?? GATEWAY_API_GROUP;
  const kind = str(r["kind"]) ?? "Gateway";
  const target = str(r["namespace"]) ?? ns;
  if (group === GATEWAY_API_GROUP && kind === "Gateway") {
    const gw = refs.kubeGateways.get(`${target}/${String(r["name"])}`);
    if (gw === undefined) throw new Unexpressible([...at, "name"]);
    if (r["port"] !== undefined) throw new Unexpressible([...at, "port"]);
    const section = str(r["sectionName"]);
    if (section === undefined) return gw;
    if (!gw.props.listeners.some((l) => l.name === section)) throw new Unexpressible([...at, "sectionName"]);
    return names.refer(gw.listener(section), `${names.expressionOf(gw)!}.listener(${lit(section)})`);
  }
  if (group === "" && kind === "Service") {
    if (r["sectionName"] !== undefined) throw new Unexpressible([...at, "sectionName"]);
    const svc = serviceNamed(refs, r["name"], target, [...at, "name"]);
    return r["port"] === undefined ? svc : servicePort(refs, names, svc, r["port"], [...at, "port"]);
  }
  throw new Unexpressible([...at, "kind"]);
}

/** A `BackendObjectReference` (group "" and kind Service, the defaults) as `svc.port(name)`. */
function backendObject(ref: unknown, ns: string, refs: References, names: Names, at: FieldPath, extra: string[]) {
  const r = record(ref);
  only(r, ["group", "kind", "namespace", "name", "port", ...extra], at);
  // gateway-api apis/v1 object_reference_types.go `BackendObjectReference`: group defaults to "", kind to Service.
  if ((str(r["group"]) ?? "") !== "") throw new Unexpressible([...at, "group"]);
  if ((str(r["kind"]) ?? "Service") !== "Service") throw new Unexpressible([...at, "kind"]);
  const svc = serviceNamed(refs, r["name"], str(r["namespace"]) ?? ns, [...at, "name"]);
  return servicePort(refs, names, svc, r["port"], [...at, "port"]);
}

function backendRef(ref: unknown, ns: string, refs: References, names: Names, at: FieldPath): object {
  const port = backendObject(ref, ns, refs, names, at, ["weight"]);
  const weight = record(ref)["weight"];
  return weight === undefined ? port : { backend: port, weight };
}

const HTTP_FILTERS = ["RequestHeaderModifier", "ResponseHeaderModifier", "RequestRedirect", "URLRewrite"];

function filter(f: unknown, ns: string, refs: References, names: Names, at: FieldPath, kinds: string[]): unknown {
  const r = record(f);
  const type = str(r["type"]) ?? "";
  if (type === "RequestMirror") {
    only(r, ["type", "requestMirror"], at);
    const mirror = record(r["requestMirror"]);
    only(mirror, ["backendRef", "percent", "fraction"], [...at, "requestMirror"]);
    const target = backendObject(mirror["backendRef"], ns, refs, names, [...at, "requestMirror", "backendRef"], []);
    return { type, requestMirror: { ...mirror, backendRef: target } };
  }
  if (!kinds.includes(type)) throw new Unexpressible([...at, "type"]);
  return f;
}

/** A rule with typed backends and mirrors; the fields the rule type has, else {@link Unexpressible}. */
function rule(r: unknown, i: number, ns: string, refs: References, names: Names, kind: string): Obj {
  const at: FieldPath = ["spec", "rules", i];
  const o = record(r);
  const keys =
    kind === "HTTPRoute"
      ? ["name", "matches", "filters", "backendRefs", "timeouts", "retry"]
      : kind === "GRPCRoute"
        ? ["name", "matches", "filters", "backendRefs"]
        : ["name", "backendRefs"];
  only(o, keys, at);
  const kinds = kind === "HTTPRoute" ? [...HTTP_FILTERS, "CORS"] : HTTP_FILTERS.slice(0, 2);
  return defined({
    ...o,
    filters: Array.isArray(o["filters"])
      ? o["filters"].map((f: unknown, j) => filter(f, ns, refs, names, [...at, "filters", j], kinds))
      : o["filters"],
    backendRefs: Array.isArray(o["backendRefs"])
      ? o["backendRefs"].map((b: unknown, j) => backendRef(b, ns, refs, names, [...at, "backendRefs", j]))
      : o["backendRefs"],
  });
}

const ROUTES = { HTTPRoute: httpRoute, GRPCRoute: grpcRoute, TCPRoute: tcpRoute, TLSRoute: tlsRoute } as const;
const CALLEES = { HTTPRoute: "httpRoute", GRPCRoute: "grpcRoute", TCPRoute: "tcpRoute", TLSRoute: "tlsRoute" };

/** The namespace a route's first parent implies (kube-routes.ts `parentNamespace`). */
function parentNamespace(parent: unknown): string | undefined {
  if (parent === undefined) return undefined;
  const p = parent as { namespace?: string; gateway?: KubeGateway; target?: Service };
  return p.gateway?.namespace ?? p.target?.namespace ?? p.namespace;
}

/** `httpRoute(name, {...})` (and the gRPC, TCP and TLS route calls). */
export function kubeRouteDecl(doc: InputDocument, refs: References, names: Names): Decl {
  const kind = String(doc.object["kind"]) as keyof typeof ROUTES;
  const { name, namespace: ns } = metaOf(doc);
  const spec = record(doc.object["spec"]);
  only(spec, kind === "TCPRoute" ? ["parentRefs", "rules"] : ["parentRefs", "hostnames", "rules"], ["spec"]);
  if (!Array.isArray(spec["parentRefs"]) || !Array.isArray(spec["rules"])) throw new Unexpressible(["spec"]);
  const parentRefs = spec["parentRefs"].map((p: unknown, i) =>
    parentRef(p, ns, refs, names, ["spec", "parentRefs", i]),
  );
  const rules = spec["rules"].map((r: unknown, i) => rule(r, i, ns, refs, names, kind));
  const props = defined({
    ...nsProp(refs, ns, parentNamespace(parentRefs[0]) ?? "default"),
    parentRefs,
    hostnames: spec["hostnames"],
    rules,
    ...metaProps(doc),
  });
  const callee = CALLEES[kind];
  const value = ROUTES[kind](name, props as never);
  return { callee, args: [name, props], value, sources: [doc] };
}

/** `referenceGrant(name, { namespace, from, to })`: `from` namespaces and `to` services as references. */
export function referenceGrantDecl(doc: InputDocument, refs: References): Decl {
  const { name, namespace: ns } = metaOf(doc);
  only(record(doc.object["metadata"]), ["name", "namespace"], ["metadata"]);
  const spec = record(doc.object["spec"]);
  only(spec, ["from", "to"], ["spec"]);
  const from = list(spec["from"]).map((f, i) => {
    const r = record(f);
    only(r, ["group", "kind", "namespace"], ["spec", "from", i]);
    if (typeof r["namespace"] !== "string") throw new Unexpressible(["spec", "from", i, "namespace"]);
    return defined({
      group: r["group"] === GATEWAY_API_GROUP ? undefined : r["group"],
      kind: r["kind"],
      namespace: refs.namespace(r["namespace"]),
    });
  });
  const to = list(spec["to"]).map((t, i) => {
    const r = record(t);
    only(r, ["group", "kind", "name"], ["spec", "to", i]);
    const svc =
      r["group"] === "" && r["kind"] === "Service" && typeof r["name"] === "string"
        ? refs.services.get(`Service/${ns}/${r["name"]}`)
        : undefined;
    return svc ?? defined({ group: r["group"] === "" ? undefined : r["group"], kind: r["kind"], name: r["name"] });
  });
  const first = to.find((t): t is Service => isService(t));
  const props = { ...nsProp(refs, ns, first?.namespace ?? "default"), from, to };
  return { callee: "referenceGrant", args: [name, props], value: referenceGrant(name, props as never), sources: [doc] };
}
