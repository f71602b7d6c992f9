/**
 * Fuzzing every front end (issue 18): YAML documents, mesh.ts values (typed and type-escaped), request strings and
 * scenario files. Fixed seed, bounded runs; `FUZZ_RUNS=100000 node --import tsx node_modules/uvu/bin.js test/fuzz`
 * for a long run (README "Untrusted input"). The crash reproducers of the issue are regression cases in
 * test/yaml/limits.test.ts, test/check/kubernetes-objects.test.ts and test/serve/robustness.test.ts.
 */
import * as fc from "fast-check";
import yaml from "js-yaml";
import { suite } from "uvu";
import * as stdlib from "../../stdlib/index.ts";
import { compile } from "../../compiler/pipeline.ts";
import type { FileSystem } from "../../compiler/load/fs.ts";
import { lowerDsl } from "../../compiler/load/mesh-ts/lower-dsl/index.ts";
import { validateDocumentSchemas } from "../../compiler/check/schema/index.ts";
import { validateKubernetesObjects } from "../../compiler/check/validate/kubernetes-objects.ts";
import { validateMesh } from "../../compiler/check/validate/index.ts";
import { analyzeMesh } from "../../compiler/check/analyze/index.ts";
import { lowerDocuments } from "../../compiler/ir/lower.ts";
import { hasErrors, type Diagnostic } from "../../compiler/diagnostics/diagnostic.ts";
import { parseRequest, parseScenarios } from "../../compiler/scenario/parse.ts";
import { renderPretty } from "../../compiler/diagnostics/render.ts";
import { buildMustSucceed, params, timed } from "./_harness.ts";

const Fuzz = suite("fuzz: no crash, no hang, check-passes-then-build-succeeds");

function memoryFs(text: string): FileSystem {
  return {
    readFile: (p) => {
      if (p !== "in.yaml") throw new Error(`ENOENT: ${p}`);
      return text;
    },
    stat: (p) => (p === "in.yaml" ? "file" : undefined),
    readDirectory: () => [],
  };
}

function compileYaml(text: string): void {
  const c = timed("compile", () => compile(["in.yaml"], { fs: memoryFs(text) }));
  timed("build", () => buildMustSucceed(c.ir, c.diagnostics, c.sources));
}

