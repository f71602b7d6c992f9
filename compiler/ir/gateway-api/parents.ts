/**
 * A route's parentRefs → the parents it binds to (istio `pilot/pkg/config/kube/gateway/conversion.go`
 * `extractParentReferenceInfo`, `referenceAllowed`, `toInternalParentReference`, `filteredReferences`, and
 * `routeParentReference.hostnameAllowedByIsolation`).
 */
import { list, record, str } from "../../load/json.ts";
import {
  GATEWAY_API_GROUP,
  type ConfigError,
  type GatewayApiResource,
  type ParentInfo,
  type ParentRef,
  type RouteKind,
  type RouteParentReference,
} from "./_model.ts";
import { hostNameSubsetOf, hostNamesMatch } from "./_host-names.ts";

/** Everything a route may name as a parent: listeners by Gateway key, and the mesh's known Services/ServiceEntries. */
export interface RouteParents {
  /** `namespace/name` of a Gateway → its listeners' parents. */
  readonly gateways: ReadonlyMap<string, readonly ParentInfo[]>;
  readonly serviceExists: (namespace: string, name: string) => boolean;
  readonly serviceEntryExists: (namespace: string, name: string) => boolean;
  /**
   * Whether a Service or ServiceEntry uses (`istio.io/use-waypoint`) a waypoint of another controller: that controller
   * owns its mesh routes, and istiod neither converts them nor writes their status.
   */
  readonly foreignWaypoint: (kind: "Service" | "ServiceEntry", namespace: string, name: string) => boolean;
}

/** conversion.go meshParentKey: the mesh admits every route kind. */
const MESH: ParentInfo = {
  internalName: "mesh",
  allowedKinds: ["HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute"].map((k) => `${GATEWAY_API_GROUP}/${k}`),
  hostnames: [],
  originalHostname: "",
  sectionName: "",
  port: 0,
  protocol: "",
};

function readParentRef(raw: unknown, localNamespace: string): ParentRef {
  const r = record(raw);
  const port = r["port"];
  return {
    group: str(r["group"]) ?? GATEWAY_API_GROUP,
    kind: str(r["kind"]) ?? "Gateway",
    name: str(r["name"]) ?? "",
    namespace: str(r["namespace"]) ?? localNamespace,
    sectionName: str(r["sectionName"]),
    port: typeof port === "number" ? port : undefined,
  };
}

/** conversion.go `toInternalParentReference`: Gateway, Service and ServiceEntry parents; others are another controller's. */
function parentKind(ref: ParentRef): "Gateway" | "Service" | "ServiceEntry" | undefined {
  if (ref.group === GATEWAY_API_GROUP && ref.kind === "Gateway") return "Gateway";
  if (ref.group === "" && ref.kind === "Service") return "Service";
  if (ref.group === "networking.istio.io" && ref.kind === "ServiceEntry") return "ServiceEntry";
  return undefined;
}

const notAccepted = (detail: string, path: (string | number)[]): ConfigError => ({
  reason: "NoMatchingParent",
  detail,
  path,
});

/** conversion.go `referenceAllowed`. */
function referenceAllowed(
  parents: RouteParents,
  parent: ParentInfo,
  routeKind: RouteKind,
  ref: ParentRef,
  kind: "Gateway" | "Service" | "ServiceEntry",
  hostnames: readonly string[],
  localNamespace: string,
  path: (string | number)[],
): ConfigError | undefined {
  if (kind === "Service") {
    if (!parents.serviceExists(ref.namespace, ref.name))
      return notAccepted(`parent service: "${ref.name}" not found`, path);
  } else if (kind === "ServiceEntry") {
    if (!parents.serviceEntryExists(ref.namespace, ref.name))
      return notAccepted(`parent service entry: "${ref.name}" not found`, path);
  } else {
    // Section and port first: they must match before anything else.
    if (ref.port !== undefined && ref.port !== 0 && ref.port !== parent.port)
      return notAccepted(`port ${ref.port} not found`, [...path, "port"]);
    if (ref.sectionName !== undefined && ref.sectionName !== "" && ref.sectionName !== parent.sectionName)
      return notAccepted(`sectionName "${ref.sectionName}" not found`, [...path, "sectionName"]);
    const routeHosts = hostnames.length === 0 ? ["*"] : hostnames;
    if (parent.hostnames.length > 0) {
      let matched = false;
      let hostMatched = false;
      for (const routeHost of routeHosts) {
        for (const parentHostNs of parent.hostnames) {
          const slash = parentHostNs.indexOf("/");
          const parentNs = slash < 0 ? "*" : parentHostNs.slice(0, slash);
          const parentHost = slash < 0 ? parentHostNs : parentHostNs.slice(slash + 1);
          const hostnameMatch = hostNamesMatch(parentHost, routeHost);
          hostMatched ||= hostnameMatch;
          if (hostnameMatch && (parentNs === "*" || parentNs === localNamespace)) matched = true;
        }
      }
      if (!matched && hostMatched) {
        const detail = `hostnames matched parent hostname "${parent.originalHostname}", but namespace "${localNamespace}" is not allowed by the parent`;
        return { reason: "NotAllowedByListeners", detail, path };
      }
      if (!matched) {
        const detail = `no hostnames matched parent hostname "${parent.originalHostname}"`;
        return { reason: "NoMatchingListenerHostname", detail, path };
      }
    }
  }
  if (!parent.allowedKinds.includes(`${GATEWAY_API_GROUP}/${routeKind}`)) {
    const detail = `kind ${GATEWAY_API_GROUP}/v1, Kind=${routeKind} is not allowed`;
    return { reason: "NotAllowedByListeners", detail, path };
  }
  return undefined;
}

