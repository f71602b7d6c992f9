/**
 * The protoc-gen-validate checker (compiler/emit/envoy/pgv/): each rule kind is caught, on a real Envoy field where
 * one carries that rule, otherwise on a probe message type whose options are written the way protobuf-ts stores
 * validate.rules in reflection info. Valid RouteConfiguration / Listener / Cluster pass.
 */
import { MessageType, RepeatType, ScalarType, type JsonValue } from "@protobuf-ts/runtime";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { Cluster } from "../../compiler/emit/envoy/gen/envoy/config/cluster/v3/cluster.ts";
import { SocketAddress } from "../../compiler/emit/envoy/gen/envoy/config/core/v3/address.ts";
import { HeaderValue } from "../../compiler/emit/envoy/gen/envoy/config/core/v3/base.ts";
import { TypedExtensionConfig } from "../../compiler/emit/envoy/gen/envoy/config/core/v3/extension.ts";
import { HealthCheck_HttpHealthCheck } from "../../compiler/emit/envoy/gen/envoy/config/core/v3/health_check.ts";
import {
  AlternateProtocolsCacheOptions_AlternateProtocolsCacheEntry as CacheEntry,
  SchemeHeaderTransformation,
} from "../../compiler/emit/envoy/gen/envoy/config/core/v3/protocol.ts";
import { ClusterLoadAssignment } from "../../compiler/emit/envoy/gen/envoy/config/endpoint/v3/endpoint.ts";
import { Endpoint } from "../../compiler/emit/envoy/gen/envoy/config/endpoint/v3/endpoint_components.ts";
import { Listener } from "../../compiler/emit/envoy/gen/envoy/config/listener/v3/listener.ts";
import { RBAC_Action } from "../../compiler/emit/envoy/gen/envoy/config/rbac/v3/rbac.ts";
import { RouteConfiguration } from "../../compiler/emit/envoy/gen/envoy/config/route/v3/route.ts";
import {
  RetryPolicy_RetryBackOff,
  RouteAction,
  RouteMatch,
  WeightedCluster,
} from "../../compiler/emit/envoy/gen/envoy/config/route/v3/route_components.ts";
import { RBAC } from "../../compiler/emit/envoy/gen/envoy/extensions/filters/http/rbac/v3/rbac.ts";
import { Router } from "../../compiler/emit/envoy/gen/envoy/extensions/filters/http/router/v3/router.ts";
import {
  HttpConnectionManager,
  Rds,
} from "../../compiler/emit/envoy/gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.ts";
import { UpstreamTlsContext } from "../../compiler/emit/envoy/gen/envoy/extensions/transport_sockets/tls/v3/tls.ts";
import { StringMatcher } from "../../compiler/emit/envoy/gen/envoy/type/matcher/v3/string.ts";
import { Percent } from "../../compiler/emit/envoy/gen/envoy/type/v3/percent.ts";
import { Any } from "../../compiler/emit/envoy/gen/google/protobuf/any.ts";
import { Duration } from "../../compiler/emit/envoy/gen/google/protobuf/duration.ts";
import { Timestamp } from "../../compiler/emit/envoy/gen/google/protobuf/timestamp.ts";
import { UInt32Value } from "../../compiler/emit/envoy/gen/google/protobuf/wrappers.ts";
import { validateMessage } from "../../compiler/emit/envoy/pgv/index.ts";
import { packAny } from "../../compiler/emit/envoy/registry.ts";

const v = (path: string, rule: string, message: string) => ({ path, rule, message });
const rules = (r: JsonValue) => ({ "validate.rules": r });

const Envoy = suite("pgv: rules on Envoy's own fields");

