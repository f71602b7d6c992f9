/**
 * `simulate`'s `trace` option: `false` empties the trace and changes nothing else, for both engines, and coverage
 * marking still works with it (the Istio engine then takes the traced path, which reports coverage).
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { collectingSink } from "../../compiler/eval/coverage.ts";
import { simulate } from "../../compiler/eval/index.ts";
import type { SimRequest } from "../../compiler/eval/types.ts";
import { compile } from "../../compiler/pipeline.ts";

const ir = compile(["examples/bookinfo/mesh.ts"]).ir!;
const get = (svc: string, path: string, headers: Record<string, string> = {}, name = "productpage-v1"): SimRequest => ({
  method: "GET",
  scheme: "http",
  host: `${svc}.bookinfo`,
  port: 9080,
  path,
  query: "",
  headers,
  source: { kind: "workload", namespace: "bookinfo", name },
  plaintext: false,
});
const REQUESTS = [
  get("reviews", "/reviews/0"),
  get("reviews", "/reviews/0", { "end-user": "jason" }),
  get("ratings", "/ratings/0"),
  get("ratings", "/ratings/0", {}, "reviews-v2"),
];

const trace = suite("simulate { trace: false }");

trace("the Istio engine returns the traced decision with an empty trace", () => {
  for (const req of REQUESTS) {
    const full = simulate(ir, req).value!;
    assert.ok(full.trace.length > 0, "the default keeps the trace");
    assert.equal(simulate(ir, req, { trace: false }).value, { ...full, trace: [] });
  }
});

trace("the Envoy engine too", () => {
  const req = REQUESTS[1]!;
  const full = simulate(ir, req, { engine: "envoy" }).value!;
  assert.equal(simulate(ir, req, { engine: "envoy", trace: false }).value, { ...full, trace: [] });
});

trace("the jason rule decides the same way without trace", () => {
  assert.equal(simulate(ir, REQUESTS[1]!, { trace: false }).value?.route, {
    resource: "VirtualService bookinfo/reviews",
    index: 0,
    name: "jason",
  });
});

trace("coverage is reported with trace: false as with the trace", () => {
  const traced = collectingSink();
  const fast = collectingSink();
  for (const req of REQUESTS) {
    simulate(ir, req, { coverage: traced });
    simulate(ir, req, { coverage: fast, trace: false });
  }
  assert.equal([...fast.keys].sort(), [...traced.keys].sort());
});

trace.run();
