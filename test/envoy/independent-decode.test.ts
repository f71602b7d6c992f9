/**
 * The emitted `.pb` dumps decode with an independent protobuf implementation (protobufjs, loading Envoy's own .proto
 * files from @grpc/grpc-js-xds) as `envoy.admin.v3.ConfigDump`: every `Any`, at any depth, names a type protobufjs
 * resolves and its payload decodes. Re-encoding everything with protobufjs and decoding that strictly with the
 * generated bindings (unknown fields throw) gives back exactly the emitted JSON, so protobufjs saw every field.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import protobuf from "protobufjs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { ROOT_PROTOS } from "../../scripts/gen-envoy/roots.ts";
import { configDumpFromBinary, configDumpToJson } from "../../compiler/emit/envoy/registry.ts";
import { ALL_TARGETS, renderOutputs } from "../../compiler/emit/outputs.ts";
import { compile } from "../../compiler/pipeline.ts";
import { EXAMPLES, exampleInput } from "../support/examples.ts";

const DEPS = "node_modules/@grpc/grpc-js-xds/deps";
// protobufjs ships google/protobuf/descriptor.proto; its other well-known types are built in.
const INCLUDES = [...readdirSync(DEPS).map((d) => join(DEPS, d)), "node_modules/protobufjs"];

function loadEnvoyProtos(): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => {
    if (existsSync(target)) return target;
    return INCLUDES.map((dir) => join(dir, target)).find((p) => existsSync(p)) ?? target;
  };
  root.loadSync([...ROOT_PROTOS], { keepCase: true });
  root.resolveAll();
  return root;
}

const root = loadEnvoyProtos();
const anyType = root.lookupType("google.protobuf.Any");

/** Decode, recurse into every Any, and re-encode with protobufjs; throws when a type does not resolve. */
function reencode(type: protobuf.Type, bytes: Uint8Array, path: string, seen: Set<string>): Uint8Array {
  const message = type.decode(bytes) as unknown as Record<string, unknown>;
  for (const field of type.fieldsArray) {
    const value = message[field.name];
    if (value === undefined || value === null || !(field.resolvedType instanceof protobuf.Type)) continue;
    const sub = field.resolvedType;
    const at = `${path}.${field.name}`;
    const map = (v: unknown, i: string) => rewrap(sub, v as protobuf.Message, `${at}${i}`, seen);
    if (field.map)
      for (const k of Object.keys(value))
        (value as Record<string, unknown>)[k] = map((value as Record<string, unknown>)[k], `["${k}"]`);
    else if (field.repeated) message[field.name] = (value as unknown[]).map((v, i) => map(v, `[${i}]`));
    else message[field.name] = map(value, "");
  }
  return type.encode(type.fromObject(message)).finish();
}

function rewrap(type: protobuf.Type, value: protobuf.Message, path: string, seen: Set<string>): unknown {
  const bytes = type.encode(value).finish();
  if (type !== anyType) return type.decode(reencode(type, bytes, path, seen));
  const any = value as unknown as { type_url: string; value: Uint8Array };
  const name = any.type_url.replace(/^type\.googleapis\.com\//, "");
  const payload = root.lookupType(name); // throws for a type protobufjs cannot resolve
  seen.add(name);
  return anyType.create({ type_url: any.type_url, value: reencode(payload, any.value, `${path}<${name}>`, seen) });
}

const Decode = suite("emitted .pb dumps decode with protobufjs and Envoy's .proto files");

for (const name of EXAMPLES) {
  Decode(`every workload of ${name}`, () => {
    const c = compile([exampleInput(name)]);
    assert.ok(c.ir);
    const files = renderOutputs(c.ir, [exampleInput(name)], ALL_TARGETS).value;
    const dumps = [...files].filter(([p]) => p.endsWith(".pb"));
    assert.ok(dumps.length > 0, "no Envoy output");
    const seen = new Set<string>();
    for (const [path, bytes] of dumps) {
      const again = reencode(root.lookupType("envoy.admin.v3.ConfigDump"), bytes as Uint8Array, path, seen);
      assert.is(configDumpToJson(configDumpFromBinary(again)), files.get(path.replace(/\.pb$/, ".json")), path);
    }
    // The RBAC filters are there (and decode) wherever the example has AuthorizationPolicies.
    const authz = c.ir.resources.some((r) => r.kind === "authorizationPolicy");
    assert.ok(
      seen.has("envoy.config.listener.v3.Listener") &&
        (!authz || seen.has("envoy.extensions.filters.http.rbac.v3.RBAC")),
      [...seen].join(", "),
    );
  });
}

Decode.run();
