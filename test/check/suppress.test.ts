/**
 * Suppressions as istioctl analyze has them (istio pkg/config/analysis/local/istiod_analyze.go `filterMessages`;
 * istioctl/pkg/analyze/analyze.go `--suppress`), over the compiled mesh: `CODE=Kind name.namespace` globs, the
 * `galley.istio.io/analyze-suppress` annotation, IST codes the catalog maps, the count of what was suppressed and a
 * warning for every suppression that matched nothing.
 */
import { readFileSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { glob, parseSuppression, suppressibleCodes } from "../../compiler/check/suppress.ts";
import { renderLines } from "../../compiler/diagnostics/render.ts";
import { memoryFileSystem } from "../../compiler/load/fs.ts";
import { compile } from "../../compiler/pipeline.ts";
import { renderSuppressCodes, SUPPRESS_CODES_FILE } from "../../scripts/gen-suppress-codes/render.ts";

/** Three warnings: MESH2209 and MESH2208 on DestinationRule shop/reviews, MESH2207 on DestinationRule shop/ratings. */
const FIXTURE = "test/cases/destination-rule-references/mesh.yaml";
const TEXT = readFileSync(FIXTURE, "utf8");

function check(suppress: readonly string[], text = TEXT) {
  const suppressions = suppress.map((s) => parseSuppression(s)!);
  const c = compile(["mesh.yaml"], { fs: memoryFileSystem({ "mesh.yaml": text }), suppressions });
  return { lines: renderLines(c.diagnostics, c.sources).split("\n").filter(Boolean), suppressed: c.suppressed };
}

const W2209 =
  "mesh.yaml(35,3): warning MESH2209: No route uses the subsets of 'reviews' declared here, so traffic to it is spread over all its workloads.";
const W2208 =
  "mesh.yaml(38,13): warning MESH2208: Subset 'v3' selects no workload of service 'reviews'; requests routed to it fail with 503.";
const W2207 =
  "mesh.yaml(44,9): warning MESH2207: DestinationRule host 'ratings' is not a known service or ServiceEntry host, so the rule applies to nothing.";

const Glob = suite("go-glob, as istiod matches suppressions (github.com/ryanuber/go-glob Glob)");

Glob("'*' matches any run of characters; nothing else is special", () => {
  const cases: [string, string, boolean][] = [
    ["*", "DestinationRule reviews.shop", true],
    ["DestinationRule *.shop", "DestinationRule reviews.shop", true],
    ["DestinationRule *.shop", "DestinationRule reviews.other", false],
    ["DestinationRule rev*", "DestinationRule reviews.shop", true],
    ["*reviews*", "DestinationRule reviews.shop", true],
    ["Destination*views.sh*", "DestinationRule reviews.shop", true],
    ["DestinationRule reviews.shop", "DestinationRule reviews.shop", true],
    ["DestinationRule reviews", "DestinationRule reviews.shop", false],
    ["DestinationRule ?eviews.shop", "DestinationRule reviews.shop", false],
    ["", "", true],
    ["", "x", false],
    // go-glob's rule, not a shell's: each part is found left to right, the last is only checked as a suffix
    ["a*b*a", "aba", true],
  ];
  assert.equal(
    cases.map(([p, s]) => glob(p, s)),
    cases.map(([, , want]) => want),
  );
});

const Parse = suite("parseSuppression: istioctl's CODE=resource, and namespace/name");

Parse("istioctl's form is kept; namespace/name becomes name.namespace; a value without one '=' is rejected", () => {
  assert.equal(parseSuppression("IST0103=Pod mypod.testing"), {
    text: "IST0103=Pod mypod.testing",
    code: "IST0103",
    pattern: "Pod mypod.testing",
  });
  assert.equal(parseSuppression("MESH2209=DestinationRule bookinfo/*")?.pattern, "DestinationRule *.bookinfo");
  assert.equal(parseSuppression("MESH2209=*")?.pattern, "*");
  assert.is(parseSuppression("MESH2209"), undefined);
  assert.is(parseSuppression("MESH2209=a=b"), undefined);
  assert.is(parseSuppression("=DestinationRule *"), undefined);
});

const Suppress = suite("suppressions over a compiled mesh");

Suppress("without suppressions every finding is reported", () => {
  assert.equal(check([]), { lines: [W2209, W2208, W2207], suppressed: 0 });
});

Suppress("CODE=Kind name.namespace suppresses that code on that resource only", () => {
  assert.equal(check(["MESH2209=DestinationRule reviews.shop"]), { lines: [W2208, W2207], suppressed: 1 });
});

Suppress("Kind namespace/name and wildcards (docs/cli.md) match as istioctl's name.namespace", () => {
  assert.equal(check(["MESH2209=DestinationRule shop/*", "MESH2207=DestinationRule */ratings"]), {
    lines: [W2208],
    suppressed: 2,
  });
});

Suppress("an istioctl code suppresses the meshc findings the catalog maps to it (IST0173 → MESH2208)", () => {
  assert.equal(check(["IST0173=DestinationRule *"]), { lines: [W2209, W2207], suppressed: 1 });
});

Suppress("MESH1403: a suppression that matches nothing is a warning; MESH1402: an unknown code too", () => {
  assert.equal(check(["MESH2209=DestinationRule reviews.other", "MESH2999=DestinationRule *"]), {
    lines: [
      "meshc: warning MESH1402: 'MESH2999' is not a code meshc reports, so the suppression has no effect.",
      "meshc: warning MESH1403: The suppression 'MESH2209=DestinationRule reviews.other' matched no finding.",
      W2209,
      W2208,
      W2207,
    ],
    suppressed: 0,
  });
});

Suppress("MESH1405: what the cluster rejects (Istio's webhook: a negative weight) cannot be suppressed", () => {
  const vs = [
    "---",
    "apiVersion: networking.istio.io/v1",
    "kind: VirtualService",
    "metadata: {name: reviews, namespace: shop}",
    "spec:",
    "  hosts: [reviews]",
    "  http:",
    "  - route:",
    "    - destination: {host: reviews}",
    "      weight: -5",
    "",
  ].join("\n");
  assert.equal(check(["MESH2047=VirtualService *"], TEXT + vs), {
    lines: [
      "meshc: warning MESH1405: 'MESH2047' cannot be suppressed, because the cluster itself rejects what it reports.",
      W2209,
      W2208,
      W2207,
      "mesh.yaml(56,15): error MESH2047: Weight -5 must not be negative.",
    ],
    suppressed: 0,
  });
});

Suppress("the galley.istio.io/analyze-suppress annotation: codes split at ',', '*' for all, IST codes mapped", () => {
  const annotate = (name: string, value: string) =>
    `metadata: {name: ${name}, namespace: shop, annotations: {galley.istio.io/analyze-suppress: "${value}"}}`;
  const text = TEXT.replace(
    "metadata: {name: reviews, namespace: shop}\nspec:\n  host: reviews",
    `${annotate("reviews", "MESH2209,IST0173")}\nspec:\n  host: reviews`,
  ).replace("metadata: {name: ratings, namespace: shop}", annotate("ratings", "*"));
  assert.equal(check([], text), { lines: [], suppressed: 3 });
});

Suppress("MESH1404 for an annotation code that suppresses nothing; istioctl-only codes are left to istioctl", () => {
  const text = TEXT.replace(
    "metadata: {name: ratings, namespace: shop}",
    'metadata: {name: ratings, namespace: shop, annotations: {galley.istio.io/analyze-suppress: "MESH2209,IST0102, MESH2207"}}',
  );
  // The value is not trimmed, as istiod splits it: ' MESH2207' is no code, so MESH2207 is still reported. IST0102
  // (namespace not injected) is no finding of meshc's: it is there for istioctl analyze, and not reported.
  assert.equal(check([], text), {
    lines: [
      W2209,
      W2208,
      "mesh.yaml(42,92): warning MESH1402: ' MESH2207' is not a code meshc reports, so the suppression has no effect.",
      "mesh.yaml(42,92): warning MESH1404: The annotation 'galley.istio.io/analyze-suppress' suppresses 'MESH2209', but this resource has no such finding.",
      W2207,
    ],
    suppressed: 0,
  });
});

Suppress("stdlib/_suppress-codes.ts is generated from the catalog and up to date (npm run gen:suppress-codes)", () => {
  assert.fixture(readFileSync(SUPPRESS_CODES_FILE, "utf8"), renderSuppressCodes());
  assert.ok(suppressibleCodes().includes("MESH2209"));
  assert.not.ok(suppressibleCodes().includes("MESH2011"));
});

Glob.run();
Parse.run();
Suppress.run();
