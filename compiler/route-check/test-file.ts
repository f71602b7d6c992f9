/**
 * The router_check_tool test file (`envoy.RouterCheckToolSchema.Validation`, test/tools/router_check/validation.proto;
 * ../shared/conformance/envoy-router-check/upstream-schema/validation.proto), read from YAML/JSON (js-yaml accepts the
 * upstream files' trailing commas) or protobuf text format (`.pb_text`). Like Envoy's loader it rejects unknown
 * fields, and it applies the schema's PGV rules (`tests` min 1, `test_name` non-empty, `input`/`validate` required,
 * `authority`/`path` non-empty, `method` at least 3 characters). Newer upstream fields seen in test files are read
 * too: `validate.timeout` and `validate.route_metadata`.
 */
import { HeaderValue } from "../emit/envoy/gen/envoy/config/core/v3/base.ts";
import { HeaderMatcher } from "../emit/envoy/gen/envoy/config/route/v3/route_components.ts";
import { Duration } from "../emit/envoy/gen/google/protobuf/duration.ts";
import type { JsonObject } from "../eval/envoy/route/types.ts";
import { normalizeWkt, parseYamlObject, type Loaded } from "./load-config.ts";
import { parseTextProto } from "./pb-text.ts";

export interface TestInput {
  readonly authority: string;
  readonly path: string;
  readonly method: string;
  readonly randomValue: bigint;
  readonly ssl: boolean;
  readonly internal: boolean;
  readonly runtime: string;
  readonly additionalRequestHeaders: readonly HeaderValue[];
  readonly additionalResponseHeaders: readonly HeaderValue[];
  readonly dynamicMetadata: readonly {
    readonly namespace: string;
    readonly value: JsonObject;
    readonly allowOverwrite: boolean;
  }[];
}

/** `validate`: an absent field is not checked; "" expects nothing. */
export interface TestAssert {
  readonly clusterName?: string;
  readonly virtualClusterName?: string;
  readonly virtualHostName?: string;
  readonly hostRewrite?: string;
  readonly pathRewrite?: string;
  readonly pathRedirect?: string;
  readonly codeRedirect?: number;
  readonly timeout?: Duration;
  readonly requestHeaderFields: readonly HeaderValue[];
  readonly responseHeaderFields: readonly HeaderValue[];
  readonly requestHeaderMatches: readonly HeaderMatcher[];
  readonly responseHeaderMatches: readonly HeaderMatcher[];
  readonly routeMetadata: readonly { readonly namespace: string; readonly key: string; readonly value: string }[];
}

export interface TestCase {
  readonly testName: string;
  readonly input: TestInput;
  readonly validate: TestAssert;
}

export interface Validation {
  readonly tests: readonly TestCase[];
  readonly runtime: JsonObject;
}

type Obj = Record<string, unknown>;

class SchemaError extends Error {}

const fail = (msg: string): never => {
  throw new SchemaError(msg);
};

/** Parses a test file; `textFormat` for `.pb_text`. */
export function parseValidation(text: string, textFormat: boolean): Loaded<Validation> {
  let raw: unknown;
  try {
    raw = textFormat ? parseTextProto(text) : unwrap(parseYamlObject(text));
    return { ok: true, value: validation(raw, textFormat) };
  } catch (e) {
    return {
      ok: false,
      error: `Unable to parse test file as envoy.RouterCheckToolSchema.Validation: ${(e as Error).message}`,
    };
  }
}

function unwrap(l: Loaded<unknown>): unknown {
  return l.ok ? l.value : fail(l.error);
}

/** Field access that accepts proto names and lowerCamelCase JSON names, and rejects any other key. */
function fields(o: unknown, where: string, allowed: readonly string[]): Obj {
  if (typeof o !== "object" || o === null || Array.isArray(o)) return fail(`${where}: expected an object.`);
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) {
    const snake = k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    if (!allowed.includes(snake)) fail(`${where}: unknown field '${k}'.`);
    out[snake] = v;
  }
  return out;
}

function list(v: unknown, textFormat: boolean, where: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  return textFormat ? [v] : fail(`${where}: expected a list.`);
}

function str(v: unknown, where: string): string {
  if (v === undefined || v === null) return "";
  return typeof v === "string" || typeof v === "number" ? String(v) : fail(`${where}: expected a string.`);
}

/** A StringValue/UInt32Value: bare, or `{ value: x }` (text format); undefined when absent. */
function wrapper(v: unknown): unknown {
  return typeof v === "object" && v !== null && !Array.isArray(v) && "value" in v ? (v as Obj)["value"] : v;
}

function validation(raw: unknown, tf: boolean): Validation {
  const o = fields(raw, "Validation", ["tests", "runtime"]);
  const tests = list(o["tests"], tf, "tests").map((t, i) => testCase(t, tf, `tests[${i}]`));
  if (tests.length === 0) fail("tests: value must contain at least 1 item(s).");
  return { tests, runtime: (o["runtime"] ?? {}) as JsonObject };
}

