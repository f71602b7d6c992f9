/**
 * `meshc <command> --help` (and `meshc help <command>`): what each command does, its options and examples. The
 * command list here is also what "did you mean" suggests from for an unknown command. Kept free of imports so help
 * starts without loading any compiler stage.
 */

interface CommandHelp {
  readonly synopsis: string;
  readonly summary: string;
  /** [flag with its value, what it does]. */
  readonly options: readonly (readonly [string, string])[];
  readonly examples: readonly string[];
}

const INPUTS = "<input>...: a mesh.ts, Istio/Kubernetes YAML files or directories, or - (YAML on standard input).";

export const HELP: Readonly<Record<string, CommandHelp>> = {
  init: {
    synopsis: "meshc init [dir]",
    summary:
      "Starts a project in DIR (default: the current directory): a commented mesh.ts (services, a canary, mTLS, an " +
      "authorization policy), a scenario file, tsconfig.json, package.json scripts and CI workflows for GitHub " +
      "Actions and GitLab CI. Writes nothing if any of these files exists.",
    options: [],
    examples: ["meshc init mesh-policy && cd mesh-policy && npm install && npx meshc check && npx meshc test"],
  },
  check: {
    synopsis: "meshc check <input>... [options]",
    summary:
      "Type-checks mesh.ts and validates the mesh as Istio's CRD schemas, its admission webhook and istioctl " +
      `analyze would, and beyond. ${INPUTS}`,
    options: [
      ["--format pretty|json|sarif|github", "output: text (default), JSON, SARIF 2.1.0, GitHub annotations"],
      ["--max-warnings N", "fail when there are more than N warnings"],
      ["--failure-threshold error|warning|info", "the lowest severity that fails (default error)"],
    ],
    examples: [
      "meshc check mesh.ts",
      "meshc check k8s/ istio/ --format sarif > meshc.sarif",
      "helm template charts/shop | meshc check - --format github",
    ],
  },
  build: {
    synopsis: "meshc build <input>... [options]",
    summary:
      "Writes the Istio resources (DIR/istio.yaml) and each proxy's Envoy configuration (DIR/envoy/), or with " +
      `--check compares DIR with what would be written. ${INPUTS}`,
    options: [
      ["--out DIR", "the output directory (default dist)"],
      ["--check", "write nothing; exit 1 listing the files that differ"],
      ["--target istio,envoy", "write only these outputs"],
    ],
    examples: ["meshc build mesh.ts --out manifests", "meshc build mesh.ts --out manifests --check"],
  },
  simulate: {
    synopsis: 'meshc simulate <input>... --request "<request>" [options]',
    summary: `Evaluates one request: route, destinations and weights, mTLS, the authorization decision and why. ${INPUTS}`,
    options: [
      ['--request "<request>"', "METHOD URL [from NS/WORKLOAD] [header NAME=VALUE]... (or tcp://, tls://)"],
      ["--json", "print the result as JSON"],
      ["--engine istio|envoy", "evaluate Istio's semantics (default) or the emitted Envoy configuration"],
    ],
    examples: [
      'meshc simulate mesh.ts --request "GET http://reviews.bookinfo:9080/r from bookinfo/productpage-v1"',
      'meshc simulate k8s/ --request "tcp://mongo.db:27017 from shop/app-v1" --json',
    ],
  },
  test: {
    synopsis: "meshc test <input>... [<file.scenarios>...] [options]",
    summary: `Runs scenario files (without any given, the *.scenarios beside the inputs). ${INPUTS}`,
    options: [
      ["--reporter pretty|junit|json", "output format (default pretty)"],
      ["--coverage", "list the rules and policies no scenario exercised"],
      ["--fail-under N", "fail when coverage is below N percent (implies --coverage)"],
      ["--engine istio|envoy", "evaluate Istio's semantics (default) or the emitted Envoy configuration"],
    ],
    examples: ["meshc test mesh.ts", "meshc test mesh.ts checks/*.scenarios --reporter junit > junit.xml"],
  },
  "route-check": {
    synopsis: "meshc route-check --config <RouteConfiguration> --tests <file> [options]",
    summary: "Runs Envoy router_check_tool test files against a RouteConfiguration, with the tool's flags and output.",
    options: [
      ["-c, --config FILE", "the RouteConfiguration (YAML or JSON)"],
      ["-t, --tests FILE", "the tests (JSON, YAML or text proto)"],
      ["-d, --details", "print each test's name"],
      ["--only-show-failures", "print only the failing tests"],
      ["--covall", "coverage over every route field"],
      ["--detailed-coverage", "list the routes without a test"],
      ["-f, --fail-under N", "fail when coverage is below N percent"],
    ],
    examples: ["meshc route-check -c routes.yaml -t routes.golden.json --details"],
  },
  serve: {
    synopsis: "meshc serve <input>... [options]",
    summary: `Serves each proxy's configuration over xDS (ADS) to Envoy or proxyless gRPC clients. ${INPUTS}`,
    options: [
      ["--port N", "the port (default 15010; 0 picks a free one)"],
      ["--host H", "the address to listen on (default 127.0.0.1)"],
      ["--watch", "recompile and push when an input changes"],
      ["--allow-empty", "with --watch, serve an edit that declares nothing"],
    ],
    examples: ["meshc serve mesh.ts --watch", "meshc serve k8s/ istio/ --port 0"],
  },
  import: {
    synopsis: "meshc import <yaml file or dir or ->... [options]",
    summary: "Writes a mesh.ts that declares the same mesh as the YAML inputs.",
    options: [
      ["-o, --out FILE", "write to FILE (default: standard output)"],
      ["--strict", "fail on resources that would only be carried over as raw YAML"],
      ["--registry-only", "import only the service registry, as typed handles"],
      ["--split-by namespace", "one file per namespace beside --out, which imports them"],
    ],
    examples: [
      "meshc import k8s/ istio/ --out mesh.ts",
      "kubectl get vs,dr -A -o yaml | meshc import - --out mesh.ts",
      "meshc import k8s/ istio/ --split-by namespace --out mesh/mesh.ts",
    ],
  },
  diff: {
    synopsis: "meshc diff <before>... -- <after>... | meshc diff --base <git-rev> <input>... [options]",
    summary:
      "Reports every class of requests whose decision (route, destinations, status, mTLS, authorization, fault) " +
      "differs between two versions of a mesh, exhaustively, each with an example request (docs/diff.md).",
    options: [
      ["--base REV", "compare the inputs with themselves at git revision REV (read with git archive, no checkout)"],
      ["--format pretty|json|markdown", "terminal text (default), JSON for tools, or a pull-request comment"],
      [
        "--fail-on KINDS",
        "exit 1 when a change of these kinds is found: route,destinations,status,mtls,authz,fault,policy,any",
      ],
    ],
    examples: ["meshc diff old/ -- new/", "meshc diff --base origin/main mesh/ --format markdown --fail-on authz"],
  },
};

/** `text` in lines of at most `width` characters, broken at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  return [...lines, line];
}

/** The help of one command. */
export function commandHelp(name: string): string | undefined {
  const help = HELP[name];
  if (help === undefined) return undefined;
  const width = Math.max(0, ...help.options.map(([flag]) => flag.length));
  const lines = [`Usage: ${help.synopsis}`, "", ...wrap(help.summary, 100)];
  if (help.options.length > 0)
    lines.push("", "Options:", ...help.options.map(([flag, what]) => `  ${flag.padEnd(width)}  ${what}`));
  lines.push("", "Examples:", ...help.examples.map((e) => `  ${e}`));
  return lines.join("\n");
}
