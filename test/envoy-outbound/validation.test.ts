// Every outbound resource of every sidecar workload of every example passes Envoy's protoc-gen-validate rules.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { Cluster } from "../../compiler/emit/envoy/gen/envoy/config/cluster/v3/cluster.ts";
import { ClusterLoadAssignment } from "../../compiler/emit/envoy/gen/envoy/config/endpoint/v3/endpoint.ts";
import { Listener } from "../../compiler/emit/envoy/gen/envoy/config/listener/v3/listener.ts";
import { RouteConfiguration } from "../../compiler/emit/envoy/gen/envoy/config/route/v3/route.ts";
import { buildOutbound } from "../../compiler/emit/envoy/outbound/index.ts";
import { validateMessage } from "../../compiler/emit/envoy/pgv/index.ts";
import { compile } from "../../compiler/pipeline.ts";

const valid = suite("outbound resources satisfy Envoy's validation rules");

for (const example of ["examples/bookinfo/mesh.ts", "examples/canary/mesh.ts", "examples/bookinfo-yaml"]) {
  valid(`${example}: every sidecar workload, zero violations`, () => {
    const { ir } = compile([example]);
    if (ir === undefined) throw new Error(`${example} does not compile`);
    const violations: string[] = [];
    const workloads = ir.workloads.filter((w) => w.sidecar);
    assert.ok(workloads.length > 0, "the example has sidecar workloads");
    for (const w of workloads) {
      const out = buildOutbound(ir, w);
      const check = <T extends object>(type: Parameters<typeof validateMessage<T>>[0], m: T, name: string) =>
        violations.push(...validateMessage(type, m).map((v) => `${w.id} ${name} ${v.path}: ${v.rule} ${v.message}`));
      for (const l of out.listeners) check(Listener, l, l.name);
      for (const r of out.routes) check(RouteConfiguration, r, r.name);
      for (const c of out.clusters) check(Cluster, c, c.name);
      for (const e of out.endpoints) check(ClusterLoadAssignment, e, e.clusterName);
    }
    assert.equal(violations, []);
  });
}

valid.run();
