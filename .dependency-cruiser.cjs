// The layering of meshc, enforced by dependency-cruiser (`npm run lint:deps`, run by `npm test`).
//
// Stages are pure and point one way: load -> ir -> check / emit / eval; scenario, serve, api and cli on top.
// Each rule below says what a folder may NOT import; the README's "Layout" section is checked against the
// same list (.dependency-cruiser.layout.cjs, by test/layering/layout.test.ts), so the two cannot drift apart.
// A `_file.ts` is private to its folder (and those below it), and `compiler/eval/_shared/` to `compiler/eval/`.

const { layout } = require("./.dependency-cruiser.layout.cjs");

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** A path prefix as a regex alternative: folders match below them, files match exactly. */
const alt = (p) => (p.endsWith("/") ? escape(p) : `${escape(p)}$`);

const layering = layout
  .filter((entry) => entry.imports !== undefined)
  .map(({ path, imports }) => ({
    name: `layering: ${path}`,
    comment: `${path} may import only ${imports.length === 0 ? "nothing else in compiler/ or stdlib/" : imports.join(", ")}`,
    severity: "error",
    from: { path: `^${alt(path)}` },
    to: { path: `^(compiler|stdlib)/`, pathNot: [`^${alt(path)}`, ...imports.map((p) => `^${alt(p)}`)] },
  }));

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "No module reaches itself through its imports.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    ...layering,
    {
      name: "engines-are-independent",
      comment:
        "The two engines check each other, so neither imports the other: shared code lives in compiler/eval/_shared/.",
      severity: "error",
      from: { path: "^compiler/eval/(istio|envoy)/" },
      to: { path: "^compiler/eval/(istio|envoy)/", pathNot: "^compiler/eval/$1/" },
    },
    {
      name: "only-the-envoy-engine-reads-emitted-config",
      comment:
        "Of eval/, only the Envoy engine reads emitted config (compiler/emit/envoy's index and generated bindings), as a proxy would.",
      severity: "error",
      from: { path: "^compiler/eval/", pathNot: "^compiler/eval/envoy/" },
      to: { path: "^compiler/emit/" },
    },
    {
      name: "emit-never-imports-eval",
      comment: "The emitters decide from the IR alone; the Istio engine's decisions are not theirs.",
      severity: "error",
      from: { path: "^compiler/emit/" },
      to: { path: "^compiler/eval/" },
    },
    {
      name: "eval-shared-is-private-to-eval",
      comment: "compiler/eval/_shared/ is code both engines share, not an API for other stages (tests may read it).",
      severity: "error",
      from: { pathNot: "^(compiler/eval|test)/" },
      to: { path: "^compiler/eval/_shared/" },
    },
    {
      name: "private-file",
      comment: "A _file.ts is private to its folder and the folders below it (tests exempt).",
      severity: "error",
      // $1 is the importer's folder and $2, $2$3, ... its ancestors (every group takes part, empty when unused).
      from: { path: "^(([^/]+)(/[^/]+|)(/[^/]+|)(/[^/]+|)(/[^/]+|)(/[^/]+|))/[^/]+$", pathNot: "^test/" },
      to: {
        path: "/_[^/]+\\.ts$",
        pathNot: ["$2", "$2$3", "$2$3$4", "$2$3$4$5", "$2$3$4$5$6", "$2$3$4$5$6$7"].map((d) => `^${d}/_[^/]+\\.ts$`),
      },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|dist|golden)/|/gen/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js", ".json"] },
  },
};