function testCase(raw: unknown, tf: boolean, where: string): TestCase {
  const o = fields(raw, where, ["test_name", "input", "validate"]);
  const testName = str(o["test_name"], `${where}.test_name`);
  if (testName === "") fail(`${where}.test_name: value length must be at least 1 characters.`);
  if (o["input"] === undefined) fail(`${where}.input: value is required.`);
  if (o["validate"] === undefined) fail(`${where}.validate: value is required.`);
  return {
    testName,
    input: input(o["input"], tf, `${where}.input`),
    validate: assertion(o["validate"], tf, `${where}.validate`),
  };
}

const INPUT_FIELDS = [
  "authority",
  "path",
  "method",
  "random_value",
  "ssl",
  "internal",
  "runtime",
  "additional_request_headers",
  "additional_response_headers",
  "dynamic_metadata",
];

function input(raw: unknown, tf: boolean, where: string): TestInput {
  const o = fields(raw, where, INPUT_FIELDS);
  const authority = str(o["authority"], `${where}.authority`);
  const path = str(o["path"], `${where}.path`);
  const method = str(o["method"], `${where}.method`);
  if (authority === "") fail(`${where}.authority: value length must be at least 1 characters.`);
  if (path === "") fail(`${where}.path: value length must be at least 1 characters.`);
  if (method.length < 3) fail(`${where}.method: value length must be at least 3 characters.`);
  const headers = (k: string) => list(o[k], tf, `${where}.${k}`).map((h) => HeaderValue.fromJson(h as never));
  return {
    authority,
    path,
    method,
    randomValue: BigInt(str(o["random_value"] ?? 0, `${where}.random_value`)),
    ssl: o["ssl"] === true,
    internal: o["internal"] === true,
    runtime: str(o["runtime"], `${where}.runtime`),
    additionalRequestHeaders: headers("additional_request_headers"),
    additionalResponseHeaders: headers("additional_response_headers"),
    dynamicMetadata: list(o["dynamic_metadata"], tf, `${where}.dynamic_metadata`).map((m, i) => {
      const e = fields(m, `${where}.dynamic_metadata[${i}]`, [
        "metadata_namespace",
        "value",
        "typed_value",
        "allow_overwrite",
      ]);
      if (e["typed_value"] !== undefined)
        fail(`${where}.dynamic_metadata[${i}].typed_value: typed metadata is not supported by meshc.`);
      return {
        namespace: str(e["metadata_namespace"], "metadata_namespace"),
        value: (e["value"] ?? {}) as JsonObject,
        allowOverwrite: e["allow_overwrite"] === true,
      };
    }),
  };
}

const ASSERT_FIELDS = [
  "cluster_name",
  "virtual_cluster_name",
  "virtual_host_name",
  "host_rewrite",
  "path_rewrite",
  "path_redirect",
  "code_redirect",
  "request_header_fields",
  "response_header_fields",
  "request_header_matches",
  "response_header_matches",
  "timeout",
  "route_metadata",
];

function assertion(raw: unknown, tf: boolean, where: string): TestAssert {
  const o = fields(raw, where, ASSERT_FIELDS);
  const opt = (k: string) => (o[k] === undefined ? undefined : str(wrapper(o[k]), `${where}.${k}`));
  const headerValues = (k: string) => list(o[k], tf, `${where}.${k}`).map((h) => HeaderValue.fromJson(h as never));
  const matchers = (k: string) =>
    list(o[k], tf, `${where}.${k}`).map((h) =>
      HeaderMatcher.fromJson(normalizeWkt(HeaderMatcher, h) as never, { ignoreUnknownFields: false }),
    );
  const code = wrapper(o["code_redirect"]);
  const timeout =
    o["timeout"] === undefined ? undefined : Duration.fromJson(normalizeWkt(Duration, o["timeout"]) as never);
  return {
    clusterName: opt("cluster_name"),
    virtualClusterName: opt("virtual_cluster_name"),
    virtualHostName: opt("virtual_host_name"),
    hostRewrite: opt("host_rewrite"),
    pathRewrite: opt("path_rewrite"),
    pathRedirect: opt("path_redirect"),
    codeRedirect: code === undefined ? undefined : Number(code),
    timeout,
    requestHeaderFields: headerValues("request_header_fields"),
    responseHeaderFields: headerValues("response_header_fields"),
    requestHeaderMatches: matchers("request_header_matches"),
    responseHeaderMatches: matchers("response_header_matches"),
    routeMetadata: list(o["route_metadata"], tf, `${where}.route_metadata`).map((m, i) => {
      const e = fields(m, `${where}.route_metadata[${i}]`, ["namespace", "key", "value"]);
      return {
        namespace: str(e["namespace"], "namespace"),
        key: str(e["key"], "key"),
        value: str(e["value"], "value"),
      };
    }),
  };
}
