/**
 * Candidate declarations for Istio resources: `routes()`/`virtualService()` (destinations as typed references,
 * weighted splits over one service's subsets as `canary()`), `ingressGateway()`, `externalService()`,
 * `peerAuthentication()`, `requestAuthentication()`, `authorizationPolicy()`, `sidecar()`, `meshConfig()`. Each
 * returns undefined where the typed call has no place for what the input says (e.g. labels on the resource).
 */
import yaml from "js-yaml";
import {
  authorizationPolicy,
  canary,
  externalService,
  ingressGateway,
  meshConfig,
  peerAuthentication,
  requestAuthentication,
  routes,
  sidecar,
  virtualService,
  type Service,
} from "../../stdlib/index.ts";
import { isRecord, list, record, str } from "../load/json.ts";
import type { InputDocument } from "../load/document.ts";
import type { Decl, Names } from "./model.ts";
import { defined, metaOf } from "./plan-registry.ts";
import type { References } from "./refs.ts";

type Obj = Record<string, unknown>;

const only = (o: Obj, keys: readonly string[]) => Object.keys(o).every((k) => keys.includes(k));
/** A resource whose metadata says nothing beyond its name and namespace (the typed calls emit no labels). */
const plainMeta = (doc: InputDocument, extra: readonly string[] = []) =>
  only(record(doc.object["metadata"]), ["name", "namespace", ...extra]);

/** `{ namespace }` unless the call's default already gives it. */
function nsProp(refs: References, ns: string, implied: string | undefined): { namespace?: unknown } {
  return ns === implied ? {} : { namespace: refs.namespace(ns) };
}

function typedRoutes(list_: unknown, ns: string, refs: References, names: Names): unknown {
  if (!Array.isArray(list_)) return list_;
  return list_.map((r: unknown) => {
    if (!isRecord(r)) return r;
    const out: Obj = { ...r };
    if (Array.isArray(r["route"])) out["route"] = routeDestinations(r["route"], ns, refs, names);
    if (r["mirror"] !== undefined) out["mirror"] = refs.destination(r["mirror"], ns);
    if (Array.isArray(r["mirrors"]))
      out["mirrors"] = r["mirrors"].map((m: unknown) =>
        isRecord(m) ? { ...m, destination: refs.destination(m["destination"], ns) } : m,
      );
    if (Array.isArray(r["match"]))
      out["match"] = r["match"].map((m: unknown) =>
        isRecord(m) && Array.isArray(m["gateways"])
          ? { ...m, gateways: m["gateways"].map((g: unknown) => refs.gateway(g, ns)) }
          : m,
      );
    return out;
  });
}

/** Route destinations, as `canary(svc, { v1: 90, v2: 10 })` when they are weighted subsets of one service. */
function routeDestinations(route: readonly unknown[], ns: string, refs: References, names: Names): unknown {
  const typed = route.map((d) => (isRecord(d) ? { ...d, destination: refs.destination(d["destination"], ns) } : d));
  const services = new Set<Service>();
  const weights: [string, number][] = [];
  for (const d of route) {
    const dest = record(record(d)["destination"]);
    const svc = typeof dest["host"] === "string" ? refs.service(dest["host"], ns) : undefined;
    const subset = str(dest["subset"]);
    if (!isRecord(d) || !only(d, ["destination", "weight"]) || typeof d["weight"] !== "number") return typed;
    if (svc === undefined || subset === undefined || !only(dest, ["host", "subset"])) return typed;
    if (!(subset in (svc.props.versions ?? {})) || weights.some(([v]) => v === subset)) return typed;
    services.add(svc);
    weights.push([subset, d["weight"]]);
  }
  const [svc] = services;
  if (services.size !== 1 || weights.length < 2 || svc === undefined) return typed;
  const w = Object.fromEntries(weights);
  const text = `canary(${names.expressionOf(svc)!}, { ${weights.map(([v, n]) => `${/^[A-Za-z_$][\w$]*$/.test(v) ? v : JSON.stringify(v)}: ${n}`).join(", ")} })`;
  return names.refer(canary(svc, w as never), text);
}