/** conversion.go `parentRefString`, the key istiod sorts parent references by. */
function parentRefString(ref: ParentRef): string {
  return `${ref.group}/${ref.kind}/${ref.name}/${ref.sectionName ?? ""}/${ref.port ?? 0}.${ref.namespace}`;
}

/** conversion.go `extractParentReferenceInfo`: every (parentRef, candidate parent) pair, with why it is denied. */
export function extractParentReferences(
  parents: RouteParents,
  route: GatewayApiResource,
  routeKind: RouteKind,
): { refs: RouteParentReference[]; unresolved: ConfigError[] } {
  const hostnames = routeKind === "TCPRoute" ? [] : list(route.spec["hostnames"]).filter((h) => typeof h === "string");
  const refs: RouteParentReference[] = [];
  const unresolved: ConfigError[] = [];
  list(route.spec["parentRefs"]).forEach((raw, refIndex) => {
    const ref = readParentRef(raw, route.namespace);
    const kind = parentKind(ref);
    if (kind === undefined) return;
    if (kind !== "Gateway" && parents.foreignWaypoint(kind, ref.namespace, ref.name)) return;
    const key = `${ref.namespace}/${ref.name}`;
    const current = kind === "Gateway" ? (parents.gateways.get(key) ?? []) : [MESH];
    const path = ["spec", "parentRefs", refIndex];
    if (current.length === 0) unresolved.push(notAccepted(`parent gateway "${key}" not found`, path));
    for (const pr of current) {
      const banned = new Set<string>();
      for (const gw of current) {
        if (gw === pr || gw.port !== pr.port || gw.protocol !== pr.protocol) continue;
        banned.add(gw.originalHostname);
      }
      banned.delete(pr.originalHostname);
      refs.push({
        internalName: pr.internalName,
        internalKind: kind,
        hostname: pr.originalHostname,
        deniedReason: referenceAllowed(parents, pr, routeKind, ref, kind, hostnames, route.namespace, path),
        refIndex,
        ref,
        bannedHostnames: banned,
        parentKey: `${kind}/${key}`,
        parentSection: pr.sectionName,
      });
    }
  });
  refs.sort((a, b) =>
    parentRefString(a.ref) < parentRefString(b.ref) ? -1 : parentRefString(a.ref) > parentRefString(b.ref) ? 1 : 0,
  );
  return { refs, unresolved };
}

/** conversion.go `filteredReferences`: the accepted parents, sorted by internal name. */
export function filteredReferences(refs: readonly RouteParentReference[]): RouteParentReference[] {
  return refs
    .filter((r) => r.deniedReason === undefined)
    .sort((a, b) => (a.internalName < b.internalName ? -1 : a.internalName > b.internalName ? 1 : 0));
}

/** `routeParentReference.hostnameAllowedByIsolation`: a more specific listener on the same port takes the host. */
export function hostnameAllowedByIsolation(parent: RouteParentReference, routeHost: string): boolean {
  const ours = parent.hostname;
  if (ours.length > 0 && !ours.startsWith("*")) return true;
  if (ours.length > 0 && !hostNamesMatch(routeHost, ours)) return false;
  for (const check of parent.bannedHostnames) {
    if (ours.length > check.length) continue;
    if (hostNameSubsetOf(routeHost, check)) return false;
  }
  return true;
}
