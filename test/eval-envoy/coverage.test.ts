/**
 * Coverage (`meshc test --coverage`) from the two engines: for every request of bookinfo's scenarios, the Envoy
 * engine reports exactly the VirtualService rules and match blocks, AuthorizationPolicy rules and PeerAuthentication
 * settings the Istio engine reports (PeerAuthentication read back from the `filter_metadata.meshc` of the inbound
 * filter chains); and an AUDIT policy's matching rule counts as covered in both engines.
 */
import { readFileSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { collectingSink, coverageReport } from "../../compiler/eval/coverage.ts";
import { simulate } from "../../compiler/eval/index.ts";
import type { SimRequest } from "../../compiler/eval/types.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import { memoryFileSystem } from "../../compiler/load/fs.ts";
import { compile } from "../../compiler/pipeline.ts";
import { parseScenarios } from "../../compiler/scenario/index.ts";
import { request } from "../eval/_support.ts";

const bookinfo = compile(["examples/bookinfo/mesh.ts"]).ir!;
const scenarios = parseScenarios(readFileSync("examples/bookinfo/bookinfo.scenarios", "utf8"), "bookinfo.scenarios")
  .value.scenarios;

function covered(ir: MeshIR, req: SimRequest, engine: "istio" | "envoy"): string[] {
  const sink = collectingSink();
  simulate(ir, req, { engine, coverage: sink });
  return [...sink.keys].sort();
}

const same = suite("coverage: the Envoy engine reports what the Istio engine reports (bookinfo scenarios)");

for (const s of scenarios)
  same(s.name, () => assert.equal(covered(bookinfo, s.request, "envoy"), covered(bookinfo, s.request, "istio")));

same("the whole file covers everything on both engines, PeerAuthentication bookinfo/default included", () => {
  const report = (engine: "istio" | "envoy") => {
    const sink = collectingSink();
    for (const s of scenarios) simulate(bookinfo, s.request, { engine, coverage: sink });
    const r = coverageReport(bookinfo, sink.keys);
    return {
      total: r.total,
      covered: r.covered,
      uncovered: r.uncovered.map((u) => u.key),
      pa: sink.keys.has("PeerAuthentication bookinfo/default mtls"),
    };
  };
  assert.equal(report("envoy"), { total: 16, covered: 16, uncovered: [], pa: true });
  assert.equal(report("istio"), report("envoy"));
});

const MESH = `---
apiVersion: v1
kind: Namespace
metadata: {name: default, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  selector: {app: web}
  ports: [{name: http, port: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec: {template: {metadata: {labels: {app: web}}, spec: {serviceAccountName: web}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: client, namespace: default}
spec: {template: {metadata: {labels: {app: client}}, spec: {serviceAccountName: client}}}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: web, namespace: default}
spec:
  selector: {matchLabels: {app: web}}
  mtls: {mode: PERMISSIVE}
  portLevelMtls: {8080: {mode: STRICT}}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: audit-posts, namespace: default}
spec:
  action: AUDIT
  selector: {matchLabels: {app: web}}
  rules: [{to: [{operation: {methods: [GET]}}]}, {to: [{operation: {methods: [POST]}}]}]
`;
const small = compile(["mesh.yaml"], { fs: memoryFileSystem({ "mesh.yaml": MESH }) });

const audit = suite("coverage: AUDIT rules and port-level PeerAuthentication");

audit("the mesh compiles cleanly", () => {
  assert.equal(
    small.diagnostics.filter((d) => d.severity === "error"),
    [],
  );
});

for (const engine of ["istio", "envoy"] as const) {
  audit(`${engine} engine: a POST covers the AUDIT policy's rule 1 and the portLevelMtls entry that decided`, () => {
    assert.equal(covered(small.ir!, request("http://web:8080/x", "default/client", { method: "POST" }), engine), [
      "AuthorizationPolicy default/audit-posts rules[1]",
      "PeerAuthentication default/web portLevelMtls[8080]",
    ]);
  });
  audit(`${engine} engine: a DELETE matches no AUDIT rule`, () => {
    assert.equal(covered(small.ir!, request("http://web:8080/x", "default/client", { method: "DELETE" }), engine), [
      "PeerAuthentication default/web portLevelMtls[8080]",
    ]);
  });
}

same.run();
audit.run();
