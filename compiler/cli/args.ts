/**
 * Command-line parsing with `node:util` `parseArgs` (docs/cli.md). Usage errors are data, not exceptions.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { createDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { Messages } from "../diagnostics/messages.ts";
import { ALL_TARGETS, type Target } from "../emit/targets.ts";
import { HELP } from "./help.ts";
import type { RouteCheckCliOptions } from "./route-check.ts";
import { spellingSuggestion } from "./suggest.ts";

export type Format = "pretty" | "json" | "sarif" | "github";
const FORMATS: readonly Format[] = ["pretty", "json", "sarif", "github"];

/** The lowest severity that makes `check` fail (istioctl analyze `--failure-threshold`, default Error). */
export type Threshold = "error" | "warning" | "info";
const THRESHOLDS: readonly Threshold[] = ["error", "warning", "info"];

export type Command =
  | {
      readonly kind: "build";
      readonly inputs: readonly string[];
      /** undefined: the configuration's `out`, else `dist`. */
      readonly out: string | undefined;
      readonly suppress: readonly string[];
      readonly check: boolean;
      readonly targets: readonly Target[];
    }
  | {
      readonly kind: "check";
      readonly inputs: readonly string[];
      readonly format: Format;
      /** Fail when there are more warnings than this (ESLint's `--max-warnings`); undefined: no limit. */
      readonly maxWarnings: number | undefined;
      /** undefined: the configuration's `failureThreshold`, else error. */
      readonly failureThreshold: Threshold | undefined;
      /** `--suppress`/`-S`, repeatable: istioctl analyze's `CODE=Kind name.namespace`. */
      readonly suppress: readonly string[];
      /** Print errors only (the exit code still counts every finding). */
      readonly quiet: boolean;
    }
  | {
      readonly kind: "simulate";
      readonly inputs: readonly string[];
      readonly request: string;
      readonly json: boolean;
      readonly engine: Engine;
      readonly suppress: readonly string[];
      /** Print the mesh's warnings too (by default only its errors). */
      readonly warnings: boolean;
    }
  | {
      readonly kind: "test";
      readonly inputs: readonly string[];
      readonly scenarios: readonly string[];
      readonly reporter: Reporter;
      readonly coverage: boolean;
      /** Fail when coverage is below this percentage (router_check_tool's `--fail-under`); implies coverage. */
      readonly failUnder: number | undefined;
      readonly engine: Engine;
      readonly suppress: readonly string[];
      /** Print the mesh's warnings too (by default only its errors). */
      readonly warnings: boolean;
    }
  | ({ readonly kind: "route-check" } & RouteCheckCliOptions)
  | {
      readonly kind: "serve";
      readonly inputs: readonly string[];
      readonly host: string;
      readonly port: number;
      readonly watch: boolean;
      /** Under --watch, serve an edit that declares nothing (otherwise kept out, like one that does not compile). */
      readonly allowEmpty: boolean;
    }
  | {
      readonly kind: "import";
      readonly inputs: readonly string[];
      readonly out: string | undefined;
      readonly strict: boolean;
      readonly registryOnly: boolean;
      /** `--split-by namespace`: one file per namespace beside `out`, which imports them. */
      readonly splitBy: "namespace" | undefined;
    }
  | {
      readonly kind: "diff";
      /** The inputs before `--`, or (with `base`) the inputs read at both revisions. */
      readonly before: readonly string[];
      readonly after: readonly string[];
      /** `--base <rev>`: the before side is `after`'s inputs at this git revision. */
      readonly base: string | undefined;
      readonly format: DiffFormat;
      readonly failOn: readonly string[];
    }
  | { readonly kind: "init"; readonly dir: string }
  /** The general usage, or one command's (`meshc check --help`, `meshc help check`). */
  | { readonly kind: "help"; readonly command?: string }
  | { readonly kind: "version" };

export type DiffFormat = "pretty" | "json" | "markdown";
const DIFF_FORMATS: readonly DiffFormat[] = ["pretty", "json", "markdown"];
/** `--fail-on` kinds (docs/diff.md), and `any`. */
const FAIL_ON = ["route", "destinations", "status", "mtls", "authz", "fault", "policy", "any"];

export type Reporter = "pretty" | "junit" | "json";
export type Engine = "istio" | "envoy";
const REPORTERS: readonly Reporter[] = ["pretty", "junit", "json"];

