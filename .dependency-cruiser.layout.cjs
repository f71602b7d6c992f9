// The folders of meshc, what each may import and how the README's "Layout" section describes it: the source of the
// `layering` rules in .dependency-cruiser.cjs and of the README section (test/layering/layout.test.ts checks both).

/**
 * One entry per line of the README's Layout, in its order (each may import only from entries above it): a folder (or file), what it may import inside compiler/ and
 * stdlib/ (each `imports` list becomes a `layering` rule; entries without one are not checked), and its description.
 * Every folder and file directly under compiler/ must have an entry (test/layering/layout.test.ts).
 */
const layout = [
  { path: "stdlib/", imports: [], readme: 'the DSL users import as "meshc"' },
  { path: "compiler/diagnostics/", imports: [], readme: "catalog, Diagnostic type, spans, renderer" },
  {
    path: "compiler/load/",
    imports: ["compiler/diagnostics/", "stdlib/"],
    readme: "mesh.ts (type-check, run in memory, call sites) and YAML (positions for every node) → documents",
  },
  {
    path: "compiler/ir/",
    imports: ["compiler/diagnostics/", "compiler/load/document.ts", "compiler/load/kinds.ts", "compiler/load/json.ts"],
    readme: "IR types, Istio API types, lowering, facts resolved once (hosts, exportTo, DestinationRule lookup)",
  },
  {
    path: "compiler/check/",
    imports: ["compiler/diagnostics/", "compiler/ir/", "compiler/load/document.ts"],
    readme:
      "schema/ (Istio's CRD schemas, generated JSON in schema/gen/), validate/ (admission-webhook rules), analyze/ (semantic analysis)",
  },
  {
    path: "compiler/import/",
    imports: ["compiler/diagnostics/", "compiler/load/", "compiler/ir/", "stdlib/"],
    readme: "`meshc import`: Istio/Kubernetes YAML → idiomatic mesh.ts, each call verified by lowering it",
  },
  { path: "compiler/serialize/", imports: [], readme: "YAML writer" },
  {
    path: "compiler/emit/",
    imports: ["compiler/diagnostics/", "compiler/ir/", "compiler/serialize/"],
    readme: "istio/ (CRD objects), envoy/ (generated bindings, PGV validator, translation), outputs.ts",
  },
  {
    path: "compiler/eval/",
    imports: ["compiler/diagnostics/", "compiler/ir/", "compiler/emit/envoy/index.ts", "compiler/emit/envoy/gen/"],
    readme: "istio/ (engine over the IR), envoy/ (engine over the emitted Envoy config), _shared/, coverage",
  },
  {
    path: "compiler/route-check/",
    imports: ["compiler/diagnostics/", "compiler/emit/envoy/", "compiler/eval/envoy/"],
    readme: "Envoy's router_check_tool over a RouteConfiguration, with the Envoy engine's route evaluator",
  },
  {
    path: "compiler/diff/",
    imports: ["compiler/diagnostics/", "compiler/ir/", "compiler/eval/"],
    readme: "`meshc diff`: the request space cut by every predicate of two meshes, cells evaluated, changes classed",
  },
  {
    path: "compiler/pipeline.ts",
    imports: ["compiler/diagnostics/", "compiler/load/", "compiler/ir/", "compiler/check/"],
    readme: "the driver: load → schema → lower → validate → analyze",
  },
  {
    path: "compiler/scenario/",
    imports: ["compiler/diagnostics/", "compiler/ir/", "compiler/eval/"],
    readme: "chevrotain request/scenario language, expectations, runner, reporters",
  },
  {
    path: "compiler/serve/",
    imports: ["compiler/diagnostics/", "compiler/ir/", "compiler/emit/", "compiler/pipeline.ts"],
    readme: "the ADS server of `meshc serve` (node ids, streams, snapshots, --watch)",
  },
  {
    path: "compiler/api/",
    imports: ["compiler/diagnostics/", "compiler/ir/", "compiler/eval/", "compiler/scenario/", "compiler/pipeline.ts"],
    readme: "the `meshc/test` TypeScript API",
  },
  {
    path: "compiler/cli/",
    imports: ["compiler/", "stdlib/"],
    readme: "argv, exit codes, the only code that writes files",
  },
  {
    path: "examples/",
    readme:
      'bookinfo (mesh.ts), bookinfo-gateway-api (mesh.ts, Gateway API), canary (mesh.ts), bookinfo-yaml (plain Istio/Kubernetes YAML), grpc-echo (serve), authz-jwt, egress (Istio\'s egress tasks: egress gateway TLS origination, authorization at the gateway, external services), egress-gateway (the "Egress Gateways" task), egress-gateway-https (its HTTPS section), egress-gateway-mtls-origination (the "Egress Gateways with TLS Origination" task\'s mutual TLS section), egress-tls-origination (the "Egress TLS Origination" task), secure-gateways (the "Secure Gateways" task), secure-gateways-mtls (its mutual TLS section), authz-ingress (the "Ingress Gateway Access Control" task)',
  },
  { path: "golden/", readme: "expected output of every example" },
  { path: "docs/", readme: "the user-facing contracts (inputs, CLI, requests, results, scenarios, diagnostics, diff)" },
  { path: "test/", readme: "uvu suites; test/types holds the type-level tests" },
];

module.exports = { layout };
