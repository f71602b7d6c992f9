// The Envoy message types meshc may put inside a google.protobuf.Any, and the admin ConfigDump built from them.
// Every Any is packed here (`packAny`) and serialized only through protobuf-ts (`toJson` with the registry,
// `toBinary`): no JSON is written by hand. Map fields are put in key order before packing and serializing, so the
// output does not depend on the order in which an emitter filled a map.
import { createHash } from "node:crypto";
import type { IMessageType, JsonValue, JsonWriteOptions } from "@protobuf-ts/runtime";
import { ConfigDump, BootstrapConfigDump, SecretsConfigDump } from "./gen/envoy/admin/v3/config_dump.ts";
import {
  ClustersConfigDump,
  EcdsConfigDump,
  EndpointsConfigDump,
  ListenersConfigDump,
  RoutesConfigDump,
  ScopedRoutesConfigDump,
} from "./gen/envoy/admin/v3/config_dump_shared.ts";
import { Cluster } from "./gen/envoy/config/cluster/v3/cluster.ts";
import { ClusterConfig as DfpClusterConfig } from "./gen/envoy/extensions/clusters/dynamic_forward_proxy/v3/cluster.ts";
import {
  FilterConfig as HttpDfpFilterConfig,
  PerRouteConfig as HttpDfpPerRouteConfig,
} from "./gen/envoy/extensions/filters/http/dynamic_forward_proxy/v3/dynamic_forward_proxy.ts";
import { FilterConfig as SniDfpFilterConfig } from "./gen/envoy/extensions/filters/network/sni_dynamic_forward_proxy/v3/sni_dynamic_forward_proxy.ts";
import { ClusterLoadAssignment } from "./gen/envoy/config/endpoint/v3/endpoint.ts";
import { Listener } from "./gen/envoy/config/listener/v3/listener.ts";
import { RouteConfiguration } from "./gen/envoy/config/route/v3/route.ts";
import { FileAccessLog } from "./gen/envoy/extensions/access_loggers/file/v3/file.ts";
import { Cors, CorsPolicy } from "./gen/envoy/extensions/filters/http/cors/v3/cors.ts";
import {
  ExtAuthz as HttpExtAuthz,
  ExtAuthzPerRoute,
} from "./gen/envoy/extensions/filters/http/ext_authz/v3/ext_authz.ts";
import { HTTPFault } from "./gen/envoy/extensions/filters/http/fault/v3/fault.ts";
import {
  JwtAuthentication,
  PerRouteConfig as JwtPerRouteConfig,
} from "./gen/envoy/extensions/filters/http/jwt_authn/v3/config.ts";
import { RBAC as HttpRBAC, RBACPerRoute } from "./gen/envoy/extensions/filters/http/rbac/v3/rbac.ts";
import { Router } from "./gen/envoy/extensions/filters/http/router/v3/router.ts";
import { HttpInspector } from "./gen/envoy/extensions/filters/listener/http_inspector/v3/http_inspector.ts";
import { OriginalDst } from "./gen/envoy/extensions/filters/listener/original_dst/v3/original_dst.ts";
import { TlsInspector } from "./gen/envoy/extensions/filters/listener/tls_inspector/v3/tls_inspector.ts";
import { ExtAuthz as NetworkExtAuthz } from "./gen/envoy/extensions/filters/network/ext_authz/v3/ext_authz.ts";
import { HttpConnectionManager } from "./gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.ts";
import { RBAC as NetworkRBAC } from "./gen/envoy/extensions/filters/network/rbac/v3/rbac.ts";
import { TcpProxy } from "./gen/envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy.ts";
import { RawBuffer } from "./gen/envoy/extensions/transport_sockets/raw_buffer/v3/raw_buffer.ts";
import { Secret } from "./gen/envoy/extensions/transport_sockets/tls/v3/secret.ts";
import { DownstreamTlsContext, UpstreamTlsContext } from "./gen/envoy/extensions/transport_sockets/tls/v3/tls.ts";
import { HttpProtocolOptions } from "./gen/envoy/extensions/upstreams/http/v3/http_protocol_options.ts";
import { UriTemplateMatchConfig } from "./gen/envoy/extensions/path/match/uri_template/v3/uri_template_match.ts";
import { PreviousHostsPredicate } from "./gen/envoy/extensions/retry/host/previous_hosts/v3/previous_hosts.ts";
import { PreviousPrioritiesConfig } from "./gen/envoy/extensions/retry/priority/previous_priorities/v3/previous_priorities_config.ts";
import { Any } from "./gen/google/protobuf/any.ts";
import { Duration } from "./gen/google/protobuf/duration.ts";
import { Empty } from "./gen/google/protobuf/empty.ts";
import { ListValue, Struct, Value } from "./gen/google/protobuf/struct.ts";
import { Timestamp } from "./gen/google/protobuf/timestamp.ts";
import * as wrappers from "./gen/google/protobuf/wrappers.ts";
import { TypedStruct as UdpaTypedStruct } from "./gen/udpa/type/v1/typed_struct.ts";
import { TypedStruct as XdsTypedStruct } from "./gen/xds/type/v3/typed_struct.ts";

