/**
 * A generated Envoy resource that breaks Envoy's protoc-gen-validate rules is an internal error (MESH3001) naming
 * the resource, the rule and the field path, so `meshc build` fails instead of writing config Envoy would reject.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { checkEnvoyResource } from "../../compiler/emit/envoy/index.ts";
import { Listener } from "../../compiler/emit/envoy/gen/envoy/config/listener/v3/listener.ts";
import { compile } from "../../compiler/pipeline.ts";

test("an invalid generated Listener is MESH3001 at the workload, with rule and path", () => {
  const c = compile(["examples/canary/mesh.ts"]);
  const workload = c.ir?.workloads.find((w) => w.name === "checkout-v1");
  assert.ok(workload);
  // filter_chains[0].filters[0].name has min_len 1 in Envoy's listener_components.proto.
  const bad = Listener.create({ name: "broken", filterChains: [{ filters: [{ name: "" }] }] });
  const diagnostics = checkEnvoyResource(Listener, bad, "Listener 'broken'", workload);
  assert.equal(
    diagnostics.map((d) => [d.code, d.severity, d.span]),
    diagnostics.map(() => [3001, "error", workload.span]),
  );
  assert.ok(
    diagnostics.some(
      (d) =>
        d.message.startsWith("Internal error: the generated Listener 'broken' breaks Envoy's validation rule '") &&
        d.message.includes("filter_chains[0].filters[0].name"),
    ),
    diagnostics.map((d) => d.message).join("\n"),
  );
});

test.run();