/** `routes(svc, ...)` for a VirtualService of one declared service named after it, else `virtualService(...)`. */
export function virtualServiceDecls(doc: InputDocument, refs: References, names: Names): Decl[] {
  if (!plainMeta(doc)) return [];
  const { name, namespace: ns } = metaOf(doc);
  const spec = record(doc.object["spec"]) as Obj;
  if (!only(spec, ["hosts", "gateways", "http", "tls", "tcp", "exportTo"])) return [];
  const body = defined({
    gateways: Array.isArray(spec["gateways"]) ? spec["gateways"].map((g) => refs.gateway(g, ns)) : spec["gateways"],
    http: typedRoutes(spec["http"], ns, refs, names),
    tls: typedRoutes(spec["tls"], ns, refs, names),
    tcp: typedRoutes(spec["tcp"], ns, refs, names),
    exportTo: spec["exportTo"],
  });
  const out: Decl[] = [];
  const hosts = list(spec["hosts"]);
  const only1 = hosts.length === 1 && typeof hosts[0] === "string" ? refs.service(hosts[0], ns) : undefined;
  if (only1 !== undefined && only1.namespace === ns) {
    const props = defined({ name: name === only1.name ? undefined : name, ...body });
    out.push({
      callee: "routes",
      args: [only1, props],
      value: routes(only1, props as never),
      sources: [doc],
    });
  }
  const typedHosts = hosts.map((h) => {
    const svc = typeof h === "string" ? refs.service(h, ns) : undefined;
    return svc ?? h;
  });
  for (const hostList of [typedHosts, hosts]) {
    const props = defined({ ...nsProp(refs, ns, "default"), hosts: hostList, ...body });
    out.push({
      callee: "virtualService",
      args: [name, props],
      value: virtualService(name, props as never),
      sources: [doc],
    });
  }
  return out;
}

/** `ingressGateway(name, { namespace, selector, servers })`. */
export function gatewayDecl(doc: InputDocument, refs: References, names: Names): Decl | undefined {
  const spec = record(doc.object["spec"]) as Obj;
  if (!plainMeta(doc) || !only(spec, ["selector", "servers"]) || spec["selector"] === undefined) return undefined;
  const { name, namespace: ns } = metaOf(doc);
  const selector = record(spec["selector"]);
  const isDefault = Object.keys(selector).length === 1 && selector["istio"] === "ingressgateway";
  const props = defined({
    ...nsProp(refs, ns, "default"),
    selector: isDefault ? undefined : selector,
    servers: spec["servers"] ?? [],
  });
  const binding = names.identifier(name, "gateway");
  const value = names.refer(ingressGateway(name, props as never), binding);
  return { binding, callee: "ingressGateway", args: [name, props], value, sources: [doc] };
}

/** `externalService(name, { ... })` for a ServiceEntry (location and resolution spelled out: Istio's defaults differ). */
export function serviceEntryDecl(doc: InputDocument, refs: References, names: Names): Decl | undefined {
  const spec = record(doc.object["spec"]) as Obj;
  const keys = ["hosts", "addresses", "ports", "location", "resolution", "endpoints", "exportTo", "subjectAltNames"];
  if (!plainMeta(doc) || !only(spec, keys) || list(spec["hosts"]).length === 0) return undefined;
  const { name, namespace: ns } = metaOf(doc);
  const props = defined({
    ...nsProp(refs, ns, "default"),
    ...spec,
    location: spec["location"] === "MESH_EXTERNAL" ? undefined : (spec["location"] ?? undefined),
    resolution: spec["resolution"] === "DNS" ? undefined : (spec["resolution"] ?? "NONE"),
  });
  const binding = names.identifier(name, "external");
  const value = names.refer(externalService(name, props as never), binding);
  return { binding, callee: "externalService", args: [name, props], value, sources: [doc] };
}

/** The typed selector (service, version, workload) or `{ matchLabels }`. */
function selectorProp(spec: Obj, ns: string, refs: References): unknown {
  const sel = record(spec["selector"]);
  if (spec["selector"] === undefined) return undefined;
  if (!only(sel, ["matchLabels"])) return null;
  const labels = record(sel["matchLabels"]);
  return refs.selector(labels, ns) ?? { matchLabels: labels };
}

/** Candidates from most to least idiomatic: namespace implied by the selector, then spelled out. */
function scoped(ns: string, selector: unknown, refs: References): Obj[] {
  const implied =
    selector !== undefined && isRecord(selector) && "namespace" in selector ? String(selector["namespace"]) : undefined;
  const out: Obj[] = [];
  if (implied === ns) out.push({});
  out.push({ namespace: refs.namespace(ns) });
  return out;
}

/** `peerAuthentication({ name, namespace, selector, mtls, portLevelMtls })`. */
export function peerAuthenticationDecls(doc: InputDocument, refs: References): Decl[] {
  const spec = record(doc.object["spec"]) as Obj;
  if (!plainMeta(doc) || !only(spec, ["selector", "mtls", "portLevelMtls"])) return [];
  const { name, namespace: ns } = metaOf(doc);
  const selector = selectorProp(spec, ns, refs);
  if (selector === null) return [];
  return scoped(ns, selector, refs).flatMap((scope) =>
    [undefined, name].map((n) => {
      const props = defined({ name: n, ...scope, selector, mtls: spec["mtls"], portLevelMtls: spec["portLevelMtls"] });
      return { callee: "peerAuthentication", args: [props], value: peerAuthentication(props as never), sources: [doc] };
    }),
  );
}

