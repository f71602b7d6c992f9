/**
 * When an imported declaration is faithful: the resources it lowers to must equal the input's "structurally, after
 * defaults". Istio resources are compared as istiod reads them: the API group without its version (the API server
 * converts between served versions), host short names resolved in the resource's namespace (istio
 * `pilot/pkg/model/config.go` `ResolveShortnameToFQDN`), everything else as written. Registry objects are compared
 * as the registry the compiler derives from them (ports, protocols, selected workloads, labels, service accounts,
 * sidecar injection), which is all the mesh reads of a Service or Deployment.
 */
import yaml from "js-yaml";
import { resolveShortname } from "../ir/hosts.ts";
import { isRecord, list, record, str } from "../load/json.ts";
import type { FieldPath } from "../diagnostics/span.ts";
import { lowerRegistry, type Registry } from "../ir/lower-registry.ts";
import { parseApiVersion } from "../load/kinds.ts";
import type { InputDocument } from "../load/document.ts";

type Obj = Record<string, unknown>;

/** `Kind/namespace/name` (namespace empty for Namespaces), the identity of a resource. */
export function keyOf(object: Readonly<Obj>): string {
  const meta = record(object["metadata"]);
  const kind = String(object["kind"]);
  const ns = kind === "Namespace" ? "" : (str(meta["namespace"]) ?? "default");
  return `${kind}/${ns}/${str(meta["name"]) ?? ""}`;
}

function resolveDestination(d: unknown, ns: string): unknown {
  if (!isRecord(d) || typeof d["host"] !== "string") return d;
  return { ...d, host: resolveShortname(d["host"], ns) };
}

function resolveRoutes(routes: unknown, ns: string): unknown {
  if (!Array.isArray(routes)) return routes;
  return routes.map((r: unknown) => {
    if (!isRecord(r)) return r;
    const out: Obj = { ...r };
    if (Array.isArray(r["route"]))
      out["route"] = r["route"].map((d: unknown) =>
        isRecord(d) ? { ...d, destination: resolveDestination(d["destination"], ns) } : d,
      );
    if (r["mirror"] !== undefined) out["mirror"] = resolveDestination(r["mirror"], ns);
    if (Array.isArray(r["mirrors"]))
      out["mirrors"] = r["mirrors"].map((m: unknown) =>
        isRecord(m) ? { ...m, destination: resolveDestination(m["destination"], ns) } : m,
      );
    return out;
  });
}

const GATEWAY_API = "gateway.networking.k8s.io";
const ROUTE_KINDS = new Set(["HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute"]);

/** `o` without the keys whose value is the given default (or, for `namespace`, the resource's own namespace). */
function withoutDefaults(o: unknown, defaults: Readonly<Obj>): unknown {
  if (!isRecord(o)) return o;
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => !(k in defaults) || defaults[k] !== v));
}

/**
 * A Gateway API route's references with the API server's defaults dropped (gateway-api apis/v1 shared_types.go
 * `ParentReference`: group `gateway.networking.k8s.io`, kind `Gateway`; object_reference_types.go
 * `BackendObjectReference`: group "", kind `Service`; both: namespace "the local namespace").
 */
function canonicalRouteSpec(spec: Obj, ns: string): Obj {
  const parent = { group: GATEWAY_API, kind: "Gateway", namespace: ns };
  const backend = { group: "", kind: "Service", namespace: ns };
  const mirror = (f: unknown) => {
    const r = record(f);
    if (!isRecord(f) || !isRecord(r["requestMirror"])) return f;
    const m = record(r["requestMirror"]);
    return { ...r, requestMirror: { ...m, backendRef: withoutDefaults(m["backendRef"], backend) } };
  };
  const rules = list(spec["rules"]).map((rule) => {
    const r = record(rule);
    if (!isRecord(rule)) return rule;
    const out: Obj = { ...r };
    if (Array.isArray(r["backendRefs"])) out["backendRefs"] = r["backendRefs"].map((b) => withoutDefaults(b, backend));
    if (Array.isArray(r["filters"])) out["filters"] = r["filters"].map(mirror);
    return out;
  });
  return {
    ...spec,
    ...(Array.isArray(spec["parentRefs"])
      ? { parentRefs: spec["parentRefs"].map((p: unknown) => withoutDefaults(p, parent)) }
      : {}),
    ...(Array.isArray(spec["rules"]) ? { rules } : {}),
  };
}

/** The resource as compared: group-only apiVersion, resolved hosts, no `status`. */
export function canonicalIstio(object: Readonly<Obj>): Obj {
  const meta = record(object["metadata"]);
  const ns = str(meta["namespace"]) ?? "default";
  const spec = record(object["spec"]);
  const out: Obj = {
    ...object,
    apiVersion: parseApiVersion(String(object["apiVersion"])).group,
    metadata: { ...meta, namespace: ns },
  };
  delete out["status"];
  const data = record(object["data"]);
  if (object["kind"] === "ConfigMap" && typeof data["mesh"] === "string") {
    try {
      out["data"] = { ...data, mesh: yaml.load(data["mesh"]) };
    } catch {
      // compared as text
    }
  }
  if (object["kind"] === "DestinationRule" && typeof spec["host"] === "string")
    out["spec"] = { ...spec, host: resolveShortname(spec["host"], ns) };
  if (ROUTE_KINDS.has(String(object["kind"])) && out["apiVersion"] === GATEWAY_API)
    out["spec"] = canonicalRouteSpec(spec, ns);
  if (object["kind"] === "VirtualService") {
    const hosts = list(spec["hosts"]).map((h) => (typeof h === "string" ? resolveShortname(h, ns) : h));
    out["spec"] = {
      ...spec,
      ...(spec["hosts"] === undefined ? {} : { hosts }),
      ...(["http", "tls", "tcp"] as const).reduce<Obj>((acc, k) => {
        if (spec[k] !== undefined) acc[k] = resolveRoutes(spec[k], ns);
        return acc;
      }, {}),
    };
  }
  return out;
}

/** The first path where two JSON values differ, or undefined when they are equal. */
export function firstDifference(a: unknown, b: unknown, path: FieldPath = []): FieldPath | undefined {
  if (a === b) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], [...path, i]);
      if (d) return d;
    }
    return undefined;
  }
  if (isRecord(a) && isRecord(b) && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) {
      const d = firstDifference(a[k], b[k], [...path, k]);
      if (d) return d;
    }
    return undefined;
  }
  return path;
}

function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (!isRecord(value)) return value;
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) if (k !== "span" && k !== "spans") out[k] = withoutSpans(v);
  return out;
}

/** The registry entries of a set of documents, keyed like {@link keyOf}, positions dropped. */
export function registryEntries(docs: readonly InputDocument[]): Map<string, unknown> {
  const registry: Registry = lowerRegistry(docs, []);
  const out = new Map<string, unknown>();
  for (const s of registry.services) out.set(`Service/${s.namespace}/${s.name}`, withoutSpans(s));
  for (const w of registry.workloads) out.set(`${w.source}/${w.namespace}/${w.name}`, withoutSpans(w));
  for (const a of registry.serviceAccounts) out.set(`ServiceAccount/${a.namespace}/${a.name}`, withoutSpans(a));
  for (const n of registry.namespaces) if (n.span !== undefined) out.set(`Namespace//${n.name}`, withoutSpans(n));
  return out;
}

/** The kinds the registry is made of; everything else is compared as a resource. */
export const REGISTRY_KINDS: ReadonlySet<string> = new Set([
  "Namespace",
  "Service",
  "Deployment",
  "Pod",
  "ServiceAccount",
]);
