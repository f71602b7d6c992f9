/**
 * Shared types of the Gateway API conversion (istio `pilot/pkg/config/kube/gateway`): the input resources with their
 * spans, what a route may attach to (`parentInfo`), a route's resolved parent references (`routeParentReference`) and
 * the errors istiod reports in status (`ConfigError`, `ParentError`).
 */
import type { InputDocument } from "../../load/document.ts";
import { GATEWAY_API_GROUP } from "../../load/kinds.ts";
import { record, str, type Json } from "../../load/json.ts";
import { spanAt, type FieldPath, type Span } from "../../diagnostics/span.ts";

export { GATEWAY_API_GROUP };

/** The route kinds istiod converts. */
export type RouteKind = "HTTPRoute" | "GRPCRoute" | "TCPRoute" | "TLSRoute";

/** A Gateway API resource as read: kind, namespace, name, spec, and a way to find the span of any field. */
export interface GatewayApiResource {
  readonly doc: InputDocument;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly spec: Json;
  readonly annotations: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  /** `metadata.creationTimestamp` when given (istiod orders routes by it); undefined sorts as equal. */
  readonly creationTimestamp: string | undefined;
}

export function spanOf(res: GatewayApiResource, path: FieldPath): Span {
  return spanAt(res.doc.spans, path, res.doc.span);
}

/** Whether a document belongs to the Gateway API group (any version). */
export function isGatewayApiDocument(doc: InputDocument): boolean {
  const apiVersion = str(doc.object["apiVersion"]) ?? "";
  return apiVersion.startsWith(`${GATEWAY_API_GROUP}/`);
}

export function readResource(doc: InputDocument): GatewayApiResource {
  const meta = record(doc.object["metadata"]);
  const strings = (v: unknown) =>
    Object.fromEntries(Object.entries(record(v)).filter((e): e is [string, string] => typeof e[1] === "string"));
  const ts = meta["creationTimestamp"];
  return {
    doc,
    kind: str(doc.object["kind"]) ?? "",
    name: str(meta["name"]) ?? "",
    namespace: str(meta["namespace"]) ?? "default",
    spec: record(doc.object["spec"]),
    annotations: strings(meta["annotations"]),
    labels: strings(meta["labels"]),
    creationTimestamp: typeof ts === "string" ? ts : ts instanceof Date ? ts.toISOString() : undefined,
  };
}

/** A condition's failure, as istiod's `ConfigError{Reason, Message}` (conditions.go); `path` locates it. */
export interface ConfigError {
  readonly reason: string;
  /** istiod's condition message, passed to the catalog entry as an argument. */
  readonly detail: string;
  readonly path?: FieldPath;
}

/** What a route can bind to: one listener of a Gateway, or the mesh (gateway_collection.go `parentInfo`). */
export interface ParentInfo {
  /** `mesh`, or `<namespace>/<internal Gateway name>`. */
  readonly internalName: string;
  /** Route kinds the listener admits, as `group/Kind`. */
  readonly allowedKinds: readonly string[];
  /** The Istio server hosts (`ns/host`). */
  readonly hostnames: readonly string[];
  /** The listener's hostname as written ("" when absent). */
  readonly originalHostname: string;
  readonly sectionName: string;
  readonly port: number;
  readonly protocol: string;
}

/** A route's parentRef resolved against one candidate parent (conversion.go `routeParentReference`). */
export interface RouteParentReference {
  readonly internalName: string;
  /** `Gateway`, `Service`, `ServiceEntry` or `Mesh`. */
  readonly internalKind: string;
  readonly hostname: string;
  readonly deniedReason: ConfigError | undefined;
  /** Index of the parentRef in `spec.parentRefs`. */
  readonly refIndex: number;
  readonly ref: ParentRef;
  readonly bannedHostnames: ReadonlySet<string>;
  readonly parentKey: string;
  readonly parentSection: string;
}

/** `spec.parentRefs[i]` with its defaults applied (group gateway.networking.k8s.io, kind Gateway, route's namespace). */
export interface ParentRef {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly sectionName: string | undefined;
  readonly port: number | undefined;
}

export function isMesh(p: RouteParentReference): boolean {
  return p.internalName === "mesh";
}
