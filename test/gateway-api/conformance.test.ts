/**
 * istiod's Gateway API conversion goldens (`TestConvertResources`, pilot/pkg/config/kube/gateway/conversion_test.go;
 * the data of ../shared/conformance/istio-gateway-api, read in place): for each case, meshc lowers the Gateway API
 * input and, separately, the Istio config istiod generated from it (`X.yaml.golden`); both must give the same Envoy
 * route configuration on every gateway pod and on a mesh client, and meshc's Accepted / ResolvedRefs verdicts must
 * be those of the status golden. Resource names are not compared (metadata and decorators name the VirtualService).
 * The test's DNS domain `domain.suffix` is read as meshc's `cluster.local`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { load, loadAll } from "js-yaml";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { configDumpToJson } from "../../compiler/emit/envoy/registry.ts";
import { emitEnvoy } from "../../compiler/emit/envoy/index.ts";
import { convertGatewayApi, routeVerdicts } from "../../compiler/ir/gateway-api/index.ts";
import { lowerDocuments } from "../../compiler/ir/lower.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import { loadYamlText } from "../../compiler/load/yaml/index.ts";
import { conformanceDir } from "../support/shared.ts";
import { sharedCorpus } from "../support/shared-corpus.ts";
import { skip } from "../support/skip.ts";
import { namespacesYaml, registryYaml } from "./_registry.ts";

const DIR = conformanceDir("istio-gateway-api");
const Conformance = suite("istio Gateway API conversion goldens (TestConvertResources)");

/** Inputs that need what meshc does not model; skipped with the reason. */
const UNSUPPORTED: readonly [RegExp, string][] = [
  [/^kind: (InferencePool)$|kind: InferencePool\b/m, "needs InferencePool (Gateway API inference extension)"],
  [/^kind: (X?ListenerSet)$/m, "needs ListenerSet"],
  [/^kind: (BackendTLSPolicy|X?BackendTrafficPolicy|XBackend|BackendLBPolicy)$/m, "needs backend policies"],
];

const withDomain = (text: string) => text.replace(/domain\.suffix/g, "cluster.local");

function routesOf(ir: MeshIR): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const { workload, dump } of emitEnvoy(ir).value) {
    const json = JSON.parse(configDumpToJson(dump)) as {
      configs: { "@type": string; dynamicRouteConfigs?: unknown[] }[];
    };
    const routes = json.configs.find((c) => c["@type"].endsWith("RoutesConfigDump"))?.dynamicRouteConfigs ?? [];
    // Resource names are istiod's choice, not semantics: drop what names the VirtualService.
    out.set(
      `${workload.namespace}/${workload.name}`,
      JSON.parse(
        JSON.stringify(routes, (k, v: unknown) => (k === "metadata" || k === "decorator" ? undefined : v)),
      ) as unknown,
    );
  }
  return out;
}

interface StatusParent {
  controllerName: string;
  parentRef: { name: string; namespace?: string; sectionName?: string; port?: number; kind?: string };
  conditions: { type: string; status: string; reason: string }[];
}

/** The status golden's verdicts: `Kind ns/name parent` → `Accepted=<reason> ResolvedRefs=<reason>` (reasons when False). */
function goldenVerdicts(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const doc of loadAll(text) as {
    kind: string;
    metadata: { name: string; namespace?: string };
    status?: { parents?: StatusParent[] };
  }[]) {
    if (!doc || !/Route$/.test(doc.kind)) continue;
    // Other controllers' entries are kept as they were; only istiod's own are its verdicts.
    for (const p of (doc.status?.parents ?? []).filter((x) => x.controllerName === "istio.io/gateway-controller")) {
      const cond = (t: string) => p.conditions.find((c) => c.type === t);
      const v = (t: string) => (cond(t)?.status === "False" ? cond(t)!.reason : "True");
      const ref = p.parentRef;
      const key = `${doc.kind} ${doc.metadata.namespace}/${doc.metadata.name} ${ref.kind ?? "Gateway"}/${ref.namespace ?? doc.metadata.namespace}/${ref.name}/${ref.sectionName ?? ""}/${ref.port ?? ""}`;
      out.set(key, `Accepted=${v("Accepted")} ResolvedRefs=${v("ResolvedRefs")}`);
    }
  }
  return out;
}

const present = sharedCorpus(Conformance, "istio-gateway-api") !== undefined;
const cases = present
  ? readdirSync(DIR)
      .filter((f) => f.endsWith(".yaml") && f !== "registry.yaml" && !f.startsWith("benchmark"))
      .sort()
  : [];

const registry = present
  ? loadYamlText("registry.yaml", registryYaml(readFileSync(join(DIR, "registry.yaml"), "utf8"))).value
  : [];

const namespaces = (docs: readonly { object: Readonly<Record<string, unknown>> }[]) =>
  loadYamlText("namespaces.yaml", namespacesYaml(docs)).value;

for (const file of cases) {
  const input = withDomain(readFileSync(join(DIR, file), "utf8"));
  const unsupported = UNSUPPORTED.find(([re]) => re.test(input));
  const name = file.replace(/\.yaml$/, "");
  if (unsupported) {
    skip(Conformance, `${name}: ${unsupported[1]}`);
    continue;
  }
  Conformance(`${name}: same Envoy routes as istiod's generated config, same route verdicts`, () => {
    // GIVEN the input, and the Istio config istiod generated from it, each over the test's registry
    const own = loadYamlText(file, input).value;
    const inputDocs = [...registry, ...namespaces([...registry, ...own]), ...own];
    const converted = convertGatewayApi(inputDocs);
    const goldenDocs = [
      ...registry,
      ...namespaces([...registry, ...own]),
      ...converted.registryDocuments,
      ...loadYamlText(`${file}.golden`, withDomain(readFileSync(join(DIR, `${file}.golden`), "utf8"))).value,
    ];
    // WHEN both are lowered and emitted
    const fromInput = lowerDocuments(inputDocs).value;
    const fromGolden = lowerDocuments(goldenDocs).value;
    // THEN every proxy has the same routes
    assert.equal(Object.fromEntries(routesOf(fromInput)), Object.fromEntries(routesOf(fromGolden)));
    // AND every route's parent verdicts are istiod's
    const mine = new Map<string, string>();
    for (const r of converted.routes) {
      for (const v of routeVerdicts(r)) {
        const ref = v.ref;
        const kind = ref.kind;
        const key = `${r.kind} ${r.route.namespace}/${r.route.name} ${kind}/${ref.namespace}/${ref.name}/${ref.sectionName ?? ""}/${ref.port ?? ""}`;
        mine.set(key, `Accepted=${v.notAccepted?.reason ?? "True"} ResolvedRefs=${v.unresolved?.reason ?? "True"}`);
      }
    }
    const golden = goldenVerdicts(
      withDomain(readFileSync(join(DIR, file.replace(/\.yaml$/, ".status.yaml.golden")), "utf8")),
    );
    const sorted = (m: Map<string, string>) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)));
    assert.equal(sorted(mine), sorted(golden));
  });
}

void load;
Conformance.run();