/** A generated message type whose message shape is not known statically (the element type of a type registry). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- protobuf-ts's own `typeRegistry` option is IMessageType<any>[]
export type AnyMessageType = IMessageType<any>;

/**
 * Every message type meshc may put in an `Any`: xDS resources, admin config dumps, the typed_config of every filter,
 * transport socket and cluster extension istiod sets on a sidecar, and the well-known types. Pass it as
 * `typeRegistry` to `toJson`/`fromJson`. A type missing here makes `packAny` throw.
 */
export const TypeRegistry: readonly AnyMessageType[] = [
  // Admin /config_dump sections (envoy/admin/v3/config_dump.proto, config_dump_shared.proto).
  BootstrapConfigDump,
  ClustersConfigDump,
  EcdsConfigDump,
  EndpointsConfigDump,
  ListenersConfigDump,
  RoutesConfigDump,
  ScopedRoutesConfigDump,
  SecretsConfigDump,
  // xDS resources.
  Listener,
  RouteConfiguration,
  Cluster,
  ClusterLoadAssignment,
  Secret,
  // Network filters.
  HttpConnectionManager,
  NetworkRBAC,
  TcpProxy,
  NetworkExtAuthz,
  // HTTP filters and their per-route configs.
  HttpExtAuthz,
  ExtAuthzPerRoute,
  JwtAuthentication,
  JwtPerRouteConfig,
  HttpRBAC,
  RBACPerRoute,
  HTTPFault,
  Cors,
  CorsPolicy,
  Router,
  // RBAC permission extensions (AuthorizationPolicy path templates).
  UriTemplateMatchConfig,
  // Retry extensions on routes (istiod retry.go: previous_hosts predicate, previous_priorities).
  PreviousHostsPredicate,
  PreviousPrioritiesConfig,
  // Listener filters, transport sockets, cluster extensions, access loggers.
  TlsInspector,
  HttpInspector,
  OriginalDst,
  DownstreamTlsContext,
  UpstreamTlsContext,
  RawBuffer,
  HttpProtocolOptions,
  FileAccessLog,
  // Dynamic forward proxy (Istio 1.31 DYNAMIC_DNS, ALLOW_ANY_DYNAMIC_DNS; not emitted yet: MESH2190/2191): the cluster
  // type's ClusterConfig, the HTTP filter and its per-route config, the SNI network filter. Registered so that
  // route tables and config dumps with them load (meshc route-check).
  DfpClusterConfig,
  HttpDfpFilterConfig,
  HttpDfpPerRouteConfig,
  SniDfpFilterConfig,
  // Istio's own extensions are configured through TypedStruct.
  XdsTypedStruct,
  UdpaTypedStruct,
  // Well-known types.
  Any,
  Duration,
  Empty,
  Struct,
  Value,
  ListValue,
  Timestamp,
  wrappers.BoolValue,
  wrappers.BytesValue,
  wrappers.DoubleValue,
  wrappers.FloatValue,
  wrappers.Int32Value,
  wrappers.Int64Value,
  wrappers.StringValue,
  wrappers.UInt32Value,
  wrappers.UInt64Value,
];

const byName = new Map(TypeRegistry.map((t) => [t.typeName, t]));

/** The registry type for a type URL (`type.googleapis.com/envoy.config.listener.v3.Listener`) or a type name. */
export function lookupType(typeUrlOrName: string): AnyMessageType | undefined {
  return byName.get(typeUrlOrName.slice(typeUrlOrName.lastIndexOf("/") + 1));
}

/**
 * Packs `message` into an Any, its maps in key order.
 * `packAny(Router, Router.create())` → `{ typeUrl: "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router", value: Uint8Array [] }`.
 * Throws if `type` is not in the TypeRegistry (it could not be written as JSON).
 */
export function packAny<T extends object>(type: IMessageType<T>, message: T): Any {
  if (byName.get(type.typeName) !== type) {
    throw new Error(`packAny: ${type.typeName} is not in the Envoy TypeRegistry (compiler/emit/envoy/registry.ts).`);
  }
  return Any.pack(sortMaps(type, message), type);
}

