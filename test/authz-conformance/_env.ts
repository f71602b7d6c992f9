/**
 * The fixed environment of istio's authorization builder tests (pilot/pkg/security/authz/builder/builder_test.go,
 * transcribed in ../shared/conformance/istio-authz/README.md), expressed as meshc YAML input: a Deployment
 * `httpbin` in `foo` (labels app: httpbin, version: v1), the Service behind `push.ServiceIndex` (the ext_authz
 * host), and an `istio` ConfigMap carrying the case's trust domain bundle and extension provider.
 *
 * The Go tests use an empty trust-domain bundle unless `tdBundle` is set; istiod never does (MeshConfig always has
 * a trust domain, default `cluster.local`). The default bundle `[cluster.local]` produces the same output for every
 * input in these cases (no zero-bundle case has a 5-part `cluster.local` principal, README §4), so the MeshConfig
 * default stands in for it; `tdBundle: [td, ...aliases]` becomes `trustDomain: td, trustDomainAliases: aliases`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { compile } from "../../compiler/pipeline.ts";
import { memoryFileSystem } from "../../compiler/load/fs.ts";
import { loadYamlText } from "../../compiler/load/yaml/index.ts";
import { lowerDocuments } from "../../compiler/ir/lower.ts";
import type { MeshIR } from "../../compiler/ir/ir.ts";
import { conformanceDir } from "../support/shared.ts";

export const FIXTURES = conformanceDir("istio-authz");

export interface ConformanceCase {
  readonly name: string;
  readonly input: string;
  readonly outputs: readonly string[];
  readonly tdBundle?: readonly string[];
  readonly customProvider?: string;
}
export interface CasesFile {
  readonly meshConfigs: Readonly<Record<string, Record<string, unknown>>>;
  readonly knownServices: readonly { hostname: string; namespace: string }[];
  readonly http: readonly ConformanceCase[];
  readonly tcp: readonly ConformanceCase[];
}

export const readFixture = (path: string): string => readFileSync(join(FIXTURES, path), "utf8");
export const loadCases = (): CasesFile => yaml.load(readFixture("cases.yaml")) as CasesFile;

/** The MeshConfig of a case: trust domain bundle and the `default` extension provider. */
function meshConfig(c: ConformanceCase, cases: CasesFile): Record<string, unknown> {
  const mesh: Record<string, unknown> = {};
  if (c.tdBundle !== undefined) {
    mesh["trustDomain"] = c.tdBundle[0];
    mesh["trustDomainAliases"] = c.tdBundle.slice(1);
  }
  if (c.customProvider !== undefined)
    mesh["extensionProviders"] = [{ name: "default", ...cases.meshConfigs[c.customProvider] }];
  return mesh;
}

/** The environment YAML of a case. Services are named after the first label of their host (`<name>.<ns>.svc...`). */
export function environmentYaml(c: ConformanceCase, cases: CasesFile): string {
  const services = cases.knownServices.map((s) => ({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: s.hostname.split(".")[0], namespace: s.namespace },
    spec: { ports: [{ name: "grpc", port: 9000 }] },
  }));
  const docs = [
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "httpbin", namespace: "foo", labels: { app: "httpbin", version: "v1" } },
      spec: {
        selector: { matchLabels: { app: "httpbin", version: "v1" } },
        template: {
          metadata: { labels: { app: "httpbin", version: "v1" } },
          spec: { containers: [{ name: "httpbin", image: "httpbin" }] },
        },
      },
    },
    ...services,
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "istio", namespace: "istio-system" },
      data: { mesh: yaml.dump(meshConfig(c, cases)) },
    },
  ];
  return docs.map((d) => yaml.dump(d)).join("---\n");
}

/**
 * The case compiled through the public pipeline. Istio's builder tests bypass validation; where meshc's validator
 * rejects an input (as istiod's webhook would for some), the IR comes from the same loader and lowering without the
 * checks, and `rejectedBy` lists the diagnostic codes, so the test name shows it.
 */
export function compileCase(c: ConformanceCase, cases: CasesFile): { ir: MeshIR; rejectedBy: readonly string[] } {
  const files = { "policies.yaml": readFixture(c.input), "environment.yaml": environmentYaml(c, cases) };
  const compiled = compile(Object.keys(files), { fs: memoryFileSystem(files) });
  if (compiled.ir !== undefined) return { ir: compiled.ir, rejectedBy: [] };
  const rejectedBy = [
    ...new Set(compiled.diagnostics.filter((d) => d.severity === "error").map((d) => `MESH${d.code}`)),
  ];
  const docs = Object.entries(files).flatMap(([name, text]) => loadYamlText(name, text).value);
  return { ir: lowerDocuments(docs).value, rejectedBy };
}