Envoy("string.min_len, repeated.min_items and oneof validate.required, with nested paths", () => {
  const rc = RouteConfiguration.create({
    virtualHosts: [
      {
        name: "ok",
        domains: ["*"],
        routes: [{ match: RouteMatch.create({ pathSpecifier: { oneofKind: "prefix", prefix: "/" } }) }],
      },
      { name: "" },
    ],
  });
  assert.equal(validateMessage(RouteConfiguration, rc), [
    v("virtual_hosts[0].routes[0].action", "oneof.required", "value is required"),
    v("virtual_hosts[1].name", "string.min_len", "value length must be at least 1 runes"),
    v("virtual_hosts[1].domains", "repeated.min_items", "value must contain at least 1 item(s)"),
  ]);
});

Envoy("the oneof validate.required path of weighted clusters", () => {
  const rc = RouteConfiguration.create({
    virtualHosts: [
      {
        name: "vh",
        domains: ["*"],
        routes: [
          {
            match: { pathSpecifier: { oneofKind: "prefix", prefix: "/" } },
            action: {
              oneofKind: "route",
              route: RouteAction.create({ clusterSpecifier: { oneofKind: "cluster", cluster: "a" } }),
            },
          },
          {
            match: { pathSpecifier: { oneofKind: "prefix", prefix: "/" } },
            action: {
              oneofKind: "route",
              route: RouteAction.create({
                clusterSpecifier: {
                  oneofKind: "weightedClusters",
                  weightedClusters: WeightedCluster.create({ clusters: [] }),
                },
              }),
            },
          },
        ],
      },
    ],
  });
  assert.equal(validateMessage(RouteConfiguration, rc), [
    v(
      "virtual_hosts[0].routes[1].route.weighted_clusters.clusters",
      "repeated.min_items",
      "value must contain at least 1 item(s)",
    ),
  ]);
});

Envoy("message.required", () => {
  const rc = RouteConfiguration.create({
    virtualHosts: [
      {
        name: "vh",
        domains: ["*"],
        routes: [{ action: { oneofKind: "directResponse", directResponse: { status: 200 } } }],
      },
    ],
  });
  assert.equal(validateMessage(RouteConfiguration, rc), [
    v("virtual_hosts[0].routes[0].match", "message.required", "value is required"),
  ]);
});

Envoy("string.max_bytes and string.pattern", () => {
  assert.equal(validateMessage(UpstreamTlsContext, UpstreamTlsContext.create({ sni: "a".repeat(256) })), [
    v("sni", "string.max_bytes", "value length must be at most 255 bytes"),
  ]);
  const m = RouteMatch.create({ pathSpecifier: { oneofKind: "pathSeparatedPrefix", pathSeparatedPrefix: "/api/" } });
  assert.equal(validateMessage(RouteMatch, m), [
    v("path_separated_prefix", "string.pattern", 'value does not match regex pattern "^[^?#]+[^?#/]$"'),
  ]);
});

Envoy("string.well_known_regex: strict header name (ignore_empty), strict header value, lax header string", () => {
  assert.equal(validateMessage(CacheEntry, CacheEntry.create({ hostname: "bad name", port: 443 })), [
    v("hostname", "string.well_known_regex", `value does not match regex pattern "^:?[0-9a-zA-Z!#$%&'*+-.^_|~\x60]+$"`),
  ]);
  assert.equal(validateMessage(CacheEntry, CacheEntry.create({ hostname: "", port: 443 })), []);
  assert.equal(
    validateMessage(HealthCheck_HttpHealthCheck, HealthCheck_HttpHealthCheck.create({ host: "a\u0001b", path: "/h" })),
    [
      v(
        "host",
        "string.well_known_regex",
        String.raw`value does not match regex pattern "^[^\\x{0000}-\\x{0008}\\x{000A}-\\x{001F}\\x{007F}]*$"`,
      ),
    ],
  );
  assert.equal(validateMessage(HeaderValue, HeaderValue.create({ key: "x-a", value: "a\nb" })), [
    v(
      "value",
      "string.well_known_regex",
      String.raw`value does not match regex pattern "^[^\\x{0000}\\x{000A}\\x{000D}]*$"`,
    ),
  ]);
});