/** The sections of a ConfigDump, in the order Envoy's /config_dump lists them (ConfigDump.configs doc comment). */
export interface ConfigDumpParts {
  readonly bootstrap?: BootstrapConfigDump;
  readonly clusters?: ClustersConfigDump;
  readonly endpoints?: EndpointsConfigDump;
  readonly listeners?: ListenersConfigDump;
  readonly routes?: RoutesConfigDump;
  readonly secrets?: SecretsConfigDump;
}

/** Builds an admin ConfigDump: `configDump({ listeners })` → `{ configs: [Any(ListenersConfigDump)] }`. */
export function configDump(parts: ConfigDumpParts): ConfigDump {
  const configs: Any[] = [];
  if (parts.bootstrap) configs.push(packAny(BootstrapConfigDump, parts.bootstrap));
  if (parts.clusters) configs.push(packAny(ClustersConfigDump, parts.clusters));
  if (parts.endpoints) configs.push(packAny(EndpointsConfigDump, parts.endpoints));
  if (parts.listeners) configs.push(packAny(ListenersConfigDump, parts.listeners));
  if (parts.routes) configs.push(packAny(RoutesConfigDump, parts.routes));
  if (parts.secrets) configs.push(packAny(SecretsConfigDump, parts.secrets));
  return ConfigDump.create({ configs });
}

/**
 * The ConfigDump as Envoy's /config_dump prints it: proto3 JSON with proto field names (Envoy's
 * MessageUtil::getJsonStringFromMessage sets preserve_proto_field_names, source/common/protobuf/utility.cc), `@type`
 * first in each Any as protobuf's JSON printer writes it, two-space indent, final newline. Deterministic.
 */
export function configDumpToJson(dump: ConfigDump): string {
  const json = ConfigDump.toJson(sortMaps(ConfigDump, dump), { typeRegistry: JsonRegistry, useProtoFieldName: true });
  return `${JSON.stringify(typeFirst(json), null, 2)}\n`;
}

/**
 * The JSON of xDS resources, memoized by content. Workloads of one scope carry the same clusters, routes and
 * endpoints (compiler/emit/envoy/index.ts shares them), so each distinct resource is decoded and converted once per
 * process instead of once per workload. Objects in `ordered` are already in `typeFirst` order and never mutated.
 */
const ordered = new WeakSet<object>();
const resourceJson = new Map<string, { [key: string]: JsonValue }>();
let resourceJsonBytes = 0;
/** Payload bytes after which the memo is dropped (bounds memory in long-running processes). */
const RESOURCE_JSON_LIMIT = 64 * 1024 * 1024;

/**
 * A registry entry standing in for `type` in `configDumpToJson`: Any's JSON writer (gen/google/protobuf/any.ts
 * `internalJsonWrite`) only calls `fromBinary` then `internalJsonWrite` on it; this one defers decoding to a memo
 * keyed by the payload's digest, and returns a fresh top-level object (the writer sets `@type` on it) over shared,
 * already ordered children.
 */
function memoizedJsonType(type: AnyMessageType): AnyMessageType {
  const entry = {
    typeName: type.typeName,
    fromBinary: (bytes: Uint8Array): Uint8Array => bytes,
    internalJsonWrite: (bytes: Uint8Array, options: JsonWriteOptions): JsonValue => {
      const key = `${type.typeName}\n${createHash("sha256").update(bytes).digest("base64")}`;
      let json = resourceJson.get(key);
      if (json === undefined) {
        if (resourceJsonBytes > RESOURCE_JSON_LIMIT) {
          resourceJson.clear();
          resourceJsonBytes = 0;
        }
        const full = typeFirst({
          "@type": `type.googleapis.com/${type.typeName}`,
          ...(type.internalJsonWrite(type.fromBinary(bytes, { readUnknownField: false }), options) as object),
        });
        json = full as { [key: string]: JsonValue };
        resourceJson.set(key, json);
        resourceJsonBytes += bytes.length;
      }
      // Same key order (`@type` first, which the writer's `json["@type"] = …` keeps), children already ordered.
      const copy = { ...json };
      ordered.add(copy);
      return copy;
    },
  };
  return entry as unknown as AnyMessageType;
}

const JsonRegistry: readonly AnyMessageType[] = [
  ...[Listener, RouteConfiguration, Cluster, ClusterLoadAssignment].map(memoizedJsonType),
  ...TypeRegistry,
];

/** The ConfigDump in the protobuf binary format (what `istioctl proxy-config --file` also accepts as JSON). */
export function configDumpToBinary(dump: ConfigDump): Uint8Array {
  return ConfigDump.toBinary(sortMaps(ConfigDump, dump));
}

