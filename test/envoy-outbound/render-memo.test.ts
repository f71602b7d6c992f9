// configDumpToJson memoizes each xDS resource's JSON by content (registry.ts `memoizedJsonType`): a memo hit must
// render exactly what protobuf-ts renders without it, `@type` first, and a dump rendered twice is the same text.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { emitEnvoy } from "../../compiler/emit/envoy/index.ts";
import { ConfigDump } from "../../compiler/emit/envoy/gen/envoy/admin/v3/config_dump.ts";
import {
  configDumpFromJson,
  configDumpToBinary,
  configDumpToJson,
  TypeRegistry,
} from "../../compiler/emit/envoy/registry.ts";
import { compile } from "../../compiler/pipeline.ts";

const Memo = suite("resource JSON memo in configDumpToJson");

const dumps = () => emitEnvoy(compile(["examples/bookinfo/mesh.ts"]).ir!).value.map((c) => c.dump);

Memo("every bookinfo dump renders as protobuf-ts's own proto3 JSON, before and after the memo is warm", () => {
  for (const round of [1, 2]) {
    for (const dump of dumps()) {
      const text = configDumpToJson(dump);
      const plain = ConfigDump.toJson(dump, { typeRegistry: TypeRegistry, useProtoFieldName: true });
      assert.equal(JSON.parse(text), JSON.parse(JSON.stringify(plain)), `round ${round}`);
    }
  }
});

Memo("memoized resources keep `@type` first, and the text round-trips through the binary form", () => {
  for (const dump of dumps()) {
    const text = configDumpToJson(dump);
    const clusters = (
      JSON.parse(text) as { configs: { dynamic_active_clusters?: { cluster: object }[] }[] }
    ).configs.flatMap((c) => c.dynamic_active_clusters ?? []);
    assert.equal(
      clusters.map((c) => Object.keys(c.cluster)[0]),
      clusters.map(() => "@type"),
    );
    assert.is(configDumpToJson(ConfigDump.fromBinary(configDumpToBinary(dump))), text);
    assert.is(configDumpToJson(configDumpFromJson(text)), text);
  }
});

Memo.run();