export const USAGE = `Usage:
  meshc build <input>... [--out DIR] [--check] [--target istio,envoy] [--suppress "CODE=Kind name.namespace"]...
  meshc check <input>... [--format pretty|json|sarif|github] [--max-warnings N] [--failure-threshold error|warning|info]
                         [--suppress "CODE=Kind name.namespace"]... [--quiet]
  meshc simulate <input>... --request "<request>" [--json] [--engine istio|envoy] [--warnings]
  meshc test <input>... [<file.scenarios>...] [--reporter pretty|junit|json] [--coverage] [--fail-under N] [--engine istio|envoy]
                        [--warnings]
  meshc route-check --config <RouteConfiguration> --tests <file> [--details] [--only-show-failures] [--covall]
                    [--detailed-coverage] [--fail-under N]
  meshc serve <input>... [--port N] [--host H] [--watch [--allow-empty]]   (ADS xDS server; --port 0 picks a free port)
  meshc import <yaml file or dir or ->... [--out mesh.ts] [--strict] [--registry-only] [--split-by namespace]
  meshc diff <before>... -- <after>... | --base <git-rev> <input>...  [--format pretty|json|markdown]
             [--fail-on route,destinations,status,mtls,authz,fault,policy,any]
  meshc init [dir]   (a starter project: mesh.ts, scenarios, package.json, CI workflows)
  meshc <command> --help   (options and examples)    meshc --version

An input is a mesh.ts file, Istio/Kubernetes YAML files or directories, or - (YAML on standard input); a mesh.ts
may be combined with YAML inputs (e.g. the registry in YAML, policy in mesh.ts). Defaults (inputs, out, suppress,
failureThreshold) come from meshc.config.json, or the "meshc" key of package.json, in the working directory.
--suppress "CODE=Kind name.namespace" (or "Kind namespace/name"; '*' is a wildcard) hides a finding, as istioctl analyze's
does; so does the annotation galley.istio.io/analyze-suppress: "CODE,..." on the resource.
Exit codes: 0 success; 1 errors found or stale output (--check); 2 usage error, unreadable input, internal error.`;

/** `--suppress`/`-S`, repeatable, as istioctl analyze's (`StringArrayVarP(&suppress, "suppress", "S", ...)`). */
const SUPPRESS_OPTION = { suppress: { type: "string", short: "S", multiple: true } } as const;

/** A usage error: its text, and the catalog diagnostic when there is one (printed instead of the general usage). */
export type Parsed =
  | { readonly ok: true; readonly command: Command }
  | { readonly ok: false; readonly error: string; readonly diagnostic?: Diagnostic };

/** A usage error found by `parseOptions`: a catalog diagnostic. */
class UsageError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

const usageError = (diagnostic: Diagnostic): Parsed => ({ ok: false, error: diagnostic.message, diagnostic });

/** The option a `node:util` parseArgs error names (`'--out <value>'`, `'-o, --out <value>'`, `'--formt'`). */
function optionNamed(message: string): string {
  return /--[\w-]+/.exec(message)?.[0] ?? /'(-[^' ]*)/.exec(message)?.[1] ?? message;
}

/**
 * `parseArgs` with its errors turned into catalog diagnostics: an unknown option (with tsc's spelling suggestion
 * among the command's options), an option without its value or a switch given one, an unexpected argument.
 */
function parseOptions<T extends ParseArgsConfig>(command: string, config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (e) {
    const { code, message } = e as { code?: string; message: string };
    const flag = optionNamed(message);
    const spec = config.options?.[flag.replace(/^--/, "")];
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      const known = Object.keys(config.options ?? {}).map((o) => `--${o}`);
      const suggestion = spellingSuggestion(flag, known);
      throw new UsageError(
        suggestion === undefined
          ? createDiagnostic(Messages.Unknown_option_0_for_meshc_1, undefined, [flag, command])
          : createDiagnostic(Messages.Unknown_option_0_for_meshc_1_Did_you_mean_2, undefined, [
              flag,
              command,
              suggestion,
            ]),
      );
    }
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE")
      throw new UsageError(
        createDiagnostic(
          spec?.type === "boolean" ? Messages.Option_0_takes_no_value : Messages.Option_0_needs_a_value,
          undefined,
          [flag],
        ),
      );
    if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
      const argument = /'([^']*)'/.exec(message)?.[1] ?? "";
      throw new UsageError(
        createDiagnostic(Messages.Unexpected_argument_0_for_meshc_1, undefined, [argument, command]),
      );
    }
    throw e;
  }
}