Envoy("string.in", () => {
  assert.equal(
    validateMessage(
      SchemeHeaderTransformation,
      SchemeHeaderTransformation.create({
        transformation: { oneofKind: "schemeToOverwrite", schemeToOverwrite: "ftp" },
      }),
    ),
    [v("scheme_to_overwrite", "string.in", 'value must be in list ["http" "https"]')],
  );
});

Envoy("numeric lte and gte/lte ranges, bool.const", () => {
  const addr = SocketAddress.create({
    address: "0.0.0.0",
    portSpecifier: { oneofKind: "portValue", portValue: 70000 },
  });
  assert.equal(validateMessage(SocketAddress, addr), [
    v("port_value", "uint32.lte", "value must be less than or equal to 65535"),
  ]);
  assert.equal(validateMessage(Percent, Percent.create({ value: 101 })), [
    v("value", "double.lte", "value must be inside range [0, 100]"),
  ]);
  const policy = {
    permissions: [{ rule: { oneofKind: "any" as const, any: false } }],
    principals: [{ identifier: { oneofKind: "any" as const, any: true } }],
  };
  assert.equal(validateMessage(RBAC, RBAC.create({ rules: { action: RBAC_Action.ALLOW, policies: { p: policy } } })), [
    v('rules.policies["p"].permissions[0].any', "bool.const", "value must equal true"),
  ]);
});

Envoy("enum.defined_only", () => {
  assert.equal(validateMessage(RBAC, RBAC.create({ rules: { action: 7 as RBAC_Action } })), [
    v("rules.action", "enum.defined_only", "value must be one of the defined enum values"),
  ]);
});

Envoy("repeated.items (string.in on each item) and map keys", () => {
  assert.equal(validateMessage(Router, Router.create({ strictCheckHeaders: ["x-envoy-max-retries", "x-other"] })), [
    v(
      "strict_check_headers[1]",
      "string.in",
      'value must be in list ["x-envoy-upstream-rq-timeout-ms" "x-envoy-upstream-rq-per-try-timeout-ms" "x-envoy-max-retries" "x-envoy-retry-grpc-on" "x-envoy-retry-on"]',
    ),
  ]);
  const cluster = Cluster.create({
    name: "c",
    metadata: { filterMetadata: { "": { fields: {} } }, typedFilterMetadata: {} },
  });
  assert.equal(validateMessage(Cluster, cluster), [
    v('metadata.filter_metadata[""]', "string.min_len", "value length must be at least 1 runes"),
  ]);
});

Envoy("duration gt and duration.required", () => {
  assert.equal(
    validateMessage(
      Cluster,
      Cluster.create({ name: "c", connectTimeout: Duration.create({ seconds: "0", nanos: 0 }) }),
    ),
    [v("connect_timeout", "duration.gt", "value must be greater than 0s")],
  );
  assert.equal(validateMessage(RetryPolicy_RetryBackOff, RetryPolicy_RetryBackOff.create({})), [
    v("base_interval", "duration.required", "value is required"),
  ]);
});