/** `requestAuthentication(name, { namespace, selector, targetRefs, jwtRules })`. */
export function requestAuthenticationDecls(doc: InputDocument, refs: References): Decl[] {
  const spec = record(doc.object["spec"]) as Obj;
  if (!plainMeta(doc) || !only(spec, ["selector", "targetRefs", "jwtRules"])) return [];
  const { name, namespace: ns } = metaOf(doc);
  const selector = selectorProp(spec, ns, refs);
  if (selector === null) return [];
  return scoped(ns, selector, refs).map((scope) => {
    const props = defined({ ...scope, selector, targetRefs: spec["targetRefs"], jwtRules: spec["jwtRules"] ?? [] });
    return {
      callee: "requestAuthentication",
      args: [name, props],
      value: requestAuthentication(name, props as never),
      sources: [doc],
    };
  });
}

function typedRules(rules: unknown, refs: References): unknown {
  if (!Array.isArray(rules)) return rules;
  return rules.map((rule: unknown) => {
    if (!isRecord(rule) || !Array.isArray(rule["from"])) return rule;
    const from = rule["from"].map((f: unknown) => {
      const source = record(record(f)["source"]);
      if (!isRecord(f) || !Array.isArray(source["principals"])) return f;
      return { ...f, source: { ...source, principals: source["principals"].map((p) => refs.principal(p)) } };
    });
    return { ...rule, from };
  });
}

/** `authorizationPolicy(name, { ... })`; the `istio.io/dry-run` annotation as `dryRun: true`. */
export function authorizationPolicyDecls(doc: InputDocument, refs: References): Decl[] {
  const spec = record(doc.object["spec"]) as Obj;
  const annotations = metaOf(doc).annotations;
  const dryRun = annotations["istio.io/dry-run"] === "true" && Object.keys(annotations).length === 1;
  if (!plainMeta(doc, dryRun ? ["annotations"] : [])) return [];
  if (!only(spec, ["selector", "targetRefs", "action", "provider", "rules"])) return [];
  const { name, namespace: ns } = metaOf(doc);
  const selector = selectorProp(spec, ns, refs);
  if (selector === null) return [];
  return [true, false].flatMap((typed) =>
    scoped(ns, selector, refs).map((scope) => {
      const props = defined({
        ...scope,
        selector,
        targetRefs: spec["targetRefs"],
        action: spec["action"],
        provider: spec["provider"],
        rules: typed ? typedRules(spec["rules"], refs) : spec["rules"],
        dryRun: dryRun ? true : undefined,
      });
      return {
        callee: "authorizationPolicy",
        args: [name, props],
        value: authorizationPolicy(name, props as never),
        sources: [doc],
      };
    }),
  );
}

/** `sidecar({ name, namespace, workloadSelector, egress, outboundTrafficPolicy })`. */
export function sidecarDecls(doc: InputDocument, refs: References): Decl[] {
  const spec = record(doc.object["spec"]) as Obj;
  if (!plainMeta(doc) || !only(spec, ["workloadSelector", "egress", "outboundTrafficPolicy"])) return [];
  const { name, namespace: ns } = metaOf(doc);
  const ws = record(spec["workloadSelector"]);
  if (spec["workloadSelector"] !== undefined && !only(ws, ["labels"])) return [];
  const workloadSelector =
    spec["workloadSelector"] === undefined
      ? undefined
      : (refs.selector(record(ws["labels"]), ns) ?? { matchLabels: ws["labels"] });
  return scoped(ns, workloadSelector, refs).flatMap((scope) =>
    [undefined, name].map((n) => {
      const props = defined({
        name: n,
        ...scope,
        workloadSelector,
        egress: spec["egress"],
        outboundTrafficPolicy: spec["outboundTrafficPolicy"],
      });
      return { callee: "sidecar", args: [props], value: sidecar(props as never), sources: [doc] };
    }),
  );
}

const MESH_KEYS = [
  "trustDomain",
  "trustDomainAliases",
  "rootNamespace",
  "outboundTrafficPolicy",
  "enableAutoMtls",
  "extensionProviders",
  "defaultHttpRetryPolicy",
];

/** `meshConfig({...})` for the `istio` ConfigMap when its MeshConfig uses only the fields the DSL types. */
export function meshConfigDecl(doc: InputDocument): Decl | undefined {
  const data = record(doc.object["data"]);
  if (!plainMeta(doc) || !only(data, ["mesh"]) || typeof data["mesh"] !== "string") return undefined;
  let mesh: unknown;
  try {
    mesh = yaml.load(data["mesh"]);
  } catch {
    return undefined;
  }
  if (!isRecord(mesh) || !only(mesh, MESH_KEYS)) return undefined;
  const root = str(mesh["rootNamespace"]) ?? "istio-system";
  if (metaOf(doc).namespace !== root) return undefined;
  return { callee: "meshConfig", args: [mesh], value: meshConfig(mesh), sources: [doc] };
}