function parseTargets(value: string | undefined): readonly Target[] | string {
  if (value === undefined) return ALL_TARGETS;
  const targets = value.split(",").map((t) => t.trim());
  const bad = targets.find((t) => !(ALL_TARGETS as readonly string[]).includes(t));
  if (bad !== undefined) return `Unknown target '${bad}'; expected one of ${ALL_TARGETS.join(", ")}.`;
  return targets as Target[];
}

function parseCheck(rest: readonly string[]): Parsed {
  const { values, positionals } = parseOptions("check", {
    args: [...rest],
    allowPositionals: true,
    options: {
      format: { type: "string" },
      "max-warnings": { type: "string" },
      "failure-threshold": { type: "string" },
      ...SUPPRESS_OPTION,
      quiet: { type: "boolean", short: "q" },
    },
  });
  const format = (values.format ?? "pretty") as Format;
  if (!FORMATS.includes(format))
    return { ok: false, error: `Unknown format '${format}'; expected ${FORMATS.join(", ")}.` };
  const max = values["max-warnings"];
  if (max !== undefined && !/^\d+$/.test(max))
    return { ok: false, error: `--max-warnings expects a whole number, not '${max}'.` };
  const failureThreshold = values["failure-threshold"]?.toLowerCase() as Threshold | undefined;
  if (failureThreshold !== undefined && !THRESHOLDS.includes(failureThreshold))
    return {
      ok: false,
      error: `Unknown failure threshold '${values["failure-threshold"]}'; expected ${THRESHOLDS.join(", ")}.`,
    };
  const maxWarnings = max === undefined ? undefined : Number(max);
  return {
    ok: true,
    command: {
      kind: "check",
      inputs: positionals,
      format,
      maxWarnings,
      failureThreshold,
      suppress: values.suppress ?? [],
      quiet: values.quiet ?? false,
    },
  };
}

/** `--engine istio` (the IR with Istio's semantics, the default) or `envoy` (the emitted Envoy config). */
function parseEngine(value: string | undefined): { engine: Engine } | string {
  const engine = value ?? "istio";
  return engine === "istio" || engine === "envoy" ? { engine } : `Unknown engine '${engine}'; expected istio or envoy.`;
}

function parseSimulate(rest: readonly string[]): Parsed {
  const { values, positionals } = parseOptions("simulate", {
    args: [...rest],
    allowPositionals: true,
    options: {
      request: { type: "string" },
      json: { type: "boolean" },
      engine: { type: "string" },
      ...SUPPRESS_OPTION,
      warnings: { type: "boolean" },
    },
  });
  if (values.request === undefined) return { ok: false, error: 'simulate needs --request "<request>".' };
  const engine = parseEngine(values.engine);
  if (typeof engine !== "object") return { ok: false, error: engine };
  return {
    ok: true,
    command: {
      kind: "simulate",
      inputs: positionals,
      request: values.request,
      json: values.json ?? false,
      engine: engine.engine,
      suppress: values.suppress ?? [],
      warnings: values.warnings ?? false,
    },
  };
}

function parseTest(rest: readonly string[]): Parsed {
  const { values, positionals } = parseOptions("test", {
    args: [...rest],
    allowPositionals: true,
    options: {
      reporter: { type: "string" },
      coverage: { type: "boolean" },
      "fail-under": { type: "string" },
      engine: { type: "string" },
      ...SUPPRESS_OPTION,
      warnings: { type: "boolean" },
    },
  });
  const reporter = (values.reporter ?? "pretty") as Reporter;
  if (!REPORTERS.includes(reporter))
    return { ok: false, error: `Unknown reporter '${reporter}'; expected ${REPORTERS.join(", ")}.` };
  const under = values["fail-under"];
  if (under !== undefined && !(/^\d+(\.\d+)?$/.test(under) && Number(under) <= 100))
    return { ok: false, error: `--fail-under expects a percentage from 0 to 100, not '${under}'.` };
  const failUnder = under === undefined ? undefined : Number(under);
  const engine = parseEngine(values.engine);
  if (typeof engine !== "object") return { ok: false, error: engine };
  const scenarios = positionals.filter((p) => p.endsWith(".scenarios"));
  const inputs = positionals.filter((p) => !p.endsWith(".scenarios"));
  return {
    ok: true,
    command: {
      kind: "test",
      inputs,
      scenarios,
      reporter,
      coverage: (values.coverage ?? false) || failUnder !== undefined,
      failUnder,
      engine: engine.engine,
      suppress: values.suppress ?? [],
      warnings: values.warnings ?? false,
    },
  };
}

