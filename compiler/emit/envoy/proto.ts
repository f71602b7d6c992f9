// Small builders for the protobuf values every Envoy resource uses (outbound, inbound, gateways): durations,
// wrappers, Structs, the ADS and SDS config sources istiod puts everywhere. Pure; no IR knowledge.
import { parseDurationNs } from "../../ir/duration.ts";
import {
  ApiVersion,
  ConfigSource,
  ApiConfigSource_ApiType,
  ApiConfigSource,
} from "./gen/envoy/config/core/v3/config_source.ts";
import { Metadata } from "./gen/envoy/config/core/v3/base.ts";
import { GrpcService, GrpcService_EnvoyGrpc } from "./gen/envoy/config/core/v3/grpc_service.ts";
import { SdsSecretConfig } from "./gen/envoy/extensions/transport_sockets/tls/v3/secret.ts";
import { Duration } from "./gen/google/protobuf/duration.ts";
import { ListValue, Struct, Value } from "./gen/google/protobuf/struct.ts";
import { BoolValue, UInt32Value } from "./gen/google/protobuf/wrappers.ts";

/** A protobuf Duration from nanoseconds: `durationNs(1.5e9)` → `{ seconds: "1", nanos: 500000000 }`. */
export function durationNs(ns: number): Duration {
  const seconds = Math.floor(ns / 1e9);
  return Duration.create({ seconds: String(seconds), nanos: Math.round(ns - seconds * 1e9) });
}

/** A Duration from an Istio duration string (`"1.5s"`, `"500ms"`); undefined when absent or unparsable. */
export function duration(text: string | undefined): Duration | undefined {
  if (text === undefined) return undefined;
  const ns = parseDurationNs(text);
  return ns === undefined ? undefined : durationNs(ns);
}

/** Whole seconds of an Istio duration string (TCP keepalive fields are uint32 seconds). */
export function durationSeconds(text: string | undefined): number | undefined {
  const ns = text === undefined ? undefined : parseDurationNs(text);
  return ns === undefined ? undefined : Math.floor(ns / 1e9);
}

export const ZERO_SECONDS = durationNs(0);
export const u32 = (value: number): UInt32Value => UInt32Value.create({ value });
export const boolValue = (value: boolean): BoolValue => BoolValue.create({ value });

/** A JSON-like value for `google.protobuf.Value`. */
export type PlainValue = string | number | boolean | readonly PlainValue[] | { readonly [key: string]: PlainValue };

export function toValue(v: PlainValue): Value {
  if (typeof v === "string") return Value.create({ kind: { oneofKind: "stringValue", stringValue: v } });
  if (typeof v === "number") return Value.create({ kind: { oneofKind: "numberValue", numberValue: v } });
  if (typeof v === "boolean") return Value.create({ kind: { oneofKind: "boolValue", boolValue: v } });
  if (Array.isArray(v))
    return Value.create({ kind: { oneofKind: "listValue", listValue: ListValue.create({ values: v.map(toValue) }) } });
  return Value.create({
    kind: { oneofKind: "structValue", structValue: toStruct(v as { readonly [key: string]: PlainValue }) },
  });
}

/** `toStruct({ tlsMode: "istio" })` → `Struct{ fields: { tlsMode: string_value "istio" } }`. */
export function toStruct(fields: { readonly [key: string]: PlainValue }): Struct {
  const out: { [key: string]: Value } = {};
  for (const key of Object.keys(fields).sort()) out[key] = toValue(fields[key]!);
  return Struct.create({ fields: out });
}

/** `metadata({ istio: {...} })` → `Metadata{ filter_metadata: { istio: Struct } }`. */
export function metadata(filters: { readonly [filter: string]: { readonly [key: string]: PlainValue } }): Metadata {
  const filterMetadata: { [key: string]: Struct } = {};
  for (const key of Object.keys(filters).sort()) filterMetadata[key] = toStruct(filters[key]!);
  return Metadata.create({ filterMetadata });
}

/**
 * The ADS config source istiod uses for RDS and EDS (`listener_builder.go` `buildHTTPConnectionManager`,
 * `cluster_builder.go` `maybeApplyEdsConfig`): `{ ads: {}, initial_fetch_timeout: 0s, resource_api_version: V3 }`.
 */
export function adsConfigSource(): ConfigSource {
  return ConfigSource.create({
    configSourceSpecifier: { oneofKind: "ads", ads: {} },
    initialFetchTimeout: ZERO_SECONDS,
    resourceApiVersion: ApiVersion.V3,
  });
}

/**
 * istio `pilot/pkg/security/model/authentication.go` `ConstructSdsSecretConfig`: a secret fetched from the
 * istio-agent's SDS server over the bootstrap cluster `sds-grpc` (`default` = workload cert, `ROOTCA` = CA bundle).
 */
export function sdsSecretConfig(name: string): SdsSecretConfig {
  return SdsSecretConfig.create({
    name,
    sdsConfig: ConfigSource.create({
      configSourceSpecifier: {
        oneofKind: "apiConfigSource",
        apiConfigSource: ApiConfigSource.create({
          apiType: ApiConfigSource_ApiType.GRPC,
          transportApiVersion: ApiVersion.V3,
          setNodeOnFirstMessageOnly: true,
          grpcServices: [
            GrpcService.create({
              targetSpecifier: {
                oneofKind: "envoyGrpc",
                envoyGrpc: GrpcService_EnvoyGrpc.create({ clusterName: "sds-grpc" }),
              },
            }),
          ],
        }),
      },
      initialFetchTimeout: ZERO_SECONDS,
      resourceApiVersion: ApiVersion.V3,
    }),
  });
}

/** An SDS secret fetched over ADS from istiod (`credentialName` on DestinationRules: `kubernetes://<name>`). */
export function adsSecretConfig(name: string): SdsSecretConfig {
  return SdsSecretConfig.create({ name, sdsConfig: adsConfigSource() });
}

/** Go's `sort.Strings` order (byte order), for deterministic lists. */
export const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
