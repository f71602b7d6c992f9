/**
 * backendRefs → VirtualService destinations (istio `pilot/pkg/config/kube/gateway/conversion.go` `buildDestination`,
 * `buildHTTPDestination`, `buildTCPDestination`, `weightSum`, `isInvalidBackend`).
 */
import { CLUSTER_DOMAIN } from "../hosts.ts";
import { list, record, str, type Json } from "../../load/json.ts";
import type { ConfigError, RouteKind } from "./_model.ts";
import type { ReferenceGrants } from "./reference-grants.ts";

/** What route conversion needs to know about the mesh. */
export interface RouteContext {
  readonly grants: ReferenceGrants;
  readonly serviceExists: (namespace: string, name: string) => boolean;
  /** A ServiceEntry host visible from `namespace` (`LookupHostname`). */
  readonly hostnameExists: (host: string, namespace: string) => boolean;
  /** The hosts of ServiceEntry `namespace/name` (a mesh route with a ServiceEntry parent routes them). */
  readonly serviceEntryHosts?: (namespace: string, name: string) => string[];
}

/** A converted destination, or the error that makes the backend invalid (`RouteError`). */
export interface DestinationResult {
  readonly destination: Json;
  /** BackendNotFound / RefNotPermitted / InvalidKind: the backend is dropped gracefully (istiod keeps going). */
  readonly invalid?: ConfigError;
  /** Any other error: the whole rule fails. */
  readonly fatal?: ConfigError;
}

/** `isInvalidBackend`. */
export function isInvalidBackend(e: ConfigError): boolean {
  return e.reason === "RefNotPermitted" || e.reason === "BackendNotFound" || e.reason === "InvalidKind";
}

/** `weightSum`: the sum of weights, a missing weight counting 1. */
export function weightSum(refs: readonly unknown[]): number {
  return refs.reduce<number>((sum, r) => {
    const w = record(r)["weight"];
    return sum + (typeof w === "number" ? w : 1);
  }, 0);
}

/** `buildDestination`. */
export function buildDestination(
  ctx: RouteContext,
  to: Json,
  ns: string,
  enforceRefGrant: boolean,
  kind: RouteKind,
  path: (string | number)[],
): DestinationResult {
  const name = str(to["name"]) ?? "";
  const toNs = str(to["namespace"]);
  if (enforceRefGrant && toNs !== undefined && toNs !== ns && !ctx.grants.allowed(kind, ns, "Service", toNs, name)) {
    const detail = `backendRef ${name}/${toNs} not accessible to a ${kind} in namespace "${ns}" (missing a ReferenceGrant?)`;
    return { destination: {}, invalid: { reason: "RefNotPermitted", detail, path } };
  }
  const namespace = toNs ?? ns;
  const group = str(to["group"]) ?? "";
  const refKind = str(to["kind"]) ?? "Service";
  let hostname: string;
  let invalid: ConfigError | undefined;
  // A ServiceImport is read as the Service of that name (istiod without ENABLE_MCS_HOST: "treat it as Service").
  if ((group === "" && refKind === "Service") || (group === "multicluster.x-k8s.io" && refKind === "ServiceImport")) {
    if (name.includes(".")) {
      const detail = "service name invalid; the name of the Service must be used, not the hostname.";
      return { destination: {}, fatal: { reason: "InvalidDestination", detail, path } };
    }
    hostname = `${name}.${namespace}.svc.${CLUSTER_DOMAIN}`;
    if (!ctx.serviceExists(namespace, name))
      invalid = { reason: "BackendNotFound", detail: `backend(${hostname}) not found`, path };
  } else if (group === "networking.istio.io" && refKind === "Hostname") {
    if (toNs !== undefined) {
      const detail = "namespace may not be set with Hostname type";
      return { destination: {}, fatal: { reason: "InvalidDestination", detail, path } };
    }
    hostname = name;
    if (!ctx.hostnameExists(hostname, namespace))
      invalid = { reason: "BackendNotFound", detail: `backend(${hostname}) not found`, path };
  } else {
    const detail = `referencing unsupported backendRef: group "${group}" kind "${str(to["kind"]) ?? ""}"`;
    return { destination: {}, invalid: { reason: "InvalidKind", detail, path } };
  }
  const port = to["port"];
  if (typeof port !== "number") {
    return {
      destination: {},
      fatal: { reason: "InvalidDestination", detail: "port is required in backendRef", path },
    };
  }
  return { destination: { host: hostname, port: { number: port } }, ...(invalid ? { invalid } : {}) };
}

/**
 * `buildHTTPDestination` / `buildTCPDestination`: weight-0 refs are dropped; a single remaining destination gets weight
 * 0 (omitted, i.e. all traffic). Invalid backends are kept with an empty destination (istiod then answers 500).
 * `headerFilter` converts per-backend filters (HTTP only).
 */
export function buildDestinations(
  ctx: RouteContext,
  refs: readonly unknown[],
  ns: string,
  enforceRefGrant: boolean,
  kind: RouteKind,
  path: (string | number)[],
  headerFilter?: (filters: readonly unknown[], at: (string | number)[]) => { headers?: Json; error?: ConfigError },
): { route: Json[]; invalid?: ConfigError; fatal?: ConfigError } {
  const action = refs
    .map((r, i) => ({ ref: record(r), i }))
    .filter(({ ref }) => (typeof ref["weight"] === "number" ? ref["weight"] : 1) !== 0);
  const weights = action.map(({ ref }) => (typeof ref["weight"] === "number" ? ref["weight"] : 1));
  const single = weights.length === 1;
  let invalid: ConfigError | undefined;
  const route: Json[] = [];
  for (const [n, { ref, i }] of action.entries()) {
    const at = [...path, i];
    const dst = buildDestination(ctx, ref, ns, enforceRefGrant, kind, at);
    if (dst.fatal) return { route: [], fatal: dst.fatal };
    if (dst.invalid) invalid = dst.invalid;
    const rd: Record<string, unknown> = { destination: dst.destination };
    if (!single && weights[n] !== 0) rd["weight"] = weights[n];
    if (headerFilter) {
      const h = headerFilter(list(ref["filters"]), [...at, "filters"]);
      if (h.error) return { route: [], fatal: h.error };
      if (h.headers) rd["headers"] = h.headers;
    }
    route.push(rd);
  }
  return { route, ...(invalid ? { invalid } : {}) };
}