/** Envoy's router_check_tool flags (https://www.envoyproxy.io/docs/envoy/latest/operations/tools/route_table_check_tool). */
function parseRouteCheck(rest: readonly string[]): Parsed {
  const { values } = parseOptions("route-check", {
    args: [...rest],
    allowPositionals: false,
    options: {
      config: { type: "string", short: "c" },
      tests: { type: "string", short: "t" },
      details: { type: "boolean", short: "d" },
      "only-show-failures": { type: "boolean" },
      covall: { type: "boolean" },
      "detailed-coverage": { type: "boolean" },
      "fail-under": { type: "string", short: "f" },
    },
  });
  if (values.config === undefined || values.tests === undefined)
    return { ok: false, error: "route-check needs --config <RouteConfiguration> and --tests <file>." };
  const under = values["fail-under"];
  if (under !== undefined && !/^\d+(\.\d+)?$/.test(under))
    return { ok: false, error: `--fail-under expects a percentage, not '${under}'.` };
  return {
    ok: true,
    command: {
      kind: "route-check",
      config: values.config,
      tests: values.tests,
      details: values.details ?? false,
      onlyShowFailures: values["only-show-failures"] ?? false,
      covall: values.covall ?? false,
      detailedCoverage: values["detailed-coverage"] ?? false,
      ...(under === undefined ? {} : { failUnder: Number(under) }),
    },
  };
}

/** `serve <input>... [--port N] [--host H] [--watch]`: port default 15010 (istiod's plaintext xDS port), host 127.0.0.1. */
function parseServe(rest: readonly string[]): Parsed {
  const { values, positionals } = parseOptions("serve", {
    args: [...rest],
    allowPositionals: true,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      watch: { type: "boolean" },
      "allow-empty": { type: "boolean" },
    },
  });
  const port = values.port ?? "15010";
  if (!/^\d+$/.test(port) || Number(port) > 65535)
    return { ok: false, error: `--port expects a port number from 0 to 65535, not '${port}'.` };
  return {
    ok: true,
    command: {
      kind: "serve",
      inputs: positionals,
      host: values.host ?? "127.0.0.1",
      port: Number(port),
      watch: values.watch ?? false,
      allowEmpty: values["allow-empty"] ?? false,
    },
  };
}

/** `import <yaml>... [--out mesh.ts] [--strict] [--registry-only] [--split-by namespace]`. */
function parseImport(rest: readonly string[]): Parsed {
  const { values, positionals } = parseOptions("import", {
    args: [...rest],
    allowPositionals: true,
    options: {
      out: { type: "string", short: "o" },
      strict: { type: "boolean" },
      "registry-only": { type: "boolean" },
      "split-by": { type: "string" },
    },
  });
  const splitBy = values["split-by"];
  if (splitBy !== undefined && splitBy !== "namespace")
    return usageError(createDiagnostic(Messages.Split_by_0_is_not_supported, undefined, [splitBy]));
  if (splitBy !== undefined && values.out === undefined)
    return usageError(createDiagnostic(Messages.Split_by_needs_out, undefined));
  return {
    ok: true,
    command: {
      kind: "import",
      inputs: positionals,
      out: values.out,
      strict: values.strict ?? false,
      registryOnly: values["registry-only"] ?? false,
      splitBy,
    },
  };
}