Envoy("Any required, and rules inside an Any payload (resolved through the TypeRegistry)", () => {
  assert.equal(validateMessage(TypedExtensionConfig, TypedExtensionConfig.create({ name: "x" })), [
    v("typed_config", "any.required", "value is required"),
  ]);
  const listener = Listener.create({
    name: "l",
    filterChains: [
      {
        filters: [
          {
            name: "hcm",
            configType: {
              oneofKind: "typedConfig",
              typedConfig: packAny(
                HttpConnectionManager,
                HttpConnectionManager.create({
                  routeSpecifier: { oneofKind: "rds", rds: Rds.create({ routeConfigName: "r" }) },
                }),
              ),
            },
          },
        ],
      },
    ],
  });
  assert.equal(validateMessage(Listener, listener), [
    v(
      "filter_chains[0].filters[0].typed_config.stat_prefix",
      "string.min_len",
      "value length must be at least 1 runes",
    ),
    v("filter_chains[0].filters[0].typed_config.rds.config_source", "message.required", "value is required"),
  ]);
  const unknown = Listener.create({
    name: "l",
    filterChains: [
      {
        filters: [
          {
            name: "x",
            configType: {
              oneofKind: "typedConfig",
              typedConfig: { typeUrl: "type.googleapis.com/istio.Unknown", value: new Uint8Array() },
            },
          },
        ],
      },
    ],
  });
  assert.equal(validateMessage(Listener, unknown), [
    v(
      "filter_chains[0].filters[0].typed_config",
      "any.type_registry",
      'type URL "type.googleapis.com/istio.Unknown" is not in the Envoy TypeRegistry',
    ),
  ]);
});

Envoy.run();

/** A message type with the rules no field in the generated closure uses, stored as protobuf-ts stores options. */
const Probe = new MessageType<{ [k: string]: unknown }>("meshc.test.Probe", [
  {
    no: 1,
    name: "s",
    kind: "scalar",
    T: ScalarType.STRING,
    options: rules({ string: { maxLen: "3", minBytes: "2", prefix: "ab", notIn: ["abc"] } }),
  },
  {
    no: 2,
    name: "i",
    kind: "scalar",
    T: ScalarType.INT64,
    options: rules({ int64: { gt: "0", lt: "10", notIn: ["5"] } }),
  },
  { no: 3, name: "c", kind: "scalar", T: ScalarType.UINT32, options: rules({ uint32: { const: 7, in: [7, 8] } }) },
  {
    no: 4,
    name: "list",
    kind: "scalar",
    repeat: RepeatType.UNPACKED,
    T: ScalarType.STRING,
    options: rules({ repeated: { maxItems: "2", unique: true } }),
  },
  {
    no: 5,
    name: "map",
    kind: "map",
    K: ScalarType.STRING,
    V: { kind: "scalar", T: ScalarType.UINT32 },
    options: rules({ map: { minPairs: "2", maxPairs: "3", values: { uint32: { gte: 1 } } } }),
  },
  {
    no: 6,
    name: "d",
    kind: "message",
    T: () => Duration,
    options: rules({ duration: { gte: { seconds: "1" }, lt: { seconds: "300" } } }),
  },
  {
    no: 7,
    name: "t",
    kind: "message",
    T: () => Timestamp,
    options: rules({ timestamp: { required: true, gt: { seconds: "0" } } }),
  },
  {
    no: 8,
    name: "a",
    kind: "message",
    T: () => Any,
    options: rules({ any: { in: ["type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"] } }),
  },
  { no: 9, name: "w", kind: "message", T: () => UInt32Value, options: rules({ uint32: { lte: 100 } }) },
  {
    no: 10,
    name: "e",
    kind: "message",
    T: () => Duration,
    options: rules({ duration: { lte: { nanos: 500000000 } } }),
  },
]);

const valid = {
  s: "ab",
  i: "1",
  c: 7,
  list: ["x"],
  map: { a: 1, b: 2 },
  d: { seconds: "1", nanos: 0 },
  t: { seconds: "1", nanos: 0 },
};

const ProbeRules = suite("pgv: every rule kind, on a probe message type");

ProbeRules("a probe that satisfies every rule has no violations", () => {
  assert.equal(validateMessage(Probe, Probe.create(valid)), []);
});

ProbeRules("string max_len, min_bytes, prefix, not_in", () => {
  assert.equal(validateMessage(Probe, Probe.create({ ...valid, s: "x" })), [
    v("s", "string.min_bytes", "value length must be at least 2 bytes"),
    v("s", "string.prefix", 'value does not have prefix "ab"'),
  ]);
  assert.equal(validateMessage(Probe, Probe.create({ ...valid, s: "abcd" })), [
    v("s", "string.max_len", "value length must be at most 3 runes"),
  ]);
  assert.equal(validateMessage(Probe, Probe.create({ ...valid, s: "abc" })), [
    v("s", "string.not_in", 'value must not be in list ["abc"]'),
  ]);
});

