/**
 * The generated Envoy bindings and the ConfigDump helpers (compiler/emit/envoy/registry.ts): messages built with
 * `create()` survive proto3 JSON and binary round trips, and a ConfigDump with Any payloads serializes through the
 * TypeRegistry and decodes back strictly (unknown fields and unknown types rejected).
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import {
  ListenersConfigDump,
  RoutesConfigDump,
} from "../../compiler/emit/envoy/gen/envoy/admin/v3/config_dump_shared.ts";
import { SocketAddress } from "../../compiler/emit/envoy/gen/envoy/config/core/v3/address.ts";
import { Listener } from "../../compiler/emit/envoy/gen/envoy/config/listener/v3/listener.ts";
import { RouteConfiguration } from "../../compiler/emit/envoy/gen/envoy/config/route/v3/route.ts";
import { RouteAction } from "../../compiler/emit/envoy/gen/envoy/config/route/v3/route_components.ts";
import { Router } from "../../compiler/emit/envoy/gen/envoy/extensions/filters/http/router/v3/router.ts";
import { HttpConnectionManager } from "../../compiler/emit/envoy/gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.ts";
import { Any } from "../../compiler/emit/envoy/gen/google/protobuf/any.ts";
import { Timestamp } from "../../compiler/emit/envoy/gen/google/protobuf/timestamp.ts";
import {
  configDump,
  configDumpFromBinary,
  configDumpFromJson,
  configDumpToBinary,
  configDumpToJson,
  packAny,
  TypeRegistry,
} from "../../compiler/emit/envoy/registry.ts";

const route = RouteConfiguration.create({
  name: "9080",
  virtualHosts: [
    {
      name: "reviews.default.svc.cluster.local:9080",
      domains: ["reviews.default.svc.cluster.local", "reviews"],
      routes: [
        {
          name: "default",
          match: { pathSpecifier: { oneofKind: "prefix", prefix: "/" } },
          action: {
            oneofKind: "route",
            route: RouteAction.create({
              clusterSpecifier: { oneofKind: "cluster", cluster: "outbound|9080|v1|reviews.default.svc.cluster.local" },
              timeout: { seconds: "0", nanos: 0 },
            }),
          },
          typedPerFilterConfig: {
            "z.filter": packAny(Router, Router.create()),
            "a.filter": packAny(Router, Router.create()),
          },
        },
      ],
    },
  ],
  validateClusters: { value: false },
});

const hcm = HttpConnectionManager.create({
  statPrefix: "outbound_0.0.0.0_9080",
  routeSpecifier: { oneofKind: "routeConfig", routeConfig: route },
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

const dump = configDump({
  listeners: ListenersConfigDump.create({
    dynamicListeners: [
      { name: listener.name, activeState: { versionInfo: "v1", listener: packAny(Listener, listener) } },
    ],
  }),
  routes: RoutesConfigDump.create({
    staticRouteConfigs: [
      { routeConfig: packAny(RouteConfiguration, route), lastUpdated: Timestamp.create({ seconds: "0" }) },
    ],
  }),
});

const RoundTrip = suite("generated bindings: round trips");

RoundTrip("a RouteConfiguration survives toJson/fromJson with the TypeRegistry", () => {
  const json = RouteConfiguration.toJson(route, { typeRegistry: TypeRegistry });
  assert.equal(RouteConfiguration.fromJson(json, { typeRegistry: TypeRegistry }), route);
});

RoundTrip("a Listener with an Any-packed HttpConnectionManager survives toBinary/fromBinary", () => {
  const back = Listener.fromBinary(Listener.toBinary(listener), { readUnknownField: "throw" });
  assert.equal(back, listener);
  const typed = back.filterChains[0]?.filters[0]?.configType;
  assert.equal(
    typed?.oneofKind === "typedConfig" ? Any.unpack(typed.typedConfig, HttpConnectionManager) : undefined,
    hcm,
  );
});

RoundTrip.run();

const Dump = suite("ConfigDump: serialization and strict decoding");

Dump("configs are listed in Envoy's /config_dump order with @type URLs", () => {
  assert.equal(
    dump.configs.map((c) => c.typeUrl),
    ["type.googleapis.com/envoy.admin.v3.ListenersConfigDump", "type.googleapis.com/envoy.admin.v3.RoutesConfigDump"],
  );
});

Dump("JSON uses proto field names, @type first, map keys sorted, and decodes back to the same dump", () => {
  const text = configDumpToJson(dump);
  const json = JSON.parse(text) as { configs: { [k: string]: unknown }[] };
  assert.equal(Object.keys(json.configs[0] ?? {}), ["@type", "dynamic_listeners"]);
  assert.ok(text.includes('"typed_per_filter_config": {\n'));
  assert.ok(text.indexOf('"a.filter"') < text.indexOf('"z.filter"'));
  assert.equal(configDumpFromJson(text), dump);
  assert.is(configDumpToJson(configDumpFromJson(text)), text);
});

Dump("binary decodes strictly back to the same dump", () => {
  const bytes = configDumpToBinary(dump);
  assert.equal(configDumpFromBinary(bytes), dump);
  assert.equal(configDumpToBinary(configDumpFromBinary(bytes)), bytes);
});

Dump("an unknown field inside an Any payload is rejected in JSON", () => {
  const text = configDumpToJson(dump).replace('"name": "0.0.0.0_9080",', '"name": "0.0.0.0_9080", "not_a_field": 1,');
  assert.throws(() => configDumpFromJson(text), /not_a_field/);
});

Dump("an unknown field inside an Any payload is rejected in binary", () => {
  const payload = Router.toBinary(Router.create());
  const bogus = {
    typeUrl: "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router",
    value: new Uint8Array([...payload, 0xb8, 0x3e, 0x01]),
  };
  const bytes = configDumpToBinary({ configs: [bogus] });
  assert.throws(() => configDumpFromBinary(bytes), /Unknown field 999/);
});

Dump("an Any whose type is not in the TypeRegistry is rejected", () => {
  const text = configDumpToJson(dump).replace("envoy.admin.v3.RoutesConfigDump", "envoy.admin.v3.NoSuchDump");
  assert.throws(() => configDumpFromJson(text), /envoy.admin.v3.NoSuchDump is not available in the type registry/);
  const unregistered = Object.assign(Object.create(Router) as typeof Router, { typeName: "x.Y" });
  assert.throws(() => packAny(unregistered, Router.create()), /packAny: x.Y is not in the Envoy TypeRegistry/);
});

Dump.run();
