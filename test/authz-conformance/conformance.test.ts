/**
 * Istio's own AuthorizationPolicy → RBAC golden tests (pilot/pkg/security/authz/builder/testdata, builder_test.go
 * `TestGenerator_GenerateHTTP` / `TestGenerator_GenerateTCP`): every case of
 * ../shared/conformance/istio-authz/cases.yaml, run through meshc's pipeline (YAML → compile → the workload's
 * authorization filters), each filter serialized to proto3 JSON with the type registry, re-parsed, and compared
 * structurally with Istio's output (map key order ignored, list order significant). Every filter must also pass
 * Envoy's protoc-gen-validate rules.
 */
import yaml from "js-yaml";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import {
  buildHttpAuthzFilters,
  buildNetworkAuthzFilters,
  authzOptionsFromIR,
  policiesForWorkload,
} from "../../compiler/emit/envoy/authz/index.ts";
import { Filter } from "../../compiler/emit/envoy/gen/envoy/config/listener/v3/listener_components.ts";
import { HttpFilter } from "../../compiler/emit/envoy/gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.ts";
import { validateMessage } from "../../compiler/emit/envoy/pgv/index.ts";
import { TypeRegistry } from "../../compiler/emit/envoy/registry.ts";
import { sharedCorpus } from "../support/shared-corpus.ts";
import { skip } from "../support/skip.ts";
import { compileCase, loadCases, readFixture, type ConformanceCase } from "./_env.ts";

const Corpus = suite("istio authz conformance corpus");
const present = sharedCorpus(Corpus, "istio-authz") !== undefined;
Corpus.run();
const cases = present ? loadCases() : { meshConfigs: {}, knownServices: [], http: [], tcp: [] };

/** Cases meshc cannot reproduce yet, with the reason (shown as skipped). None at present. */
const KNOWN_GAPS: Readonly<Record<string, string>> = {};

function run(kind: "http" | "tcp", c: ConformanceCase) {
  const { ir, rejectedBy } = compileCase(c, cases);
  const workload = ir.workloads.find((w) => w.id === "foo/httpbin");
  if (workload === undefined) throw new Error("the environment lost workload foo/httpbin");
  const policies = policiesForWorkload(ir, workload);
  const options = authzOptionsFromIR(ir);
  const actual =
    kind === "http"
      ? buildHttpAuthzFilters(policies, options).map((f) => ({
          json: HttpFilter.toJson(f, { typeRegistry: TypeRegistry }),
          violations: validateMessage(HttpFilter, f),
        }))
      : buildNetworkAuthzFilters(policies, options).map((f) => ({
          json: Filter.toJson(f, { typeRegistry: TypeRegistry }),
          violations: validateMessage(Filter, f),
        }));
  return {
    rejectedBy,
    actual: actual.map((a) => ({ json: JSON.parse(JSON.stringify(a.json)) as unknown, violations: a.violations })),
  };
}

for (const kind of present ? (["http", "tcp"] as const) : []) {
  const Conformance = suite(`istio authz conformance: ${kind}`);
  for (const c of cases[kind]) {
    const gap = KNOWN_GAPS[`${kind}/${c.name}`];
    if (gap !== undefined) {
      skip(Conformance, `${c.name} (known gap: ${gap})`);
      continue;
    }
    // Cases meshc's validator rejects are compiled without validation; the name says so (see _env.ts).
    const probe = compileCase(c, cases).rejectedBy;
    const label =
      probe.length > 0 ? `${c.name} (validation bypassed: meshc rejects the input with ${probe.join(", ")})` : c.name;
    Conformance(label, () => {
      const { actual } = run(kind, c);
      const expected = c.outputs.map((path) => yaml.load(readFixture(path)));
      assert.equal(
        actual.map((a) => a.json),
        expected,
      );
      assert.equal(
        actual.map((a) => a.violations),
        expected.map(() => []),
      );
    });
  }
  Conformance.run();
}