/** `diff <before>... -- <after>... | --base <rev> <input>...`; options may stand on either side of `--`. */
function parseDiff(rest: readonly string[]): Parsed {
  const split = rest.indexOf("--");
  const halves = split < 0 ? [rest] : [rest.slice(0, split), rest.slice(split + 1)];
  const options = { format: { type: "string" }, "fail-on": { type: "string" }, base: { type: "string" } } as const;
  const parsed = halves.map((h) => parseOptions("diff", { args: [...h], allowPositionals: true, options }));
  const values = Object.assign({}, ...parsed.map((p) => p.values)) as {
    format?: string;
    "fail-on"?: string;
    base?: string;
  };
  const format = (values.format ?? "pretty") as DiffFormat;
  if (!DIFF_FORMATS.includes(format))
    return { ok: false, error: `Unknown format '${format}'; expected ${DIFF_FORMATS.join(", ")}.` };
  const failOn = values["fail-on"] === undefined ? [] : values["fail-on"].split(",").map((k) => k.trim());
  const bad = failOn.find((k) => !FAIL_ON.includes(k));
  if (bad !== undefined)
    return { ok: false, error: `Unknown --fail-on kind '${bad}'; expected ${FAIL_ON.join(", ")}.` };
  const base = values.base;
  if (base !== undefined) {
    if (split >= 0)
      return { ok: false, error: "diff takes either --base <rev> <input>... or <before>... -- <after>..." };
    const inputs = parsed[0]!.positionals;
    if (inputs.includes("-")) return { ok: false, error: "diff --base reads its inputs from git, not from '-'." };
    return { ok: true, command: { kind: "diff", before: inputs, after: inputs, base, format, failOn } };
  }
  if (split < 0) return { ok: false, error: "diff needs <before>... -- <after>... or --base <rev> <input>..." };
  const [before, after] = [parsed[0]!.positionals, parsed[1]!.positionals];
  if (before.length === 0 || after.length === 0)
    return { ok: false, error: "diff needs inputs on both sides of '--'." };
  return { ok: true, command: { kind: "diff", before, after, base: undefined, format, failOn } };
}

export function parseCommand(argv: readonly string[]): Parsed {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h") return { ok: true, command: { kind: "help" } };
  if (name === "help") {
    const [topic] = rest;
    if (topic === undefined) return { ok: true, command: { kind: "help" } };
    return HELP[topic] === undefined ? unknownCommand(topic) : { ok: true, command: { kind: "help", command: topic } };
  }
  if (name === "--version" || name === "-v" || name === "version") return { ok: true, command: { kind: "version" } };
  // `--help` anywhere after a command (before a `--` ending the options) asks for that command's help.
  const options = rest.indexOf("--") === -1 ? rest : rest.slice(0, rest.indexOf("--"));
  if (HELP[name] !== undefined && (options.includes("--help") || options.includes("-h")))
    return { ok: true, command: { kind: "help", command: name } };
  try {
    if (name === "build") {
      const { values, positionals } = parseOptions("build", {
        args: [...rest],
        allowPositionals: true,
        options: {
          out: { type: "string" },
          check: { type: "boolean" },
          target: { type: "string" },
          ...SUPPRESS_OPTION,
        },
      });
      const targets = parseTargets(values.target);
      if (typeof targets === "string") return { ok: false, error: targets };
      return {
        ok: true,
        command: {
          kind: "build",
          inputs: positionals,
          out: values.out,
          check: values.check ?? false,
          targets,
          suppress: values.suppress ?? [],
        },
      };
    }
    if (name === "check") return parseCheck(rest);
    if (name === "simulate") return parseSimulate(rest);
    if (name === "test") return parseTest(rest);
    if (name === "route-check") return parseRouteCheck(rest);
    if (name === "serve") return parseServe(rest);
    if (name === "import") return parseImport(rest);
    if (name === "diff") return parseDiff(rest);
    if (name === "init") return parseInit(rest);
  } catch (e) {
    if (e instanceof UsageError) return usageError(e.diagnostic);
    return { ok: false, error: (e as Error).message };
  }
  return unknownCommand(name);
}

/** An unknown command, with tsc's spelling suggestion among meshc's commands. */
function unknownCommand(name: string): Parsed {
  const suggestion = spellingSuggestion(name, Object.keys(HELP));
  return usageError(
    suggestion === undefined
      ? createDiagnostic(Messages.Unknown_command_0, undefined, [name])
      : createDiagnostic(Messages.Unknown_command_0_Did_you_mean_1, undefined, [name, suggestion]),
  );
}

/** `init [dir]`: at most one directory, default the working directory. */
function parseInit(rest: readonly string[]): Parsed {
  const { positionals } = parseOptions("init", { args: [...rest], allowPositionals: true, options: {} });
  const [dir = ".", extra] = positionals;
  if (extra !== undefined)
    return usageError(createDiagnostic(Messages.Unexpected_argument_0_for_meshc_1, undefined, [extra, "init"]));
  return { ok: true, command: { kind: "init", dir } };
}