ProbeRules("64-bit gt/lt range and not_in; 32-bit const and in", () => {
  assert.equal(validateMessage(Probe, Probe.create({ ...valid, i: "10" })), [
    v("i", "int64.lt", "value must be inside range (0, 10)"),
  ]);
  assert.equal(validateMessage(Probe, Probe.create({ ...valid, i: "0" })), [
    v("i", "int64.gt", "value must be inside range (0, 10)"),
  ]);
  assert.equal(validateMessage(Probe, Probe.create({ ...valid, i: "5" })), [
    v("i", "int64.not_in", "value must not be in list [5]"),
  ]);
  assert.equal(validateMessage(Probe, Probe.create({ ...valid, c: 9 })), [
    v("c", "uint32.const", "value must equal 7"),
    v("c", "uint32.in", "value must be in list [7 8]"),
  ]);
});

ProbeRules("repeated max_items and unique", () => {
  assert.equal(validateMessage(Probe, Probe.create({ ...valid, list: ["x", "y", "x"] })), [
    v("list", "repeated.max_items", "value must contain no more than 2 item(s)"),
    v("list", "repeated.unique", "repeated value must contain unique items"),
  ]);
});

ProbeRules("map min_pairs, max_pairs and values", () => {
  assert.equal(validateMessage(Probe, Probe.create({ ...valid, map: { a: 0 } })), [
    v("map", "map.min_pairs", "value must contain at least 2 pair(s)"),
    v('map["a"]', "uint32.gte", "value must be greater than or equal to 1"),
  ]);
  assert.equal(validateMessage(Probe, Probe.create({ ...valid, map: { a: 1, b: 1, c: 1, d: 1 } })), [
    v("map", "map.max_pairs", "value must contain no more than 3 pair(s)"),
  ]);
});

ProbeRules("duration gte/lt and lte; timestamp required and gt", () => {
  assert.equal(
    validateMessage(
      Probe,
      Probe.create({ ...valid, d: { seconds: "0", nanos: 999999999 }, e: { seconds: "1", nanos: 0 } }),
    ),
    [
      v("d", "duration.gte", "value must be inside range [1s, 300s)"),
      v("e", "duration.lte", "value must be less than or equal to 0.5s"),
    ],
  );
  assert.equal(validateMessage(Probe, Probe.create({ ...valid, d: { seconds: "300", nanos: 0 }, t: undefined })), [
    v("d", "duration.lt", "value must be inside range [1s, 300s)"),
    v("t", "timestamp.required", "value is required"),
  ]);
  assert.equal(validateMessage(Probe, Probe.create({ ...valid, t: { seconds: "0", nanos: 0 } })), [
    v("t", "timestamp.gt", "value must be greater than 1970-01-01T00:00:00.000Z"),
  ]);
});

ProbeRules("Any in, and scalar rules on a wrapper apply to the wrapped value", () => {
  const cors = { typeUrl: "type.googleapis.com/envoy.extensions.filters.http.cors.v3.Cors", value: new Uint8Array() };
  assert.equal(validateMessage(Probe, Probe.create({ ...valid, a: cors, w: { value: 101 } })), [
    v("a", "any.in", 'type URL must be in list ["type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"]'),
    v("w", "uint32.lte", "value must be less than or equal to 100"),
  ]);
});

ProbeRules.run();

const Valid = suite("pgv: valid resources pass");