// ---- YAML ---------------------------------------------------------------------------------------------------
const name = fc.oneof(
  fc.constantFrom("cart", "shop", "a", "reviews", "..", "../../x", "A_b", "x".repeat(70), "a\nb", "", "*", "-a"),
  fc.stringMatching(/^[a-z][a-z0-9.-]{0,12}$/),
);
const port = fc.oneof(fc.integer({ min: -2, max: 70000 }), fc.constantFrom(1.5, "http", null, 80, 9080, 443));
const labels = fc.dictionary(fc.oneof(name, fc.constantFrom("app", "version")), name, { maxKeys: 3 });
const k8sDoc = fc.oneof(
  fc.record({
    apiVersion: fc.constant("v1"),
    kind: fc.constant("Service"),
    metadata: fc.record({ name, namespace: name }),
    spec: fc.record({
      selector: labels,
      ports: fc.array(
        fc.record(
          { name: fc.option(name, { nil: undefined }), port, targetPort: fc.option(port, { nil: undefined }) },
          { requiredKeys: ["port"] },
        ),
        { maxLength: 3 },
      ),
    }),
  }),
  fc.record({
    apiVersion: fc.constant("apps/v1"),
    kind: fc.constantFrom("Deployment"),
    metadata: fc.record({ name, namespace: name, labels }),
    spec: fc.record({
      selector: fc.record({ matchLabels: labels }),
      template: fc.record({
        metadata: fc.record({ labels }),
        spec: fc.constant({ containers: [{ name: "c", image: "x" }] }),
      }),
    }),
  }),
  fc.record({
    apiVersion: fc.constant("networking.istio.io/v1"),
    kind: fc.constant("VirtualService"),
    metadata: fc.record({ name, namespace: name }),
    spec: fc.record({
      hosts: fc.array(fc.oneof(name, fc.constantFrom("a.example.com", "*.example.com", "cart\u0007")), {
        maxLength: 4,
      }),
      http: fc.array(
        fc.record({
          route: fc.array(
            fc.record({
              destination: fc.record({ host: name, subset: fc.option(name, { nil: undefined }) }),
              weight: fc.option(fc.integer({ min: -1, max: 101 }), { nil: undefined }),
            }),
            { minLength: 1, maxLength: 3 },
          ),
          timeout: fc.option(fc.constantFrom("1s", "5", "-1s", "0.5ms"), { nil: undefined }),
        }),
        { maxLength: 2 },
      ),
    }),
  }),
  fc.record({
    apiVersion: fc.constant("networking.istio.io/v1"),
    kind: fc.constant("DestinationRule"),
    metadata: fc.record({ name, namespace: name }),
    spec: fc.record({ host: name, subsets: fc.array(fc.record({ name, labels }), { maxLength: 2 }) }),
  }),
  fc.record({
    apiVersion: fc.constant("networking.istio.io/v1"),
    kind: fc.constant("ServiceEntry"),
    metadata: fc.record({ name, namespace: name }),
    spec: fc.record({
      hosts: fc.array(fc.oneof(name, fc.constant("x".repeat(250) + ".com")), { minLength: 1, maxLength: 2 }),
      ports: fc.array(fc.record({ number: port, name, protocol: fc.constantFrom("HTTP", "TCP", "TLS", "HTTPS") }), {
        maxLength: 2,
      }),
      resolution: fc.constantFrom("DNS", "STATIC", "NONE"),
    }),
  }),
);
/** Structured meshes (the documents Kubernetes and Istio read), serialised with js-yaml. */
const structuredYaml = fc
  .array(k8sDoc, { minLength: 1, maxLength: 5 })
  .map((docs) => docs.map((d) => yaml.dump(d, { noRefs: true })).join("---\n"));