/** Parses ConfigDump JSON strictly: unknown fields, in the dump or in any Any payload, and unknown `@type`s throw. */
export function configDumpFromJson(text: string): ConfigDump {
  return ConfigDump.fromJsonString(text, { typeRegistry: TypeRegistry, ignoreUnknownFields: false });
}

/** Decodes a binary ConfigDump strictly: unknown fields (at any depth, Any payloads included) and unknown types throw. */
export function configDumpFromBinary(bytes: Uint8Array): ConfigDump {
  const dump = ConfigDump.fromBinary(bytes, { readUnknownField: "throw" });
  for (const any of dump.configs) unpackStrict(any);
  return dump;
}

/** Decodes an Any's payload with its registry type, rejecting unknown fields, and recurses into nested Anys. */
function unpackStrict(any: Any): void {
  const type = lookupType(any.typeUrl);
  if (type === undefined) throw new Error(`Any type '${any.typeUrl}' is not in the Envoy TypeRegistry.`);
  forEachAny(type, type.fromBinary(any.value, { readUnknownField: "throw" }) as object, unpackStrict);
}

type Fields = Record<string, unknown>;

/** Calls `fn` on every Any directly or transitively inside `message` (not inside Any payloads: `fn` recurses). */
function forEachAny(type: AnyMessageType, message: object, fn: (any: Any) => void): void {
  if (type === Any) return fn(message as Any);
  for (const field of type.fields) {
    if (field.kind !== "message" && !(field.kind === "map" && field.V.kind === "message")) continue;
    const sub = field.kind === "message" ? field.T() : (field.V as { T: () => AnyMessageType }).T();
    for (const value of fieldValues(message as Fields, field)) forEachAny(sub, value as object, fn);
  }
}

/** The values a field holds: none if unset, one for a singular field, every element of a list or map. */
function fieldValues(message: Fields, field: AnyMessageType["fields"][number]): unknown[] {
  let value: unknown;
  if (field.oneof !== undefined) {
    const group = message[field.oneof] as Fields | undefined;
    value = group?.["oneofKind"] === field.localName ? group[field.localName] : undefined;
  } else value = message[field.localName];
  if (value === undefined) return [];
  if (field.kind === "map") return Object.values(value as Fields);
  return Array.isArray(value) ? value : [value];
}

const mapsMemo = new Map<AnyMessageType, boolean>();

/** Whether a message of `type` can hold a map field outside Any payloads (if not, `sortMaps` has nothing to do). */
function hasMaps(type: AnyMessageType): boolean {
  const known = mapsMemo.get(type);
  if (known !== undefined) return known;
  mapsMemo.set(type, false); // cycles: a recursive field adds nothing new
  let found = false;
  for (const field of type.fields) {
    if (field.kind === "map") found = true;
    else if (field.kind === "message" && field.T() !== Any && hasMaps(field.T())) found = true;
    if (found) break;
  }
  mapsMemo.set(type, found);
  return found;
}

/** A copy of `message` whose map fields (at every depth) list their keys in sorted order; `message` if it has none. */
function sortMaps<T extends object>(type: IMessageType<T>, message: T): T {
  if (!hasMaps(type)) return message;
  const copy = type.clone(message);
  sortMapsInPlace(type, copy as Fields);
  return copy;
}

function sortMapsInPlace(type: AnyMessageType, message: Fields): void {
  for (const field of type.fields) {
    if (field.kind === "map") {
      const map = message[field.localName] as Fields;
      const sorted: Fields = {};
      for (const key of Object.keys(map).sort()) sorted[key] = map[key];
      message[field.localName] = sorted;
    }
    if (field.kind === "message" || (field.kind === "map" && field.V.kind === "message")) {
      const sub = field.kind === "message" ? field.T() : (field.V as { T: () => AnyMessageType }).T();
      if (sub === Any) continue; // packed bytes: canonical when packed through packAny
      for (const value of fieldValues(message, field)) sortMapsInPlace(sub, value as Fields);
    }
  }
}

/** Puts `@type` first in every object, as protobuf's JSON printer does (protobuf-ts appends it last). */
function typeFirst(json: JsonValue): JsonValue {
  if (Array.isArray(json)) return json.map(typeFirst);
  if (json === null || typeof json !== "object" || ordered.has(json)) return json;
  const out: { [key: string]: JsonValue } = {};
  if (json["@type"] !== undefined) out["@type"] = json["@type"];
  for (const [key, value] of Object.entries(json))
    if (key !== "@type" && value !== undefined) out[key] = typeFirst(value);
  ordered.add(out);
  return out;
}
