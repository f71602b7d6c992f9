/**
 * Loads the route table under test (router_check_tool `-c`): a RouteConfiguration in YAML or JSON, parsed strictly
 * with the protobuf-ts binding (`RouteConfiguration.fromJson`, unknown fields rejected as Envoy's
 * `TestUtility::loadFromFile` does). Envoy's loader also accepts well-known types in message form, which proto3 JSON
 * does not (`timeout: {seconds: 30}`, `{value: x}` wrappers): those are rewritten to their JSON form first.
 * A full Bootstrap is accepted too: its first HttpConnectionManager `route_config` is used (the tool itself only
 * reads RouteConfigurations; extraction is done on the plain object so unrelated filters need no binding).
 */
import yaml from "js-yaml";
import type { IMessageType } from "@protobuf-ts/runtime";
import { RouteConfiguration } from "../emit/envoy/gen/envoy/config/route/v3/route.ts";
import { TypeRegistry, lookupType, type AnyMessageType } from "../emit/envoy/registry.ts";

const HCM = "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";

export type Loaded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** Parses YAML (JSON is YAML) into a plain object. */
export function parseYamlObject(text: string): Loaded<unknown> {
  try {
    return { ok: true, value: yaml.load(text) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/** The route configuration in `text` (file contents), or the error Envoy's loader would report. */
export function loadRouteConfiguration(text: string): Loaded<RouteConfiguration> {
  const parsed = parseYamlObject(text);
  if (!parsed.ok) return parsed;
  let obj = parsed.value;
  if (isRecord(obj) && "static_resources" in obj) {
    const rc = bootstrapRouteConfig(obj);
    if (rc === undefined)
      return { ok: false, error: "Bootstrap has no HttpConnectionManager with an inline route_config." };
    obj = rc;
  }
  try {
    const json = normalizeWkt(RouteConfiguration, obj) as never;
    return {
      ok: true,
      value: RouteConfiguration.fromJson(json, { typeRegistry: TypeRegistry, ignoreUnknownFields: false }),
    };
  } catch (e) {
    return {
      ok: false,
      error: `INVALID_ARGUMENT: Unable to parse JSON as proto envoy.config.route.v3.RouteConfiguration: ${(e as Error).message}`,
    };
  }
}

function bootstrapRouteConfig(bootstrap: Record<string, unknown>): unknown {
  const listeners = asArray((bootstrap["static_resources"] as Record<string, unknown> | undefined)?.["listeners"]);
  for (const l of listeners) {
    for (const chain of asArray((l as Record<string, unknown>)["filter_chains"])) {
      for (const f of asArray((chain as Record<string, unknown>)["filters"])) {
        const tc = (f as Record<string, unknown>)["typed_config"];
        if (isRecord(tc) && tc["@type"] === HCM && tc["route_config"] !== undefined) return tc["route_config"];
      }
    }
  }
  return undefined;
}

const WRAPPERS = new Set(
  [
    "BoolValue",
    "StringValue",
    "BytesValue",
    "UInt32Value",
    "UInt64Value",
    "Int32Value",
    "Int64Value",
    "DoubleValue",
    "FloatValue",
  ].map((n) => `google.protobuf.${n}`),
);

/**
 * Rewrites message-form well-known types to proto3 JSON, guided by the message type: Duration `{seconds, nanos}` →
 * `"1.5s"`, wrapper `{value: x}` → `x`; recurses into messages, lists, maps and `Any` payloads.
 */
export function normalizeWkt(type: AnyMessageType, json: unknown): unknown {
  if (type.typeName === "google.protobuf.Duration" && isRecord(json)) {
    const seconds = BigInt(String((json["seconds"] as string | number | undefined) ?? 0));
    const nanos = Number(json["nanos"] ?? 0);
    return `${seconds}${nanos === 0 ? "" : `.${String(Math.abs(nanos)).padStart(9, "0")}`}s`;
  }
  if (WRAPPERS.has(type.typeName) && isRecord(json)) return json["value"];
  if (type.typeName === "google.protobuf.Any" && isRecord(json) && typeof json["@type"] === "string") {
    const inner = lookupType(json["@type"]);
    return inner === undefined ? json : { ...(normalizeWkt(inner, json) as object), "@type": json["@type"] };
  }
  if (!isRecord(json) || type.typeName.startsWith("google.protobuf.")) return json;
  const out: Record<string, unknown> = { ...json };
  for (const field of (type as IMessageType<object>).fields) {
    const key = field.name in json ? field.name : field.jsonName in json ? field.jsonName : undefined;
    if (key === undefined) continue;
    const v = json[key];
    if (field.kind === "message") {
      const sub = field.T() as AnyMessageType;
      out[key] = field.repeat ? (Array.isArray(v) ? v.map((e) => normalizeWkt(sub, e)) : v) : normalizeWkt(sub, v);
    } else if (field.kind === "map" && field.V.kind === "message" && isRecord(v)) {
      const sub = field.V.T() as AnyMessageType;
      out[key] = Object.fromEntries(Object.entries(v).map(([k, e]) => [k, normalizeWkt(sub, e)]));
    }
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}