/** Raw text from YAML's own punctuation: nesting, anchors, aliases, tags, flow and block collections. */
const rawYaml = fc
  .array(
    fc.constantFrom(
      "[",
      "]",
      "{",
      "}",
      ":",
      "- ",
      "&a ",
      "*a",
      "!!str ",
      "|\n",
      ">",
      '"',
      "'",
      " ",
      "\n",
      "  ",
      "#",
      "---\n",
      "a",
      "kind: Service",
      "0",
      "yes",
      ",",
      "?",
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(""));

Fuzz("YAML documents (structured and raw)", () => {
  fc.assert(fc.property(fc.oneof(structuredYaml, rawYaml), compileYaml), params());
});

// ---- mesh.ts values ----------------------------------------------------------------------------------------
function lowerAndCheck(run: (m: typeof stdlib) => void): void {
  const key = Symbol.for("meshc.collector");
  const globals = globalThis as unknown as Record<symbol, unknown>;
  const declarations: unknown[] = [];
  globals[key] = { declare: (v: unknown) => void declarations.push(v) };
  try {
    run(stdlib);
  } catch {
    // User code may throw (stdlib checks some arguments); the loader reports it as MESH1101.
  } finally {
    globals[key] = undefined;
  }
  const lowered = timed("lowerDsl", () => lowerDsl(declarations));
  if (lowered.problems.some((p) => p.message.severity === "error")) return;
  const span = { file: "mesh.ts", start: 0, length: 0 };
  const docs = lowered.documents.map((d) => ({ object: d.object, span, spans: new Map() }));
  const diagnostics: Diagnostic[] = [...validateDocumentSchemas(docs), ...validateKubernetesObjects(docs)];
  if (hasErrors(diagnostics)) return buildMustSucceed(undefined, diagnostics, new Map());
  const ir = lowerDocuments(docs);
  for (const d of [...ir.diagnostics, ...validateMesh(ir.value), ...analyzeMesh(ir.value)]) diagnostics.push(d);
  buildMustSucceed(ir.value, diagnostics, new Map());
}

const anything = fc.anything({
  withBigInt: true,
  withNullPrototype: true,
  withMap: true,
  withSet: true,
  withDate: true,
  maxDepth: 3,
});

Fuzz("mesh.ts values: typed (names, ports, versions from the DSL's types)", () => {
  fc.assert(
    fc.property(
      name,
      name,
      fc.array(fc.record({ name, port }), { minLength: 1, maxLength: 3 }),
      fc.array(name, { maxLength: 3 }),
      (svc, ns, ports, versions) =>
        lowerAndCheck((m) => {
          const n = m.namespace(ns);
          const s = m.service(svc, {
            namespace: n,
            ports: ports as never,
            versions: Object.fromEntries(versions.map((v) => [v, {}])) as never,
          });
          m.workload(`${svc}-client`, { namespace: n });
          m.routes(s, { http: [{ route: [{ destination: s }] }] });
        }),
    ),
    params(),
  );
});

Fuzz("mesh.ts values: type-escaped (as any): anything, BigInt, null prototypes, cycles", () => {
  fc.assert(
    fc.property(anything, anything, fc.boolean(), (a, b, cyclic) =>
      lowerAndCheck((m) => {
        const props: Record<string, unknown> = { ports: a, versions: b, labels: b, namespace: a };
        if (cyclic) props["self"] = props;
        const s = m.service("svc" as never, props as never);
        m.workload(a as never, b as never);
        m.routes(s, { http: a } as never);
        m.authorizationPolicy(String(a) as never, b as never);
      }),
    ),
    params(),
  );
});

Fuzz("regression: a name whose string form throws (FUZZ_RUNS=100000, seed 1, input 2,934)", () => {
  // `${{ toString: 1 }}` throws "Cannot convert object to primitive value": lowerDsl's sort key crashed on it.
  const values: unknown[] = [[Object.create(null) as unknown], { toString: 1 }, Object.create(null) as unknown];
  for (const value of values)
    lowerAndCheck((m) => {
      m.service("svc" as never, { namespace: value, ports: [{ name: "http", port: 80 }] } as never);
      m.workload(value as never, { namespace: value } as never);
    });
});

// ---- requests and scenario files ----------------------------------------------------------------------------
const requestText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc
    .array(
      fc.constantFrom(
        "GET ",
        "POST ",
        "http://",
        "https://",
        "tcp://",
        "tls://",
        "reviews",
        ".bookinfo",
        ":9080",
        ":99999",
        "/p?q=1",
        " from ",
        "bookinfo/productpage",
        "outside",
        " header ",
        "a=b",
        ' "x y"',
        " jwt ",
        "iss=x",
        " plaintext",
        " sni ",
        "\u0000",
        "\n",
        "%",
        "ingress ",
      ),
      { maxLength: 20 },
    )
    .map((p) => p.join("")),
);

Fuzz("request strings", () => {
  fc.assert(
    fc.property(requestText, (text) => {
      const r = timed("parseRequest", () => parseRequest(text));
      renderPretty(r.diagnostics, new Map([["<request>", text]]));
    }),
    params(),
  );
});

const scenarioText = fc
  .array(
    fc.oneof(
      requestText,
      fc.constantFrom(
        'scenario "a"\n',
        "  expect ",
        "reviews@v1 ",
        "90%",
        ", ",
        "allow",
        "deny by a/b",
        "status 200",
        "no route",
        "\n",
        "# c\n",
        '"',
        "x".repeat(300_000),
      ),
    ),
    { maxLength: 12 },
  )
  .map((p) => p.join(""));

Fuzz("scenario files (a 300 KB line among them)", () => {
  fc.assert(
    fc.property(scenarioText, (text) => {
      const r = timed("parseScenarios", () => parseScenarios(text, "f.scenarios"));
      timed("render", () => renderPretty(r.diagnostics, new Map([["f.scenarios", text]])));
    }),
    params(),
  );
});

Fuzz.run();