Valid("a RouteConfiguration with weighted clusters, a retry policy and a header match", () => {
  const rc = RouteConfiguration.create({
    name: "9080",
    virtualHosts: [
      {
        name: "reviews:9080",
        domains: ["reviews", "reviews.default.svc.cluster.local"],
        routes: [
          {
            match: {
              pathSpecifier: { oneofKind: "prefix", prefix: "/" },
              headers: [
                {
                  name: "end-user",
                  headerMatchSpecifier: {
                    oneofKind: "stringMatch",
                    stringMatch: StringMatcher.create({ matchPattern: { oneofKind: "exact", exact: "jason" } }),
                  },
                },
              ],
            },
            action: {
              oneofKind: "route",
              route: RouteAction.create({
                clusterSpecifier: {
                  oneofKind: "weightedClusters",
                  weightedClusters: WeightedCluster.create({
                    clusters: [
                      { name: "outbound|9080|v1|reviews.default.svc.cluster.local", weight: { value: 50 } },
                      { name: "outbound|9080|v2|reviews.default.svc.cluster.local", weight: { value: 50 } },
                    ],
                  }),
                },
                timeout: { seconds: "0", nanos: 0 },
                retryPolicy: {
                  retryOn: "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes",
                  numRetries: { value: 2 },
                  retryBackOff: { baseInterval: { seconds: "0", nanos: 25000000 } },
                },
              }),
            },
            requestHeadersToAdd: [{ header: { key: "x-a", value: "b" } }],
          },
        ],
      },
    ],
  });
  assert.equal(validateMessage(RouteConfiguration, rc), []);
});

Valid("a Listener with an HttpConnectionManager (RDS, router) and a Cluster with EDS and an endpoint", () => {
  const hcm = HttpConnectionManager.create({
    statPrefix: "outbound_0.0.0.0_9080",
    routeSpecifier: {
      oneofKind: "rds",
      rds: Rds.create({
        routeConfigName: "9080",
        configSource: { resourceApiVersion: 2, configSourceSpecifier: { oneofKind: "ads", ads: {} } },
      }),
    },
    httpFilters: [
      {
        name: "envoy.filters.http.router",
        configType: { oneofKind: "typedConfig", typedConfig: packAny(Router, Router.create()) },
      },
    ],
  });
  const listener = Listener.create({
    name: "0.0.0.0_9080",
    address: {
      address: {
        oneofKind: "socketAddress",
        socketAddress: SocketAddress.create({
          address: "0.0.0.0",
          portSpecifier: { oneofKind: "portValue", portValue: 9080 },
        }),
      },
    },
    filterChains: [
      {
        filters: [
          {
            name: "envoy.filters.network.http_connection_manager",
            configType: { oneofKind: "typedConfig", typedConfig: packAny(HttpConnectionManager, hcm) },
          },
        ],
      },
    ],
  });
  assert.equal(validateMessage(Listener, listener), []);
  const cluster = Cluster.create({
    name: "outbound|9080||reviews.default.svc.cluster.local",
    clusterDiscoveryType: { oneofKind: "type", type: 3 },
    connectTimeout: { seconds: "10", nanos: 0 },
    edsClusterConfig: {
      serviceName: "outbound|9080||reviews.default.svc.cluster.local",
      edsConfig: { configSourceSpecifier: { oneofKind: "ads", ads: {} } },
    },
    circuitBreakers: { thresholds: [{ maxRetries: { value: 4294967295 } }] },
  });
  assert.equal(validateMessage(Cluster, cluster), []);
  const cla = ClusterLoadAssignment.create({
    clusterName: cluster.name,
    endpoints: [
      {
        lbEndpoints: [
          {
            hostIdentifier: {
              oneofKind: "endpoint",
              endpoint: Endpoint.create({
                address: {
                  address: {
                    oneofKind: "socketAddress",
                    socketAddress: SocketAddress.create({
                      address: "10.0.0.1",
                      portSpecifier: { oneofKind: "portValue", portValue: 9080 },
                    }),
                  },
                },
              }),
            },
          },
        ],
      },
    ],
  });
  assert.equal(validateMessage(ClusterLoadAssignment, cla), []);
});

Valid.run();
