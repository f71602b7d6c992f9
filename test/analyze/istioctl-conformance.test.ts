/**
 * istioctl analyze's own analyzer test data (`../shared/conformance/istio-analyze/`, from istio/istio
 * `pkg/config/analysis/analyzers/testdata/`) run through meshc's analyses. Like the Go test, each case runs the
 * analyses alone on the lowered IR (validation findings are not in the way), and compares, for each istioctl code
 * that meshc implements, the set of resources flagged with the corresponding meshc codes.
 */
import { readFileSync } from "node:fs";
import yaml from "js-yaml";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { analyzeMesh } from "../../compiler/check/analyze/index.ts";
import type { Diagnostic } from "../../compiler/diagnostics/diagnostic.ts";
import { lowerDocuments } from "../../compiler/ir/lower.ts";
import { loadYamlText } from "../../compiler/load/yaml/index.ts";
import { sharedCorpus } from "../support/shared-corpus.ts";

/** istioctl code → the meshc codes that report the same problem (in the analyses; IST0101 subset refs are MESH2001). */
const CORRESPONDING: Readonly<Record<string, readonly number[]>> = {
  IST0109: [2204],
  IST0111: [2250],
  IST0112: [2201],
  IST0118: [2270],
  IST0127: [2248],
  IST0128: [2249],
  IST0129: [2249],
  IST0130: [2220, 2221],
  IST0131: [2222, 2223],
  IST0132: [2203],
  IST0149: [2206],
  IST0173: [2208],
};

/**
 * Known, deliberate differences (each with its reason), as `case name: reason`:
 */
const SKIPPED: Readonly<Record<string, string>> = {
  virtualServiceKubernetesGateways:
    "a VirtualService bound to a Kubernetes Gateway API Gateway is not analysed (skipped when Gateway API kinds were not an input; to recheck now that they are).",
  DestinationRuleSubsetsWithTopologyLabels:
    "istioctl adds node topology labels to pod labels; meshc does not model Nodes.",
  DestinationRuleWithFakeHost:
    "meshc checks DestinationRule hosts only when the input declares services (MESH2207); this input has none.",
};

/** Deliberate differences in the flagged resources of one case and istioctl code: extra or missing origins, and why. */
const DIFFERENCES: readonly {
  readonly case: string;
  readonly code: string;
  readonly extra?: readonly string[];
  readonly missing?: readonly string[];
  readonly reason: string;
}[] = [
  {
    case: "dupmatches",
    code: "IST0130",
    extra: ["VirtualService default/overlapping-in-two-matches"],
    reason:
      "every match of its second rule is covered by the first rule's shorter prefix, so meshc also reports the rule as unreachable (MESH2221)",
  },
  {
    case: "dupmatches",
    code: "IST0131",
    extra: ["VirtualService default/uri-with-prefix-exact"],
    reason: "its match 'exact: /' is covered by 'prefix: /' before it; istioctl only compares prefixes with prefixes",
  },
  {
    case: "virtualServiceGateways",
    code: "IST0132",
    missing: ["VirtualService default/httpbin-bogus"],
    reason: "istioctl reports a missing gateway as both IST0101 and IST0132; meshc reports it once, as MESH2202",
  },
  {
    case: "virtualServiceConflictingMeshGatewayHostsWithExportTo",
    code: "IST0109",
    missing: ["VirtualService bar/productpage-d", "VirtualService foo/productpage-d"],
    reason:
      "istioctl lets a wildcard host exported to '*' conflict with a narrower host in another scope; istiod picks the most specific host there, so meshc only reports equal hosts",
  },
];

interface Case {
  readonly name: string;
  readonly inputFiles: readonly string[];
  readonly expected: readonly (readonly [string, string, string])[];
  readonly meshConfigFile?: string;
}

const Conformance = suite("istioctl analyze test data");
const corpus = sharedCorpus(Conformance, "istio-analyze");
const DIR = `${corpus}/`;
const cases =
  corpus === undefined ? [] : (yaml.load(readFileSync(`${DIR}EXPECTED.yaml`, "utf8")) as { cases: Case[] }).cases;

function analyze(files: readonly string[]): { diagnostics: Diagnostic[]; origin: (d: Diagnostic) => string } {
  const docs = files.flatMap((f) => loadYamlText(f, readFileSync(DIR + f, "utf8")).value);
  const ir = lowerDocuments(docs).value;
  const origin = (d: Diagnostic) => {
    const node = ir.resources.find(
      (r) =>
        r.span.file === d.span?.file && r.span.start <= d.span.start && d.span.start < r.span.start + r.span.length,
    );
    const svc = ir.services.find((s) => s.span === d.span);
    return node
      ? `${node.kind[0]!.toUpperCase()}${node.kind.slice(1)} ${node.meta.namespace}/${node.meta.name}`
      : svc
        ? `Service ${svc.namespace}/${svc.name}`
        : "?";
  };
  return { diagnostics: analyzeMesh(ir), origin };
}

const withNamespace = (origin: string) => (origin.includes("/") ? origin : origin.replace(" ", " default/"));

const relevant = cases.filter(
  (c) =>
    c.expected.some(([code]) => code in CORRESPONDING) ||
    /^(destinationrule|virtualservice|service-|sidecar-default)/.test(c.inputFiles[0] ?? ""),
);
for (const c of relevant) {
  const id = c.inputFiles[0]!.replace(/\.yaml$/, "");
  const reason = SKIPPED[c.name] ?? SKIPPED[id];
  if (reason) continue; // listed in SKIPPED, with the reason
  Conformance(`${c.name} (${c.inputFiles.join(", ")}) flags the same resources as istioctl`, () => {
    const { diagnostics, origin } = analyze(c.inputFiles);
    const codes = Object.keys(CORRESPONDING).filter(
      (ist) => c.expected.some(([code]) => code === ist) || c.expected.length === 0,
    );
    for (const ist of codes.length > 0 ? codes : Object.keys(CORRESPONDING)) {
      const difference = DIFFERENCES.find((d) => d.case === c.name && d.code === ist);
      const istioctl = c.expected.filter(([code]) => code === ist).map(([, , o]) => withNamespace(o));
      const adjusted = [...istioctl.filter((o) => !difference?.missing?.includes(o)), ...(difference?.extra ?? [])];
      const expected = [...new Set(adjusted)].sort();
      const actual = [...new Set(diagnostics.filter((d) => CORRESPONDING[ist]!.includes(d.code)).map(origin))].sort();
      assert.equal(actual, expected, `${ist} → MESH${CORRESPONDING[ist]!.join("/MESH")}`);
    }
  });
}

if (corpus !== undefined)
  Conformance("every skipped case exists in EXPECTED.yaml and says why", () => {
    const known = new Set(cases.flatMap((c) => [c.name, c.inputFiles[0]!.replace(/\.yaml$/, "")]));
    assert.equal(
      Object.keys(SKIPPED).filter((k) => !known.has(k)),
      [],
    );
  });

Conformance.run();
